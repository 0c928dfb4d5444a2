package io.kiemp4drop.generate;

import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.Generation;
import io.kiemp4drop.store.GenerationLedger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The spend guard: at most kie.generate.max-per-day requests sent per UTC day, across replicas. */
public class GenerationDays {

    private static final Logger LOG = LoggerFactory.getLogger(GenerationDays.class);

    private final GenerationLedger ledger;
    private final int maxPerDay;
    private final AtomicReference<LocalDate> saidFor = new AtomicReference<>();

    public GenerationDays(GenerationLedger ledger, int maxPerDay) {
        this.ledger = ledger;
        this.maxPerDay = maxPerDay;
    }

    /** One of today's sends, or false when they are used up: the request then waits for the next UTC day (one log line a day). */
    public boolean takeSlot(@ExchangeProperty(ExchangeNames.GENERATION) Generation generation) {
        if (ledger.takeDailySlot(maxPerDay)) {
            return true;
        }
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        ZonedDateTime tomorrow = now.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC);
        ledger.notSent(generation.id(), "kie.generate.max-per-day (" + maxPerDay + ") reached; waits for the next UTC day",
                Duration.between(now, tomorrow));
        if (!now.toLocalDate().equals(saidFor.getAndSet(now.toLocalDate()))) {
            LOG.warn("{} generation requests sent today (kie.generate.max-per-day): the rest wait until {}", maxPerDay, tomorrow);
        }
        return false;
    }
}

package io.kiemp4drop.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.generate.GenerationDays;
import io.kiemp4drop.generate.GenerationLinks;
import io.kiemp4drop.generate.GenerationSubmitter;
import io.kiemp4drop.health.GenerationsHealthCheck;
import io.kiemp4drop.intake.GenerationIntake;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.poll.PollGate;
import io.kiemp4drop.retry.Backoff;
import io.kiemp4drop.store.GenerationLedger;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/** Generating videos: the submitter, the callback links, CSV intake and the daily spend guard. */
public class GenerateBeans implements CamelConfiguration {

    @BindToRegistry("generationSubmitter")
    public GenerationSubmitter generationSubmitter(GenerationLedger ledger, PollGate gate, @BeanInject("kieJson") ObjectMapper json,
            @PropertyInject("kie.generate.callback-url") String callbackUrl, @PropertyInject("kie.poll.batch-size") int batchSize,
            @PropertyInject(value = "kie.generate.resubmit-uncertain-after", defaultValue = "") String resubmitAfter,
            CamelContext context, KieMetrics metrics,
            @BeanInject("pollBackoff") Backoff backoff) throws Exception {
        Duration after = resubmitAfter.isBlank() ? null
                : context.getTypeConverter().mandatoryConvertTo(Duration.class, resubmitAfter.strip());
        return new GenerationSubmitter(ledger, gate, json, callbackUrl.strip(), batchSize, after, metrics, backoff);
    }

    @BindToRegistry("generationIntake")
    public GenerationIntake generationIntake(GenerationLedger ledger, @PropertyInject("kie.generate.callback-url") String callbackUrl,
            @PropertyInject("kie.inbox.max-file-bytes") long maxFileBytes) {
        return new GenerationIntake(ledger, !callbackUrl.isBlank(), maxFileBytes);
    }

    @BindToRegistry("generationLinks")
    public GenerationLinks generationLinks(GenerationLedger ledger) {
        return new GenerationLinks(ledger);
    }

    @BindToRegistry("generationDays")
    public GenerationDays generationDays(GenerationLedger ledger, @PropertyInject("kie.generate.max-per-day") int maxPerDay) {
        return new GenerationDays(ledger, maxPerDay);
    }

    /** UNCERTAIN generation requests in the health details (always UP). */
    @BindToRegistry("kieGenerations")
    public GenerationsHealthCheck kieGenerations(GenerationLedger ledger) {
        return new GenerationsHealthCheck(ledger);
    }
}

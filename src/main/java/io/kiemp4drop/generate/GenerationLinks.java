package io.kiemp4drop.generate;

import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.Generation;
import io.kiemp4drop.model.GenerationState;
import io.kiemp4drop.model.PollResult;
import io.kiemp4drop.model.RecordInfo;
import io.kiemp4drop.store.GenerationLedger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links a video task back to the generation request that made it when kie.ai's record-info says so: its
 * {@code data.callbackUrl} is the one sent with the request, {@code ?request=<id>} included. A callback only makes
 * the bundle poll the task it names; what record-info answers decides. Only a request that may have reached kie.ai
 * (UNCERTAIN, or being sent) is linked: that is how an UNCERTAIN request resolves itself.
 */
public class GenerationLinks {

    private static final Logger LOG = LoggerFactory.getLogger(GenerationLinks.class);
    private static final Pattern REQUEST = Pattern.compile("[?&]request=(g-[0-9a-f]{1,38})(?:&|#|$)");

    private final GenerationLedger ledger;

    public GenerationLinks(GenerationLedger ledger) {
        this.ledger = ledger;
    }

    /** Links the task to the request its record names, when that request is waiting for it; the body is left as it is. */
    public void confirm(@Body PollResult result, @ExchangeProperty(ExchangeNames.TASK_ID) String taskId) {
        RecordInfo record = result == null ? null : result.record();
        if (record == null || record.callbackUrl() == null) {
            return;
        }
        Matcher matcher = REQUEST.matcher(record.callbackUrl());
        Optional<Generation> named = matcher.find() ? ledger.get(matcher.group(1)) : Optional.empty();
        if (named.isEmpty()) {
            return;
        }
        Generation generation = named.get();
        boolean waiting = generation.state() == GenerationState.UNCERTAIN
                || generation.state() == GenerationState.SUBMITTING && generation.sendingSince() != null;
        if (waiting) {
            ledger.submitted(generation.id(), taskId);
            LOG.info("Generation {} ({} / {}) linked to kie.ai task {}: record-info names the request (was {})",
                    generation.id(), generation.musicTaskId(), generation.audioId(), taskId, generation.state());
        }
    }
}

package io.kiemp4drop.health;

import io.kiemp4drop.model.Generation;
import io.kiemp4drop.model.GenerationState;
import io.kiemp4drop.store.GenerationLedger;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Generation requests that need an operator (UNCERTAIN) in the health details. Always UP: readiness going down would
 * also turn away the kie.ai callback that may resolve them.
 */
public class GenerationsHealthCheck extends AbstractHealthCheck {

    private static final int NAMED = 10;

    private final GenerationLedger ledger;

    public GenerationsHealthCheck(GenerationLedger ledger) {
        super("kie", "kie-generations");
        this.ledger = ledger;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        long uncertain = ledger.countByState().getOrDefault(GenerationState.UNCERTAIN, 0L);
        builder.up().detail("uncertain", uncertain);
        if (uncertain > 0) {
            List<Generation> first = ledger.list(GenerationState.UNCERTAIN, NAMED, 0);
            builder.detail("uncertainRequests", first.stream().map(Generation::id).collect(Collectors.joining(",")));
            // no slashes: Camel's health JSON escapes them twice
            builder.message(uncertain + " generation request(s) UNCERTAIN: kie.ai may have received them; resubmit or "
                    + "delete each (task API, generations), or wait for kie.ai's callback");
        }
    }
}

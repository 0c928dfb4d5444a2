package io.kiemp4drop.health;

import io.kiemp4drop.poll.PollGate;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: DOWN while kie.ai rejects the API key (401) or the account has no credits (402). */
public class ApiAccessHealthCheck extends AbstractHealthCheck {

    private final PollGate gate;

    public ApiAccessHealthCheck(PollGate gate) {
        super("kie", "kie-api-access");
        this.gate = gate;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        gate.accountProblem().ifPresentOrElse(problem -> builder.down().message(problem), builder::up);
    }
}

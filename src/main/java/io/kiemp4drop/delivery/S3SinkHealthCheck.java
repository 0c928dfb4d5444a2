package io.kiemp4drop.delivery;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: DOWN while the S3 sink's bucket cannot be reached. */
public class S3SinkHealthCheck extends AbstractHealthCheck {

    private final S3Sink sink;

    public S3SinkHealthCheck(S3Sink sink) {
        super("kie", "s3-sink");
        this.sink = sink;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        sink.probe().ifPresentOrElse(problem -> builder.down().message(problem), () -> builder.up().detail("target", sink.target()));
    }
}

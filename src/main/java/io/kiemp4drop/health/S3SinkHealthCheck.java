package io.kiemp4drop.health;

import io.kiemp4drop.sink.S3Sink;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: DOWN while the S3 sink's bucket cannot be reached. */
public class S3SinkHealthCheck extends AbstractHealthCheck {

    private final Supplier<S3Sink> sink;

    /** @param sink the S3 sink, created on first use */
    public S3SinkHealthCheck(Supplier<S3Sink> sink) {
        super("kie", "s3-sink");
        this.sink = sink;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        S3Sink s3 = sink.get();
        s3.probe().ifPresentOrElse(problem -> builder.down().message(problem), () -> builder.up().detail("target", s3.target()));
    }
}

package io.kiemp4drop.health;

import io.kiemp4drop.sink.RemoteSink;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness of a remote sink (s3-sink, sftp-sink, azure-blob-sink): DOWN while its probe finds a problem. */
public class SinkHealthCheck extends AbstractHealthCheck {

    private final Supplier<? extends RemoteSink> sink;

    /** @param sink the sink, created on first use */
    public SinkHealthCheck(String id, Supplier<? extends RemoteSink> sink) {
        super("kie", id);
        this.sink = sink;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        RemoteSink remote = sink.get();
        remote.probe().ifPresentOrElse(problem -> builder.down().message(problem),
                () -> builder.up().detail("target", remote.target()));
    }
}

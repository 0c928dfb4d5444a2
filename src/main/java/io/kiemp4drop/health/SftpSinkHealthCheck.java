package io.kiemp4drop.health;

import io.kiemp4drop.sink.SftpSink;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: DOWN while the SFTP sink cannot log in (server down, credentials refused, host key not the known one). */
public class SftpSinkHealthCheck extends AbstractHealthCheck {

    private final Supplier<SftpSink> sink;

    /** @param sink the SFTP sink, created on first use */
    public SftpSinkHealthCheck(Supplier<SftpSink> sink) {
        super("kie", "sftp-sink");
        this.sink = sink;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        SftpSink sftp = sink.get();
        sftp.probe().ifPresentOrElse(problem -> builder.down().message(problem), () -> builder.up().detail("target", sftp.target()));
    }
}

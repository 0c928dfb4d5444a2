package io.kiemp4drop.health;

import io.kiemp4drop.sink.AzureBlobSink;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: DOWN while the Azure Blob sink's container cannot be reached or does not exist. */
public class AzureBlobSinkHealthCheck extends AbstractHealthCheck {

    private final Supplier<AzureBlobSink> sink;

    /** @param sink the Azure Blob sink, created on first use */
    public AzureBlobSinkHealthCheck(Supplier<AzureBlobSink> sink) {
        super("kie", "azure-blob-sink");
        this.sink = sink;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        AzureBlobSink azure = sink.get();
        azure.probe().ifPresentOrElse(problem -> builder.down().message(problem),
                () -> builder.up().detail("target", azure.target()));
    }
}

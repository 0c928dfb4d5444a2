package io.kiemp4drop.config;

import com.azure.storage.blob.BlobServiceClient;
import io.kiemp4drop.health.SinkHealthCheck;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.sink.AzureBlobClients;
import io.kiemp4drop.sink.AzureBlobSettings;
import io.kiemp4drop.sink.AzureBlobSink;
import io.kiemp4drop.sink.Sinks;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;

/** The Azure Blob sink (azure-blob in kie.sinks): its settings, checked at start, its clients, bean and readiness check. */
public class AzureBlobBeans implements CamelConfiguration {

    /** At start, before the routes consume: one line saying whether the container answers (as the S3 sink does). */
    @Override
    public void configure(CamelContext context) throws Exception {
        if (context.getRegistry().lookupByNameAndType("sinks", Sinks.class).uses(AzureBlobSink.SINK)) {
            context.addStartupListener((started, alreadyStarted) ->
                    started.getRegistry().lookupByNameAndType("azureBlobSink", AzureBlobSink.class).checkAtStartup());
        }
    }

    /** Checked once: with azure-blob in kie.sinks, account and container are required (exit code 2); else nothing is bound. */
    @BindToRegistry("azureBlobSettings")
    public AzureBlobSettings azureBlobSettings(Sinks sinks, @PropertyInject("kie.azure.account") String account,
            @PropertyInject("kie.azure.container") String container, @PropertyInject("kie.azure.endpoint") String endpoint,
            @PropertyInject("kie.azure.prefix") String prefix) {
        return sinks.uses(AzureBlobSink.SINK) ? AzureBlobSettings.of(account, container, endpoint, prefix) : null;
    }

    /** The client the azure-storage-blob endpoint and the sink share; never logs its key or connection string. */
    @BindToRegistry(value = "kieBlobServiceClient", lazy = true)
    public BlobServiceClient kieBlobServiceClient(@BeanInject("azureBlobSettings") AzureBlobSettings settings,
            @PropertyInject("kie.azure.access-key") String accessKey,
            @PropertyInject("kie.azure.connection-string") String connectionString) {
        return AzureBlobClients.create(settings, accessKey, connectionString, AzureBlobClients.UPLOADS);
    }

    @BindToRegistry(value = "azureBlobSink", lazy = true)
    public AzureBlobSink azureBlobSink(@BeanInject("kieBlobServiceClient") BlobServiceClient client,
            @BeanInject("azureBlobSettings") AzureBlobSettings settings, @PropertyInject("kie.azure.access-key") String accessKey,
            @PropertyInject("kie.azure.connection-string") String connectionString, KieMetrics metrics) {
        return new AzureBlobSink(client, AzureBlobClients.create(settings, accessKey, connectionString, AzureBlobClients.PROBE),
                settings, metrics);
    }

    /** Readiness: DOWN while the container cannot be reached; only with the Azure Blob sink on (null binds nothing). */
    @BindToRegistry("azureBlobSinkCheck")
    public SinkHealthCheck azureBlobSinkCheck(Sinks sinks, Registry registry) {
        return sinks.uses(AzureBlobSink.SINK)
                ? new SinkHealthCheck("azure-blob-sink", () -> registry.lookupByNameAndType("azureBlobSink", AzureBlobSink.class))
                : null;
    }
}

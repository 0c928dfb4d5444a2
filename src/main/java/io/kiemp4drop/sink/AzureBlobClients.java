package io.kiemp4drop.sink;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;

/**
 * Builds the Blob service clients of the Azure Blob sink from its settings: a connection string, else the account
 * key, else the Azure default credential chain (environment, workload or managed identity, Azure CLI...). Delivery
 * retries are the bundle's own (the task's back-off), so the SDK retries little: a few quick tries for uploads,
 * one short try for the readiness probe.
 */
public final class AzureBlobClients {

    /** Uploads and the "already there?" check: 3 tries, 1 s then 2 s apart; no time limit on a try (large blocks). */
    public static final RequestRetryOptions UPLOADS = new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3,
            (Duration) null, Duration.ofSeconds(1), Duration.ofSeconds(4), null);
    /** The readiness probe: one try of at most 5 s, so a storage service that is down cannot hang it. */
    public static final RequestRetryOptions PROBE = new RequestRetryOptions(RetryPolicyType.FIXED, 1,
            Duration.ofSeconds(5), null, null, null);

    private AzureBlobClients() {
    }

    public static BlobServiceClient create(AzureBlobSettings settings, String accessKey, String connectionString,
            RequestRetryOptions retries) {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder().retryOptions(retries);
        boolean fromConnectionString = connectionString != null && !connectionString.isBlank();
        if (fromConnectionString) {
            builder.connectionString(connectionString.strip());
        } else if (accessKey != null && !accessKey.isBlank()) {
            builder.credential(new StorageSharedKeyCredential(settings.account(), accessKey.strip()));
        } else {
            builder.credential(new DefaultAzureCredentialBuilder().build());
        }
        if (!settings.endpoint().isEmpty() || !fromConnectionString) {
            // kie.azure.endpoint, or the account's public endpoint; else the connection string's BlobEndpoint
            builder.endpoint(settings.url());
        }
        return builder.buildClient();
    }
}

package io.kiemp4drop.support;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 protocol server on loopback (S3Proxy with its filesystem backend), which can be stopped and
 * started again on the same port and data, plus an independent AWS SDK client to check what landed.
 */
public final class S3Server implements AutoCloseable {

    public static final String IDENTITY = "test-access-key";
    public static final String CREDENTIAL = "test-secret-key-9d2c41f0";

    private final Path dataDir;
    // fixed for the server's life, so a test can stop it and start it again at the same address
    private final int port = Ports.free();
    private S3Proxy proxy;

    public S3Server(Path dataDir) {
        this.dataDir = dataDir;
    }

    public S3Server start() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dataDir.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                .credentials(IDENTITY, CREDENTIAL).overrides(properties).build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL)
                .build();
        proxy.start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (!"STARTED".equals(proxy.getState()) && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        return this;
    }

    public void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A client of our own, not the code under test, to inspect the bucket. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
                .build();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}

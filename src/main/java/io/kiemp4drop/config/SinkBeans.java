package io.kiemp4drop.config;

import io.kiemp4drop.health.SinkHealthCheck;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.sink.DropFolder;
import io.kiemp4drop.sink.S3Clients;
import io.kiemp4drop.sink.S3Sink;
import io.kiemp4drop.sink.SinkRouteDefaults;
import io.kiemp4drop.sink.Sinks;
import java.nio.file.Path;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spi.Registry;
import software.amazon.awssdk.services.s3.S3Client;

/** The sinks: the drop folder, and the S3 bucket (its client and sink are built only when kie.sink uses S3). */
public class SinkBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        ((ModelCamelContext) context).addModelLifecycleStrategy(new SinkRouteDefaults());
    }

    @BindToRegistry("dropFolder")
    public DropFolder dropFolder(@PropertyInject("kie.drop.dir") String dropDir) {
        return new DropFolder(Path.of(dropDir));
    }

    /** The client the S3 sink and the aws2-s3 endpoint share; never logs its credentials. */
    @BindToRegistry(value = "kieS3Client", lazy = true)
    public S3Client kieS3Client(@PropertyInject("kie.s3.region") String region, @PropertyInject("kie.s3.endpoint") String endpoint,
            @PropertyInject("kie.s3.path-style") boolean pathStyle, @PropertyInject("kie.s3.access-key") String accessKey,
            @PropertyInject("kie.s3.secret-key") String secretKey, @PropertyInject("kie.s3.checksum") String checksum) {
        return S3Clients.create(region, endpoint, pathStyle, accessKey, secretKey, checksum);
    }

    @BindToRegistry(value = "s3Sink", lazy = true)
    public S3Sink s3Sink(@BeanInject("kieS3Client") S3Client client, @PropertyInject("kie.s3.bucket") String bucket,
            @PropertyInject("kie.s3.prefix") String prefix, @PropertyInject("kie.s3.endpoint") String endpoint,
            @PropertyInject("kie.s3.storage-class") String storageClass, @PropertyInject("kie.s3.part-size") long partSize,
            @PropertyInject("kie.s3.auto-create-bucket") boolean autoCreateBucket, KieMetrics metrics) {
        return new S3Sink(client, bucket, prefix, endpoint, storageClass, partSize, autoCreateBucket, metrics);
    }

    /** Readiness: DOWN while the bucket cannot be reached; only with the S3 sink on (null binds nothing). */
    @BindToRegistry("s3SinkCheck")
    public SinkHealthCheck s3SinkCheck(Sinks sinks, Registry registry) {
        return sinks.uses(Sinks.S3)
                ? new SinkHealthCheck("s3-sink", () -> registry.lookupByNameAndType("s3Sink", S3Sink.class)) : null;
    }
}

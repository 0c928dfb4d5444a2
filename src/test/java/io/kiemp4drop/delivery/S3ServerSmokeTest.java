package io.kiemp4drop.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiemp4drop.support.S3Server;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

class S3ServerSmokeTest {
    @TempDir Path dir;

    @Test
    void putAndGet() throws Exception {
        try (S3Server s3 = new S3Server(dir).start(); var c = s3.client()) {
            c.createBucket(b -> b.bucket("smoke"));
            c.putObject(b -> b.bucket("smoke").key("a.txt"), RequestBody.fromString("hello"));
            assertThat(c.getObjectAsBytes(b -> b.bucket("smoke").key("a.txt")).asUtf8String()).isEqualTo("hello");
        }
    }
}

package io.kiemp4drop.e2e;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.kiemp4drop.support.KieApi.data;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kiemp4drop.support.GeneratedMp4;
import io.kiemp4drop.support.JarProcess;
import io.kiemp4drop.support.KieApi;
import io.kiemp4drop.support.RawHttpServer;
import io.kiemp4drop.support.RunningDrop;
import io.kiemp4drop.support.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A 512 MiB video through the packaged jar with a 128 MiB heap, into a real S3 server, with the process
 * killed (SIGKILL) in the middle of its multipart upload: after a restart the video is uploaded from the
 * spool (not downloaded again), lands once and complete, and no multipart upload is left open.
 * Peak resident memory of both runs is printed, not asserted.
 */
class LargeVideoToS3IT {

    /** 512 MiB by default; -Dlarge.video.mib=1024 for a bigger run. */
    private static final long SIZE = Long.getLong("large.video.mib", 512) * 1024 * 1024;
    private static final long SEED = 512;

    @RegisterExtension
    static final WireMockExtension API = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path home;

    @TempDir
    Path s3Data;

    @Test
    void aLargeVideoSurvivesAKillDuringItsUploadWithASmallHeap() throws Exception {
        try (S3Server s3 = new S3Server(s3Data).start(); S3Client bucket = s3.client();
                RawHttpServer fileHost = new RawHttpServer("127.0.0.1",
                        List.of(RawHttpServer.Response.streamed(SIZE, () -> GeneratedMp4.open(SIZE, SEED))))) {
            bucket.createBucket(b -> b.bucket("big"));
            API.stubFor(recordInfo("t-big").willReturn(json(200, data("t-big", "SUCCESS",
                    "\"response\":{\"videoUrl\":\"" + fileHost.url("/t-big.mp4") + "\"}"))));
            JarProcess.install(home);
            Map<String, String> settings = RunningDrop.settings(home, new KieApi(API).baseUrl());
            settings.put("kie.task-ids", "t-big");
            settings.put("kie.sink", "s3");
            settings.put("kie.s3.bucket", "big");
            settings.put("kie.s3.endpoint", s3.endpoint());
            settings.put("kie.s3.path-style", "true");
            settings.put("kie.s3.access-key", S3Server.IDENTITY);
            settings.put("kie.s3.secret-key", S3Server.CREDENTIAL);
            settings.put("kie.download.idle-timeout", "60s");

            long firstRss;
            try (JarProcess first = JarProcess.start(home, "128m", settings)) {
                AtomicLong peak = new AtomicLong();
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    peak.accumulateAndGet(first.peakRssKb(), Math::max);
                    return !first.isAlive()
                            || !bucket.listMultipartUploads(b -> b.bucket("big")).uploads().isEmpty();
                });
                assertThat(first.isAlive()).as(first.output()).isTrue();
                assertThat(io.kiemp4drop.support.Spool.hasVideo(home.resolve("drop/.spool"), "t-big")).isTrue();
                firstRss = Math.max(peak.get(), first.peakRssKb());
                first.kill();
            }

            settings.put("kie.exit-when-done", "true");
            long secondRss;
            try (JarProcess second = JarProcess.start(home, "128m", settings)) {
                AtomicLong peak = new AtomicLong();
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    peak.accumulateAndGet(second.peakRssKb(), Math::max);
                    return !second.isAlive();
                });
                assertThat(second.awaitExit(10)).as(second.output()).isZero();
                secondRss = peak.get();
            }

            assertThat(fileHost.connections()).as("downloaded once").isEqualTo(1);
            assertThat(GeneratedMp4.sha256(bucket.getObject(b -> b.bucket("big").key("t-big.mp4"))))
                    .isEqualTo(GeneratedMp4.sha256(SIZE, SEED));
            assertThat(bucket.headObject(b -> b.bucket("big").key("t-big.mp4")).metadata())
                    .containsEntry("sha256", GeneratedMp4.sha256(SIZE, SEED));
            assertThat(bucket.listMultipartUploads(b -> b.bucket("big")).uploads()).isEmpty();
            assertThat(io.kiemp4drop.support.Spool.hasVideo(home.resolve("drop/.spool"), "t-big")).isFalse();
            System.out.printf(SIZE / (1024 * 1024) + " MiB video, -Xmx128m: peak RSS %d MB (download + start of upload), %d MB (upload after restart)%n",
                    firstRss / 1024, secondRss / 1024);
        }
    }
}

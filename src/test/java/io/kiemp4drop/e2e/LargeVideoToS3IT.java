package io.kiemp4drop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.demo.GeneratedVideo;
import io.kiemp4drop.demo.KieSimulator;
import io.kiemp4drop.support.JarProcess;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import io.kiemp4drop.support.S3Server;
import io.kiemp4drop.support.Spool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A video four times the size of the heap through the packaged jar, into a real S3 server, with the process
 * killed (SIGKILL) in the middle of its multipart upload: after a restart the video is uploaded from the spool
 * (not downloaded again), lands once and complete, and no multipart upload is left open. The video can only
 * pass if it is never held in the heap. Peak resident memory of both runs is printed, not asserted.
 */
class LargeVideoToS3IT {

    private static final long MIB = 1024 * 1024;
    /** 128 MiB by default (-Dlarge.video.mib=2048 for a bigger run): four times the heap at least. */
    private static final long SIZE = Long.getLong("large.video.mib", 128) * MIB;
    private static final String HEAP = "32m";
    private static final long SEED = 512;

    @TempDir
    Path home;

    @TempDir
    Path s3Data;

    @Test
    void aLargeVideoSurvivesAKillDuringItsUploadWithASmallHeap() throws Exception {
        try (S3Server s3 = new S3Server(s3Data).start(); S3Client bucket = s3.client();
                KieSimulator kie = new KieSimulator(RunningDrop.API_KEY).task("t-big", 0, new GeneratedVideo(SIZE, SEED)).start()) {
            bucket.createBucket(b -> b.bucket("big"));
            Map<String, String> settings = RunningDrop.settings(home, kie.baseUrl());
            settings.put("kie.task-ids", "t-big");
            settings.put("kie.sink", "s3");
            settings.put("kie.s3.bucket", "big");
            settings.put("kie.s3.endpoint", s3.endpoint());
            settings.put("kie.s3.path-style", "true");
            settings.put("kie.s3.access-key", S3Server.IDENTITY);
            settings.put("kie.s3.secret-key", S3Server.CREDENTIAL);
            settings.put("kie.download.idle-timeout", "60s");
            Path spool = home.resolve("drop/.spool");

            long firstRss;
            try (JarProcess first = JarProcess.start(home, HEAP, settings)) {
                firstRss = peakRssUntil(first, () -> !first.isAlive()
                        || !bucket.listMultipartUploads(b -> b.bucket("big")).uploads().isEmpty());
                assertThat(first.isAlive()).as(first.output()).isTrue();
                assertThat(Spool.hasVideo(spool, "t-big")).isTrue();
                first.kill();
            }

            settings.put("kie.exit-when-done", "true");
            long secondRss;
            try (JarProcess second = JarProcess.start(home, HEAP, settings)) {
                secondRss = peakRssUntil(second, () -> !second.isAlive());
                assertThat(second.awaitExit(10)).as(second.output()).isZero();
            }

            assertThat(kie.fileRequests()).as("downloaded once").isEqualTo(1);
            String sha256 = Mp4s.sha256(SIZE, SEED);
            assertThat(Mp4s.sha256(bucket.getObject(b -> b.bucket("big").key("t-big.mp4")))).isEqualTo(sha256);
            assertThat(bucket.headObject(b -> b.bucket("big").key("t-big.mp4")).metadata()).containsEntry("sha256", sha256);
            assertThat(bucket.listMultipartUploads(b -> b.bucket("big")).uploads()).isEmpty();
            assertThat(Spool.hasVideo(spool, "t-big")).isFalse();
            System.out.printf("%d MiB video, -Xmx%s: peak RSS %d MB (download + start of upload), %d MB (upload after restart)%n",
                    SIZE / MIB, HEAP, firstRss / 1024, secondRss / 1024);
        }
    }

    /** Samples the process's peak RSS (kB) until {@code done}. */
    private static long peakRssUntil(JarProcess process, BooleanSupplier done) {
        AtomicLong peak = new AtomicLong();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
            peak.accumulateAndGet(process.peakRssKb(), Math::max);
            return done.getAsBoolean();
        });
        return Math.max(peak.get(), process.peakRssKb());
    }
}

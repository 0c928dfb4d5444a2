package io.kiemp4drop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.demo.GeneratedVideo;
import io.kiemp4drop.demo.KieSimulator;
import io.kiemp4drop.support.JarProcess;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import io.kiemp4drop.support.SftpServer;
import io.kiemp4drop.support.Spool;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A video at least twice the size of the heap through the packaged jar to a real SFTP server (MINA SSHD in this JVM):
 * downloaded into the spool, streamed from the spooled file over SFTP under a temporary name and renamed. It
 * can only pass if the video is never held in the heap. The file on the server must be complete with the
 * right sha256; peak resident memory and the time taken are printed, not asserted.
 */
class SftpLargeVideoIT {

    private static final long MIB = 1024 * 1024;
    /**
     * 128 MiB by default, four times the heap, as LargeVideoToS3IT: 512 MiB at -Xmx128m took 100 s on the 2-core
     * machine (about half of it the upload), too long for every verify. -Dlarge.video.mib=512 (or more) for a bigger run.
     */
    private static final long SIZE = Long.getLong("large.video.mib", 128) * MIB;
    private static final String HEAP = "32m";
    private static final long SEED = 513;

    @TempDir
    Path home;

    @TempDir
    Path serverData;

    @Test
    void aLargeVideoIsStreamedToTheServerCompleteWithASmallHeap() throws Exception {
        try (SftpServer sftp = new SftpServer(serverData.resolve("root")).start();
                KieSimulator kie = new KieSimulator(RunningDrop.API_KEY).task("t-big", 0, new GeneratedVideo(SIZE, SEED)).start()) {
            Map<String, String> settings = RunningDrop.settings(home, kie.baseUrl());
            settings.put("kie.task-ids", "t-big");
            settings.put("kie.sinks", "sftp");
            settings.put("kie.sftp.host", "127.0.0.1");
            settings.put("kie.sftp.port", String.valueOf(sftp.port()));
            settings.put("kie.sftp.username", SftpServer.USER);
            settings.put("kie.sftp.password", SftpServer.PASSWORD);
            settings.put("kie.sftp.directory", "incoming");
            settings.put("kie.sftp.known-hosts-file", sftp.writeKnownHosts(serverData.resolve("known_hosts")).toString());
            settings.put("kie.download.idle-timeout", "60s");
            settings.put("kie.exit-when-done", "true");

            long started = System.nanoTime();
            long rss;
            AtomicLong spooled = new AtomicLong();
            Path spool = home.resolve("drop/.spool");
            try (JarProcess run = JarProcess.start(home, HEAP, settings)) {
                AtomicLong peak = new AtomicLong();
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    peak.accumulateAndGet(run.peakRssKb(), Math::max);
                    if (spooled.get() == 0 && Spool.hasVideo(spool, "t-big")) {
                        spooled.set(System.nanoTime());
                    }
                    return !run.isAlive();
                });
                rss = Math.max(peak.get(), run.peakRssKb());
                assertThat(run.awaitExit(10)).as(run.output()).isZero();
            }
            long ended = System.nanoTime();

            Path video = sftp.root().resolve("incoming/t-big.mp4");
            assertThat(Files.size(video)).isEqualTo(SIZE);
            try (InputStream in = Files.newInputStream(video)) {
                assertThat(Mp4s.sha256(in)).isEqualTo(Mp4s.sha256(SIZE, SEED));
            }
            assertThat(Files.readString(sftp.root().resolve("incoming/t-big.json"))).contains(Mp4s.sha256(SIZE, SEED));
            try (Stream<Path> files = Files.list(sftp.root().resolve("incoming"))) {
                assertThat(files.map(f -> f.getFileName().toString()).toList()).as("no temporary file left")
                        .containsExactlyInAnyOrderElementsOf(List.of("t-big.mp4", "t-big.json"));
            }
            assertThat(kie.fileRequests()).as("downloaded once").isEqualTo(1);
            assertThat(Spool.hasVideo(spool, "t-big")).isFalse();
            System.out.printf("%d MiB video to SFTP, -Xmx%s: peak RSS %d MB; %d s from start to the checked video in the"
                    + " spool, %d s from there to exit (upload)%n", SIZE / MIB, HEAP, rss / 1024,
                    Duration.ofNanos(spooled.get() - started).toSeconds(), Duration.ofNanos(ended - spooled.get()).toSeconds());
        }
    }
}

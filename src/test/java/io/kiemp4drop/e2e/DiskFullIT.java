package io.kiemp4drop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.demo.GeneratedVideo;
import io.kiemp4drop.demo.KieSimulator;
import io.kiemp4drop.support.JarProcess;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that the kernel refuses half-way, as on a full disk: the packaged jar runs under a file-size
 * limit (RLIMIT_FSIZE) smaller than the video. The error is clear, the partial spool file is removed,
 * the task is retried, and once there is room the video is delivered whole.
 */
class DiskFullIT {

    private static final int SIZE = 3 * 1024 * 1024;
    private static final long SEED = 93;

    @TempDir
    Path home;

    @Test
    void aWriteRefusedMidwayLeavesNothingBehindAndIsRetried() throws Exception {
        try (KieSimulator kie = new KieSimulator(RunningDrop.API_KEY).task("t-full", 0, new GeneratedVideo(SIZE, SEED)).start()) {
            Map<String, String> settings = RunningDrop.settings(home, kie.baseUrl());
            settings.put("kie.task-ids", "t-full");
            Path drop = home.resolve("drop");

            try (JarProcess full = JarProcess.start(home, "256m", 1024, settings)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> full.output().contains("File too large"));
                assertThat(full.output()).contains("t-full: download failed: cannot write the spool file in");
                assertThat(full.output()).doesNotContain("\tat ");
                assertThat(full.isAlive()).isTrue();
                full.terminate();
                full.awaitExit(60);
            }
            try (var spool = Files.list(drop.resolve(".spool"))) {
                assertThat(spool).isEmpty();
            }
            assertThat(drop.resolve("t-full.mp4")).doesNotExist();

            settings.put("kie.exit-when-done", "true");
            try (JarProcess roomy = JarProcess.start(home, settings)) {
                assertThat(roomy.awaitExit(60)).as(roomy.output()).isZero();
            }
            assertThat(Mp4s.sha256(Files.readAllBytes(drop.resolve("t-full.mp4")))).isEqualTo(Mp4s.sha256(SIZE, SEED));
        }
    }
}

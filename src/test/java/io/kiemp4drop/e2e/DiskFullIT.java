package io.kiemp4drop.e2e;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kiemp4drop.support.JarProcess;
import io.kiemp4drop.support.KieApi;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that the kernel refuses half-way, as on a full disk: the packaged jar runs under a file-size
 * limit (RLIMIT_FSIZE) smaller than the video. The error is clear, the partial spool file is removed,
 * the task is retried, and once there is room the video is delivered whole.
 */
class DiskFullIT {

    @RegisterExtension
    static final WireMockExtension API = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path home;

    @Test
    void aWriteRefusedMidwayLeavesNothingBehindAndIsRetried() throws Exception {
        KieApi kie = new KieApi(API);
        byte[] mp4 = Mp4s.of(3 * 1024 * 1024, 93);
        kie.video("/files/t-full.mp4", mp4);
        API.stubFor(recordInfo("t-full").willReturn(json(200, kie.success("t-full", "/files/t-full.mp4"))));
        JarProcess.install(home);
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
        assertThat(Files.exists(drop.resolve("t-full.mp4"))).isFalse();

        settings.put("kie.exit-when-done", "true");
        try (JarProcess roomy = JarProcess.start(home, settings)) {
            assertThat(roomy.awaitExit(60)).as(roomy.output()).isZero();
        }
        assertThat(Files.readAllBytes(drop.resolve("t-full.mp4"))).isEqualTo(mp4);
    }
}

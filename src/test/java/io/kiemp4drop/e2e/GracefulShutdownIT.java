package io.kiemp4drop.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
import io.kiemp4drop.support.Spool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** SIGTERM: running downloads may finish within kie.shutdown.timeout; what is cut off resumes at the next start. */
@Execution(ExecutionMode.CONCURRENT)
class GracefulShutdownIT {

    /** One server per test: the tests run side by side. */
    @RegisterExtension
    final WireMockExtension api = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path home;

    /** The video arrives in 100 chunks spread over {@code dribbleMillis}. */
    private Map<String, String> settingsFor(String taskId, byte[] mp4, int dribbleMillis, String shutdownTimeout) {
        KieApi kie = new KieApi(api);
        api.stubFor(get(urlPathEqualTo("/files/" + taskId + ".mp4")).willReturn(aResponse().withStatus(200)
                .withBody(mp4).withChunkedDribbleDelay(100, dribbleMillis)));
        api.stubFor(recordInfo(taskId).willReturn(json(200, kie.success(taskId, "/files/" + taskId + ".mp4"))));
        Map<String, String> settings = RunningDrop.settings(home, kie.baseUrl());
        settings.put("kie.task-ids", taskId);
        settings.put("kie.download.idle-timeout", "30s");
        settings.put("kie.shutdown.timeout", shutdownTimeout);
        return settings;
    }

    /** Sends SIGTERM once the download has begun (and checks it had not ended); returns the output once stopped. */
    private String terminateWhileDownloading(JarProcess run, String taskId) throws InterruptedException {
        await().atMost(Duration.ofSeconds(60)).until(() -> Spool.partSize(home.resolve("drop/.spool"), taskId) > 0);
        run.terminate();
        assertThat(home.resolve("drop/" + taskId + ".mp4")).as("still downloading at SIGTERM").doesNotExist();
        run.awaitExit(90);
        return run.output();
    }

    @Test
    void aRunningDownloadFinishesBeforeTheProcessStops() throws Exception {
        byte[] mp4 = Mp4s.of(1024 * 1024, 94);
        Map<String, String> settings = settingsFor("t-term", mp4, 3000, "60s");

        try (JarProcess run = JarProcess.start(home, settings)) {
            assertThat(terminateWhileDownloading(run, "t-term")).contains("Task t-term delivered");
        }
        assertThat(Files.readAllBytes(home.resolve("drop/t-term.mp4"))).isEqualTo(mp4);
    }

    @Test
    void aDownloadLongerThanTheShutdownTimeoutIsCutAndResumesAfterRestart() throws Exception {
        byte[] mp4 = Mp4s.of(1024 * 1024, 95);
        Map<String, String> settings = settingsFor("t-cut", mp4, 30_000, "1s");

        try (JarProcess run = JarProcess.start(home, settings)) {
            assertThat(terminateWhileDownloading(run, "t-cut")).doesNotContain("Task t-cut delivered");
        }
        assertThat(home.resolve("drop/t-cut.mp4")).doesNotExist();

        api.stubFor(get(urlPathEqualTo("/files/t-cut.mp4")).willReturn(aResponse().withStatus(200).withBody(mp4)));
        settings.put("kie.exit-when-done", "true");
        try (JarProcess again = JarProcess.start(home, settings)) {
            assertThat(again.awaitExit(60)).as(again.output()).isZero();
        }
        assertThat(Files.readAllBytes(home.resolve("drop/t-cut.mp4"))).isEqualTo(mp4);
    }
}

package io.kiemp4drop.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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

/**
 * The packaged jar, killed with SIGKILL while a slow video is half downloaded, then started again:
 * exactly one complete, checksum-correct file, and no partial file ever in the drop.
 */
class KillAndRestartIT {

    @RegisterExtension
    static final WireMockExtension API = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path home;

    @Test
    void aDownloadInterruptedByKillMinus9IsDeliveredOnceAfterRestart() throws Exception {
        KieApi kie = new KieApi(API);
        byte[] mp4 = Mp4s.of(2 * 1024 * 1024, 71);
        API.stubFor(get(urlPathEqualTo("/files/t-kill.mp4")).inScenario("kill").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(mp4).withChunkedDribbleDelay(200, 20_000))
                .willSetStateTo("restarted"));
        API.stubFor(get(urlPathEqualTo("/files/t-kill.mp4")).inScenario("kill").whenScenarioStateIs("restarted")
                .willReturn(aResponse().withStatus(200).withBody(mp4)));
        API.stubFor(recordInfo("t-kill").willReturn(json(200, kie.success("t-kill", "/files/t-kill.mp4"))));
        Map<String, String> settings = RunningDrop.settings(home, kie.baseUrl());
        settings.put("kie.task-ids", "t-kill");
        settings.put("kie.download.idle-timeout", "30s");
        Path drop = home.resolve("drop");

        try (JarProcess first = JarProcess.start(home, settings)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Spool.partSize(drop.resolve(".spool"), "t-kill") > 100_000);
            first.kill();
        }
        assertThat(drop.resolve("t-kill.mp4")).doesNotExist();

        settings.put("kie.exit-when-done", "true");
        try (JarProcess second = JarProcess.start(home, settings)) {
            assertThat(second.awaitExit(120)).as(second.output()).isZero();
            assertThat(second.output()).contains("t-kill DELIVERED");
        }

        assertThat(Mp4s.sha256(Files.readAllBytes(drop.resolve("t-kill.mp4")))).isEqualTo(Mp4s.sha256(mp4));
        try (var files = Files.list(drop)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("t-kill.mp4", "t-kill.json", ".spool");
        }
        try (var spool = Files.list(drop.resolve(".spool"))) {
            assertThat(spool).isEmpty();
        }
        API.verify(2, getRequestedFor(urlPathEqualTo("/files/t-kill.mp4")));
    }
}

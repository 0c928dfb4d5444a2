package io.kiemp4drop.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.data;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API key never appears in a log line (even at DEBUG), a report or a sidecar, whatever goes wrong. */
class SecretsTest extends DropTestBase {

    @AfterEach
    void restoreLogLevels() {
        Configurator.setLevel("io.kiemp4drop", Level.INFO);
        Configurator.setLevel("org.apache.camel", Level.INFO);
    }

    @Test
    void theKeyIsAbsentFromLogsReportsAndSidecars() throws Exception {
        Configurator.setLevel("io.kiemp4drop", Level.DEBUG);
        Configurator.setLevel("org.apache.camel", Level.DEBUG);
        kie.video("/files/t-fine.mp4", Mp4s.of(10_000, 61));
        API.stubFor(recordInfo("t-fine").willReturn(json(200, kie.success("t-fine", "/files/t-fine.mp4"))));
        API.stubFor(recordInfo("t-gen").willReturn(json(200, data("t-gen", "GENERATE_MP4_FAILED", ""))));
        API.stubFor(recordInfo("t-reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        API.stubFor(recordInfo("t-500").willReturn(json(500, "{\"code\":500,\"msg\":\"server error\"}")));
        API.stubFor(recordInfo("t-html").willReturn(json(200, data("t-html", "SUCCESS",
                "\"response\":{\"videoUrl\":\"" + kie.baseUrl() + "/files/t-html.mp4\"}"))));
        API.stubFor(get(urlPathEqualTo("/files/t-html.mp4")).willReturn(aResponse().withStatus(200).withBody("<html>")));
        Map<String, String> s = settings();
        s.put("kie.task-ids", "t-fine,t-gen,t-reset,t-500,t-html");
        s.put("kie.download.max-attempts", "2");
        // t-reset and t-500 fail in a row until the key is rejected; a breaker opening first would hide the 401
        s.put("kie.poll.circuit-breaker-failures", "0");

        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(s);
            drop.awaitState("t-fine", TaskState.DELIVERED);
            drop.awaitState("t-gen", TaskState.FAILED);
            drop.awaitState("t-html", TaskState.FAILED);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> drop.task("t-reset").orElseThrow().lastError() != null
                    && drop.task("t-500").orElseThrow().lastError() != null);

            // then the API starts rejecting the key
            API.stubFor(recordInfo("t-500").willReturn(json(401, "{\"code\":401,\"msg\":\"You do not have access permissions\"}")));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> logs.all().contains("rejected the API key"));

            assertThat(logs.lines()).hasSizeGreaterThan(50);
            assertThat(logs.all()).doesNotContain(RunningDrop.API_KEY);
            assertThat(logs.all()).doesNotContain("secret-signature");
        }
        try (var files = Files.walk(home.resolve("drop"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(file.toString()).doesNotContain(RunningDrop.API_KEY).doesNotContain("secret-signature");
            }
        }
    }
}

package io.kiemp4drop.poll;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.data;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static io.kiemp4drop.support.KieApi.recordInfoRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import io.kiemp4drop.support.Settings;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The content-based router on data.successFlag, one test per branch. */
class SuccessFlagRoutingTest extends BundleRouteTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void pendingKeepsTheTaskPendingAndPolling() throws Exception {
        API.stubFor(recordInfo("t-pending").willReturn(json(200, data("t-pending", "PENDING", ""))));
        startWithTasks("t-pending");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> API.findAll(recordInfoRequests("t-pending")).size() >= 3);
        assertThat(state("t-pending")).isEqualTo(TaskState.PENDING);
        assertThat(task("t-pending").orElseThrow().polls()).isGreaterThanOrEqualTo(2);
        assertThat(Files.exists(drop().resolve("t-pending.mp4"))).isFalse();
        // one query parameter only: no endpoint option may leak into the request
        assertThat(API.findAll(recordInfoRequests("t-pending")))
                .allSatisfy(r -> assertThat(r.getUrl()).isEqualTo("/api/v1/mp4/record-info?taskId=t-pending"));
        API.verify(recordInfoRequests("t-pending").withHeader("Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + RunningDrop.API_KEY)));
    }

    @Test
    void successDeliversTheVideoAndItsSidecarOnce() throws Exception {
        byte[] mp4 = Mp4s.of(300_000, 1);
        kie.video("/files/t-ok.mp4", mp4);
        kie.pendingThen("t-ok", 2, kie.success("t-ok", "/files/t-ok.mp4"));
        startWithTasks("t-ok");

        TaskRecord task = awaitState("t-ok", TaskState.DELIVERED);

        assertThat(Files.readAllBytes(drop().resolve("t-ok.mp4"))).isEqualTo(mp4);
        assertThat(task.sha256()).isEqualTo(Mp4s.sha256(mp4));
        assertThat(task.bytes()).isEqualTo(mp4.length);
        JsonNode sidecar = json.readTree(drop().resolve("t-ok.json").toFile());
        assertThat(sidecar.path("taskId").asText()).isEqualTo("t-ok");
        assertThat(sidecar.path("musicId").asText()).isEqualTo("m-t-ok");
        assertThat(sidecar.path("audioId").asText()).isEqualTo("7");
        assertThat(sidecar.path("sha256").asText()).isEqualTo(Mp4s.sha256(mp4));
        assertThat(sidecar.path("bytes").asLong()).isEqualTo(mp4.length);
        assertThat(sidecar.path("videoUrl").asText()).isEqualTo(kie.baseUrl() + "/files/t-ok.mp4");
        assertThat(sidecar.path("createTime").asText()).isEqualTo("2026-11-01T10:00:00Z");
        assertThat(sidecar.path("completeTime").asText()).isEqualTo("2025-11-28T09:10:00Z");
        assertThat(sidecar.path("deliveredAt").asText()).isNotEmpty();
        // polling stops and the file is fetched exactly once
        int polls = API.findAll(recordInfoRequests("t-ok")).size();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> API.findAll(recordInfoRequests("t-ok")).size() == polls);
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/files/t-ok.mp4")))).hasSize(1);
        try (var listing = Files.list(drop())) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("t-ok.mp4", "t-ok.json", ".spool");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE_TASK_FAILED", "GENERATE_MP4_FAILED"})
    void generationFailuresEndFailedWithAReportAndStopPolling(String flag) throws Exception {
        kie.pendingThen("t-bad", 1, data("t-bad", flag, "\"errorCode\":500,\"errorMessage\":\"GPU on fire\""));
        startWithTasks("t-bad");

        TaskRecord task = awaitState("t-bad", TaskState.FAILED);

        assertThat(task.lastError()).contains(flag).contains("GPU on fire");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(home.resolve("drop/failed/t-bad.json")));
        JsonNode report = json.readTree(home.resolve("drop/failed/t-bad.json").toFile());
        assertThat(report.path("state").asText()).isEqualTo("FAILED");
        assertThat(report.path("errorCode").asText()).isEqualTo("500");
        assertThat(report.path("errorMessage").asText()).isEqualTo("GPU on fire");
        assertThat(report.path("record").path("successFlag").asText()).isEqualTo(flag);
        int polls = API.findAll(recordInfoRequests("t-bad")).size();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> API.findAll(recordInfoRequests("t-bad")).size() == polls);
        assertThat(Files.exists(drop().resolve("t-bad.mp4"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"CALLBACK_EXCEPTION\"", "3", "\"\"", "null"})
    void anUnexpectedFlagIsLoggedAndPollingContinues(String flagJson) throws Exception {
        String body = "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"t-odd\",\"successFlag\":" + flagJson + "}}";
        API.stubFor(recordInfo("t-odd").willReturn(json(200, body)));
        try (LogCapture logs = LogCapture.install()) {
            startWithTasks("t-odd");

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> API.findAll(recordInfoRequests("t-odd")).size() >= 3);
            assertThat(state("t-odd")).isEqualTo(TaskState.PENDING);
            assertThat(task("t-odd").orElseThrow().lastError()).startsWith("unexpected successFlag");
            assertThat(logs.lines()).filteredOn(l -> l.startsWith("WARN") && l.contains("t-odd: unexpected successFlag"))
                    .as("warned once, not once per poll").hasSize(1);
        }
    }
}

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

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

    @Test
    void generationFailuresEndFailedWithAReportAndStopPolling() throws Exception {
        List<String> flags = List.of("CREATE_TASK_FAILED", "GENERATE_MP4_FAILED");
        for (String flag : flags) {
            kie.pendingThen("t-" + flag, 1, data("t-" + flag, flag, "\"errorCode\":500,\"errorMessage\":\"GPU on fire\""));
        }
        startWithTasks(flags.stream().map(flag -> "t-" + flag).toList());

        for (String flag : flags) {
            String taskId = "t-" + flag;
            TaskRecord task = awaitState(taskId, TaskState.FAILED);
            assertThat(task.lastError()).contains(flag).contains("GPU on fire");
            Path reportFile = home.resolve("drop/failed/" + taskId + ".json");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(reportFile));
            JsonNode report = json.readTree(reportFile.toFile());
            assertThat(report.path("state").asText()).isEqualTo("FAILED");
            assertThat(report.path("errorCode").asText()).isEqualTo("500");
            assertThat(report.path("errorMessage").asText()).isEqualTo("GPU on fire");
            assertThat(report.path("record").path("successFlag").asText()).isEqualTo(flag);
            assertThat(Files.exists(drop().resolve(taskId + ".mp4"))).isFalse();
        }
        // polling stops once a task has ended
        Map<String, Integer> polls = new HashMap<>();
        flags.forEach(flag -> polls.put(flag, API.findAll(recordInfoRequests("t-" + flag)).size()));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> flags.stream()
                .allMatch(flag -> API.findAll(recordInfoRequests("t-" + flag)).size() == polls.get(flag)));
    }

    @Test
    void anUnexpectedFlagIsLoggedOnceAndPollingContinues() throws Exception {
        // a text the product does not know, a number, an empty text, null
        List<String> flags = List.of("\"CALLBACK_EXCEPTION\"", "3", "\"\"", "null");
        for (int i = 0; i < flags.size(); i++) {
            String taskId = "t-odd-" + i;
            API.stubFor(recordInfo(taskId).willReturn(json(200, "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\""
                    + taskId + "\",\"successFlag\":" + flags.get(i) + "}}")));
        }
        List<String> taskIds = IntStream.range(0, flags.size()).mapToObj(i -> "t-odd-" + i).toList();
        try (LogCapture logs = LogCapture.install()) {
            startWithTasks(taskIds);

            for (String taskId : taskIds) {
                await().atMost(Duration.ofSeconds(20)).until(() -> API.findAll(recordInfoRequests(taskId)).size() >= 3);
                assertThat(state(taskId)).isEqualTo(TaskState.PENDING);
                assertThat(task(taskId).orElseThrow().lastError()).startsWith("unexpected successFlag");
                assertThat(logs.lines()).filteredOn(l -> l.startsWith("WARN") && l.contains(taskId + ": unexpected successFlag"))
                        .as(taskId + " warned once, not once per poll").hasSize(1);
            }
        }
    }
}

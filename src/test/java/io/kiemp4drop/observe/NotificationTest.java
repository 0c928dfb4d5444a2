package io.kiemp4drop.observe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.data;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Http;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Prometheus;
import io.kiemp4drop.support.RunningDrop;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kie.notify.uri: one JSON event per final state, retried when the endpoint fails, never holding up a delivery. */
class NotificationTest extends DropTestBase {

    @Test
    void aFailingWebhookIsRetriedAndFinallyGetsEachEvent() throws Exception {
        byte[] mp4 = Mp4s.of(40_000, 121);
        kie.video("/files/t-n.mp4", mp4);
        API.stubFor(recordInfo("t-n").willReturn(json(200, kie.success("t-n", "/files/t-n.mp4"))));
        API.stubFor(recordInfo("t-nf").willReturn(json(200, data("t-nf", "GENERATE_MP4_FAILED", ""))));
        API.stubFor(post(urlPathEqualTo("/hook")).inScenario("hook").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        API.stubFor(post(urlPathEqualTo("/hook")).inScenario("hook").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(204)));
        Map<String, String> s = settings();
        s.put("kie.task-ids", "t-n,t-nf");
        s.put("kie.notify.uri", kie.baseUrl() + "/hook");
        RunningDrop drop = start(s);

        drop.awaitState("t-n", TaskState.DELIVERED);
        drop.awaitState("t-nf", TaskState.FAILED);
        await().atMost(Duration.ofSeconds(30)).until(() -> API.findAll(postRequestedFor(urlPathEqualTo("/hook"))).size() >= 3);
        // the webhook records a request before it answers; the event is no longer owed once the answer is back
        await().atMost(Duration.ofSeconds(10)).until(() -> drop.store().countNotificationsOwed() == 0);

        ObjectMapper json = new ObjectMapper();
        var bodies = API.findAll(postRequestedFor(urlPathEqualTo("/hook"))).stream().map(r -> {
            try {
                return json.readTree(r.getBodyAsString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        JsonNode delivered = bodies.stream().filter(b -> b.path("taskId").asText().equals("t-n")).findFirst().orElseThrow();
        assertThat(delivered.path("state").asText()).isEqualTo("DELIVERED");
        assertThat(delivered.path("sha256").asText()).isEqualTo(Mp4s.sha256(mp4));
        assertThat(delivered.path("bytes").asLong()).isEqualTo(mp4.length);
        assertThat(delivered.path("destination").asText()).endsWith("t-n.mp4");
        JsonNode failed = bodies.stream().filter(b -> b.path("taskId").asText().equals("t-nf")).findFirst().orElseThrow();
        assertThat(failed.path("state").asText()).isEqualTo("FAILED");
        assertThat(failed.path("error").asText()).contains("GENERATE_MP4_FAILED");
        // one event was refused once (500) and sent again: three requests for two events
        assertThat(bodies).hasSize(3);
    }

    @Test
    void anEventTheEndpointRefusedBeforeAStopIsSentAfterTheRestart() throws Exception {
        byte[] mp4 = Mp4s.of(40_000, 122);
        kie.video("/files/t-r.mp4", mp4);
        API.stubFor(recordInfo("t-r").willReturn(json(200, kie.success("t-r", "/files/t-r.mp4"))));
        API.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(503)));
        int[] port = new int[1];
        Map<String, String> s = httpSettings(port);
        s.put("kie.task-ids", "t-r");
        s.put("kie.notify.uri", kie.baseUrl() + "/hook");

        RunningDrop first = start(s);
        first.awaitState("t-r", TaskState.DELIVERED);
        await().atMost(Duration.ofSeconds(20)).until(() -> !API.findAll(postRequestedFor(urlPathEqualTo("/hook"))).isEmpty());
        assertThat(Prometheus.value(new Http(port[0]).get("/observe/metrics").body(), "kie_notifications_owed")).isEqualTo(1);
        first.close();
        int refused = API.findAll(postRequestedFor(urlPathEqualTo("/hook"))).size();

        API.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        RunningDrop second = start(s);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.store().countNotificationsOwed() == 0);

        var requests = API.findAll(postRequestedFor(urlPathEqualTo("/hook")));
        assertThat(requests).hasSize(refused + 1);
        JsonNode event = new ObjectMapper().readTree(requests.get(requests.size() - 1).getBodyAsString());
        assertThat(event.path("taskId").asText()).isEqualTo("t-r");
        assertThat(event.path("state").asText()).isEqualTo("DELIVERED");
        assertThat(event.path("sha256").asText()).isEqualTo(Mp4s.sha256(mp4));
    }

    @Test
    void anEventIsDroppedWithAnErrorAfterItsLastAttempt() throws Exception {
        API.stubFor(recordInfo("t-x").willReturn(json(200, data("t-x", "CREATE_TASK_FAILED", ""))));
        API.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(500)));
        Map<String, String> s = settings();
        s.put("kie.task-ids", "t-x");
        s.put("kie.notify.uri", kie.baseUrl() + "/hook?token=hook-secret-123");
        s.put("kie.notify.max-attempts", "2");

        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(s);
            drop.awaitState("t-x", TaskState.FAILED);
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.lines().stream()
                    .anyMatch(l -> l.startsWith("ERROR") && l.contains("Notification for task t-x dropped after 2 attempts")));
            assertThat(drop.store().countNotificationsOwed()).isZero();
            assertThat(API.findAll(postRequestedFor(urlPathEqualTo("/hook")))).hasSize(2);
            assertThat(logs.all()).as("the webhook's secret never reaches a log").doesNotContain("hook-secret-123")
                    .contains("the endpoint answered HTTP 500");
        }
    }
}

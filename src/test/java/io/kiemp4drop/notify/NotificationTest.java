package io.kiemp4drop.notify;

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
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.Hooks;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Settings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kie.notify.uri: one JSON event per final state, retried when the endpoint fails, never holding up a delivery. */
@Settings("kie.notify.uri={{kie.api.base-url}}/hook")
class NotificationTest extends BundleRouteTest {

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
        startWithTasks("t-n", "t-nf");

        awaitState("t-n", TaskState.DELIVERED);
        awaitState("t-nf", TaskState.FAILED);
        await().atMost(Duration.ofSeconds(30)).until(() -> Hooks.received(API).size() >= 3);
        // the webhook records a request before it answers; the event is no longer owed once the answer is back
        await().atMost(Duration.ofSeconds(10)).until(() -> notificationsOwed() == 0);

        List<JsonNode> events = Hooks.received(API);
        JsonNode delivered = Hooks.eventOf(events, "t-n");
        assertThat(delivered.path("state").asText()).isEqualTo("DELIVERED");
        assertThat(delivered.path("sha256").asText()).isEqualTo(Mp4s.sha256(mp4));
        assertThat(delivered.path("bytes").asLong()).isEqualTo(mp4.length);
        assertThat(delivered.path("destination").asText()).endsWith("t-n.mp4");
        assertThat(delivered.path("media").path("durationSeconds").asDouble()).isEqualTo(10.0);
        assertThat(delivered.path("media").path("videoCodec").asText()).isEqualTo("avc1");
        assertThat(delivered.path("media").path("bitrate").asLong()).isEqualTo(Math.round(mp4.length * 8 / 10.0));
        JsonNode failed = Hooks.eventOf(events, "t-nf");
        assertThat(failed.path("state").asText()).isEqualTo("FAILED");
        assertThat(failed.path("error").asText()).contains("GENERATE_MP4_FAILED");
        assertThat(failed.path("media").isNull()).isTrue();
        // one event was refused once (500) and sent again: three requests for two events
        assertThat(events).hasSize(3);
    }

    @Test
    @Settings({"kie.notify.uri={{kie.api.base-url}}/hook?token=hook-secret-123", "kie.notify.max-attempts=2"})
    void anEventIsDroppedWithAnErrorAfterItsLastAttempt() throws Exception {
        API.stubFor(recordInfo("t-x").willReturn(json(200, data("t-x", "CREATE_TASK_FAILED", ""))));
        API.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(500)));

        try (LogCapture logs = LogCapture.install()) {
            startWithTasks("t-x");
            awaitState("t-x", TaskState.FAILED);
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.lines().stream()
                    .anyMatch(l -> l.startsWith("ERROR") && l.contains("Notification for task t-x dropped after 2 attempts")));
            assertThat(notificationsOwed()).isZero();
            assertThat(API.findAll(postRequestedFor(urlPathEqualTo("/hook")))).hasSize(2);
            assertThat(logs.all()).as("the webhook's secret never reaches a log").doesNotContain("hook-secret-123")
                    .contains("the endpoint answered HTTP 500");
        }
    }
}

package io.kiemp4drop.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.Hooks;
import io.kiemp4drop.support.Http;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Prometheus;
import io.kiemp4drop.support.RunningDrop;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An owed event outlives the process: two starts of the bundle on one task store. */
class NotificationAfterRestartTest extends DropTestBase {

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
        await().atMost(Duration.ofSeconds(20)).until(() -> !Hooks.received(API).isEmpty());
        assertThat(Prometheus.value(new Http(port[0]).get("/observe/metrics").body(), "kie_notifications_owed")).isEqualTo(1);
        first.close();
        int refused = Hooks.received(API).size();

        API.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        RunningDrop second = start(s);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.notificationsOwed() == 0);

        List<JsonNode> events = Hooks.received(API);
        assertThat(events).hasSize(refused + 1);
        JsonNode event = events.get(events.size() - 1);
        assertThat(event.path("taskId").asText()).isEqualTo("t-r");
        assertThat(event.path("state").asText()).isEqualTo("DELIVERED");
        assertThat(event.path("sha256").asText()).isEqualTo(Mp4s.sha256(mp4));
    }
}

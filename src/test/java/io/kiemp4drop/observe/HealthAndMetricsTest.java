package io.kiemp4drop.observe;

import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.Http;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Prometheus;
import io.kiemp4drop.support.RunningDrop;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /observe/health and /observe/metrics of the running bundle. */
class HealthAndMetricsTest extends DropTestBase {

    @Test
    void metricsChangeAfterADelivery() throws Exception {
        byte[] mp4 = Mp4s.of(70_000, 111);
        kie.video("/files/t-m.mp4", mp4);
        int[] port = new int[1];
        Map<String, String> s = httpSettings(port);
        Http http = new Http(port[0]);
        RunningDrop drop = start(s);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/observe/metrics").body().contains("kie_tasks{"));
        String before = http.get("/observe/metrics").body();
        assertThat(Prometheus.value(before, "kie_tasks{state=\"DELIVERED\"}")).isZero();

        kie.pendingThen("t-m", 1, kie.success("t-m", "/files/t-m.mp4"));
        drop.store().add("t-m", "test");
        drop.awaitState("t-m", TaskState.DELIVERED);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = http.get("/observe/metrics").body();
            assertThat(Prometheus.value(after, "kie_tasks{state=\"DELIVERED\"}")).isEqualTo(1);
            assertThat(Prometheus.value(after, "kie_delivered_bytes_total")).isEqualTo(mp4.length);
            assertThat(Prometheus.value(after, "kie_polls_total{flag=\"PENDING\",outcome=\"RECORD\"}")).isEqualTo(1);
            assertThat(Prometheus.value(after, "kie_polls_total{flag=\"SUCCESS\",outcome=\"RECORD\"}")).isEqualTo(1);
            assertThat(Prometheus.value(after, "kie_download_seconds_count")).isEqualTo(1);
        });
    }

    @Test
    void readinessGoesDownWhileTheApiKeyIsRejected() throws Exception {
        int[] port = new int[1];
        Map<String, String> s = httpSettings(port);
        Http http = new Http(port[0]);
        RunningDrop drop = start(s);
        // ready once every consumer has started polling
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> health = http.get("/observe/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"kie-api-access\"");
        });

        API.stubFor(recordInfo("t-h").willReturn(json(401, "{\"code\":401,\"msg\":\"You do not have access permissions\"}")));
        drop.store().add("t-h", "test");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var health = http.get("/observe/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("rejected the API key");
        });
        String metrics = http.get("/observe/metrics").body();
        assertThat(Prometheus.value(metrics, "kie_pauses_total{reason=\"key_rejected\"}")).isEqualTo(1);
        assertThat(metrics).doesNotContain(RunningDrop.API_KEY);
    }
}

package io.kiemp4drop.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.Http;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Prometheus;
import io.kiemp4drop.support.RunningDrop;
import io.kiemp4drop.support.Settings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The kie_* series at /observe/metrics, next to Camel's own. */
@Settings("kie.http.enabled=true")
class KieMetricsTest extends BundleRouteTest {

    @Test
    void theSeriesFollowADeliveryAndNeverShowTheApiKey() throws Exception {
        byte[] mp4 = Mp4s.of(70_000, 111);
        kie.video("/files/t-m.mp4", mp4);
        start();
        Http http = http();
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/observe/metrics").body().contains("kie_tasks{"));
        String before = http.get("/observe/metrics").body();
        assertThat(Prometheus.value(before, "kie_tasks{state=\"DELIVERED\"}")).isZero();
        assertThat(before).contains("kie_notifications_owed");

        kie.pendingThen("t-m", 1, kie.success("t-m", "/files/t-m.mp4"));
        addTask("t-m");
        awaitState("t-m", TaskState.DELIVERED);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = http.get("/observe/metrics").body();
            assertThat(Prometheus.value(after, "kie_tasks{state=\"DELIVERED\"}")).isEqualTo(1);
            assertThat(Prometheus.value(after, "kie_delivered_bytes_total")).isEqualTo(mp4.length);
            assertThat(Prometheus.value(after, "kie_polls_total{flag=\"PENDING\",outcome=\"RECORD\"}")).isEqualTo(1);
            assertThat(Prometheus.value(after, "kie_polls_total{flag=\"SUCCESS\",outcome=\"RECORD\"}")).isEqualTo(1);
            assertThat(Prometheus.value(after, "kie_download_seconds_count")).isEqualTo(1);
            assertThat(after).doesNotContain(RunningDrop.API_KEY);
        });
    }
}

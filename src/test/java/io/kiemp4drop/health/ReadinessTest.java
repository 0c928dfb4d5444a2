package io.kiemp4drop.health;

import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.Http;
import io.kiemp4drop.support.Prometheus;
import io.kiemp4drop.support.RunningDrop;
import io.kiemp4drop.support.Settings;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** /observe/health: the kie-api-access readiness check among Camel's. */
@Settings("kie.http.enabled=true")
class ReadinessTest extends BundleRouteTest {

    @Test
    void readinessGoesDownWhileTheApiKeyIsRejected() throws Exception {
        start();
        Http http = http();
        // ready once every consumer has started polling
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> health = http.get("/observe/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"kie-api-access\"");
        });

        API.stubFor(recordInfo("t-h").willReturn(json(401, "{\"code\":401,\"msg\":\"You do not have access permissions\"}")));
        addTask("t-h");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> health = http.get("/observe/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"kie-api-access\"").contains("rejected the API key");
        });
        String metrics = http.get("/observe/metrics").body();
        assertThat(Prometheus.value(metrics, "kie_pauses_total{reason=\"key_rejected\"}")).isEqualTo(1);
        assertThat(metrics).doesNotContain(RunningDrop.API_KEY);
    }
}

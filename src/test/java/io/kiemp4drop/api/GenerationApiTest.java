package io.kiemp4drop.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.Http;
import io.kiemp4drop.support.Prometheus;
import io.kiemp4drop.support.Settings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generations API over real HTTP: intake with good and bad items, reading, resubmitting and dropping. */
@Settings({"kie.http.enabled=true", "kie.http.token=api-token-5e1", "kie.poll.period=1h",
        "kie.generate.callback-url=https://hooks.example/kie/callback", "kie.api.response-timeout-ms=1000"})
class GenerationApiTest extends BundleRouteTest {

    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer api-token-5e1");
    private static final String GENERATE = "/api/v1/mp4/generate";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void requestsAreAddedOncePerSongReadAndAnUncertainOneIsResubmittedOrDropped() throws Exception {
        // kie.ai holds every generate request past the response timeout: each becomes UNCERTAIN
        API.stubFor(post(urlPathEqualTo(GENERATE)).willReturn(aResponse().withFixedDelay(3000).withStatus(200)));
        start();
        Http http = http();

        HttpResponse<String> added = http.post("/generations", "application/json", "[{\"musicTaskId\":\"m-1\",\"audioId\":\"a-1\","
                + "\"author\":\"Ann\"},{\"musicTaskId\":\"m-1\",\"audioId\":\"a-1\"},{\"musicTaskId\":\"../x\",\"audioId\":\"a-1\"},"
                + "{\"musicTaskId\":\"m-2\",\"audioId\":\"a-1\",\"domainName\":\"bad\\u0007name\"},{\"musicTaskId\":\"m-3\",\"audioId\":\"a-3\"}]",
                AUTH);

        assertThat(added.statusCode()).isEqualTo(200);
        JsonNode answer = json.readTree(added.body());
        assertThat(answer.path("added")).hasSize(2);
        assertThat(answer.path("known")).as("the same song twice is one request").hasSize(1);
        assertThat(answer.path("known").get(0).path("id")).isEqualTo(answer.path("added").get(0).path("id"));
        assertThat(answer.path("refused").toString()).contains("\"index\":2").contains("musicTaskId missing or not a valid ID")
                .contains("\"index\":3").contains("domainName must be text of at most 50 printable characters");
        String first = answer.path("added").get(0).path("id").asText();
        String second = answer.path("added").get(1).path("id").asText();

        await().atMost(Duration.ofSeconds(20)).until(() -> state(http, first).equals("UNCERTAIN") && state(http, second).equals("UNCERTAIN"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Prometheus.value(http.get("/observe/metrics").body(),
                "kie_generations{state=\"UNCERTAIN\"}") == 2);
        assertThat(Prometheus.value(http.get("/observe/metrics").body(), "kie_generation_requests_total{result=\"uncertain\"}"))
                .isEqualTo(2);
        JsonNode uncertain = json.readTree(http.get("/generations?state=UNCERTAIN").body());
        assertThat(uncertain.path("generations")).hasSize(2);
        assertThat(json.readTree(http.get("/generations/" + first).body()).path("author").asText()).isEqualTo("Ann");

        assertThat(http.post("/generations/" + first + "/resubmit", "application/json", "", Map.of()).statusCode())
                .as("writes need the token").isEqualTo(401);
        assertThat(http.post("/generations/" + first + "/resubmit", "application/json", "", AUTH).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> API.findAll(postRequestedFor(urlPathEqualTo(GENERATE))).size() == 3);
        assertThat(http.delete("/generations/" + second, AUTH).statusCode()).isEqualTo(200);
        assertThat(state(http, second)).isEqualTo("CANCELLED");
        assertThat(http.delete("/generations/" + second, AUTH).statusCode()).as("already dropped").isEqualTo(409);
        assertThat(http.get("/generations/g-0000").statusCode()).isEqualTo(404);
        assertThat(http.get("/generations?state=LOST").statusCode()).isEqualTo(400);
    }

    @Test
    @Settings("kie.generate.callback-url=")
    void withoutACallbackUrlRequestsAreRefusedAtIntakeWithOneClearLine() throws Exception {
        start();

        HttpResponse<String> refused = http().post("/generations", "application/json", "{\"musicTaskId\":\"m-1\",\"audioId\":\"a-1\"}", AUTH);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json.readTree(refused.body()).path("error").asText()).contains("kie.generate.callback-url");
        assertThat(json.readTree(http().get("/generations").body()).path("generations")).isEmpty();
    }

    private String state(Http http, String id) throws Exception {
        return json.readTree(http.get("/generations/" + id).body()).path("state").asText();
    }
}

package io.kiemp4drop.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kiemp4drop.api.SignedCallbacks;
import io.kiemp4drop.support.Http;
import io.kiemp4drop.support.JarProcess;
import io.kiemp4drop.support.KieApi;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Ports;
import io.kiemp4drop.support.RunningDrop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, killed with SIGKILL while kie.ai holds a generation request, then started again: that request is
 * UNCERTAIN and never sent a second time, and kie.ai's signed callback, once record-info names the request, delivers it.
 */
class GenerateKillIT {

    private static final String GENERATE = "/api/v1/mp4/generate";
    private static final String CALLBACK_URL = "https://hooks.example/kie/callback";
    private static final String TOKEN = "generate-token-8d3";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TOKEN);
    private static final Duration AT_MOST = Duration.ofSeconds(90);

    @RegisterExtension
    static final WireMockExtension API = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aRequestKieAiHeldAtTheKillIsUncertainAfterRestartNeverSentAgainAndDeliveredByItsCallback() throws Exception {
        KieApi kie = new KieApi(API);
        API.stubFor(generateFor("music-a").willReturn(json(200, "{\"code\":200,\"data\":{\"taskId\":\"video-a\"}}")));
        API.stubFor(generateFor("music-b").willReturn(json(200, "{\"code\":200,\"data\":{\"taskId\":\"video-b\"}}")
                .withFixedDelay((int) Duration.ofMinutes(3).toMillis())));
        byte[] videoA = kie.serveSuccess("video-a", Mp4s.of(80_000, 81));
        int port = Ports.free();
        Map<String, String> settings = settings(kie, port);
        Http http = new Http(port);
        Path drop = home.resolve("drop");
        String requestA;
        String requestB;

        try (JarProcess first = JarProcess.start(home, settings)) {
            awaitHttpSurface(http, first);
            requestA = add(http, "music-a");
            await().atMost(AT_MOST).until(() -> generation(http, requestA).path("state").asText().equals("SUBMITTED"));
            requestB = add(http, "music-b");
            await().atMost(AT_MOST).until(() -> generatePosts("music-b") == 1);
            assertThat(generation(http, requestB).path("state").asText()).as("kie.ai holds it").isEqualTo("SUBMITTING");
            first.kill();
        }

        try (JarProcess second = JarProcess.start(home, settings)) {
            awaitHttpSurface(http, second);
            await().atMost(AT_MOST).untilAsserted(() -> assertThat(generation(http, requestB).path("state").asText())
                    .as("%s", generation(http, requestB)).isEqualTo("UNCERTAIN"));
            assertThat(generation(http, requestB).path("lastError").asText()).contains("may have been received");
            JsonNode generationsCheck = healthCheck(http, "kie-generations");
            assertThat(generationsCheck.path("status").asText()).isEqualTo("UP");
            assertThat(generationsCheck.path("data").path("uncertain").asText()).isEqualTo("1");
            assertThat(generationsCheck.path("data").path("uncertainRequests").asText()).isEqualTo(requestB);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> generatePosts("music-a") == 1 && generatePosts("music-b") == 1);

            byte[] videoB = Mp4s.of(90_000, 82);
            kie.video("/files/video-b.mp4", videoB);
            API.stubFor(recordInfo("video-b").willReturn(json(200, KieApi.data("video-b", "SUCCESS", "\"callbackUrl\":\""
                    + CALLBACK_URL + "?request=" + requestB + "\",\"response\":{\"videoUrl\":\"" + kie.baseUrl()
                    + "/files/video-b.mp4\"}"))));
            assertThat(new SignedCallbacks(http).signedForRequest("video-b", requestB).statusCode()).isEqualTo(200);

            await().atMost(AT_MOST).until(() -> Files.exists(drop.resolve("video-b.mp4")));
            JsonNode resolved = generation(http, requestB);
            assertThat(resolved.path("state").asText()).isEqualTo("SUBMITTED");
            assertThat(resolved.path("taskId").asText()).isEqualTo("video-b");
            assertThat(Mp4s.sha256(Files.readAllBytes(drop.resolve("video-b.mp4")))).isEqualTo(Mp4s.sha256(videoB));
            await().atMost(AT_MOST).until(() -> Files.exists(drop.resolve("video-a.mp4")));
            assertThat(Mp4s.sha256(Files.readAllBytes(drop.resolve("video-a.mp4")))).isEqualTo(Mp4s.sha256(videoA));
            assertThat(generation(http, requestA).path("taskId").asText()).isEqualTo("video-a");
            assertThat(generatePosts("music-a")).as("one POST per request, restart or not").isEqualTo(1);
            assertThat(generatePosts("music-b")).isEqualTo(1);
        }
    }

    private Map<String, String> settings(KieApi kie, int port) {
        Map<String, String> settings = RunningDrop.settings(home, kie.baseUrl());
        settings.put("kie.http.enabled", "true");
        settings.put("kie.http.host", "127.0.0.1");
        settings.put("kie.http.port", String.valueOf(port));
        settings.put("kie.http.token", TOKEN);
        settings.put("kie.callback.hmac-key", SignedCallbacks.KEY);
        settings.put("kie.generate.callback-url", CALLBACK_URL);
        settings.put("kie.api.response-timeout-ms", "120000");
        return settings;
    }

    private static MappingBuilder generateFor(String musicTaskId) {
        return post(urlPathEqualTo(GENERATE)).withRequestBody(matchingJsonPath("$.taskId", equalTo(musicTaskId)));
    }

    private static int generatePosts(String musicTaskId) {
        return API.findAll(postRequestedFor(urlPathEqualTo(GENERATE))
                .withRequestBody(matchingJsonPath("$.taskId", equalTo(musicTaskId)))).size();
    }

    private static void awaitHttpSurface(Http http, JarProcess jar) {
        await().atMost(AT_MOST).failFast("the jar exited", () -> !jar.isAlive()).ignoreExceptions()
                .until(() -> http.get("/observe/health").statusCode() == 200);
    }

    private String add(Http http, String musicTaskId) throws Exception {
        var answer = http.post("/generations", "application/json",
                "{\"musicTaskId\":\"" + musicTaskId + "\",\"audioId\":\"audio-1\"}", AUTH);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode added = json.readTree(answer.body()).path("added");
        assertThat(added).as(answer.body()).hasSize(1);
        return added.get(0).path("id").asText();
    }

    private JsonNode generation(Http http, String id) throws Exception {
        return json.readTree(http.get("/generations/" + id).body());
    }

    private JsonNode healthCheck(Http http, String name) throws Exception {
        JsonNode health = json.readTree(http.get("/observe/health?data=true").body());
        return StreamSupport.stream(health.path("checks").spliterator(), false)
                .filter(check -> name.equals(check.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no health check " + name + " in " + health));
    }
}

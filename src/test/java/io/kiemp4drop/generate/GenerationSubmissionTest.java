package io.kiemp4drop.generate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.kiemp4drop.model.Generation;
import io.kiemp4drop.model.GenerationState;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.Hooks;
import io.kiemp4drop.support.KieApi;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Prometheus;
import io.kiemp4drop.support.RunningDrop;
import io.kiemp4drop.support.Settings;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Generation requests against kie.ai as WireMock: the POST as kie.ai receives it, each answer's outcome, and the
 * one rule that matters most: a request that may have reached kie.ai is never sent a second time on its own.
 */
@Settings({"kie.generate.callback-url=https://hooks.example/kie/callback", "kie.api.response-timeout-ms=1000"})
class GenerationSubmissionTest extends BundleRouteTest {

    private static final String GENERATE = "/api/v1/mp4/generate";

    @Test
    @Settings("kie.notify.uri={{kie.api.base-url}}/hook")
    void anAnsweredRequestIsSubmittedAndItsVideoDeliveredLikeAnyTask() throws Exception {
        API.stubFor(post(urlPathEqualTo(GENERATE)).willReturn(json(200, "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"video-1\"}}")));
        API.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        kie.video("/files/video-1.mp4", Mp4s.of(50_000, 61));
        kie.pendingThen("video-1", 0, kie.success("video-1", "/files/video-1.mp4"));
        start();

        String id = ledger().add("music-1", "audio-1", "Ann", "").id();

        awaitState("video-1", TaskState.DELIVERED);
        Generation done = ledger().get(id).orElseThrow();
        assertThat(done.state()).isEqualTo(GenerationState.SUBMITTED);
        assertThat(done.taskId()).isEqualTo("video-1");
        assertThat(API.findAll(postRequestedFor(urlPathEqualTo(GENERATE))
                .withHeader("Authorization", equalTo("Bearer " + RunningDrop.API_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"taskId\":\"music-1\",\"audioId\":\"audio-1\",\"author\":\"Ann\","
                        + "\"callBackUrl\":\"https://hooks.example/kie/callback?request=" + id + "\"}")))).hasSize(1);
        assertThat(Files.exists(drop().resolve("video-1.mp4"))).isTrue();
        JsonNode sidecar = new ObjectMapper().readTree(drop().resolve("video-1.json").toFile());
        assertThat(sidecar.path("musicTaskId").asText()).isEqualTo("music-1");
        assertThat(sidecar.path("author").asText()).isEqualTo("Ann");
        assertThat(sidecar.path("domainName").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> !Hooks.received(API).isEmpty());
        JsonNode event = Hooks.eventOf(Hooks.received(API), "video-1");
        assertThat(event.path("state").asText()).isEqualTo("DELIVERED");
        assertThat(event.path("musicTaskId").asText()).isEqualTo("music-1");
        assertThat(event.path("audioId").asText()).isEqualTo("audio-1");
        assertThat(event.path("author").asText()).isEqualTo("Ann");
    }

    @Test
    void aRefusedRequestIsRejectedWithKieAisMessage() throws Exception {
        API.stubFor(post(urlPathEqualTo(GENERATE)).willReturn(json(422, "{\"code\":422,\"msg\":\"audioId not found\"}")));
        start();

        String id = ledger().add("music-2", "audio-9", null, null).id();

        await().atMost(Duration.ofSeconds(20)).until(() -> ledger().get(id).orElseThrow().state() == GenerationState.REJECTED);
        assertThat(ledger().get(id).orElseThrow().lastError()).isEqualTo("kie.ai refused it: 422 \"audioId not found\"");
        assertThat(API.findAll(postRequestedFor(urlPathEqualTo(GENERATE)))).hasSize(1);
    }

    @Test
    @Settings("kie.http.enabled=true")
    void aRequestKieAiHeldWithoutAnAnswerIsUncertainAndNeverSentAgain() throws Exception {
        API.stubFor(post(urlPathEqualTo(GENERATE)).willReturn(aResponse().withFixedDelay(3000).withStatus(200)
                .withBody("{\"code\":200,\"data\":{\"taskId\":\"video-late\"}}")));
        start();

        String id = ledger().add("music-3", "audio-1", null, null).id();

        await().atMost(Duration.ofSeconds(20)).until(() -> ledger().get(id).orElseThrow().state() == GenerationState.UNCERTAIN);
        assertThat(ledger().get(id).orElseThrow().lastError()).contains("kie.ai may have received it");
        // many ticks later: still the one POST
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> API.findAll(postRequestedFor(urlPathEqualTo(GENERATE))).size() == 1);
        assertThat(task("video-late")).isEmpty();
        // shown where an operator looks: health details (still UP: a callback may resolve it) and metrics
        HttpResponse<String> health = http().get("/observe/health?data=true");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode check = checkNamed(new ObjectMapper().readTree(health.body()), "kie-generations");
        assertThat(check.path("status").asText()).isEqualTo("UP");
        assertThat(check.path("message").asText()).startsWith("1 generation request(s) UNCERTAIN");
        assertThat(check.path("data").path("uncertain").asText()).isEqualTo("1");
        assertThat(check.path("data").path("uncertainRequests").asText()).isEqualTo(id);
        String metrics = http().get("/observe/metrics").body();
        assertThat(Prometheus.value(metrics, "kie_generations{state=\"UNCERTAIN\"}")).isEqualTo(1);
        assertThat(Prometheus.value(metrics, "kie_generation_requests_total{result=\"uncertain\"}")).isEqualTo(1);
    }

    private static JsonNode checkNamed(JsonNode health, String id) {
        for (JsonNode check : health.path("checks")) {
            if (id.equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no health check " + id + " in " + health);
    }

    @Test
    void aRateLimitedRequestWaitsForRetryAfterAndIsThenSentOnce() throws Exception {
        API.stubFor(post(urlPathEqualTo(GENERATE)).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(429, "{\"code\":429,\"msg\":\"Too many requests\"}").withHeader("Retry-After", "2"))
                .willSetStateTo("free"));
        API.stubFor(post(urlPathEqualTo(GENERATE)).inScenario("busy").whenScenarioStateIs("free")
                .willReturn(json(200, "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"video-429\"}}")));
        kie.pendingThen("video-429", 5, kie.success("video-429", "/files/video-429.mp4"));
        start();

        String id = ledger().add("music-10", "audio-1", null, null).id();

        await().atMost(Duration.ofSeconds(30)).until(() -> ledger().get(id).orElseThrow().state() == GenerationState.SUBMITTED);
        List<LoggedRequest> posts = API.findAll(postRequestedFor(urlPathEqualTo(GENERATE)));
        assertThat(posts).as("the 429 created nothing: sent again, once").hasSize(2);
        assertThat(Duration.between(posts.get(0).getLoggedDate().toInstant(), posts.get(1).getLoggedDate().toInstant()))
                .as("not before kie.ai's Retry-After").isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(ledger().get(id).orElseThrow().taskId()).isEqualTo("video-429");
    }

    @Test
    @Settings("kie.generate.max-per-day=2")
    void beyondTheDailyCapRequestsWaitForTheNextUtcDayUnsent() throws Exception {
        API.stubFor(post(urlPathEqualTo(GENERATE)).willReturn(json(200, "{\"code\":200,\"data\":{\"taskId\":\"video-cap\"}}")));
        kie.pendingThen("video-cap", 5, kie.success("video-cap", "/files/video-cap.mp4"));
        LogCapture logs = LogCapture.install();
        start();

        List<String> ids = List.of(ledger().add("music-11", "audio-1", null, null).id(),
                ledger().add("music-12", "audio-1", null, null).id(), ledger().add("music-13", "audio-1", null, null).id());

        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().map(i -> ledger().get(i).orElseThrow())
                .filter(g -> g.state() == GenerationState.SUBMITTED).count() == 2);
        Generation waiting = ids.stream().map(i -> ledger().get(i).orElseThrow())
                .filter(g -> g.state() != GenerationState.SUBMITTED).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger().get(waiting.id()).orElseThrow().lastError() != null);
        assertThat(ledger().get(waiting.id()).orElseThrow().state()).isEqualTo(GenerationState.SUBMITTING);
        assertThat(ledger().get(waiting.id()).orElseThrow().lastError())
                .isEqualTo("kie.generate.max-per-day (2) reached; waits for the next UTC day");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> API.findAll(postRequestedFor(urlPathEqualTo(GENERATE))).size() == 2);
        try (logs) {
            await().atMost(Duration.ofSeconds(5)).until(() -> logs.all().contains(
                    "2 generation requests sent today (kie.generate.max-per-day): the rest wait until"));
        }
    }

    @Test
    @Settings({"kie.http.enabled=true", "kie.poll.period=1h"})
    void anUncertainRequestIsLinkedByKieAisCallbackOnceRecordInfoNamesItAndAForgedOneIsIgnored() throws Exception {
        API.stubFor(post(urlPathEqualTo(GENERATE)).willReturn(aResponse().withFixedDelay(3000).withStatus(200)));
        start();
        String id = ledger().add("music-5", "audio-1", null, null).id();
        String other = ledger().add("music-6", "audio-1", null, null).id();
        await().atMost(Duration.ofSeconds(20)).until(() -> ledger().get(id).orElseThrow().state() == GenerationState.UNCERTAIN
                && ledger().get(other).orElseThrow().state() == GenerationState.UNCERTAIN);
        // record-info of the task kie.ai made for the first request names it in its callbackUrl
        kie.video("/files/video-cb.mp4", Mp4s.of(40_000, 62));
        kie.pendingThen("video-cb", 0, KieApi.data("video-cb", "SUCCESS", "\"callbackUrl\":\"https://hooks.example/kie/callback?request="
                + id + "\",\"response\":{\"videoUrl\":\"" + kie.baseUrl() + "/files/video-cb.mp4\"}"));
        // a callback claiming the second request for a task whose record names another one
        kie.pendingThen("video-forged", 0, KieApi.data("video-forged", "PENDING", "\"callbackUrl\":"
                + "\"https://hooks.example/kie/callback?request=g-0123456789abcdef0123\""));

        assertThat(callback("video-forged", other).statusCode()).isEqualTo(200);
        assertThat(callback("video-cb", id).statusCode()).isEqualTo(200);

        awaitState("video-cb", TaskState.DELIVERED);
        assertThat(ledger().get(id).orElseThrow().state()).isEqualTo(GenerationState.SUBMITTED);
        assertThat(ledger().get(id).orElseThrow().taskId()).isEqualTo("video-cb");
        await().atMost(Duration.ofSeconds(10)).until(() -> task("video-forged").map(t -> t.polls() > 0).orElse(false));
        assertThat(ledger().get(other).orElseThrow().state()).as("record-info does not name it").isEqualTo(GenerationState.UNCERTAIN);
        assertThat(API.findAll(postRequestedFor(urlPathEqualTo(GENERATE)))).as("one POST per request, never again").hasSize(2);
    }

    private java.net.http.HttpResponse<String> callback(String taskId, String request) throws Exception {
        return http().post("/callback/mp4?request=" + request, "application/json",
                "{\"code\":200,\"msg\":\"MP4 generated successfully.\",\"data\":{\"task_id\":\"" + taskId + "\"}}",
                java.util.Map.of());
    }

    @Test
    void insufficientCreditsPauseGenerationAndTheRequestWaitsUnsent() throws Exception {
        API.stubFor(post(urlPathEqualTo(GENERATE)).willReturn(json(402, "{\"code\":402,\"msg\":\"Insufficient credits\"}")));
        start();

        String id = ledger().add("music-7", "audio-1", null, null).id();

        await().atMost(Duration.ofSeconds(20)).until(() -> String.valueOf(ledger().get(id).orElseThrow().lastError())
                .contains("kie.ai answered 402"));
        assertThat(ledger().get(id).orElseThrow().state()).as("nothing was created: it waits").isEqualTo(GenerationState.SUBMITTING);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> API.findAll(postRequestedFor(urlPathEqualTo(GENERATE))).size() == 1);
    }

    @Test
    @Settings("kie.generate.resubmit-uncertain-after=1s")
    void withResubmitUncertainAfterAnUncertainRequestIsSentAgainAfterThatLong() throws Exception {
        API.stubFor(post(urlPathEqualTo(GENERATE)).willReturn(aResponse().withFixedDelay(3000).withStatus(200)));
        start();

        ledger().add("music-8", "audio-1", null, null);

        await().atMost(Duration.ofSeconds(30)).until(() -> API.findAll(postRequestedFor(urlPathEqualTo(GENERATE))).size() >= 2);
    }

    @Test
    @Settings("kie.generate.callback-url=")
    void withoutACallbackUrlNothingIsSent() throws Exception {
        start();

        String id = ledger().add("music-4", "audio-1", null, null).id();

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> API.findAll(postRequestedFor(urlPathEqualTo(GENERATE))).isEmpty());
        assertThat(ledger().get(id).orElseThrow().state()).isEqualTo(GenerationState.SUBMITTING);
    }

    private GenerationLedger ledger() {
        return context.getRegistry().lookupByNameAndType("generationLedger", GenerationLedger.class);
    }
}

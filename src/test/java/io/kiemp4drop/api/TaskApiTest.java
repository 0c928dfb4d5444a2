package io.kiemp4drop.api;

import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.pending;
import static io.kiemp4drop.support.KieApi.recordInfoRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.Http;
import io.kiemp4drop.support.KieApi;
import io.kiemp4drop.support.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The task API (REST DSL) over real HTTP on a loopback port: every endpoint, status code and error answer. */
@Settings({"kie.http.enabled=true", "kie.http.token=api-token-5e1", "kie.poll.period=1h"})
class TaskApiTest extends BundleRouteTest {

    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer api-token-5e1");
    private final ObjectMapper json = new ObjectMapper();

    private Http startApi() throws Exception {
        API.stubFor(WireMock.get(WireMock.urlPathEqualTo(KieApi.RECORD_INFO)).willReturn(json(200, pending("any"))));
        start();
        return http();
    }

    private JsonNode body(HttpResponse<String> response) throws IOException {
        return json.readTree(response.body());
    }

    /** An error answer: the status, a JSON document with its reason, nothing of the request echoed back. */
    private JsonNode refused(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as("status of " + response.request().method() + " " + response.uri()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Authorization")).isEmpty();
        JsonNode answer = body(response);
        assertThat(answer.path("error").asText()).isNotBlank();
        return answer;
    }

    @Test
    void addListGetAndCancelTasks() throws Exception {
        Http http = startApi();

        HttpResponse<String> added = http.post("/tasks", "application/json",
                "{\"taskIds\":[\"api-1\",\"api-2\",\"../etc\",\"api-1\"]}", AUTH);
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(added.headers().firstValue("Authorization")).isEmpty();
        assertThat(body(added).path("added").toString()).isEqualTo("[\"api-1\",\"api-2\"]");
        assertThat(body(added).path("known").toString()).isEqualTo("[\"api-1\"]");
        assertThat(body(added).path("refused").get(0).path("value").asText()).isEqualTo("../etc");

        HttpResponse<String> text = http.post("/tasks", "text/plain", "# more\napi-3\n\nbad id\n", AUTH);
        assertThat(body(text).path("added").toString()).isEqualTo("[\"api-3\"]");
        assertThat(body(text).path("refused")).hasSize(1);

        HttpResponse<String> list = http.get("/tasks");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(body(list).path("tasks")).hasSize(3);
        assertThat(body(http.get("/tasks?limit=2")).path("tasks")).hasSize(2);
        assertThat(body(http.get("/tasks?limit=2&offset=2")).path("tasks")).hasSize(1);
        refused(http.get("/tasks?limit=0"), 400);
        refused(http.get("/tasks?state=BOGUS"), 400);

        HttpResponse<String> one = http.get("/tasks/api-2");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(body(one).path("state").asText()).isEqualTo("PENDING");
        assertThat(body(one).fieldNames()).toIterable().contains("taskId", "state", "attempts", "lastError",
                "createdAt", "updatedAt", "deliveredAt", "bytes", "sha256", "destination");
        refused(http.get("/tasks/nope"), 404);
        refused(http.get("/tasks/..%2Fetc"), 404);

        HttpResponse<String> cancelled = http.delete("/tasks/api-2", AUTH);
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(cancelled.headers().firstValue("Authorization")).isEmpty();
        assertThat(body(cancelled).path("state").asText()).isEqualTo("CANCELLED");
        assertThat(refused(http.delete("/tasks/api-2", AUTH), 409).path("state").asText()).isEqualTo("CANCELLED");
        refused(http.delete("/tasks/nope", AUTH), 404);
        assertThat(body(http.get("/tasks?state=CANCELLED")).path("tasks")).hasSize(1);
        assertThat(body(http.get("/tasks?state=pending")).path("tasks")).hasSize(2);
    }

    @Test
    void writesNeedTheRightTokenAndBodiesOverOneMebibyteAreRefused() throws Exception {
        Http http = startApi();

        for (HttpResponse<String> unauthorised : List.of(
                http.post("/tasks", "text/plain", "t-x", Map.of()),
                http.post("/tasks", "text/plain", "t-x", Map.of("Authorization", "Bearer wrong")),
                http.delete("/tasks/t-x", Map.of()),
                http.delete("/tasks/t-x", Map.of("Authorization", "Bearer wrong")))) {
            refused(unauthorised, 401);
            assertThat(unauthorised.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
        refused(http.post("/tasks", "application/json", "{not json", AUTH), 400);
        refused(http.post("/tasks", "application/json", "{\"ids\":[\"t-x\"]}", AUTH), 400);
        // refused by the HTTP server itself (camel.server.max-body-size) before any route reads it
        assertThat(http.post("/tasks", "text/plain", "t-".repeat(600_000), AUTH).statusCode()).isEqualTo(413);
        refused(http.get("/tasks/t-x"), 404);
        assertThat(tasks().all()).isEmpty();
    }

    @Test
    @Settings("kie.http.token=")
    void withoutATokenWritesAreDisabledAndSaySo() throws Exception {
        Http http = startApi();
        addTask("t-x");

        assertThat(refused(http.post("/tasks", "text/plain", "t-y", AUTH), 403).path("error").asText())
                .contains("kie.http.token");
        refused(http.delete("/tasks/t-x", AUTH), 403);
        assertThat(http.get("/tasks").statusCode()).isEqualTo(200);
        assertThat(state("t-x")).isEqualTo(TaskState.PENDING);
        assertThat(task("t-y")).isEmpty();
    }

    @Test
    @Settings("kie.poll.period=200ms")
    void aCancelledTaskIsNoLongerPolled() throws Exception {
        Http http = startApi();
        http.post("/tasks", "text/plain", "api-stop", AUTH);
        // polled every 200 ms until cancelled
        await().atMost(Duration.ofSeconds(10)).until(() -> API.findAll(recordInfoRequests("api-stop")).size() >= 2);

        assertThat(http.delete("/tasks/api-stop", AUTH).statusCode()).isEqualTo(200);
        int polls = API.findAll(recordInfoRequests("api-stop")).size();

        assertThat(body(http.get("/tasks/api-stop")).path("state").asText()).isEqualTo(TaskState.CANCELLED.name());
        // at most the one poll already claimed when the cancel came in; none after it
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> API.findAll(recordInfoRequests("api-stop")).size() <= polls + 1);
    }

    @Test
    void onlyAFailedTaskIsRetriedAndItComesBackPendingWithItsAttemptsReset() throws Exception {
        Http http = startApi();
        bean("taskRegistry", io.kiemp4drop.store.TaskRegistry.class).addAll(java.util.List.of("api-f", "api-p"), "test");
        bean("finalStates", io.kiemp4drop.store.FinalStates.class).cancel("api-p");
        assertThat(http.post("/tasks/api-f/retry", "application/json", "", Map.of()).statusCode()).isEqualTo(401);
        assertThat(refused(http.post("/tasks/api-p/retry", "application/json", "", AUTH), 409).path("state").asText())
                .isEqualTo("CANCELLED");
        refused(http.post("/tasks/nope/retry", "application/json", "", AUTH), 404);
        endFailed("api-f");

        HttpResponse<String> retried = http.post("/tasks/api-f/retry", "application/json", "", AUTH);

        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(body(retried).path("state").asText()).isEqualTo("PENDING");
        assertThat(body(retried).path("attempts").asInt()).isZero();
        assertThat(body(retried).path("downloadAttempts").asInt()).isZero();
        assertThat(body(retried).path("lastError").isNull()).isTrue();
        assertThat(body(retried).path("nextPollAt").asText()).isNotBlank();
    }

    private void endFailed(String taskId) {
        bean("finalStates", io.kiemp4drop.store.FinalStates.class).finish(taskId, io.kiemp4drop.model.TaskState.FAILED,
                "kie.ai reported GENERATE_MP4_FAILED", null);
        assertThat(task(taskId).orElseThrow().state()).isEqualTo(io.kiemp4drop.model.TaskState.FAILED);
    }

    @Test
    @Settings("kie.http.read-token=read-7c2")
    void withAReadTokenEveryReadAndThePageNeedIt() throws Exception {
        Http http = startApi();
        for (String path : java.util.List.of("/tasks", "/tasks/x", "/generations", "/overview", "/ui/", "/ui/page.js")) {
            HttpResponse<String> open = http.get(path);
            assertThat(open.statusCode()).as(path).isEqualTo(401);
            assertThat(open.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(http.get(path, Map.of("Authorization", "Bearer wrong")).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(http.get("/tasks", Map.of("Authorization", "Bearer read-7c2")).statusCode()).isEqualTo(200);
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("operator:read-7c2".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> page = http.get("/ui/", Map.of("Authorization", basic));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'").contains("script-src 'self'").doesNotContain("unsafe"));
        assertThat(http.get("/overview", Map.of("Authorization", basic)).statusCode()).isEqualTo(200);
        assertThat(http.get("/ui/../application.properties", Map.of("Authorization", basic)).statusCode()).isEqualTo(404);
        assertThat(http.get("/ui/other.html", Map.of("Authorization", basic)).statusCode()).isEqualTo(404);
    }

    @Test
    void theOpenApiDocumentDescribesEveryOperation() throws Exception {
        Http http = startApi();

        HttpResponse<String> answer = http.get("/openapi.json");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
        JsonNode paths = body(answer).path("paths");
        assertThat(paths.path("/tasks").path("get").path("operationId").asText()).isEqualTo("list-tasks");
        assertThat(paths.path("/tasks").path("post").path("operationId").asText()).isEqualTo("add-tasks");
        assertThat(paths.path("/tasks/{taskId}").path("get").path("operationId").asText()).isEqualTo("get-task");
        assertThat(paths.path("/tasks/{taskId}").path("delete").path("operationId").asText()).isEqualTo("cancel-task");
        assertThat(paths.path("/tasks").path("get").path("parameters").findValuesAsText("name"))
                .containsExactlyInAnyOrder("state", "limit", "offset");
    }
}

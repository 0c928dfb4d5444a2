package io.kiemp4drop.api;

import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.pending;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.Http;
import io.kiemp4drop.support.KieApi;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The task API over real HTTP on a loopback port: every endpoint and status code. */
class TaskApiTest extends DropTestBase {

    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer api-token-5e1");
    private final ObjectMapper json = new ObjectMapper();

    private Http start(boolean withToken) {
        API.stubFor(WireMock.get(WireMock.urlPathEqualTo(KieApi.RECORD_INFO)).willReturn(json(200, pending("any"))));
        int[] port = new int[1];
        Map<String, String> s = httpSettings(port);
        s.put("kie.poll.period", "1h");
        if (withToken) {
            s.put("kie.http.token", "api-token-5e1");
        }
        start(s);
        return new Http(port[0]);
    }

    private JsonNode body(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    @Test
    void addListGetAndCancelTasks() throws Exception {
        Http http = start(true);

        HttpResponse<String> added = http.post("/tasks", "application/json",
                "{\"taskIds\":[\"api-1\",\"api-2\",\"../etc\",\"api-1\"]}", AUTH);
        assertThat(added.statusCode()).isEqualTo(200);
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
        assertThat(http.get("/tasks?limit=0").statusCode()).isEqualTo(400);
        assertThat(http.get("/tasks?state=BOGUS").statusCode()).isEqualTo(400);

        HttpResponse<String> one = http.get("/tasks/api-2");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(body(one).path("state").asText()).isEqualTo("PENDING");
        assertThat(body(one).fieldNames()).toIterable().contains("taskId", "state", "attempts", "lastError",
                "createdAt", "updatedAt", "deliveredAt", "bytes", "sha256", "destination");
        assertThat(http.get("/tasks/nope").statusCode()).isEqualTo(404);
        assertThat(http.get("/tasks/..%2Fetc").statusCode()).isEqualTo(404);

        HttpResponse<String> cancelled = http.delete("/tasks/api-2", AUTH);
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(body(cancelled).path("state").asText()).isEqualTo("CANCELLED");
        assertThat(http.delete("/tasks/api-2", AUTH).statusCode()).isEqualTo(409);
        assertThat(http.delete("/tasks/nope", AUTH).statusCode()).isEqualTo(404);
        assertThat(body(http.get("/tasks?state=CANCELLED")).path("tasks")).hasSize(1);
        assertThat(body(http.get("/tasks?state=pending")).path("tasks")).hasSize(2);
    }

    @Test
    void writesNeedTheRightTokenAndBodiesOverOneMebibyteAreRefused() throws Exception {
        Http http = start(true);

        assertThat(http.post("/tasks", "text/plain", "t-x", Map.of()).statusCode()).isEqualTo(401);
        assertThat(http.post("/tasks", "text/plain", "t-x", Map.of("Authorization", "Bearer wrong")).statusCode())
                .isEqualTo(401);
        assertThat(http.delete("/tasks/t-x", Map.of()).statusCode()).isEqualTo(401);
        assertThat(http.post("/tasks", "application/json", "{not json", AUTH).statusCode()).isEqualTo(400);
        assertThat(http.post("/tasks", "text/plain", "t-".repeat(600_000), AUTH).statusCode()).isEqualTo(413);
        assertThat(http.get("/tasks/t-x").statusCode()).isEqualTo(404);
    }

    @Test
    void withoutATokenWritesAreDisabledAndSaySo() throws Exception {
        Http http = start(false);

        HttpResponse<String> refused = http.post("/tasks", "text/plain", "t-x", AUTH);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("kie.http.token");
        assertThat(http.delete("/tasks/t-x", AUTH).statusCode()).isEqualTo(403);
        assertThat(http.get("/tasks").statusCode()).isEqualTo(200);
    }

    @Test
    void aCancelledTaskIsNoLongerPolled() throws Exception {
        Http http = start(true);
        http.post("/tasks", "text/plain", "api-stop", AUTH);
        org.awaitility.Awaitility.await().until(() -> !API.findAll(KieApi.recordInfoRequests("api-stop")).isEmpty());

        http.delete("/tasks/api-stop", AUTH);
        int polls = API.findAll(KieApi.recordInfoRequests("api-stop")).size();
        assertThat(body(http.get("/tasks/api-stop")).path("state").asText()).isEqualTo(TaskState.CANCELLED.name());
        org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(1)).atMost(java.time.Duration.ofSeconds(3))
                .until(() -> API.findAll(KieApi.recordInfoRequests("api-stop")).size() == polls);
    }
}

package io.kiemp4drop.run;

import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.Http;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Prometheus;
import io.kiemp4drop.support.RunningDrop;
import io.kiemp4drop.support.ShippedRoutes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * kie.routes.reload: a step added to a route file while the bundle runs applies without a restart, both to a
 * polling route (the README's example in routes/poll.camel.yaml) and to an HTTP route (routes/api.camel.yaml), whose
 * handler on the live HTTP server is replaced; the bundle's metrics carry on across the reload.
 */
class RouteReloadTest extends DropTestBase {

    private static final String SUCCESS_BRANCH = "              - simple: \"${body.successFlag} == 'SUCCESS'\"\n"
            + "                steps:\n";
    private static final String ADDED_STEP = "                  - log:\n"
            + "                      message: \"SUCCESS branch edited: ${exchangeProperty.taskId}\"\n";

    private static final String LIST_STEPS = "      uri: direct:list-tasks\n"
            + "      steps:\n";
    private static final String LIST_LOG_STEP = "        - log:\n"
            + "            message: \"task list requested (edited route)\"\n";

    @Test
    void aStepAddedToARouteFileTakesEffectWhileRunning() throws Exception {
        Path routes = copyOfTheRoutes();
        Map<String, String> s = settings();
        watch(routes, s);
        kie.video("/files/t-before.mp4", Mp4s.of(10_000, 131));
        kie.video("/files/t-after.mp4", Mp4s.of(10_000, 132));
        API.stubFor(recordInfo("t-before").willReturn(json(200, kie.success("t-before", "/files/t-before.mp4"))));
        API.stubFor(recordInfo("t-after").willReturn(json(200, kie.success("t-after", "/files/t-after.mp4"))));
        s.put("kie.task-ids", "t-before");

        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(s);
            drop.awaitState("t-before", TaskState.DELIVERED);
            assertThat(logs.all()).doesNotContain("SUCCESS branch edited");

            Path poll = routes.resolve("poll.camel.yaml");
            String original = Files.readString(poll);
            assertThat(original).contains(SUCCESS_BRANCH);
            Files.writeString(poll, original.replace(SUCCESS_BRANCH, SUCCESS_BRANCH + ADDED_STEP));
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.all().contains("Routes reloaded summary"));

            drop.addTask("t-after");
            drop.awaitState("t-after", TaskState.DELIVERED);
            assertThat(logs.lines()).anyMatch(l -> l.contains("SUCCESS branch edited: t-after"));
        }
    }

    @Test
    void aStepAddedToAnHttpRouteTakesEffectOnTheRunningHttpServerAndTheCountersCarryOn() throws Exception {
        Path routes = copyOfTheRoutes();
        int[] port = new int[1];
        Map<String, String> s = httpSettings(port);
        watch(routes, s);
        Http http = new Http(port[0]);

        try (LogCapture logs = LogCapture.install()) {
            start(s);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> http.get("/tasks").statusCode() == 200);
            assertThat(logs.all()).doesNotContain("task list requested (edited route)");
            assertThat(callback(http, "t-cb-1")).isEqualTo(200);
            assertThat(acceptedCallbacks(http)).isEqualTo(1);

            Path api = routes.resolve("api.camel.yaml");
            String original = Files.readString(api);
            assertThat(original).contains(LIST_STEPS);
            Files.writeString(api, original.replace(LIST_STEPS, LIST_STEPS + LIST_LOG_STEP));
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.all().contains("Routes reloaded summary"));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var answer = http.get("/tasks");
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).startsWith("{\"tasks\":");
                assertThat(logs.all()).contains("task list requested (edited route)");
            });
            // the bundle's counters live in Camel's registry, which a reload keeps
            assertThat(acceptedCallbacks(http)).isEqualTo(1);
            assertThat(callback(http, "t-cb-2")).isEqualTo(200);
            assertThat(acceptedCallbacks(http)).isEqualTo(2);
        }
    }

    private static int callback(Http http, String taskId) throws Exception {
        return http.post("/callback/mp4", "application/json", "{\"data\":{\"task_id\":\"" + taskId + "\"}}", Map.of())
                .statusCode();
    }

    private static double acceptedCallbacks(Http http) throws Exception {
        return Prometheus.value(http.get("/observe/metrics").body(), "kie_callbacks_total{result=\"accepted\"}");
    }

    /** A writable copy of routes/ (with its sinks/) in the test's home folder. */
    private Path copyOfTheRoutes() throws Exception {
        return ShippedRoutes.copyTo(home.resolve("routes"));
    }

    private static void watch(Path routes, Map<String, String> s) {
        s.put("kie.routes.reload", "true");
        s.put("camel.main.routes-include-pattern", "file:" + routes + "/**/*.camel.yaml");
        s.put("camel.main.routes-reload-directory", routes.toString());
    }
}

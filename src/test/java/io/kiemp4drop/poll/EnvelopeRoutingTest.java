package io.kiemp4drop.poll;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.kiemp4drop.support.KieApi.data;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static io.kiemp4drop.support.KieApi.recordInfoRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The envelope router: HTTP status and body code combined, one test per kind of answer. */
class EnvelopeRoutingTest extends DropTestBase {

    @Test
    void codeZeroIsTreatedLikeTwoHundred() throws Exception {
        byte[] mp4 = Mp4s.of(50_000, 2);
        kie.video("/files/t-zero.mp4", mp4);
        API.stubFor(recordInfo("t-zero").willReturn(json(200,
                kie.success("t-zero", "/files/t-zero.mp4").replace("\"code\":200", "\"code\":0"))));
        RunningDrop drop = startWithTasks("t-zero");

        drop.awaitState("t-zero", TaskState.DELIVERED);
        assertThat(Files.readAllBytes(drop.drop().resolve("t-zero.mp4"))).isEqualTo(mp4);
    }

    @ParameterizedTest
    @CsvSource({
        "200, '{\"code\":200,\"msg\":\"success\",\"data\":null}'",
        "200, '{\"code\":200,\"msg\":\"success\"}'",
        "404, '{\"code\":404,\"msg\":\"not found\"}'",
        "200, '{\"code\":404,\"msg\":\"not found\"}'"})
    void unknownTasksEndNotFoundAfterTheConfiguredAttempts(int status, String body) throws Exception {
        API.stubFor(recordInfo("t-ghost").willReturn(json(status, body)));
        Map<String, String> s = settings();
        s.put("kie.task-ids", "t-ghost");
        s.put("kie.poll.not-found-attempts", "3");
        RunningDrop drop = start(s);

        TaskRecord task = drop.awaitState("t-ghost", TaskState.NOT_FOUND);
        assertThat(API.findAll(recordInfoRequests("t-ghost"))).hasSize(3);
        assertThat(task.lastError()).contains("3 polls");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(home.resolve("drop/failed/t-ghost.json")));
    }

    @ParameterizedTest
    @CsvSource({
        "401, '{\"code\":401,\"msg\":\"You do not have access permissions\"}', rejected the API key",
        "200, '{\"code\":401,\"msg\":\"You do not have access permissions\"}', rejected the API key",
        "402, '{\"code\":402,\"msg\":\"Insufficient credits\"}', insufficient credits",
        "200, '{\"code\":402,\"msg\":\"Insufficient credits\"}', insufficient credits"})
    void keyRejectedOrNoCreditsPausesAllPollingWithOneError(int status, String body, String expected) throws Exception {
        for (String id : List.of("t-a", "t-b", "t-c")) {
            API.stubFor(recordInfo(id).willReturn(json(status, body)));
        }
        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = startWithTasks("t-a", "t-b", "t-c");

            await().atMost(Duration.ofSeconds(20)).until(() -> logs.lines().stream().anyMatch(l -> l.contains(expected)));
            // no more requests while paused (kie.api.auth-pause is 1h in tests), tasks keep their state; a request
            // already past the gate when the pause began may still arrive, polling on would pass three at once
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> API.getAllServeEvents().size() <= 3);
            for (String id : List.of("t-a", "t-b", "t-c")) {
                assertThat(drop.state(id)).isEqualTo(TaskState.PENDING);
            }
            assertThat(logs.lines().stream().filter(l -> l.startsWith("ERROR") && l.contains(expected))).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "HTTP_DATE"})
    void rateLimitHonoursRetryAfter(String form) throws Exception {
        java.time.ZonedDateTime retryDate = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(6)
                .withNano(0);
        String retryAfter = form.equals("HTTP_DATE")
                ? java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(retryDate)
                : form;
        API.stubFor(recordInfo("t-busy").inScenario("busy").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(json(429, "{\"code\":429,\"msg\":\"Too many requests\"}").withHeader("Retry-After", retryAfter))
                .willSetStateTo("calm"));
        API.stubFor(recordInfo("t-busy").inScenario("busy").whenScenarioStateIs("calm")
                .willReturn(json(200, data("t-busy", "PENDING", ""))));
        RunningDrop drop = startWithTasks("t-busy");

        await().atMost(Duration.ofSeconds(30)).until(() -> API.findAll(recordInfoRequests("t-busy")).size() >= 2);
        List<LoggedRequest> requests = API.findAll(recordInfoRequests("t-busy"));
        if (form.equals("HTTP_DATE")) {
            // measured against the date itself: the bundle's start-up eats into a gap counted from the first request
            assertThat(requests.get(1).getLoggedDate().getTime())
                    .isGreaterThanOrEqualTo(retryDate.toInstant().toEpochMilli() - 250);
        } else {
            long gapMillis = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
            assertThat(gapMillis).isGreaterThanOrEqualTo(5000);
        }
        assertThat(drop.state("t-busy")).isEqualTo(TaskState.PENDING);
    }

    @ParameterizedTest
    @CsvSource({
        "429, '{\"code\":429,\"msg\":\"Too many requests\"}'",
        "455, '{\"code\":455,\"msg\":\"maintenance\"}'",
        "200, '{\"code\":455,\"msg\":\"maintenance\"}'",
        "500, '{\"code\":500,\"msg\":\"boom\"}'",
        "502, '<html>bad gateway</html>'",
        "503, ''",
        "200, '{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":'",
        "200, 'this is not json'",
        "200, '{\"code\":200,\"msg\":\"success\",\"data\":\"text instead of an object\"}'",
        "409, '{\"code\":409,\"msg\":\"conflict\"}'"})
    void transientAnswersAreRetriedAndTheTaskRecovers(int status, String body) throws Exception {
        byte[] mp4 = Mp4s.of(20_000, 3);
        kie.video("/files/t-flaky.mp4", mp4);
        API.stubFor(recordInfo("t-flaky").inScenario("flaky").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(json(status, body)).willSetStateTo("second"));
        API.stubFor(recordInfo("t-flaky").inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(json(status, body)).willSetStateTo("healthy"));
        API.stubFor(recordInfo("t-flaky").inScenario("flaky").whenScenarioStateIs("healthy")
                .willReturn(json(200, kie.success("t-flaky", "/files/t-flaky.mp4"))));
        RunningDrop drop = startWithTasks("t-flaky");

        drop.awaitState("t-flaky", TaskState.DELIVERED);
        assertThat(API.findAll(recordInfoRequests("t-flaky"))).hasSize(3);
        assertThat(Files.readAllBytes(drop.drop().resolve("t-flaky.mp4"))).isEqualTo(mp4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK", "TIMEOUT"})
    void transportFailuresAreRetriedAndTheTaskRecovers(String fault) throws Exception {
        byte[] mp4 = Mp4s.of(20_000, 4);
        kie.video("/files/t-net.mp4", mp4);
        var first = fault.equals("TIMEOUT")
                ? json(200, data("t-net", "PENDING", "")).withFixedDelay(4000)
                : aResponse().withFault(Fault.valueOf(fault));
        API.stubFor(recordInfo("t-net").inScenario("net").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(first).willSetStateTo("healthy"));
        API.stubFor(recordInfo("t-net").inScenario("net").whenScenarioStateIs("healthy")
                .willReturn(json(200, kie.success("t-net", "/files/t-net.mp4"))));
        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = startWithTasks("t-net");

            drop.awaitState("t-net", TaskState.DELIVERED);
            // exactly two requests: HttpClient's own retries are off, only our back-off retries
            assertThat(API.findAll(recordInfoRequests("t-net"))).hasSize(2);
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("t-net: record-info") && l.contains("will retry"));
            assertThat(logs.all()).doesNotContain("\tat org.apache");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEEP", "HUGE_STRING", "WRONG_TYPES"})
    void hostileJsonIsBoundedAndTheTaskRecordsAClearError(String kind) throws Exception {
        String body = switch (kind) {
            case "DEEP" -> "{\"code\":200,\"data\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) + "}";
            case "HUGE_STRING" -> "{\"code\":200,\"data\":{\"successFlag\":\"" + "A".repeat(200_000) + "\"}}";
            default -> "{\"code\":\"two hundred\",\"data\":[true,false]}";
        };
        API.stubFor(recordInfo("t-json").willReturn(json(200, body)));
        RunningDrop drop = startWithTasks("t-json");

        await().atMost(Duration.ofSeconds(20)).until(() -> drop.task("t-json").orElseThrow().lastError() != null);
        TaskRecord task = drop.task("t-json").orElseThrow();
        assertThat(task.lastError()).contains("malformed record-info answer (HTTP 200)");
        assertThat(task.state()).isEqualTo(TaskState.PENDING);
    }

    @Test
    void connectionRefusedIsRetriedWithoutStoppingTheRoute() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> s = RunningDrop.settings(home, "http://127.0.0.1:" + closedPort);
        s.put("kie.task-ids", "t-refused");
        RunningDrop drop = start(s);

        await().atMost(Duration.ofSeconds(20)).until(() -> drop.task("t-refused").orElseThrow().lastError() != null);
        assertThat(drop.task("t-refused").orElseThrow().lastError()).contains("record-info request failed");
        assertThat(drop.state("t-refused")).isEqualTo(TaskState.PENDING);
        assertThat(drop.context().getRouteController().getRouteStatus("poll-task").isStarted()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "400, '{\"code\":400,\"msg\":\"taskId format error\"}', taskId format error",
        "200, '{\"code\":422,\"msg\":\"taskId is invalid\"}', taskId is invalid"})
    void formatAndValidationErrorsEndInvalidWithTheApiMessage(int status, String body, String msg) throws Exception {
        API.stubFor(recordInfo("t-weird").willReturn(json(status, body)));
        RunningDrop drop = startWithTasks("t-weird");

        TaskRecord task = drop.awaitState("t-weird", TaskState.INVALID);
        assertThat(task.lastError()).contains(msg);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(home.resolve("drop/failed/t-weird.json")));
        assertThat(new ObjectMapper().readTree(home.resolve("drop/failed/t-weird.json").toFile()).path("state").asText())
                .isEqualTo("INVALID");
    }

    @Test
    void tasksPendingLongerThanGiveUpAfterExpireWithAReport() throws Exception {
        API.stubFor(recordInfo("t-slow").willReturn(json(200, data("t-slow", "PENDING", ""))));
        Map<String, String> s = settings();
        s.put("kie.task-ids", "t-slow");
        s.put("kie.poll.give-up-after", "2s");
        s.put("kie.poll.expiry-check-period", "500ms");
        RunningDrop drop = start(s);

        TaskRecord task = drop.awaitState("t-slow", TaskState.EXPIRED);
        assertThat(task.lastError()).contains("kie.poll.give-up-after");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(home.resolve("drop/failed/t-slow.json")));
    }
}

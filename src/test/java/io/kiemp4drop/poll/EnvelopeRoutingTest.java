package io.kiemp4drop.poll;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.pending;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static io.kiemp4drop.support.KieApi.recordInfoRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What each kind of record-info answer does to a task, through the real routes and a loopback kie.ai.
 * Which answer is which kind is RecordInfoReaderTest's table; here answers that need the same settings
 * share one context, one task per answer, each with its own stubs and its own checks.
 */
class EnvelopeRoutingTest extends PollRouteTest {

    private static final String MALFORMED = "malformed record-info answer (HTTP 200)";

    private final LogCapture logs = LogCapture.install();
    private final List<String> checkedTasks = new ArrayList<>();

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Override
    protected void moreSettings(Map<String, String> settings) {
        settings.put("test.closed-port", String.valueOf(closedPort()));
    }

    @TestFactory
    @Settings({"kie.poll.not-found-attempts=3", "kie.poll.expiry-check-period=500ms",
        // every task here fails on its own, but together they would trip the breaker (PollResilienceTest's subject)
        "kie.poll.circuit-breaker-failures=0"})
    Stream<DynamicTest> answersThatLeavePollingOpenActOnTheirOwnTaskOnly() throws Exception {
        List<DynamicTest> checks = new ArrayList<>();
        checks.add(codeZeroIsTreatedLikeTwoHundred("t-zero"));
        checks.add(unknownTaskEndsNotFound("t-ghost-null", 200, "{\"code\":200,\"msg\":\"success\",\"data\":null}"));
        checks.add(unknownTaskEndsNotFound("t-ghost-missing", 200, "{\"code\":200,\"msg\":\"success\"}"));
        checks.add(unknownTaskEndsNotFound("t-ghost-404", 404, "{\"code\":404,\"msg\":\"not found\"}"));
        checks.add(unknownTaskEndsNotFound("t-ghost-code-404", 200, "{\"code\":404,\"msg\":\"not found\"}"));
        checks.add(transientAnswerIsRetried("t-flaky-500", json(500, "{\"code\":500,\"msg\":\"boom\"}")));
        checks.add(transientAnswerIsRetried("t-flaky-html", json(502, "<html>bad gateway</html>")));
        checks.add(transientAnswerIsRetried("t-flaky-empty", json(503, "")));
        checks.add(transientAnswerIsRetried("t-flaky-truncated",
                json(200, "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":")));
        checks.add(transientAnswerIsRetried("t-flaky-not-json", json(200, "this is not json")));
        checks.add(transientAnswerIsRetried("t-flaky-data-text",
                json(200, "{\"code\":200,\"msg\":\"success\",\"data\":\"text instead of an object\"}")));
        checks.add(transientAnswerIsRetried("t-flaky-409", json(409, "{\"code\":409,\"msg\":\"conflict\"}")));
        checks.add(transportFailureIsRetried("t-net-reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        checks.add(transportFailureIsRetried("t-net-empty", aResponse().withFault(Fault.EMPTY_RESPONSE)));
        checks.add(transportFailureIsRetried("t-net-chunk", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        // kie.api.response-timeout-ms is 2 s in tests
        checks.add(transportFailureIsRetried("t-net-timeout", json(200, pending("t-net-timeout")).withFixedDelay(4000)));
        checks.add(hostileJsonLeavesAClearError("t-json-deep",
                "{\"code\":200,\"data\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) + "}"));
        checks.add(hostileJsonLeavesAClearError("t-json-huge",
                "{\"code\":200,\"data\":{\"successFlag\":\"" + "A".repeat(200_000) + "\"}}"));
        checks.add(hostileJsonLeavesAClearError("t-json-types", "{\"code\":\"two hundred\",\"data\":[true,false]}"));
        checks.add(refusedTaskEndsInvalid("t-weird-400", 400, "{\"code\":400,\"msg\":\"taskId format error\"}",
                "taskId format error"));
        checks.add(refusedTaskEndsInvalid("t-weird-422", 200, "{\"code\":422,\"msg\":\"taskId is invalid\"}",
                "taskId is invalid"));
        checks.add(taskPendingLongerThanGiveUpAfterExpires("t-slow"));
        checks.add(dynamicTest("no answer leaves a stack trace in the log",
                () -> assertThat(logs.all()).doesNotContain("\tat org.apache")));

        startWithTasks(checkedTasks);
        // added 73 h ago as far as the store knows: past the shipped kie.poll.give-up-after of 72 h
        backdate("t-slow", Duration.ofHours(73));
        return checks.stream();
    }

    private DynamicTest codeZeroIsTreatedLikeTwoHundred(String taskId) {
        byte[] mp4 = video(taskId);
        API.stubFor(recordInfo(taskId).willReturn(json(200, success(taskId).replace("\"code\":200", "\"code\":0"))));
        return check(taskId, "code 0 is treated like 200: the video is delivered", () -> {
            awaitState(taskId, TaskState.DELIVERED);
            assertThat(Files.readAllBytes(drop().resolve(taskId + ".mp4"))).isEqualTo(mp4);
        });
    }

    private DynamicTest unknownTaskEndsNotFound(String taskId, int status, String body) {
        API.stubFor(recordInfo(taskId).willReturn(json(status, body)));
        return check(taskId, "HTTP " + status + " " + body + " ends NOT_FOUND after kie.poll.not-found-attempts", () -> {
            TaskRecord task = awaitState(taskId, TaskState.NOT_FOUND);
            assertThat(API.findAll(recordInfoRequests(taskId))).hasSize(3);
            assertThat(task.lastError()).contains("3 polls");
            assertThat(report(taskId)).isRegularFile();
        });
    }

    private DynamicTest transientAnswerIsRetried(String taskId, ResponseDefinitionBuilder answer) {
        return deliveredAfter(taskId, answer, 2, "retried, and the task recovers on the third request", () -> { });
    }

    private DynamicTest transportFailureIsRetried(String taskId, ResponseDefinitionBuilder failure) {
        // exactly two requests: HttpClient's own retries are off
        return deliveredAfter(taskId, failure, 1, "retried by our back-off only, with a warning",
                () -> assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN")
                        && l.contains("Task " + taskId + ": record-info") && l.contains("will retry")));
    }

    /** {@code failing} for the task's first {@code times} polls, then SUCCESS: delivered after exactly times + 1 requests. */
    private DynamicTest deliveredAfter(String taskId, ResponseDefinitionBuilder failing, int times, String behaviour,
            Executable alsoCheck) {
        byte[] mp4 = video(taskId);
        answersThen(taskId, failing, times, json(200, success(taskId)));
        return check(taskId, behaviour, () -> {
            awaitState(taskId, TaskState.DELIVERED);
            assertThat(API.findAll(recordInfoRequests(taskId))).hasSize(times + 1);
            assertThat(Files.readAllBytes(drop().resolve(taskId + ".mp4"))).isEqualTo(mp4);
            alsoCheck.execute();
        });
    }

    private DynamicTest hostileJsonLeavesAClearError(String taskId, String body) {
        API.stubFor(recordInfo(taskId).willReturn(json(200, body)));
        return check(taskId, "hostile JSON is bounded: PENDING with a clear error", () -> {
            await().atMost(Duration.ofSeconds(20)).until(() -> task(taskId).orElseThrow().lastError() != null);
            TaskRecord task = task(taskId).orElseThrow();
            assertThat(task.lastError()).contains(MALFORMED);
            assertThat(task.state()).isEqualTo(TaskState.PENDING);
        });
    }

    private DynamicTest refusedTaskEndsInvalid(String taskId, int status, String body, String message) {
        API.stubFor(recordInfo(taskId).willReturn(json(status, body)));
        return check(taskId, "kie.ai refuses the task ID: INVALID with its message and a report", () -> {
            TaskRecord task = awaitState(taskId, TaskState.INVALID);
            assertThat(task.lastError()).contains(message);
            assertThat(new ObjectMapper().readTree(report(taskId).toFile()).path("state").asText()).isEqualTo("INVALID");
        });
    }

    private DynamicTest taskPendingLongerThanGiveUpAfterExpires(String taskId) {
        API.stubFor(recordInfo(taskId).willReturn(json(200, pending(taskId))));
        return check(taskId, "pending longer than kie.poll.give-up-after: EXPIRED with a report", () -> {
            TaskRecord task = awaitState(taskId, TaskState.EXPIRED);
            assertThat(task.lastError()).contains("kie.poll.give-up-after");
            assertThat(report(taskId)).isRegularFile();
        });
    }

    @TestFactory
    Stream<DynamicTest> answersAskingForABreakPauseAllPollingAndTheTasksRecover() throws Exception {
        List<DynamicTest> checks = List.of(
                retryAfterIsHonouredAsSecondsThenAsAnHttpDate("t-busy"),
                transientAnswerIsRetried("t-429", tooManyRequests()),
                transientAnswerIsRetried("t-455", json(455, "{\"code\":455,\"msg\":\"maintenance\"}")),
                transientAnswerIsRetried("t-455-code", json(200, "{\"code\":455,\"msg\":\"maintenance\"}")));
        startWithTasks(checkedTasks);
        return checks.stream();
    }

    /**
     * The pause other tasks' 429s and 455s cause is the back-off (at most 400 ms in tests), far shorter than
     * the Retry-After asked here; the date form is asked only once the seconds are over, as both would
     * otherwise hide each other.
     */
    private DynamicTest retryAfterIsHonouredAsSecondsThenAsAnHttpDate(String taskId) {
        API.stubFor(recordInfo(taskId).inScenario("seconds").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(tooManyRequests().withHeader("Retry-After", "3")).willSetStateTo("calm"));
        API.stubFor(recordInfo(taskId).inScenario("seconds").whenScenarioStateIs("calm")
                .willReturn(json(200, pending(taskId))));
        return check(taskId, "Retry-After is honoured as seconds, then as an HTTP date", () -> {
            List<Long> times = awaitRequests(taskId, 2);
            assertThat(times.get(1) - times.get(0)).isGreaterThanOrEqualTo(3000);

            // measured against the date itself: the time the answer took to arrive cannot eat into it
            ZonedDateTime retryDate = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3).withNano(0);
            String httpDate = DateTimeFormatter.RFC_1123_DATE_TIME.format(retryDate);
            API.stubFor(recordInfo(taskId).inScenario("date").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(tooManyRequests().withHeader("Retry-After", httpDate)).willSetStateTo("calm"));
            API.stubFor(recordInfo(taskId).inScenario("date").whenScenarioStateIs("calm")
                    .willReturn(json(200, pending(taskId))));
            long next = await().atMost(Duration.ofSeconds(30))
                    .until(() -> requestAfterAnswer(taskId, httpDate), Objects::nonNull);
            assertThat(next).isGreaterThanOrEqualTo(retryDate.toInstant().toEpochMilli() - 250);
            assertThat(state(taskId)).isEqualTo(TaskState.PENDING);
        });
    }

    /** One of each outcome here, one said by the HTTP status, one by the code; RecordInfoReaderTest has every spelling. */
    @ParameterizedTest
    @CsvSource({
        "401, '{\"code\":401,\"msg\":\"You do not have access permissions\"}', rejected the API key",
        "200, '{\"code\":402,\"msg\":\"Insufficient credits\"}', insufficient credits"})
    void keyRejectedOrNoCreditsPausesAllPollingWithOneError(int status, String body, String expected) throws Exception {
        for (String id : List.of("t-a", "t-b", "t-c")) {
            API.stubFor(recordInfo(id).willReturn(json(status, body)));
        }
        startWithTasks("t-a", "t-b", "t-c");

        await().atMost(Duration.ofSeconds(20)).until(() -> logs.lines().stream().anyMatch(l -> l.contains(expected)));
        // no more requests while paused (kie.api.auth-pause is 1h in tests), tasks keep their state; a request
        // already past the gate when the pause began may still arrive, polling on would pass three at once
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> API.getAllServeEvents().size() <= 3);
        for (String id : List.of("t-a", "t-b", "t-c")) {
            assertThat(state(id)).isEqualTo(TaskState.PENDING);
        }
        assertThat(logs.lines().stream().filter(l -> l.startsWith("ERROR") && l.contains(expected))).hasSize(1);
    }

    @Test
    @Settings("kie.api.base-url=http://127.0.0.1:{{test.closed-port}}")
    void connectionRefusedIsRetriedWithoutStoppingTheRoute() throws Exception {
        startWithTasks("t-refused");

        await().atMost(Duration.ofSeconds(20)).until(() -> task("t-refused").orElseThrow().lastError() != null);
        assertThat(task("t-refused").orElseThrow().lastError()).contains("record-info request failed");
        assertThat(state("t-refused")).isEqualTo(TaskState.PENDING);
        assertThat(context.getRouteController().getRouteStatus("poll-task").isStarted()).isTrue();
    }

    private DynamicTest check(String taskId, String behaviour, Executable check) {
        checkedTasks.add(taskId);
        return dynamicTest(taskId + ": " + behaviour, check);
    }

    /** {@code first} for the task's first {@code times} polls, then {@code then} for good. */
    private void answersThen(String taskId, ResponseDefinitionBuilder first, int times, ResponseDefinitionBuilder then) {
        String state = Scenario.STARTED;
        for (int i = 1; i <= times; i++) {
            API.stubFor(recordInfo(taskId).inScenario(taskId).whenScenarioStateIs(state)
                    .willReturn(first).willSetStateTo("answer-" + i));
            state = "answer-" + i;
        }
        API.stubFor(recordInfo(taskId).inScenario(taskId).whenScenarioStateIs(state).willReturn(then));
    }

    private static ResponseDefinitionBuilder tooManyRequests() {
        return json(429, "{\"code\":429,\"msg\":\"Too many requests\"}");
    }

    private byte[] video(String taskId) {
        byte[] mp4 = Mp4s.of(20_000, taskId.hashCode());
        kie.video("/files/" + taskId + ".mp4", mp4);
        return mp4;
    }

    private String success(String taskId) {
        return kie.success(taskId, "/files/" + taskId + ".mp4");
    }

    private Path report(String taskId) {
        return drop().resolve("failed/" + taskId + ".json");
    }

    /** The times (epoch millis, in order) of the task's record-info requests, once there are at least {@code n}. */
    private List<Long> awaitRequests(String taskId, int n) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> API.findAll(recordInfoRequests(taskId)).stream()
                .map(r -> r.getLoggedDate().getTime()).sorted().toList(), times -> times.size() >= n);
    }

    /** When the task's next request after the answer carrying this Retry-After arrived; null until it has. */
    private Long requestAfterAnswer(String taskId, String retryAfter) {
        List<ServeEvent> events = API.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().endsWith("?taskId=" + taskId))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
        for (int i = 0; i < events.size() - 1; i++) {
            HttpHeader answered = events.get(i).getResponse().getHeaders().getHeader("Retry-After");
            if (answered.isPresent() && answered.firstValue().equals(retryAfter)) {
                return events.get(i + 1).getRequest().getLoggedDate().getTime();
            }
        }
        return null;
    }

    private void backdate(String taskId, Duration age) throws Exception {
        try (Connection c = bean("taskDataSource", DataSource.class).getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE kie_task SET created_at = ? WHERE task_id = ?")) {
            update.setLong(1, System.currentTimeMillis() - age.toMillis());
            update.setString(2, taskId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

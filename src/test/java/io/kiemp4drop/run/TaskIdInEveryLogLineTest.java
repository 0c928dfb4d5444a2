package io.kiemp4drop.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.LogCapture.Event;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

/**
 * Every log line of a task's exchange carries the task ID in the MDC (key taskId): our own lines and Camel's,
 * on every thread the exchange crosses (the poll pool of the split, the deliver-video consumers, the
 * notification timer, the HTTP server's workers).
 */
@Settings({"kie.notify.uri={{kie.api.base-url}}/hook", "kie.http.enabled=true", "kie.http.token=mdc-token-2b"})
class TaskIdInEveryLogLineTest extends BundleRouteTest {

    private static final List<String> TASKS = List.of("t-mdc-a", "t-mdc-b");
    private static final String CANCELLED = "t-mdc-c";

    @Test
    void everyLineThatNamesATaskCarriesItsIdInTheMdc() throws Exception {
        for (String taskId : TASKS) {
            kie.video("/files/" + taskId + ".mp4", Mp4s.of(30_000, taskId.hashCode()));
            API.stubFor(recordInfo(taskId).willReturn(json(200, kie.success(taskId, "/files/" + taskId + ".mp4"))));
        }
        failFirst(get(urlPathEqualTo("/files/t-mdc-b.mp4")), "video");
        failFirst(post(urlPathEqualTo("/hook")).withRequestBody(matchingJsonPath("$.taskId", equalTo("t-mdc-a"))), "hook");
        API.stubFor(post(urlPathEqualTo("/hook")).atPriority(10).willReturn(aResponse().withStatus(204)));
        // Camel's own log lines, on the poll pool (split) and on the deliver-video consumers
        AdviceWith.adviceWith(context, "poll-task", route -> route.weaveAddLast().log("camel log step: polled ${exchangeProperty.taskId}"));
        AdviceWith.adviceWith(context, "download-video",
                route -> route.weaveAddFirst().log("camel log step: downloading ${exchangeProperty.taskId}"));

        try (LogCapture logs = LogCapture.install()) {
            startWithTasks(TASKS.toArray(String[]::new));
            for (String taskId : TASKS) {
                awaitState(taskId, TaskState.DELIVERED);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> notificationsOwed() == 0);
            addTask(CANCELLED);
            assertThat(http().delete("/tasks/" + CANCELLED, Map.of("Authorization", "Bearer mdc-token-2b")).statusCode())
                    .isEqualTo(200);

            assertThat(linesNaming(logs, CANCELLED)).extracting(Event::message)
                    .anyMatch(m -> m.startsWith("Task " + CANCELLED + " CANCELLED through the task API"));
            for (String taskId : TASKS) {
                List<Event> naming = linesNaming(logs, taskId);
                assertThat(naming).extracting(Event::thread).as("threads of " + taskId)
                        .anyMatch(thread -> thread.endsWith("Split"))
                        .anyMatch(thread -> thread.contains("seda://deliver"));
                assertThat(naming).extracting(Event::message)
                        .contains("camel log step: polled " + taskId, "camel log step: downloading " + taskId);
            }
            assertThat(logs.events()).extracting(Event::message)
                    .anyMatch(m -> m.startsWith("Task t-mdc-b: ") && m.contains("will retry"))
                    .anyMatch(m -> m.startsWith("Notification for task t-mdc-a failed"));
        }
    }

    /** Every captured line whose message names {@code taskId}, each checked to carry it in the MDC. */
    private static List<Event> linesNaming(LogCapture logs, String taskId) {
        List<Event> naming = logs.events().stream().filter(e -> e.message().contains(taskId)).toList();
        assertThat(naming).as("lines naming " + taskId).isNotEmpty()
                .allSatisfy(e -> assertThat(e.mdc()).as(e.thread() + ": " + e.message()).containsEntry("taskId", taskId));
        return naming;
    }

    /** The first request matching {@code request} gets a 500, every later one the usual answer. */
    private void failFirst(MappingBuilder request, String scenario) {
        API.stubFor(request.inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("answered"));
    }
}

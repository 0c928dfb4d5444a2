package io.kiemp4drop.store;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.pending;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static io.kiemp4drop.support.KieApi.recordInfoRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The task store survives a restart: delivered stays delivered, pending carries on. */
class RestartTest extends DropTestBase {

    @Test
    void deliveredTasksAreNeverFetchedAgainAndPendingOnesContinue() throws Exception {
        byte[] mp4 = Mp4s.of(80_000, 41);
        kie.video("/files/t-done.mp4", mp4);
        API.stubFor(recordInfo("t-done").willReturn(json(200, kie.success("t-done", "/files/t-done.mp4"))));
        API.stubFor(recordInfo("t-wait").willReturn(json(200, pending("t-wait"))));
        Map<String, String> s = settings();
        s.put("kie.task-ids", "t-done,t-wait");

        RunningDrop first = start(s);
        TaskRecord delivered = first.awaitState("t-done", TaskState.DELIVERED);
        await().atMost(Duration.ofSeconds(20)).until(() -> first.task("t-wait").orElseThrow().polls() >= 2);
        first.close();
        int waitPollsBefore = API.findAll(recordInfoRequests("t-wait")).size();
        int donePollsBefore = API.findAll(recordInfoRequests("t-done")).size();

        RunningDrop second = start(s);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> API.findAll(recordInfoRequests("t-wait")).size() >= waitPollsBefore + 3);

        assertThat(second.task("t-done").orElseThrow()).isEqualTo(delivered);
        assertThat(second.task("t-wait").orElseThrow().polls()).isGreaterThan(2);
        assertThat(API.findAll(recordInfoRequests("t-done"))).hasSize(donePollsBefore);
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/files/t-done.mp4")))).hasSize(1);
        assertThat(Files.readAllBytes(second.drop().resolve("t-done.mp4"))).isEqualTo(mp4);
    }
}

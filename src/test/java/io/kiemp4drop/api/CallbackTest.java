package io.kiemp4drop.api;

import static io.kiemp4drop.api.SignedCallbacks.body;
import static io.kiemp4drop.api.SignedCallbacks.now;
import static io.kiemp4drop.api.SignedCallbacks.sign;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.pending;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static io.kiemp4drop.support.KieApi.recordInfoRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Settings;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kie.ai's callback: HMAC checks, and a callback for an unknown task ending in a delivered file. Polling alone
 * would take an hour here: only the callback can make these tasks move.
 */
@Settings({"kie.http.enabled=true", "kie.callback.hmac-key=" + SignedCallbacks.KEY, "kie.poll.period=1h"})
class CallbackTest extends BundleRouteTest {

    private SignedCallbacks callbacks;

    @Override
    protected void start() throws Exception {
        super.start();
        callbacks = new SignedCallbacks(http());
    }

    @Test
    void aSignedCallbackForAnUnknownTaskEndsInADeliveredFile() throws Exception {
        byte[] mp4 = Mp4s.of(120_000, 101);
        kie.video("/files/t-cb.mp4", mp4);
        API.stubFor(recordInfo("t-cb").willReturn(json(200, kie.success("t-cb", "/files/t-cb.mp4"))));
        start();

        HttpResponse<String> answer = callbacks.signed("t-cb", now());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"accepted\":true").contains("\"newTask\":true");
        awaitState("t-cb", TaskState.DELIVERED);
        assertThat(Files.readAllBytes(drop().resolve("t-cb.mp4"))).isEqualTo(mp4);
        assertThat(API.findAll(recordInfoRequests("t-cb"))).hasSize(1);
        assertThat(API.findAll(WireMock.anyRequestedFor(WireMock.urlPathEqualTo("/never-fetched.mp4")))).isEmpty();
    }

    @Test
    void badStaleReplayedAndUnsignedCallbacksAreRefused() throws Exception {
        API.stubFor(recordInfo("t-sig").willReturn(json(200, pending("t-sig"))));
        start();
        long now = now();

        for (HttpResponse<String> refused : List.of(
                callbacks.send("t-sig", now, sign("t-other", now)),
                callbacks.signed("t-sig", now - 400),
                callbacks.signed("t-sig", now + 400),
                callbacks.unsigned(body("t-sig")))) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("\"error\"");
        }
        assertThat(task("t-sig")).isEmpty();

        assertThat(callbacks.signed("t-sig", now).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = callbacks.signed("t-sig", now);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("already received");
        HttpResponse<String> hostile = callbacks.unsigned("{\"data\":{\"task_id\":\"../x\"}}");
        assertThat(hostile.statusCode()).isEqualTo(400);
        assertThat(hostile.body()).contains("\"error\"");
        await().atMost(Duration.ofSeconds(10)).until(() -> API.findAll(recordInfoRequests("t-sig")).size() == 1);
        assertThat(tasks().all()).hasSize(1);
    }

    @Test
    @Settings("kie.callback.hmac-key=")
    void withoutAKeyCallbacksAreAcceptedInCamelCaseToo() throws Exception {
        API.stubFor(recordInfo("t-camel").willReturn(json(200, pending("t-camel"))));
        start();

        HttpResponse<String> answer = callbacks.unsigned("{\"code\":200,\"data\":{\"taskId\":\"t-camel\",\"videoUrl\":\"https://x/y.mp4\"}}");

        assertThat(answer.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> task("t-camel").map(t -> t.polls() == 1).orElse(false));
    }
}

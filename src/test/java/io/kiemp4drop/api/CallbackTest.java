package io.kiemp4drop.api;

import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static io.kiemp4drop.support.KieApi.recordInfoRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.Http;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** kie.ai's callback: HMAC checks, and a callback for an unknown task ending in a delivered file. */
class CallbackTest extends DropTestBase {

    private static final String KEY = "webhook-key-0a7f";

    private int[] port = new int[1];

    private RunningDrop startSigned() {
        Map<String, String> s = httpSettings(port);
        s.put("kie.callback.hmac-key", KEY);
        // polling alone would take an hour: only the callback can make these tasks move
        s.put("kie.poll.period", "1h");
        return start(s);
    }

    private static String sign(String taskId, long timestamp) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((taskId + "." + timestamp).getBytes(StandardCharsets.UTF_8)));
    }

    private static String body(String taskId) {
        return "{\"code\":200,\"msg\":\"MP4 generated successfully.\",\"data\":{\"task_id\":\"" + taskId
                + "\",\"video_url\":\"http://169.254.169.254/never-fetched.mp4\"}}";
    }

    private HttpResponse<String> callback(String taskId, long timestamp, String signature) throws Exception {
        return new Http(port[0]).post("/callback/mp4", "application/json", body(taskId),
                Map.of("X-Webhook-Timestamp", String.valueOf(timestamp), "X-Webhook-Signature", signature));
    }

    @Test
    void aSignedCallbackForAnUnknownTaskEndsInADeliveredFile() throws Exception {
        byte[] mp4 = Mp4s.of(120_000, 101);
        kie.video("/files/t-cb.mp4", mp4);
        API.stubFor(recordInfo("t-cb").willReturn(json(200, kie.success("t-cb", "/files/t-cb.mp4"))));
        RunningDrop drop = startSigned();
        long now = System.currentTimeMillis() / 1000;

        long started = System.nanoTime();
        HttpResponse<String> answer = callback("t-cb", now, sign("t-cb", now));
        long answeredMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"accepted\":true").contains("\"newTask\":true");
        drop.awaitState("t-cb", TaskState.DELIVERED);
        assertThat(Files.readAllBytes(drop.drop().resolve("t-cb.mp4"))).isEqualTo(mp4);
        assertThat(API.findAll(recordInfoRequests("t-cb"))).hasSize(1);
        System.out.println("callback answered in " + answeredMillis + " ms");
    }

    @Test
    void badStaleReplayedAndUnsignedCallbacksAreRefused() throws Exception {
        API.stubFor(recordInfo("t-sig").willReturn(json(200, io.kiemp4drop.support.KieApi.pending("t-sig"))));
        RunningDrop drop = startSigned();
        long now = System.currentTimeMillis() / 1000;
        Http http = new Http(port[0]);

        assertThat(callback("t-sig", now, sign("t-other", now)).statusCode()).isEqualTo(401);
        assertThat(callback("t-sig", now - 400, sign("t-sig", now - 400)).statusCode()).isEqualTo(401);
        assertThat(callback("t-sig", now + 400, sign("t-sig", now + 400)).statusCode()).isEqualTo(401);
        assertThat(http.post("/callback/mp4", "application/json", body("t-sig"), Map.of()).statusCode()).isEqualTo(401);
        assertThat(drop.task("t-sig")).isEmpty();

        String good = sign("t-sig", now);
        assertThat(callback("t-sig", now, good).statusCode()).isEqualTo(200);
        assertThat(callback("t-sig", now, good).statusCode()).isEqualTo(401);
        assertThat(http.post("/callback/mp4", "application/json", "{\"data\":{\"task_id\":\"../x\"}}", Map.of())
                .statusCode()).isEqualTo(400);
        await().atMost(Duration.ofSeconds(10)).until(() -> API.findAll(recordInfoRequests("t-sig")).size() == 1);
    }

    @Test
    void aReplayIsRefusedAfterARestartToo() throws Exception {
        API.stubFor(recordInfo("t-again").willReturn(json(200, io.kiemp4drop.support.KieApi.pending("t-again"))));
        long now = System.currentTimeMillis() / 1000;
        String good = sign("t-again", now);
        RunningDrop first = startSigned();
        assertThat(callback("t-again", now, good).statusCode()).isEqualTo(200);
        first.close();

        startSigned();
        assertThat(callback("t-again", now, good).statusCode()).as("the same signed callback again").isEqualTo(401);
        assertThat(callback("t-again", now + 1, sign("t-again", now + 1)).statusCode()).as("a new one").isEqualTo(200);
    }

    @Test
    void withoutAKeyCallbacksAreAcceptedInCamelCaseToo() throws Exception {
        API.stubFor(recordInfo("t-camel").willReturn(json(200, io.kiemp4drop.support.KieApi.pending("t-camel"))));
        Map<String, String> s = httpSettings(port);
        s.put("kie.poll.period", "1h");
        RunningDrop drop = start(s);

        HttpResponse<String> answer = new Http(port[0]).post("/callback/mp4", "application/json",
                "{\"code\":200,\"data\":{\"taskId\":\"t-camel\",\"videoUrl\":\"https://x/y.mp4\"}}", Map.of());

        assertThat(answer.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> drop.task("t-camel").map(t -> t.polls() == 1).orElse(false));
    }
}

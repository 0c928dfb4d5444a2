package io.kiemp4drop.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.demo.KieSimulator.Ending;
import io.kiemp4drop.support.Mp4s;
import java.io.ByteArrayOutputStream;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KieSimulatorTest {

    private static final String KEY = "simulator-key";
    private static final String SAMPLE = "/kie-mp4-drop/demo/sample-1.mp4";

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final GeneratedVideo video = new GeneratedVideo(3 * GeneratedVideo.BLOCK + 17, 5);
    private final KieSimulator simulator = new KieSimulator(KEY)
            .task("t-script", 2, Ending.SUCCESS, SAMPLE)
            .task("t-failed", 0, Ending.GENERATE_MP4_FAILED, null)
            .task("t-wait-1", KieSimulator.UNTIL_READY, video)
            .task("t-wait-2", KieSimulator.UNTIL_READY, video)
            .start();

    @AfterEach
    void close() {
        simulator.close();
    }

    @Test
    void aScriptedTaskIsPendingForItsPollsThenServesItsSample() throws Exception {
        assertThat(flag("t-script")).isEqualTo("PENDING");
        assertThat(flag("t-script")).isEqualTo("PENDING");
        JsonNode done = recordInfo("t-script", KEY).path("data");

        assertThat(done.path("successFlag").asText()).isEqualTo("SUCCESS");
        assertThat(done.path("response").path("videoUrl").asText()).isEqualTo(simulator.videoUrl("t-script"));
        try (InputStream sample = KieSimulator.class.getResourceAsStream(SAMPLE)) {
            assertThat(download("t-script")).isEqualTo(sample.readAllBytes());
        }
    }

    @Test
    void aFailingTaskReportsTheFailureAndHasNoVideo() throws Exception {
        JsonNode data = recordInfo("t-failed", KEY).path("data");
        assertThat(data.path("successFlag").asText()).isEqualTo("GENERATE_MP4_FAILED");
        assertThat(data.path("errorCode").asInt()).isEqualTo(500);
        assertThat(get("/files/t-failed.mp4").statusCode()).isEqualTo(404);
    }

    @Test
    void anUnknownTaskHasNoDataAndAWrongKeyIsRefused() throws Exception {
        assertThat(recordInfo("t-unknown", KEY).path("data").isNull()).isTrue();
        assertThat(recordInfo("t-script", "other-key").path("code").asInt()).isEqualTo(401);
    }

    @Test
    void tasksWaitUntilReleasedOneByOneOrAllAtOnce() throws Exception {
        assertThat(flag("t-wait-1")).isEqualTo("PENDING");
        post("/control/ready?taskId=t-wait-1");
        assertThat(flag("t-wait-1")).isEqualTo("SUCCESS");
        assertThat(flag("t-wait-2")).isEqualTo("PENDING");

        long before = System.currentTimeMillis();
        assertThat(Long.parseLong(post("/control/ready"))).isBetween(before, System.currentTimeMillis());
        assertThat(flag("t-wait-2")).isEqualTo("SUCCESS");
    }

    @Test
    void theGeneratedVideoIsServedWhole() throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        video.writeTo(expected);
        assertThat(download("t-wait-1")).isEqualTo(expected.toByteArray());
    }

    @Test
    void statsCountRequestsAndResetStartsOver() throws Exception {
        long before = System.currentTimeMillis();
        flag("t-wait-1");
        flag("t-script");
        download("t-wait-1");
        post("/control/ready");
        String[] stats = get("/control/stats").body().split(" ");
        assertThat(stats[0]).isEqualTo("2");
        assertThat(stats[1]).isEqualTo("1");
        assertThat(Long.parseLong(stats[2])).isBetween(before, System.currentTimeMillis());

        post("/control/reset");
        assertThat(get("/control/stats").body()).isEqualTo("0 0 0");
        assertThat(flag("t-wait-1")).isEqualTo("PENDING");
        assertThat(flag("t-script")).isEqualTo("PENDING");
    }

    @Test
    void idsAndVideoUrlsAreListedInOrder() throws Exception {
        assertThat(get("/control/ids").body()).isEqualTo("t-script\nt-failed\nt-wait-1\nt-wait-2\n");
        assertThat(get("/control/urls").body()).isEqualTo(simulator.videoUrl("t-script") + "\n"
                + simulator.videoUrl("t-wait-1") + "\n" + simulator.videoUrl("t-wait-2") + "\n");
    }

    @Test
    void benchTasksReplaceTheTasksAndWaitUntilReleased() throws Exception {
        assertThat(post("/control/tasks?count=2&bytes=100")).isEqualTo("tasks");

        assertThat(get("/control/ids").body()).isEqualTo("bench-0\nbench-1\n");
        assertThat(flag("t-script")).isEmpty();
        assertThat(flag("bench-1")).isEqualTo("PENDING");
        post("/control/ready");
        assertThat(flag("bench-1")).isEqualTo("SUCCESS");
        assertThat(download("bench-1")).hasSize(100).startsWith(0, 0, 0, 0x20, 'f', 't', 'y', 'p');
    }

    @Test
    void benchTasksCanServeTheCallersOwnVideo() throws Exception {
        byte[] video = Mp4s.of(5000, 9);
        simulator.benchTasks(3, video);
        post("/control/ready");

        assertThat(get("/control/ids").body()).isEqualTo("bench-0\nbench-1\nbench-2\n");
        assertThat(download("bench-2")).isEqualTo(video);
    }

    @Test
    void aGenerateRequestMakesATaskThatEndsWhenItsVideoIsMadeAndKieAiCallsBackSigned() throws Exception {
        BlockingQueue<Map<String, String>> callbacks = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", http -> {
            callbacks.add(Map.of("query", http.getRequestURI().getRawQuery(), "body",
                    new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    "timestamp", http.getRequestHeaders().getFirst("X-Webhook-Timestamp"),
                    "signature", http.getRequestHeaders().getFirst("X-Webhook-Signature")));
            http.sendResponseHeaders(200, -1);
            http.close();
        });
        receiver.start();
        try {
            simulator.generates(SAMPLE, Duration.ofMillis(300), "hook-key");
            String callbackUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook?request=g-1";

            JsonNode answer = generate("{\"taskId\":\"music-1\",\"audioId\":\"audio-1\",\"callBackUrl\":\"" + callbackUrl + "\"}", KEY);
            String taskId = answer.path("data").path("taskId").asText();

            assertThat(answer.path("code").asInt()).isEqualTo(200);
            JsonNode pending = recordInfo(taskId, KEY).path("data");
            assertThat(pending.path("callbackUrl").asText()).isEqualTo(callbackUrl);
            assertThat(pending.path("musicId").asText()).isEqualTo("music-1");
            assertThat(pending.path("audioId").asText()).isEqualTo("audio-1");
            Map<String, String> callback = callbacks.poll(10, TimeUnit.SECONDS);
            assertThat(callback).as("kie.ai called back").isNotNull();
            assertThat(callback.get("query")).isEqualTo("request=g-1");
            JsonNode data = json.readTree(callback.get("body")).path("data");
            assertThat(data.path("task_id").asText()).isEqualTo(taskId);
            assertThat(data.path("video_url").asText()).isEqualTo(simulator.videoUrl(taskId));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("hook-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            assertThat(callback.get("signature")).isEqualTo(Base64.getEncoder().encodeToString(
                    mac.doFinal((taskId + "." + callback.get("timestamp")).getBytes(StandardCharsets.UTF_8))));
            assertThat(flag(taskId)).isEqualTo("SUCCESS");
            try (InputStream sample = KieSimulator.class.getResourceAsStream(SAMPLE)) {
                assertThat(download(taskId)).isEqualTo(sample.readAllBytes());
            }
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aGenerateRequestWithoutItsFieldsOrWithAWrongKeyMakesNothing() throws Exception {
        assertThat(generate("{\"taskId\":\"music-1\",\"audioId\":\"audio-1\"}", KEY).path("code").asInt()).isEqualTo(422);
        assertThat(generate("not json", KEY).path("code").asInt()).isEqualTo(422);
        assertThat(generate("{\"taskId\":\"m\",\"audioId\":\"a\",\"callBackUrl\":\"http://127.0.0.1:9/x\"}", "other-key")
                .path("code").asInt()).isEqualTo(401);
        assertThat(get("/control/ids").body()).isEqualTo("t-script\nt-failed\nt-wait-1\nt-wait-2\n");
    }

    private JsonNode generate(String body, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/api/v1/mp4/generate"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return json.readTree(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private String flag(String taskId) throws Exception {
        return recordInfo(taskId, KEY).path("data").path("successFlag").asText();
    }

    private JsonNode recordInfo(String taskId, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/api/v1/mp4/record-info?taskId=" + taskId))
                .header("Authorization", "Bearer " + key).build();
        return json.readTree(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private byte[] download(String taskId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.videoUrl(taskId))).build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String post(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}

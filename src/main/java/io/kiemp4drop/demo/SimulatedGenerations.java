package io.kiemp4drop.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kie.ai's generate endpoint, simulated: each accepted request becomes a new task, PENDING until its video is made
 * ({@code readyAfter} later); then the task ends SUCCESS and kie.ai's callback goes to the {@code callBackUrl} the
 * request gave, signed as kie.ai signs it when the account has a webhook HMAC key. record-info of the task names
 * that URL in {@code data.callbackUrl}.
 */
final class SimulatedGenerations implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedGenerations.class);

    /** What the endpoint answers: the status, kie.ai's envelope, and the task made (null when refused). */
    record Answer(int status, Map<String, Object> envelope, SimulatedTask task, String callbackUrl) {
    }

    private final ObjectMapper json;
    private final String hmacKey;
    private final Duration readyAfter;
    private final Function<String, SimulatedTask> newTask;
    private final AtomicInteger made = new AtomicInteger();
    private final String runPrefix = "gen-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kie-simulator-callbacks");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param hmacKey the account's webhook key, or null: callbacks unsigned
     * @param newTask a task for a new ID, pending until released, serving the video to be made
     */
    SimulatedGenerations(ObjectMapper json, String hmacKey, Duration readyAfter, Function<String, SimulatedTask> newTask) {
        this.json = json;
        this.hmacKey = hmacKey == null || hmacKey.isBlank() ? null : hmacKey;
        this.readyAfter = readyAfter;
        this.newTask = newTask;
    }

    /** The answer to one generate request: a new task, or 422 when taskId, audioId or callBackUrl is missing. */
    Answer accept(byte[] body) {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            request = null;
        }
        if (request == null || !request.path("taskId").isTextual() || !request.path("audioId").isTextual()
                || !request.path("callBackUrl").asText("").matches("https?://.+")) {
            return new Answer(422, Map.of("code", 422, "msg", "taskId, audioId and callBackUrl are required"), null, null);
        }
        SimulatedTask task = newTask.apply(runPrefix + made.incrementAndGet()).madeFor(request.path("taskId").asText(),
                request.path("audioId").asText(), request.path("callBackUrl").asText());
        return new Answer(200, SimulatedTask.envelope(Map.of("taskId", task.id())), task,
                request.path("callBackUrl").asText());
    }

    /** {@code readyAfter} from now: the task ends SUCCESS and kie.ai's callback is sent (once, as kie.ai does). */
    void readyLater(SimulatedTask task, String callbackUrl, String videoUrl) {
        timer.schedule(() -> {
            task.release();
            callBack(task.id(), callbackUrl, videoUrl);
        }, readyAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void callBack(String taskId, String callbackUrl, String videoUrl) {
        try {
            String body = json.writeValueAsString(Map.of("code", 200, "msg", "MP4 generated successfully.",
                    "data", Map.of("task_id", taskId, "video_url", videoUrl)));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(callbackUrl)).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            if (hmacKey != null) {
                String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
                request.header("X-Webhook-Timestamp", timestamp).header("X-Webhook-Signature", sign(taskId + "." + timestamp));
            }
            int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            LOG.info("Simulated kie.ai called back for task {}: HTTP {}", taskId, status);
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            LOG.warn("Simulated kie.ai could not call back for task {}: {}", taskId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String sign(String payload) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(hmacKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package io.kiemp4drop.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kiemp4drop.observe.KieMetrics;
import io.kiemp4drop.store.TaskStore;
import io.kiemp4drop.validation.LogSafe;
import io.kiemp4drop.validation.TaskIds;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback kie.ai sends when a video is ready. It is a hint, never the truth: the task is registered
 * if unknown and polled at once; nothing in the body (its video URL above all) is used beyond the task ID.
 * With kie.callback.hmac-key set, {@code X-Webhook-Signature} must be base64(HMAC-SHA256(taskId + "." +
 * timestamp)), the timestamp within kie.callback.max-skew, and a signature is accepted once (by any replica
 * sharing the task store, before or after a restart).
 */
public class CallbackReceiver {

    /** Exchange property set when the task should be polled right away. */
    public static final String POLL_NOW = "kiePollNow";

    private static final Logger LOG = LoggerFactory.getLogger(CallbackReceiver.class);

    private final TaskStore store;
    private final byte[] hmacKey;
    private final Duration maxSkew;
    private final KieMetrics metrics;

    public CallbackReceiver(TaskStore store, String hmacKey, Duration maxSkew, KieMetrics metrics) {
        this.store = store;
        this.hmacKey = hmacKey == null || hmacKey.isBlank() ? null : hmacKey.getBytes(StandardCharsets.UTF_8);
        this.maxSkew = maxSkew;
        this.metrics = metrics;
    }

    public void receive(Exchange exchange) {
        String taskId = taskIdOf(exchange.getMessage().getBody(String.class));
        if (!TaskIds.isValid(taskId)) {
            refuse(exchange, 400, "invalid", "no valid task_id in the callback body");
            return;
        }
        if (hmacKey != null && !signatureAccepted(exchange, taskId)) {
            return;
        }
        boolean added = store.add(taskId, "callback");
        boolean claimed = store.claimNow(taskId);
        exchange.setProperty(POLL_NOW, claimed);
        exchange.setProperty("kieTaskId", taskId);
        metrics.callback("accepted");
        LOG.info("Callback for task {}{}: polling it now", taskId, added ? " (new task)" : "");
        Json.answer(exchange, 200, Map.of("accepted", true, "taskId", taskId, "newTask", added));
    }

    private boolean signatureAccepted(Exchange exchange, String taskId) {
        String timestamp = exchange.getMessage().getHeader("X-Webhook-Timestamp", String.class);
        String signature = exchange.getMessage().getHeader("X-Webhook-Signature", String.class);
        long seconds;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp.trim());
        } catch (NumberFormatException e) {
            refuse(exchange, 401, "unsigned", "missing or unreadable X-Webhook-Timestamp");
            return false;
        }
        long now = System.currentTimeMillis() / 1000;
        if (Math.abs(now - seconds) > maxSkew.toSeconds()) {
            refuse(exchange, 401, "stale", "X-Webhook-Timestamp outside kie.callback.max-skew");
            return false;
        }
        byte[] expected = sign(taskId + "." + seconds).getBytes(StandardCharsets.US_ASCII);
        byte[] offered = signature == null ? new byte[0] : signature.trim().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, offered)) {
            refuse(exchange, 401, "bad_signature", "X-Webhook-Signature does not match");
            return false;
        }
        // kept in the task store, so that other replicas and a restarted one refuse the replay too
        if (!store.firstSightingOf(new String(expected, StandardCharsets.US_ASCII), (seconds + maxSkew.toSeconds()) * 1000)) {
            refuse(exchange, 401, "replayed", "this signed callback was already received");
            return false;
        }
        return true;
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void refuse(Exchange exchange, int status, String result, String why) {
        metrics.callback(result);
        LOG.warn("Callback refused ({}): {}", status, why);
        Json.error(exchange, status, why);
    }

    /** data.task_id (documented form) or data.taskId; null when absent or not JSON. */
    private static String taskIdOf(String body) {
        try {
            JsonNode data = Json.mapper().readTree(body == null ? "" : body).path("data");
            JsonNode id = data.hasNonNull("task_id") ? data.get("task_id") : data.path("taskId");
            return id.isTextual() ? id.textValue() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

}

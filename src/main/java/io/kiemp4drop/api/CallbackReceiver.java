package io.kiemp4drop.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.store.CallbackLedger;
import io.kiemp4drop.validation.TaskIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback kie.ai sends when a video is ready. It is a hint, never the truth: the task is registered if
 * unknown and polled at once; nothing in the body (its video URL above all) is used beyond the task ID. With
 * kie.callback.hmac-key set, {@code X-Webhook-Signature} must be base64(HMAC-SHA256(taskId + "." + timestamp)),
 * the timestamp within kie.callback.max-skew, and a signature is accepted once (by any replica sharing the task
 * store, before or after a restart).
 */
public class CallbackReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackReceiver.class);

    private final CallbackLedger ledger;
    private final byte[] hmacKey;
    private final Duration maxSkew;
    private final KieMetrics metrics;
    private final ObjectMapper json;

    public CallbackReceiver(CallbackLedger ledger, String hmacKey, Duration maxSkew, KieMetrics metrics, ObjectMapper json) {
        this.ledger = ledger;
        this.hmacKey = hmacKey == null || hmacKey.isBlank() ? null : hmacKey.getBytes(StandardCharsets.UTF_8);
        this.maxSkew = maxSkew;
        this.metrics = metrics;
        this.json = json;
    }

    /** The validated task ID of a callback that passes the checks; refuses it otherwise (400, 401). */
    public String verify(String body, @Header("X-Webhook-Timestamp") String timestamp,
            @Header("X-Webhook-Signature") String signature) {
        String taskId = taskIdOf(body);
        if (!TaskIds.isValid(taskId)) {
            throw refusal(400, "invalid", "no valid task_id in the callback body");
        }
        if (hmacKey != null) {
            checkSignature(taskId, timestamp, signature);
        }
        return taskId;
    }

    /** The answer kie.ai gets: at once, while the poll (and any download) runs on its own. */
    public Map<String, Object> accepted(Exchange exchange, @ExchangeProperty(ExchangeNames.TASK_ID) String taskId,
            @ExchangeProperty(ExchangeNames.NEW_TASK) boolean newTask) {
        metrics.callback("accepted");
        LOG.info("Callback for task {}{}: polling it now", taskId, newTask ? " (new task)" : "");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", true);
        answer.put("taskId", taskId);
        answer.put("newTask", newTask);
        return Answers.ok(exchange, answer);
    }

    private void checkSignature(String taskId, String timestamp, String signature) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp.trim());
        } catch (NumberFormatException e) {
            throw refusal(401, "unsigned", "missing or unreadable X-Webhook-Timestamp");
        }
        long now = System.currentTimeMillis() / 1000;
        if (Math.abs(now - seconds) > maxSkew.toSeconds()) {
            throw refusal(401, "stale", "X-Webhook-Timestamp outside kie.callback.max-skew");
        }
        byte[] expected = sign(taskId + "." + seconds).getBytes(StandardCharsets.US_ASCII);
        byte[] offered = signature == null ? new byte[0] : signature.trim().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, offered)) {
            throw refusal(401, "bad_signature", "X-Webhook-Signature does not match");
        }
        // kept in the task store, so that other replicas and a restarted one refuse the replay too
        if (!ledger.firstSightingOf(new String(expected, StandardCharsets.US_ASCII), (seconds + maxSkew.toSeconds()) * 1000)) {
            throw refusal(401, "replayed", "this signed callback was already received");
        }
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

    private ApiRefusal refusal(int status, String result, String why) {
        metrics.callback(result);
        LOG.warn("Callback refused ({}): {}", status, why);
        return new ApiRefusal(status, why);
    }

    /** data.task_id (documented form) or data.taskId; null when absent or not JSON. */
    private String taskIdOf(String body) {
        try {
            JsonNode data = json.readTree(body == null ? "" : body).path("data");
            JsonNode id = data.hasNonNull("task_id") ? data.get("task_id") : data.path("taskId");
            return id.isTextual() ? id.textValue() : null;
        } catch (IOException e) {
            return null;
        }
    }
}

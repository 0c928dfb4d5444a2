package io.kiemp4drop.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.PollOutcome;
import io.kiemp4drop.model.PollResult;
import io.kiemp4drop.model.RecordInfo;
import io.kiemp4drop.validation.LogSafe;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.apache.camel.Exchange;

/**
 * Turns one record-info HTTP response into a {@link PollResult}: reads at most a bounded number of
 * bytes, parses with bounded nesting and string sizes (the mapper's read constraints), and combines the HTTP status with the envelope's
 * {@code code} (the API answers some errors with HTTP 200 and the error in the body, others the other way round).
 */
public class RecordInfoReader {

    private final ObjectMapper json;
    private final int maxResponseBytes;

    /** @param json a mapper whose read constraints bound nesting and string sizes */
    public RecordInfoReader(int maxResponseBytes, ObjectMapper json) {
        this.maxResponseBytes = maxResponseBytes;
        this.json = json;
    }

    /** Bean entry point: the exchange carries the HTTP response of the static record-info endpoint. */
    public PollResult read(Exchange exchange) {
        String taskId = exchange.getProperty(ExchangeNames.TASK_ID, String.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        Duration retryAfter = RetryAfter.parse(exchange.getMessage().getHeader("Retry-After", String.class), Instant.now());
        byte[] body;
        try (InputStream in = exchange.getMessage().getBody(InputStream.class)) {
            body = in == null ? new byte[0] : in.readNBytes(maxResponseBytes + 1);
        } catch (IOException e) {
            return transient_(taskId, status, "record-info body could not be read: " + LogSafe.escape(e.getMessage()), retryAfter);
        }
        return classify(taskId, status, body, retryAfter);
    }

    PollResult classify(String taskId, int status, byte[] body, Duration retryAfter) {
        if (body.length > maxResponseBytes) {
            return transient_(taskId, status, "record-info answer larger than kie.api.max-response-bytes", retryAfter);
        }
        JsonNode root = null;
        try {
            root = body.length == 0 ? null : json.readTree(body);
        } catch (IOException malformed) {
            root = null;
        }
        Integer code = root != null && root.path("code").canConvertToInt() && root.path("code").isNumber()
                ? Integer.valueOf(root.path("code").intValue()) : null;
        if (code != null && code == 0) {
            code = 200; // the contract's example shows 0 for success
        }
        String msg = root != null && root.path("msg").isTextual() ? LogSafe.escape(root.path("msg").textValue()) : "";
        PollOutcome outcome = outcomeOf(status, code, root);
        if (outcome == PollOutcome.TRANSIENT && status >= 200 && status < 300) {
            String problem = malformation(root, code);
            if (problem != null) {
                msg = "malformed record-info answer (HTTP " + status + "): " + problem;
            }
        }
        RecordInfo record = null;
        if (outcome == PollOutcome.RECORD) {
            record = recordOf(root.path("data"));
        }
        return new PollResult(taskId, outcome, status, code, msg, retryAfter, record);
    }

    private static PollOutcome outcomeOf(int status, Integer code, JsonNode root) {
        boolean httpOk = status >= 200 && status < 300;
        if (is(401, status, code)) {
            return PollOutcome.KEY_REJECTED;
        }
        if (is(402, status, code)) {
            return PollOutcome.NO_CREDITS;
        }
        if (is(429, status, code)) {
            return PollOutcome.RATE_LIMITED;
        }
        if (is(455, status, code)) {
            return PollOutcome.UNAVAILABLE;
        }
        if (status >= 500 || code != null && code >= 500) {
            return PollOutcome.TRANSIENT;
        }
        if (is(404, status, code)) {
            return PollOutcome.NOT_FOUND;
        }
        if (is(400, status, code) || is(422, status, code)) {
            return PollOutcome.INVALID;
        }
        if (httpOk && code != null && code == 200 && root.isObject()) {
            JsonNode data = root.path("data");
            if (data.isMissingNode() || data.isNull()) {
                return PollOutcome.NOT_FOUND;
            }
            return data.isObject() ? PollOutcome.RECORD : PollOutcome.TRANSIENT;
        }
        return PollOutcome.TRANSIENT;
    }

    /** What makes a 2xx answer unusable, or null when it is well-formed. */
    private static String malformation(JsonNode root, Integer code) {
        if (root == null) {
            return "not JSON, truncated, or beyond the parser's limits";
        }
        if (!root.isObject()) {
            return "not a JSON object";
        }
        if (code == null) {
            return "no numeric code";
        }
        JsonNode data = root.path("data");
        return code == 200 && !data.isObject() && !data.isNull() && !data.isMissingNode() ? "data is not an object" : null;
    }

    private static boolean is(int wanted, int status, Integer code) {
        return status == wanted || code != null && code == wanted;
    }

    private static RecordInfo recordOf(JsonNode data) {
        return new RecordInfo(
                text(data, "taskId"),
                text(data, "musicId"),
                text(data, "audioId"),
                text(data, "musicIndex"),
                text(data, "successFlag"),
                data.path("response").isObject() ? text(data.path("response"), "videoUrl") : null,
                time(data.path("createTime")),
                time(data.path("completeTime")),
                text(data, "errorCode"),
                text(data, "errorMessage"),
                text(data, "callbackUrl"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isTextual()) {
            return value.textValue().isEmpty() ? null : value.textValue();
        }
        return value.isNumber() || value.isBoolean() ? value.asText() : null;
    }

    /** Dates arrive as ISO-8601 text or epoch milliseconds; both become ISO-8601 UTC. */
    private static String time(JsonNode value) {
        if (value.isIntegralNumber() || value.isTextual() && value.textValue().matches("\\d{9,15}")) {
            long epoch = value.asLong();
            return (epoch < 100_000_000_000L ? Instant.ofEpochSecond(epoch) : Instant.ofEpochMilli(epoch)).toString();
        }
        if (value.isTextual() && !value.textValue().isEmpty()) {
            String raw = value.textValue();
            try {
                return OffsetDateTime.parse(raw).toInstant().toString();
            } catch (DateTimeParseException e) {
                return raw;
            }
        }
        return null;
    }

    private static PollResult transient_(String taskId, int status, String why, Duration retryAfter) {
        return new PollResult(taskId, PollOutcome.TRANSIENT, status, null, why, retryAfter, null);
    }
}

package io.kiemp4drop.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.model.TaskRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Answers of the HTTP surface: a status code and a JSON document. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static void answer(Exchange exchange, int status, Object document) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            message.setBody(MAPPER.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void error(Exchange exchange, int status, String message) {
        answer(exchange, status, Map.of("error", message));
    }

    static Map<String, Object> task(TaskRecord task) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("taskId", task.taskId());
        out.put("state", task.state().name());
        out.put("attempts", task.polls());
        out.put("downloadAttempts", task.downloadAttempts());
        out.put("lastError", task.lastError());
        out.put("createdAt", time(task.createdAt()));
        out.put("updatedAt", time(task.updatedAt()));
        out.put("deliveredAt", task.deliveredAt() == null ? null : time(task.deliveredAt()));
        out.put("bytes", task.bytes());
        out.put("sha256", task.sha256());
        out.put("destination", task.destination());
        return out;
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    private static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}

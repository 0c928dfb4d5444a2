package io.kiemp4drop.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.store.TaskStore;
import io.kiemp4drop.validation.LogSafe;
import io.kiemp4drop.validation.TaskIds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import io.kiemp4drop.observe.TaskLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task API: list and read tasks, add task IDs (same validation as the inbox), cancel a task. Writes
 * need the bearer token ({@link WriteAccess}); the body size limit (413) is the HTTP server's.
 */
public class TaskApi {

    private static final Logger LOG = LoggerFactory.getLogger(TaskApi.class);
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final TaskStore store;
    private final WriteAccess access;

    public TaskApi(TaskStore store, WriteAccess access) {
        this.store = store;
        this.access = access;
    }

    /** GET /tasks?state=&limit=&offset= */
    public void list(Exchange exchange) {
        String stateParam = exchange.getMessage().getHeader("state", String.class);
        TaskState state = null;
        if (stateParam != null && !stateParam.isBlank()) {
            try {
                state = TaskState.valueOf(stateParam.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                Json.error(exchange, 400, "unknown state " + LogSafe.quote(stateParam));
                return;
            }
        }
        Optional<Integer> limit = number(exchange, "limit", 1, MAX_PAGE, DEFAULT_PAGE);
        Optional<Integer> offset = number(exchange, "offset", 0, Integer.MAX_VALUE, 0);
        if (limit.isEmpty() || offset.isEmpty()) {
            return;
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("tasks", store.page(state, limit.get(), offset.get()).stream().map(Json::task).toList());
        page.put("limit", limit.get());
        page.put("offset", offset.get());
        Json.answer(exchange, 200, page);
    }

    /** GET /tasks/{taskId} */
    public void get(Exchange exchange) {
        find(exchange).ifPresent(task -> Json.answer(exchange, 200, Json.task(task)));
    }

    /** POST /tasks: {"taskIds":[…]} or text/plain, one ID per line. */
    public void add(Exchange exchange) {
        if (!access.permits(exchange)) {
            return;
        }
        String body = exchange.getMessage().getBody(String.class);
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        List<String> candidates;
        try {
            candidates = contentType.startsWith("application/json") ? fromJson(body) : fromLines(body);
        } catch (IOException | IllegalArgumentException e) {
            Json.error(exchange, 400, "expected {\"taskIds\": [\"…\"]} or text/plain with one task ID per line");
            return;
        }
        List<String> added = new ArrayList<>();
        List<String> known = new ArrayList<>();
        List<Map<String, String>> refused = new ArrayList<>();
        for (String candidate : candidates) {
            if (!TaskIds.isValid(candidate)) {
                refused.add(Map.of("value", LogSafe.escape(candidate),
                        "reason", "a task ID is 1-128 characters of A-Z a-z 0-9 _ -"));
            } else if (store.add(candidate, "api")) {
                added.add(candidate);
            } else {
                known.add(candidate);
            }
        }
        LOG.info("Task API: {} added, {} already known, {} refused", added.size(), known.size(), refused.size());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("added", added);
        answer.put("known", known);
        answer.put("refused", refused);
        Json.answer(exchange, 200, answer);
    }

    /** DELETE /tasks/{taskId}: stop polling and delivering it. */
    public void cancel(Exchange exchange) {
        if (!access.permits(exchange)) {
            return;
        }
        find(exchange).ifPresent(task -> {
            if (!store.cancel(task.taskId())) {
                Json.answer(exchange, 409, Map.of("error", "task already ended", "state", task.state().name()));
                return;
            }
            TaskRecord cancelled = store.find(task.taskId()).orElseThrow();
            TaskLog.info(LOG, task.taskId(), "Task {} CANCELLED through the task API (was {})", task.taskId(), task.state());
            Json.answer(exchange, 200, Json.task(cancelled));
        });
    }

    /** Any failure inside the API: a JSON 500 with the cause, never a stack trace. */
    public void failed(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.error("Task API request failed: {}", LogSafe.describe(error));
        Json.error(exchange, 500, "internal error: " + LogSafe.describe(error));
    }

    private Optional<TaskRecord> find(Exchange exchange) {
        String taskId = exchange.getMessage().getHeader("taskId", String.class);
        Optional<TaskRecord> task = TaskIds.isValid(taskId) ? store.find(taskId) : Optional.empty();
        if (task.isEmpty()) {
            Json.error(exchange, 404, "unknown task " + LogSafe.quote(taskId));
        }
        return task;
    }

    private static List<String> fromJson(String body) throws IOException {
        JsonNode ids = Json.mapper().readTree(body == null ? "" : body).path("taskIds");
        if (!ids.isArray()) {
            throw new IllegalArgumentException("no taskIds array");
        }
        List<String> out = new ArrayList<>();
        ids.forEach(id -> out.add(id.isTextual() ? id.textValue().strip() : id.toString()));
        return out;
    }

    private static List<String> fromLines(String body) {
        return (body == null ? "" : body).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static Optional<Integer> number(Exchange exchange, String name, int min, int max, int fallback) {
        String raw = exchange.getMessage().getHeader(name, String.class);
        if (raw == null || raw.isBlank()) {
            return Optional.of(fallback);
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return Optional.of(value);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        Json.error(exchange, 400, name + " must be a number from " + min + " to " + max);
        return Optional.empty();
    }
}

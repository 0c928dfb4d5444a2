package io.kiemp4drop.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.store.Downloads;
import io.kiemp4drop.store.FinalStates;
import io.kiemp4drop.store.TaskReads;
import io.kiemp4drop.store.TaskRegistry;
import io.kiemp4drop.validation.LogSafe;
import io.kiemp4drop.validation.TaskIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task API behind routes/api.camel.yaml: list and read tasks, add task IDs (the same validation as the
 * inbox), cancel a task, retry a FAILED one. Refusals are {@link ApiRefusal}s, answered by the api-errors route configuration.
 */
public class TaskApi {

    private static final Logger LOG = LoggerFactory.getLogger(TaskApi.class);
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final TaskReads reads;
    private final TaskRegistry registry;
    private final FinalStates finalStates;
    private final Downloads downloads;

    public TaskApi(TaskReads reads, TaskRegistry registry, FinalStates finalStates, Downloads downloads) {
        this.downloads = downloads;
        this.reads = reads;
        this.registry = registry;
        this.finalStates = finalStates;
    }

    /** GET /tasks?state=&limit=&offset= : one page, newest first. */
    public Map<String, Object> list(Exchange exchange, @Header("state") String stateParam, @Header("limit") String limitParam,
            @Header("offset") String offsetParam) {
        TaskState state = null;
        if (stateParam != null && !stateParam.isBlank()) {
            try {
                state = TaskState.valueOf(stateParam.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ApiRefusal(400, "unknown state " + LogSafe.quote(stateParam));
            }
        }
        int limit = number("limit", limitParam, 1, MAX_PAGE, DEFAULT_PAGE);
        int offset = number("offset", offsetParam, 0, Integer.MAX_VALUE, 0);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("tasks", reads.page(state, limit, offset).stream().map(this::view).toList());
        page.put("limit", limit);
        page.put("offset", offset);
        return Answers.ok(exchange, page);
    }

    /** GET /tasks/{taskId} */
    public Map<String, Object> get(Exchange exchange, @Header("taskId") String taskId) {
        return Answers.ok(exchange, view(find(taskId)));
    }

    /** The candidates of a JSON body {"taskIds": […]}. */
    public List<String> idsFromJson(JsonNode body) {
        JsonNode ids = body == null ? null : body.path("taskIds");
        if (ids == null || !ids.isArray()) {
            throw new ApiRefusal(400, "expected {\"taskIds\": [\"…\"]} or text/plain with one task ID per line");
        }
        List<String> out = new ArrayList<>();
        ids.forEach(id -> out.add(id.isTextual() ? id.textValue().strip() : id.toString()));
        return out;
    }

    /** The candidates of a text/plain body: one per line, blank lines and # comments skipped. */
    public List<String> idsFromText(String body) {
        return (body == null ? "" : body).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    /** POST /tasks: each valid new ID becomes PENDING; answers what was added, already known, refused and why. */
    public Map<String, Object> add(Exchange exchange, List<String> candidates) {
        List<String> added = new ArrayList<>();
        List<String> known = new ArrayList<>();
        List<Map<String, String>> refused = new ArrayList<>();
        for (String candidate : candidates) {
            if (!TaskIds.isValid(candidate)) {
                refused.add(Map.of("value", LogSafe.escape(candidate), "reason", "a task ID is 1-128 characters of A-Z a-z 0-9 _ -"));
            } else if (registry.add(candidate, "api")) {
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
        return Answers.ok(exchange, answer);
    }

    /** The ID of a known task; 404 for an unknown or invalid one. */
    public String known(@Header("taskId") String taskId) {
        return find(taskId).taskId();
    }

    /** DELETE /tasks/{taskId}: PENDING or DELIVERING becomes CANCELLED; 409 when it had already ended. */
    public Map<String, Object> cancel(Exchange exchange, @ExchangeProperty(ExchangeNames.TASK_ID) String taskId) {
        TaskRecord task = find(taskId);
        if (!finalStates.cancel(task.taskId())) {
            throw new ApiRefusal(409, "task already ended", Map.of("state", task.state().name()));
        }
        LOG.info("Task {} CANCELLED through the task API (was {})", task.taskId(), task.state());
        return Answers.ok(exchange, view(reads.find(task.taskId()).orElseThrow()));
    }

    /** POST /tasks/{taskId}/retry: a FAILED task goes back to PENDING with its attempt counts reset; 409 otherwise. */
    public Map<String, Object> retry(Exchange exchange, @ExchangeProperty(ExchangeNames.TASK_ID) String taskId) {
        TaskRecord task = find(taskId);
        if (!registry.retry(task.taskId())) {
            throw new ApiRefusal(409, "only a FAILED task can be retried", Map.of("state", task.state().name()));
        }
        LOG.info("Task {} retried through the task API: PENDING again, attempts reset", task.taskId());
        return Answers.ok(exchange, view(reads.find(task.taskId()).orElseThrow()));
    }

    /** A DELIVERING task shows how far its download has come. */
    private Map<String, Object> view(TaskRecord task) {
        return TaskView.of(task, task.state() == TaskState.DELIVERING ? downloads.of(task.taskId()).orElse(null) : null);
    }

    private TaskRecord find(String taskId) {
        return (TaskIds.isValid(taskId) ? reads.find(taskId) : java.util.Optional.<TaskRecord>empty())
                .orElseThrow(() -> new ApiRefusal(404, "unknown task " + LogSafe.quote(taskId)));
    }

    static int number(String name, String raw, int min, int max, int fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiRefusal(400, name + " must be a number from " + min + " to " + max);
    }
}

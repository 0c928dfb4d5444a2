package io.kiemp4drop.api;

import io.kiemp4drop.model.TaskRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the task API shows a task. */
final class TaskView {

    private TaskView() {
    }

    static Map<String, Object> of(TaskRecord task) {
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

    private static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}

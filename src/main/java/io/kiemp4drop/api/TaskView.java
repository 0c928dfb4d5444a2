package io.kiemp4drop.api;

import io.kiemp4drop.model.DownloadProgress;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the task API shows a task. */
final class TaskView {

    private TaskView() {
    }

    /** @param download how far its download has come, for a DELIVERING task whose video is still arriving */
    static Map<String, Object> of(TaskRecord task, DownloadProgress download) {
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
        out.put("sinksDone", task.sinksDone() == null || task.sinksDone().isBlank() ? List.of()
                : List.of(task.sinksDone().split(",")));
        out.put("nextPollAt", task.state() == TaskState.PENDING ? time(task.nextPollAt()) : null);
        if (task.state() == TaskState.DELIVERING) {
            // a video already spooled (being published) has all its bytes
            out.put("bytesReceived", download != null ? Long.valueOf(download.bytesReceived()) : task.bytes());
            out.put("bytesExpected", download != null ? download.bytesExpected() : task.bytes());
        }
        return out;
    }

    private static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}

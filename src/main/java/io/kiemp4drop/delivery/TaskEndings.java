package io.kiemp4drop.delivery;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.store.TaskStore;
import io.kiemp4drop.observe.TaskLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a task without a video: writes its report first, then commits the terminal state, so a task is
 * never seen ended without the report that says why (a crash in between only means the task is
 * worked on again and the report rewritten).
 */
public class TaskEndings {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEndings.class);

    private final TaskStore store;
    private final FailureReports reports;

    public TaskEndings(TaskStore store, FailureReports reports) {
        this.store = store;
        this.reports = reports;
    }

    /** Returns false when the task had already ended (nothing is written then). */
    public boolean end(String taskId, TaskState state, String reason, String recordJson) {
        TaskRecord current = store.find(taskId).orElse(null);
        if (current == null || current.state().isTerminal()) {
            return false;
        }
        reports.write(new TaskRecord(current.taskId(), state, current.polls(), current.downloadAttempts(),
                current.createdAt(), System.currentTimeMillis(), current.successSeenAt(), null, reason, null, null, null,
                recordJson != null ? recordJson : current.recordJson(), current.sinksDone(), current.spoolFile()));
        boolean ended = store.finish(taskId, state, reason, recordJson);
        if (ended) {
            TaskLog.warn(LOG, taskId, "Task {} ended {}: {}", taskId, state, reason);
        }
        return ended;
    }
}

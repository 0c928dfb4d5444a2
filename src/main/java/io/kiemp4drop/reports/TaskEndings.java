package io.kiemp4drop.reports;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.store.FinalStates;
import io.kiemp4drop.store.TaskReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a task without a video: writes its report first, then commits the final state (and its owed
 * notification), so a task is never seen ended without the report that says why; a crash in between only
 * means the task is worked on again and the report rewritten.
 */
public class TaskEndings {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEndings.class);

    private final TaskReads reads;
    private final FinalStates finalStates;
    private final FailureReports reports;

    public TaskEndings(TaskReads reads, FinalStates finalStates, FailureReports reports) {
        this.reads = reads;
        this.finalStates = finalStates;
        this.reports = reports;
    }

    /** Returns false when the task had already ended (nothing is written then). */
    public boolean end(String taskId, TaskState state, String reason, String recordJson) {
        TaskRecord current = reads.find(taskId).orElse(null);
        if (current == null || current.state().isTerminal()) {
            return false;
        }
        reports.write(current.ending(state, reason, recordJson));
        boolean ended = finalStates.finish(taskId, state, reason, recordJson);
        if (ended) {
            LOG.warn("Task {} ended {}: {}", taskId, state, reason);
        }
        return ended;
    }
}

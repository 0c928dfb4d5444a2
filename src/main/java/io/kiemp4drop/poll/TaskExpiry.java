package io.kiemp4drop.poll;

import io.kiemp4drop.delivery.FailureReports;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.store.TaskStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ends tasks that stayed unfinished for longer than kie.poll.give-up-after. */
public class TaskExpiry {

    private static final Logger LOG = LoggerFactory.getLogger(TaskExpiry.class);

    private final TaskStore store;
    private final FailureReports reports;
    private final Duration giveUpAfter;

    public TaskExpiry(TaskStore store, FailureReports reports, Duration giveUpAfter) {
        this.store = store;
        this.reports = reports;
        this.giveUpAfter = giveUpAfter;
    }

    public int expireOverdue() {
        int count = 0;
        for (TaskRecord task : store.expireOverdue(giveUpAfter,
                "not finished " + giveUpAfter.toString().substring(2).toLowerCase() + " after it was added (kie.poll.give-up-after)")) {
            reports.write(task);
            LOG.warn("Task {} ended EXPIRED: {}", task.taskId(), task.lastError());
            count++;
        }
        return count;
    }
}

package io.kiemp4drop.poll;

import io.kiemp4drop.delivery.TaskEndings;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.store.TaskStore;
import java.time.Duration;

/** Ends tasks that stayed unfinished for longer than kie.poll.give-up-after. */
public class TaskExpiry {

    private final TaskStore store;
    private final TaskEndings endings;
    private final Duration giveUpAfter;

    public TaskExpiry(TaskStore store, TaskEndings endings, Duration giveUpAfter) {
        this.store = store;
        this.endings = endings;
        this.giveUpAfter = giveUpAfter;
    }

    public int expireOverdue() {
        String reason = "not finished " + giveUpAfter.toString().substring(2).toLowerCase()
                + " after it was added (kie.poll.give-up-after)";
        int count = 0;
        for (String taskId : store.overdue(giveUpAfter)) {
            if (endings.end(taskId, TaskState.EXPIRED, reason, null)) {
                count++;
            }
        }
        return count;
    }
}

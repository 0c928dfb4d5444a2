package io.kiemp4drop.poll;

import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.reports.TaskEndings;
import io.kiemp4drop.store.TaskReads;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.camel.ExchangeProperty;

/** Tasks that stayed unfinished for longer than kie.poll.give-up-after end EXPIRED. */
public class TaskExpiry {

    private final TaskReads reads;
    private final TaskEndings endings;
    private final Duration giveUpAfter;

    public TaskExpiry(TaskReads reads, TaskEndings endings, Duration giveUpAfter) {
        this.reads = reads;
        this.endings = endings;
        this.giveUpAfter = giveUpAfter;
    }

    /** IDs of the PENDING tasks added longer ago than kie.poll.give-up-after. */
    public List<String> overdue() {
        return reads.overdue(giveUpAfter);
    }

    public void expire(@ExchangeProperty(ExchangeNames.TASK_ID) String taskId) {
        endings.end(taskId, TaskState.EXPIRED, "not finished " + giveUpAfter.toString().substring(2).toLowerCase(Locale.ROOT)
                + " after it was added (kie.poll.give-up-after)", null);
    }
}

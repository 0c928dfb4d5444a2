package io.kiemp4drop.poll;

import io.kiemp4drop.store.TaskStore;
import java.util.List;

/** Claims the tasks that are due on this tick. */
public class PollScheduler {

    private final TaskStore store;
    private final int batchSize;

    public PollScheduler(TaskStore store, int batchSize) {
        this.store = store;
        this.batchSize = batchSize;
    }

    public List<String> claimDue() {
        return store.claimDue(batchSize);
    }
}

package io.kiemp4drop.poll;

import io.kiemp4drop.store.TaskStore;
import java.time.Duration;
import java.util.List;

/** Claims the tasks that are due on this tick. */
public class PollScheduler {

    /** How long a claimed task is kept from being claimed again should its poll never report back. */
    private static final Duration IN_FLIGHT = Duration.ofMinutes(5);

    private final TaskStore store;
    private final int batchSize;

    public PollScheduler(TaskStore store, int batchSize) {
        this.store = store;
        this.batchSize = batchSize;
    }

    public List<String> claimDue() {
        return store.claimDue(batchSize, IN_FLIGHT);
    }
}

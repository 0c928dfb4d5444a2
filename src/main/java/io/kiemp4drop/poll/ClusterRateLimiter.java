package io.kiemp4drop.poll;

import io.kiemp4drop.store.TaskStore;
import java.util.concurrent.locks.LockSupport;

/**
 * kie.api.max-requests-per-second as the account's total across replicas: on a shared PostgreSQL store
 * every record-info request takes the next free slot from the store, spaced 1.1 s / cap apart (the same
 * margin as the local throttle). On the embedded store the route's throttle alone applies.
 */
public class ClusterRateLimiter {

    private final TaskStore store;
    private final long intervalMillis;

    public ClusterRateLimiter(TaskStore store, int maxRequestsPerSecond) {
        this.store = store;
        this.intervalMillis = (long) Math.ceil(1100.0 / Math.max(1, maxRequestsPerSecond));
    }

    public void acquire() {
        if (!store.isShared()) {
            return;
        }
        long wait = store.takeRateSlot(intervalMillis) - System.currentTimeMillis();
        if (wait > 0) {
            LockSupport.parkNanos(wait * 1_000_000);
        }
    }
}

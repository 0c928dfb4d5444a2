package io.kiemp4drop.poll;

import io.kiemp4drop.store.AccountGate;
import java.util.concurrent.locks.LockSupport;

/**
 * kie.api.max-requests-per-second as the account's total across replicas: on a shared PostgreSQL store every
 * record-info request takes the next free slot from the store, spaced 1.1 s / cap apart (the same margin as
 * the route's throttle). On the embedded store the throttle alone applies. Hand-written because Camel's
 * throttle counts within one process only.
 */
public class ClusterRateLimiter {

    private final AccountGate store;
    private final boolean shared;
    private final long intervalMillis;

    /** @param shared the task store is a shared PostgreSQL one */
    public ClusterRateLimiter(AccountGate store, boolean shared, int maxRequestsPerSecond) {
        this.store = store;
        this.shared = shared;
        this.intervalMillis = (long) Math.ceil(1100.0 / Math.max(1, maxRequestsPerSecond));
    }

    public void acquire() {
        if (!shared) {
            return;
        }
        long wait = store.takeRateSlot(intervalMillis) - System.currentTimeMillis();
        if (wait > 0) {
            LockSupport.parkNanos(wait * 1_000_000);
        }
    }
}

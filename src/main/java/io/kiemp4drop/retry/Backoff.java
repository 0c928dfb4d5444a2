package io.kiemp4drop.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter: attempt n waits between half and all of min(max, initial * 2^(n-1)). The
 * delay becomes the task's next_poll_at in the task store, so a retry survives restarts and moves between
 * replicas; Camel's redelivery keeps its state in memory and sleeps a thread, hence this instead.
 */
public class Backoff {

    private final Duration initial;
    private final Duration max;

    public Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max.compareTo(initial) < 0 ? initial : max;
    }

    public Duration delay(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        long ceiling = Math.min(max.toMillis(), initial.toMillis() << Math.min(doublings, 20));
        long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        return Duration.ofMillis(Math.max(1, jittered));
    }
}

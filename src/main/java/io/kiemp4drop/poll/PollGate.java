package io.kiemp4drop.poll;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Account-wide pause of all polling: kie.ai rate limits, maintenance windows, a rejected key, an empty
 * account and a run of failures in a row concern every task at once, so they stop all polling instead of
 * each task discovering them on its own. Polling resumes by itself when the pause ends.
 */
public class PollGate {

    private final AtomicLong closedUntil = new AtomicLong();
    private final AtomicInteger pauseStreak = new AtomicInteger();
    private final AtomicInteger transientFailures = new AtomicInteger();
    private volatile String accountProblem;
    private volatile long accountProblemUntil;
    private final int breakerThreshold;
    private final Duration breakerPause;

    /**
     * @param breakerThreshold consecutive transient failures (any task) that pause all polling; 0 = never
     * @param breakerPause     how long such a pause lasts before polling tries again by itself
     */
    public PollGate(int breakerThreshold, Duration breakerPause) {
        this.breakerThreshold = breakerThreshold;
        this.breakerPause = breakerPause;
    }

    public boolean isOpen() {
        return System.currentTimeMillis() >= closedUntil.get();
    }

    public boolean isClosed() {
        return !isOpen();
    }

    /** Epoch millis at which polling may resume (in the past when open). */
    public long reopensAt() {
        return closedUntil.get();
    }

    /**
     * Closes the gate for at least {@code duration}. Returns true when this call closed an open gate, so
     * the caller logs the reason once per pause rather than once per task.
     */
    public boolean pause(Duration duration) {
        long now = System.currentTimeMillis();
        long until = now + duration.toMillis();
        long before = closedUntil.getAndAccumulate(until, Math::max);
        boolean newlyClosed = before <= now;
        if (newlyClosed) {
            pauseStreak.incrementAndGet();
        }
        return newlyClosed;
    }

    /** Pauses all polling because the account itself is refused (401 / 402); readiness reports it meanwhile. */
    public boolean pauseForAccount(Duration duration, String problem) {
        accountProblem = problem;
        accountProblemUntil = System.currentTimeMillis() + duration.toMillis();
        return pause(duration);
    }

    /** The account problem behind the current pause, if that is why polling is paused. */
    public java.util.Optional<String> accountProblem() {
        return System.currentTimeMillis() < accountProblemUntil ? java.util.Optional.ofNullable(accountProblem)
                : java.util.Optional.empty();
    }

    /** Consecutive pauses without a normal answer in between (drives the back-off when no Retry-After is sent). */
    public int pauseStreak() {
        return pauseStreak.get();
    }

    /** A normal answer arrived: the next pause starts the back-off again from its first step. */
    public void answered() {
        pauseStreak.set(0);
        transientFailures.set(0);
        accountProblemUntil = 0;
    }

    /**
     * Circuit breaker: counts a transient failure (5xx, timeout, connection error, malformed answer).
     * When kie.poll.circuit-breaker-failures of them come in a row, all polling pauses for
     * kie.poll.circuit-breaker-pause; returns true for the one call that opened the breaker.
     */
    public boolean transientFailure() {
        if (breakerThreshold <= 0 || transientFailures.incrementAndGet() < breakerThreshold) {
            return false;
        }
        transientFailures.set(0);
        return pause(breakerPause);
    }

    public Duration breakerPause() {
        return breakerPause;
    }
}

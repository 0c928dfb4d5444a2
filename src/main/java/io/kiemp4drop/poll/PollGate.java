package io.kiemp4drop.poll;

import io.kiemp4drop.store.AccountGate;
import io.kiemp4drop.store.AccountGate.SharedPause;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Account-wide pause of all polling: kie.ai rate limits, maintenance windows, a rejected key, an empty
 * account and a run of failures in a row concern every task at once, so they stop all polling instead of
 * each task discovering them on its own. The pause lives in the task store, so on a shared PostgreSQL
 * store one replica's 401, 402 or 429 pauses every replica. Polling resumes by itself when the pause ends.
 */
public class PollGate {

    private static final long SHARED_READ_INTERVAL_MILLIS = 500;

    private final AtomicLong closedUntil = new AtomicLong();
    private final AtomicInteger pauseStreak = new AtomicInteger();
    private final AtomicInteger transientFailures = new AtomicInteger();
    private final int breakerThreshold;
    private final Duration breakerPause;
    private final AccountGate store;
    private volatile SharedPause shared = new SharedPause(0, null, null, 0);
    private volatile long sharedReadAt;

    /**
     * @param breakerThreshold consecutive transient failures (any task) that pause all polling; 0 = never
     * @param breakerPause     how long such a pause lasts before polling tries again by itself
     * @param store            where the pause is shared with the other replicas
     */
    public PollGate(int breakerThreshold, Duration breakerPause, AccountGate store) {
        this.breakerThreshold = breakerThreshold;
        this.breakerPause = breakerPause;
        this.store = store;
    }

    /** The pause other replicas may have set, read at most twice a second. */
    private SharedPause shared() {
        long now = System.currentTimeMillis();
        if (now - sharedReadAt > SHARED_READ_INTERVAL_MILLIS) {
            shared = store.sharedPause();
            sharedReadAt = now;
        }
        return shared;
    }

    /** Whether record-info may be asked now: OPEN, or PAUSED while kie.ai asked for a break (any replica saw it). */
    public enum State { OPEN, PAUSED }

    public State status() {
        return isOpen() ? State.OPEN : State.PAUSED;
    }

    public boolean isOpen() {
        return System.currentTimeMillis() >= reopensAt();
    }

    /** Epoch millis at which polling may resume (in the past when open). */
    public long reopensAt() {
        return Math.max(closedUntil.get(), shared().pausedUntil());
    }

    /** Why all polling is paused and until when (epoch ms), while it is; any replica's pause. */
    public record Pause(String reason, long until) {
    }

    public java.util.Optional<Pause> currentPause() {
        SharedPause pause = shared();
        long until = reopensAt();
        return System.currentTimeMillis() < until
                ? java.util.Optional.of(new Pause(pause.reason() != null ? pause.reason() : "paused", until))
                : java.util.Optional.empty();
    }

    /**
     * Closes the gate for at least {@code duration}, for {@code reason}. Returns true when this call closed an
     * open gate, so the caller logs the reason once per pause rather than once per task.
     */
    public boolean pause(Duration duration, String reason) {
        return pause(duration, reason, null);
    }

    private boolean pause(Duration duration, String reason, String accountProblem) {
        long now = System.currentTimeMillis();
        long until = now + duration.toMillis();
        long before = Math.max(closedUntil.getAndAccumulate(until, Math::max), shared().pausedUntil());
        store.sharePause(until, reason, accountProblem);
        sharedReadAt = 0;
        boolean newlyClosed = before <= now;
        if (newlyClosed) {
            pauseStreak.incrementAndGet();
        }
        return newlyClosed;
    }

    /** Pauses all polling because the account itself is refused (401 / 402); readiness reports it meanwhile. */
    public boolean pauseForAccount(Duration duration, String problem) {
        return pause(duration, problem, problem);
    }

    /** The account problem behind the current pause (seen by any replica), if that is why polling is paused. */
    public java.util.Optional<String> accountProblem() {
        SharedPause pause = shared();
        return System.currentTimeMillis() < pause.problemUntil() ? java.util.Optional.ofNullable(pause.accountProblem())
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
        if (System.currentTimeMillis() < shared().problemUntil()) {
            store.clearAccountProblem();
            sharedReadAt = 0;
        }
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
        return pause(breakerPause, "circuit breaker: " + breakerThreshold + " transient failures in a row");
    }

    public Duration breakerPause() {
        return breakerPause;
    }

    public int breakerThreshold() {
        return breakerThreshold;
    }
}

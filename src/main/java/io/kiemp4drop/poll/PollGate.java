package io.kiemp4drop.poll;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Account-wide pause of all polling: kie.ai rate limits, maintenance windows, a rejected key and an
 * empty account concern every task at once, so one answer stops them all instead of each task
 * discovering it on its own.
 */
public class PollGate {

    private final AtomicLong closedUntil = new AtomicLong();
    private final AtomicInteger pauseStreak = new AtomicInteger();

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

    /** Consecutive pauses without a normal answer in between (drives the back-off when no Retry-After is sent). */
    public int pauseStreak() {
        return pauseStreak.get();
    }

    /** A normal answer arrived: the next pause starts the back-off again from its first step. */
    public void answered() {
        pauseStreak.set(0);
    }
}

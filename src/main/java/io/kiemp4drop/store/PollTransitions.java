package io.kiemp4drop.store;

import java.time.Duration;
import java.util.function.IntFunction;

/**
 * What a poll answer does to a PENDING task: poll again later, defer, count a failure or a "not found",
 * or start its delivery. Every write is fenced: it changes only a PENDING task that no other replica
 * holds a live lease on, and (except starting a delivery, which takes the lease) gives the lease up.
 */
public class PollTransitions {

    /**
     * How far a task being delivered is pushed out of the publication queue while its delivery runs. Only
     * a failure (which sets its own retry time) or a restart (which resumes every delivery) brings it back.
     */
    private static final Duration DELIVERY_HOLD = Duration.ofDays(1);

    private final Database db;
    private final Lease lease;

    public PollTransitions(Database db, Lease lease) {
        this.db = db;
        this.lease = lease;
    }

    /** A poll answered "still pending": count it, clear the failure streak, poll again after {@code delay}. */
    public void pollAgain(String taskId, Duration delay) {
        long now = Database.now();
        db.update("UPDATE kie_task SET " + Lease.RELEASE + ", polls = polls + 1, failures = 0, next_poll_at = ?, "
                + "updated_at = ? WHERE task_id = ? AND state = 'PENDING' AND " + Lease.FREE_OR_MINE,
                now + delay.toMillis(), now, taskId, lease.owner(), now);
    }

    /**
     * A poll answered with something the product does not act on (an unknown successFlag): poll again
     * after {@code delay} and keep {@code note} as the task's last error. True when the note is new for
     * this task, so it is reported once rather than on every poll.
     */
    public boolean pollAgainNoting(String taskId, String note, Duration delay) {
        return db.inTransaction(c -> {
            long now = Database.now();
            boolean isNew = Database.update(c, "UPDATE kie_task SET last_error = ? WHERE task_id = ? AND state = 'PENDING' "
                    + "AND (last_error IS NULL OR last_error <> ?) AND " + Lease.FREE_OR_MINE,
                    note, taskId, note, lease.owner(), now) == 1;
            Database.update(c, "UPDATE kie_task SET " + Lease.RELEASE + ", polls = polls + 1, failures = 0, "
                    + "next_poll_at = ?, updated_at = ? WHERE task_id = ? AND state = 'PENDING' AND " + Lease.FREE_OR_MINE,
                    now + delay.toMillis(), now, taskId, lease.owner(), now);
            return isNew;
        });
    }

    /** Moves a pending task to the back of the queue without counting a poll (e.g. all polling is paused). */
    public void deferUntil(String taskId, long epochMillis) {
        db.update("UPDATE kie_task SET " + Lease.RELEASE + ", next_poll_at = ? WHERE task_id = ? AND state = 'PENDING' "
                + "AND " + Lease.FREE_OR_MINE, epochMillis, taskId, lease.owner(), Database.now());
    }

    /**
     * A poll failed transiently. Lengthens the task's failure streak and schedules the next poll after
     * the delay the back-off computes for that streak. Returns the new streak length (computed even when
     * another replica holds the task and nothing was written).
     */
    public int recordTransientFailure(String taskId, String reason, IntFunction<Duration> backoff) {
        return db.inTransaction(c -> {
            int failures = 1 + TaskRows.intColumn(c, "failures", taskId);
            long now = Database.now();
            Database.update(c, "UPDATE kie_task SET " + Lease.RELEASE + ", failures = ?, last_error = ?, "
                    + "next_poll_at = ?, updated_at = ? WHERE task_id = ? AND state = 'PENDING' AND " + Lease.FREE_OR_MINE,
                    failures, Database.cut(reason, TaskRows.MAX_ERROR_CHARS), now + backoff.apply(failures).toMillis(),
                    now, taskId, lease.owner(), now);
            return failures;
        });
    }

    /**
     * The API did not know the task. Returns how many times in a row that has now happened (computed even
     * when another replica holds the task and nothing was written).
     */
    public int recordNotFound(String taskId, Duration delay) {
        return db.inTransaction(c -> {
            int count = 1 + TaskRows.intColumn(c, "not_found", taskId);
            long now = Database.now();
            Database.update(c, "UPDATE kie_task SET " + Lease.RELEASE + ", not_found = ?, polls = polls + 1, "
                    + "last_error = 'record-info does not know this task', next_poll_at = ?, updated_at = ? "
                    + "WHERE task_id = ? AND state = 'PENDING' AND " + Lease.FREE_OR_MINE,
                    count, now + delay.toMillis(), now, taskId, lease.owner(), now);
            return count;
        });
    }

    /**
     * SUCCESS seen: PENDING becomes DELIVERING, leased to this replica and held out of the publication queue
     * while the download runs. False when another path already took the task.
     */
    public boolean startDelivery(String taskId, String recordJson) {
        long now = Database.now();
        return db.update("UPDATE kie_task SET lease_owner = ?, lease_until = ?, state = 'DELIVERING', polls = polls + 1, "
                + "failures = 0, record_json = ?, success_seen_at = COALESCE(success_seen_at, ?), bytes = NULL, "
                + "sha256 = NULL, spool_file = NULL, sinks_done = '', destination = NULL, next_poll_at = ?, updated_at = ? "
                + "WHERE task_id = ? AND state = 'PENDING' AND " + Lease.FREE_OR_MINE,
                lease.owner(), lease.until(now), Database.cut(recordJson, TaskRows.MAX_RECORD_CHARS), now,
                now + DELIVERY_HOLD.toMillis(), now, taskId, lease.owner(), now) == 1;
    }
}

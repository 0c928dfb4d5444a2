package io.kiemp4drop.store;

import io.kiemp4drop.model.SpooledVideo;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The progress of a DELIVERING task held by this replica: video spooled, sinks done, delivered, or failed
 * back to PENDING. Every write is fenced by this replica's lease; progress a restart must find (spooled,
 * sink done, delivered with its owed notification) is committed durably. A fenced write that finds the
 * task leased elsewhere changes nothing and throws {@link LeaseLostException}, except the failure writes,
 * which report it in their result.
 */
public class DeliveryTransitions {

    private final Database db;
    private final Lease lease;
    private final NotificationOutbox outbox;

    public DeliveryTransitions(Database db, Lease lease, NotificationOutbox outbox) {
        this.db = db;
        this.lease = lease;
        this.outbox = outbox;
    }

    /**
     * The checked video is in the spool: remember its size, checksum, media facts (JSON), poster and source so
     * publishing can resume without a download.
     */
    public void recordSpooled(SpooledVideo video, String mediaJson) {
        String taskId = video.taskId();
        if (db.durableUpdate("UPDATE kie_task SET bytes = ?, sha256 = ?, spool_file = ?, media_json = ?, poster_file = ?, "
                + "source_bytes = CAST(? AS BIGINT), source_sha256 = ?, updated_at = ? WHERE task_id = ? AND state = 'DELIVERING' AND "
                + Lease.MINE, video.bytes(), video.sha256(), video.file().getFileName().toString(), mediaJson,
                video.poster() == null ? null : video.poster().getFileName().toString(), video.sourceBytes(),
                video.sourceSha256(), Database.now(), taskId,
                lease.owner()) == 0) {
            throw new LeaseLostException(taskId);
        }
    }

    /** One sink holds the video; {@code destination} is where (a path or an s3:// URL). */
    public void recordSinkDone(String taskId, String sink, String destination) {
        if (db.durableUpdate("UPDATE kie_task SET sinks_done = CASE WHEN sinks_done = '' THEN ? ELSE sinks_done || ',' || ? END, "
                + "destination = CASE WHEN destination IS NULL THEN ? ELSE destination || ' ' || ? END, updated_at = ? "
                + "WHERE task_id = ? AND state = 'DELIVERING' AND " + Lease.MINE,
                sink, sink, destination, destination, Database.now(), taskId, lease.owner()) == 0) {
            throw new LeaseLostException(taskId);
        }
    }

    /**
     * A sink refused the spooled video: the task stays DELIVERING, gives its lease up and its publication
     * is retried after the back-off for its failure streak. Returns the new streak length (computed even
     * when another replica holds the task and nothing was written).
     */
    public int recordSinkFailure(String taskId, String reason, IntFunction<Duration> backoff) {
        return db.inTransaction(c -> {
            int failures = 1 + TaskRows.intColumn(c, "failures", taskId);
            long now = Database.now();
            Database.update(c, "UPDATE kie_task SET " + Lease.RELEASE + ", failures = ?, last_error = ?, "
                    + "next_poll_at = ?, updated_at = ? WHERE task_id = ? AND state = 'DELIVERING' AND " + Lease.MINE,
                    failures, Database.cut(reason, TaskRows.MAX_ERROR_CHARS), now + backoff.apply(failures).toMillis(),
                    now, taskId, lease.owner());
            return failures;
        });
    }

    /** Every configured sink holds the video: DELIVERED, and its notification owed, in one durable commit. */
    public void markDelivered(String taskId) {
        long now = Database.now();
        int changed = db.inDurableTransaction(c -> {
            int n = Database.update(c, "UPDATE kie_task SET state = 'DELIVERED', " + Lease.RELEASE + ", delivered_at = ?, "
                    + "failures = 0, last_error = NULL, updated_at = ? WHERE task_id = ? AND state = 'DELIVERING' AND "
                    + Lease.MINE, now, now, taskId, lease.owner());
            if (n == 1) {
                outbox.owe(c, taskId, TaskState.DELIVERED);
            }
            return n;
        });
        if (changed == 0) {
            throw new LeaseLostException(taskId);
        }
    }

    /**
     * A delivery attempt failed. The task returns to PENDING (polled again after {@code delay}, which
     * also fetches a fresh video URL); {@code counted} failures add to the task's download attempts.
     * Returns the row after the change, or empty when this replica no longer holds the task (nothing changed).
     */
    public Optional<TaskRecord> recordDeliveryFailure(String taskId, String reason, boolean counted, Duration delay) {
        long now = Database.now();
        return db.inTransaction(c -> {
            int changed = Database.update(c, "UPDATE kie_task SET state = 'PENDING', " + Lease.RELEASE + ", "
                    + "download_attempts = download_attempts + ?, last_error = ?, bytes = NULL, sha256 = NULL, "
                    + "spool_file = NULL, sinks_done = '', destination = NULL, next_poll_at = ?, updated_at = ? "
                    + "WHERE task_id = ? AND state = 'DELIVERING' AND " + Lease.MINE,
                    counted ? 1 : 0, Database.cut(reason, TaskRows.MAX_ERROR_CHARS), now + delay.toMillis(), now, taskId,
                    lease.owner());
            return changed == 0 ? Optional.<TaskRecord>empty()
                    : Database.query(c, "SELECT " + TaskRows.COLUMNS + " FROM kie_task WHERE task_id = ?", TaskRows.ROW,
                            taskId).stream().findFirst();
        });
    }
}

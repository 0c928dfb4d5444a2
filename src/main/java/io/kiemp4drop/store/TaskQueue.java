package io.kiemp4drop.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which replica works on which task: claims of due polls and publications, lease renewal and checks,
 * and the recovery of work a stopped or stalled replica left behind. A claim leases the rows it returns
 * (owner + expiry) in the same transaction that selected them, so two claims never return the same row
 * while its lease runs; a lease that runs out makes the row claimable again.
 */
public class TaskQueue {

    /** What {@link #resumeAfterStop} took back. */
    public record Recovery(int resumedDeliveries, int restartedDeliveries, int pollsDueAgain) {
    }

    private final Database db;
    private final Lease lease;

    public TaskQueue(Database db, Lease lease) {
        this.db = db;
        this.lease = lease;
    }

    public String owner() {
        return lease.owner();
    }

    /** True on a store shared by replicas (PostgreSQL). */
    public boolean isShared() {
        return db.isPostgres();
    }

    /**
     * Claims up to {@code limit} pending tasks that are due, oldest first; the lease keeps the next tick
     * from claiming them again while their poll runs.
     */
    public List<String> claimDuePolls(int limit) {
        return claim("kie_task", "task_id", "next_poll_at", "state = 'PENDING'", limit, String.class);
    }

    /** Spooled deliveries whose publication is due again (after a sink failure or a restart). */
    public List<String> claimDuePublications(int limit) {
        return claim("kie_task", "task_id", "next_poll_at", "state = 'DELIVERING' AND sha256 IS NOT NULL", limit,
                String.class);
    }

    /**
     * Leases up to {@code limit} due rows of {@code table} matching {@code condition} that no other replica
     * holds, oldest first. On PostgreSQL, rows another replica is claiming at the same moment are skipped,
     * not waited for. {@code table}, {@code key}, {@code dueColumn} and {@code condition} are SQL text.
     */
    <K> List<K> claim(String table, String key, String dueColumn, String condition, int limit, Class<K> type) {
        long now = Database.now();
        return db.inTransaction(c -> {
            List<K> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + key + " FROM " + table + " WHERE " + condition
                    + " AND " + dueColumn + " <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY " + dueColumn
                    + " LIMIT ?" + (db.isPostgres() ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE"))) {
                Database.bind(ps, now, now, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(rs.getObject(1, type));
                    }
                }
            }
            if (!due.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE " + table + " SET lease_owner = ?, lease_until = ? WHERE " + key + " = ?")) {
                    for (K id : due) {
                        Database.bind(ps, lease.owner(), lease.until(now), id);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return due;
        });
    }

    /**
     * A hint that the task may have changed (a callback): claims a pending task that no poll holds right
     * now, for an immediate poll. False when it is not pending or already being polled.
     */
    public boolean claimNow(String taskId) {
        long now = Database.now();
        return db.update("UPDATE kie_task SET lease_owner = ?, lease_until = ? WHERE task_id = ? AND state = 'PENDING' "
                + "AND (lease_until IS NULL OR lease_until < ?)", lease.owner(), lease.until(now), taskId, now) == 1;
    }

    /** Keeps the leases of the deliveries this replica is running. */
    public int renewLeases() {
        return db.update("UPDATE kie_task SET lease_until = ? WHERE lease_owner = ? AND state = 'DELIVERING'",
                lease.until(), lease.owner());
    }

    /** True while this replica holds the task's lease. */
    public boolean holdsLease(String taskId) {
        return !db.query("SELECT 1 FROM kie_task WHERE task_id = ? AND lease_owner = ? AND lease_until >= ?",
                rs -> 1, taskId, lease.owner(), Database.now()).isEmpty();
    }

    /**
     * Deliveries whose replica stopped renewing before the video was checked (it died or froze while
     * downloading) go back to PENDING, to be polled and downloaded again by whoever claims them.
     */
    public int reclaimStalledDeliveries() {
        long now = Database.now();
        return db.update("UPDATE kie_task SET state = 'PENDING', " + Lease.RELEASE + ", next_poll_at = ?, updated_at = ? "
                + "WHERE state = 'DELIVERING' AND sha256 IS NULL AND lease_until < ?", now, now, now);
    }

    /** A spooled delivery claimed here whose video is not in this replica's spool: download it again. */
    public void restartDelivery(String taskId) {
        long now = Database.now();
        db.update("UPDATE kie_task SET state = 'PENDING', " + Lease.RELEASE + ", bytes = NULL, sha256 = NULL, "
                + "spool_file = NULL, sinks_done = '', destination = NULL, next_poll_at = ?, updated_at = ? "
                + "WHERE task_id = ? AND state = 'DELIVERING' AND " + Lease.MINE, now, now, taskId, lease.owner());
    }

    /**
     * After a stop, takes back the task work left behind: on the embedded store all of it (one process owns
     * it), on a shared store what is still leased under this replica's owner ID (a stable kie.store.owner).
     * Deliveries whose checked video is still in the spool resume publishing now; the others (download cut
     * short, or spool lost) start again from a fresh poll; interrupted polls are due at once. Notification
     * claims are not touched here: the caller also calls {@link NotificationOutbox#releaseClaims()}.
     */
    public Recovery resumeAfterStop(Predicate<String> stillSpooled) {
        record Interrupted(String taskId, String sha256, String spoolFile) {
        }
        boolean shared = db.isPostgres();
        String mineIfShared = shared ? " AND " + Lease.MINE : "";
        Object[] ownerIfShared = shared ? new Object[] {lease.owner()} : new Object[0];
        int resumed = 0;
        int restarted = 0;
        for (Interrupted task : db.query("SELECT task_id, sha256, spool_file FROM kie_task WHERE state = 'DELIVERING'"
                + mineIfShared, rs -> new Interrupted(rs.getString(1), rs.getString(2), rs.getString(3)), ownerIfShared)) {
            long now = Database.now();
            if (task.sha256() != null && stillSpooled.test(task.spoolFile())) {
                db.update("UPDATE kie_task SET next_poll_at = ? WHERE task_id = ?", now, task.taskId());
                resumed++;
            } else {
                db.update("UPDATE kie_task SET state = 'PENDING', bytes = NULL, sha256 = NULL, spool_file = NULL, "
                        + "sinks_done = '', destination = NULL, next_poll_at = ?, updated_at = ? WHERE task_id = ?",
                        now, now, task.taskId());
                restarted++;
            }
        }
        db.update("UPDATE kie_task SET " + Lease.RELEASE + " WHERE lease_owner IS NOT NULL AND state <> 'PENDING'"
                + mineIfShared, ownerIfShared);
        long now = Database.now();
        int pollsDueAgain = db.update("UPDATE kie_task SET " + Lease.RELEASE + ", next_poll_at = ? "
                + "WHERE lease_owner IS NOT NULL" + mineIfShared,
                shared ? new Object[] {now, lease.owner()} : new Object[] {now});
        return new Recovery(resumed, restarted, pollsDueAgain);
    }

    /** Names of the spooled videos deliveries still need. */
    public Set<String> spoolFilesInUse() {
        return new HashSet<>(db.query("SELECT spool_file FROM kie_task WHERE state = 'DELIVERING' AND spool_file IS NOT NULL",
                rs -> rs.getString(1)));
    }
}

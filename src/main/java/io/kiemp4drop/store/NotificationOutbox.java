package io.kiemp4drop.store;

import io.kiemp4drop.model.Notification;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * Notifications owed for tasks that reached a final state (kie.notify.uri): written in the same transaction
 * as the state itself, leased to the replica sending them like tasks are, and deleted (durably) once the
 * endpoint took them, so each is sent at least once whatever stops in between.
 */
public class NotificationOutbox {

    private final Database db;
    private final Lease lease;
    private final TaskQueue leases;
    private volatile boolean enabled;

    public NotificationOutbox(Database db, Lease lease) {
        this.db = db;
        this.lease = lease;
        this.leases = new TaskQueue(db, lease);
    }

    /** From now on, every task reaching a final state also leaves a notification to send (kie.notify.uri set). */
    public void enable(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Inside the caller's transaction that just ended the task: owes its notification, when notifications
     * are enabled. True when one was written.
     */
    boolean owe(Connection c, String taskId, TaskState state) throws SQLException {
        if (!enabled) {
            return false;
        }
        long now = Database.now();
        Database.update(c, "INSERT INTO kie_notification (task_id, state, next_attempt_at, created_at) VALUES (?, ?, ?, ?)",
                taskId, state.name(), now, now);
        return true;
    }

    /**
     * Leases up to {@code limit} notifications that are due, oldest first, each with its task as it is now.
     * Three statements whatever the limit: select and lease the IDs, then one joined read.
     */
    public List<Notification> claim(int limit) {
        List<Long> ids = leases.claim("kie_notification", "id", "next_attempt_at", "1 = 1", limit, Long.class);
        if (ids.isEmpty()) {
            return List.of();
        }
        // task columns first (as TaskRows.ROW reads them), then the notification's own
        return db.query("SELECT " + TaskRows.columns("t") + ", n.id, n.state, n.attempts FROM kie_notification n "
                + "JOIN kie_task t ON t.task_id = n.task_id WHERE n.id IN ("
                + String.join(", ", Collections.nCopies(ids.size(), "?")) + ") ORDER BY n.id", rs -> {
                    TaskRecord task = TaskRows.ROW.map(rs);
                    int own = TaskRows.COUNT;
                    return new Notification(rs.getLong(own + 1), TaskState.valueOf(rs.getString(own + 2)), rs.getInt(own + 3), task);
                }, ids.toArray());
    }

    /** The endpoint took the notification: it is not owed any more (unless another replica holds it now). */
    public void sent(long id) {
        db.durableUpdate("DELETE FROM kie_notification WHERE id = ? AND " + Lease.MINE, id, lease.owner());
    }

    /** The endpoint refused the notification: tried again after {@code delay}. Returns the attempts so far. */
    public int failed(long id, Duration delay) {
        return db.inTransaction(c -> {
            Database.update(c, "UPDATE kie_notification SET " + Lease.RELEASE + ", attempts = attempts + 1, "
                    + "next_attempt_at = ? WHERE id = ? AND " + Lease.MINE, Database.now() + delay.toMillis(), id,
                    lease.owner());
            List<Integer> attempts = Database.query(c, "SELECT attempts FROM kie_notification WHERE id = ?",
                    rs -> rs.getInt(1), id);
            return attempts.isEmpty() ? 0 : attempts.get(0);
        });
    }

    /** Gives up on a notification (attempts used up). */
    public void drop(long id) {
        db.update("DELETE FROM kie_notification WHERE id = ?", id);
    }

    /** Notifications not yet taken by the endpoint. */
    public long countOwed() {
        return db.count("SELECT COUNT(*) FROM kie_notification");
    }

    /**
     * After a stop, makes the notifications a stopped sender held claimable at once: on the embedded store
     * all of them, on a shared store those leased under this replica's owner ID. Returns how many.
     */
    public int releaseClaims() {
        return db.isPostgres()
                ? db.update("UPDATE kie_notification SET " + Lease.RELEASE + " WHERE lease_owner IS NOT NULL AND "
                        + Lease.MINE, lease.owner())
                : db.update("UPDATE kie_notification SET " + Lease.RELEASE + " WHERE lease_owner IS NOT NULL");
    }
}

package io.kiemp4drop.store;

import io.kiemp4drop.model.TaskState;

/**
 * Ends tasks still being worked on (PENDING or DELIVERING) with a failure state or a cancellation. Each end
 * is one durable commit holding the state and, when notifications are enabled, the notification it owes.
 */
public class FinalStates {

    private final Database db;
    private final Lease lease;
    private final NotificationOutbox outbox;

    public FinalStates(Database db, Lease lease, NotificationOutbox outbox) {
        this.db = db;
        this.lease = lease;
        this.outbox = outbox;
    }

    /**
     * Ends a task that is still being worked on, and not leased by another replica, with a failure state
     * and the reason; {@code recordJson} (when not null) replaces the stored record. False when the task
     * had already ended or another replica holds it.
     */
    public boolean finish(String taskId, TaskState state, String reason, String recordJson) {
        if (!state.isTerminal() || state == TaskState.DELIVERED) {
            throw new IllegalArgumentException("finish() takes a failure state, not " + state);
        }
        long now = Database.now();
        return end(taskId, state, "UPDATE kie_task SET " + Lease.RELEASE + ", state = ?, last_error = ?, "
                + "record_json = COALESCE(?, record_json), updated_at = ? WHERE task_id = ? "
                + "AND state IN ('PENDING', 'DELIVERING') AND " + Lease.FREE_OR_MINE,
                state.name(), Database.cut(reason, TaskRows.MAX_ERROR_CHARS),
                Database.cut(recordJson, TaskRows.MAX_RECORD_CHARS), now, taskId, lease.owner(), now);
    }

    /** Stops work on a task that is still being worked on, whoever holds it. False when it had already ended. */
    public boolean cancel(String taskId) {
        return end(taskId, TaskState.CANCELLED, "UPDATE kie_task SET state = 'CANCELLED', " + Lease.RELEASE
                + ", last_error = 'cancelled by an operator', updated_at = ? WHERE task_id = ? "
                + "AND state IN ('PENDING', 'DELIVERING')", Database.now(), taskId);
    }

    private boolean end(String taskId, TaskState state, String sql, Object... args) {
        return db.inDurableTransaction(c -> {
            boolean ended = Database.update(c, sql, args) == 1;
            if (ended) {
                outbox.owe(c, taskId, state);
            }
            return ended;
        });
    }
}

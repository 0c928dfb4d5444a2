package io.kiemp4drop.store;

import io.kiemp4drop.validation.TaskIds;
import java.sql.PreparedStatement;
import java.util.List;

/**
 * Intake: new tasks enter the store PENDING and due at once. Every ID is checked before anything is
 * written, known tasks are left untouched, and the commit is durable (the inbox file that named the
 * tasks is removed right after). An operator's retry puts a FAILED task back the same way.
 */
public class TaskRegistry {

    private final Database db;

    public TaskRegistry(Database db) {
        this.db = db;
    }

    /** Adds a task, due now. Returns false when the task was already known (nothing changes). */
    public boolean add(String taskId, String source) {
        return addAll(List.of(taskId), source) == 1;
    }

    /** Adds tasks in one transaction, each due now; known ones are left untouched. Returns how many were new. */
    public int addAll(List<String> taskIds, String source) {
        if (taskIds.isEmpty()) {
            return 0;
        }
        taskIds.forEach(TaskIds::requireValid);
        long now = Database.now();
        try {
            return db.inDurableTransaction(c -> {
                int added = 0;
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO kie_task (task_id, state, source, next_poll_at, created_at, updated_at) "
                                + "SELECT ?, 'PENDING', ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM kie_task WHERE task_id = ?)")) {
                    for (String id : taskIds) {
                        Database.bind(ps, id, source, now, now, now, id);
                        added += ps.executeUpdate();
                    }
                }
                return added;
            });
        } catch (StoreException e) {
            // a single task added by another replica between the check and the insert: already known
            if (e.isDuplicateKey() && taskIds.size() == 1) {
                return 0;
            }
            throw e;
        }
    }

    /**
     * An operator's retry of a FAILED task: PENDING again, due now, with its attempt counts, error and download
     * results cleared, as if just added. False when the task is not FAILED.
     */
    public boolean retry(String taskId) {
        long now = Database.now();
        return db.durableUpdate("UPDATE kie_task SET state = 'PENDING', polls = 0, download_attempts = 0, last_error = NULL, "
                + "bytes = NULL, sha256 = NULL, destination = NULL, sinks_done = '', spool_file = NULL, media_json = NULL, "
                + "poster_file = NULL, source_bytes = NULL, source_sha256 = NULL, " + Lease.RELEASE + ", next_poll_at = ?, "
                + "updated_at = ? WHERE task_id = ? AND state = 'FAILED'", now, now, taskId) == 1;
    }
}

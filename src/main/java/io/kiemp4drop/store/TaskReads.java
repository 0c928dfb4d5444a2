package io.kiemp4drop.store;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read-only views of the tasks for reports, the HTTP API and the give-up check. Nothing here writes. */
public class TaskReads {

    private final Database db;

    public TaskReads(Database db) {
        this.db = db;
    }

    public Optional<TaskRecord> find(String taskId) {
        return db.query("SELECT " + TaskRows.COLUMNS + " FROM kie_task WHERE task_id = ?", TaskRows.ROW, taskId)
                .stream().findFirst();
    }

    /** One page of tasks, newest first (ties by ID), of one state or, when {@code state} is null, of all. */
    public List<TaskRecord> page(TaskState state, int limit, int offset) {
        return state == null
                ? db.query("SELECT " + TaskRows.COLUMNS + " FROM kie_task ORDER BY created_at DESC, task_id "
                        + "LIMIT ? OFFSET ?", TaskRows.ROW, limit, offset)
                : db.query("SELECT " + TaskRows.COLUMNS + " FROM kie_task WHERE state = ? "
                        + "ORDER BY created_at DESC, task_id LIMIT ? OFFSET ?", TaskRows.ROW, state.name(), limit, offset);
    }

    /** The last {@code limit} deliveries, newest first. */
    public List<TaskRecord> latestDelivered(int limit) {
        return db.query("SELECT " + TaskRows.COLUMNS + " FROM kie_task WHERE state = 'DELIVERED' "
                + "ORDER BY delivered_at DESC, task_id LIMIT ?", TaskRows.ROW, limit);
    }

    /** How many tasks are in each state (states without tasks are absent). */
    public Map<TaskState, Long> countByState() {
        Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
        for (Map.Entry<TaskState, Long> row : db.query("SELECT state, COUNT(*) FROM kie_task GROUP BY state",
                rs -> Map.entry(TaskState.valueOf(rs.getString(1)), rs.getLong(2)))) {
            counts.put(row.getKey(), row.getValue());
        }
        return counts;
    }

    /** Every task, oldest first. */
    public List<TaskRecord> all() {
        return db.query("SELECT " + TaskRows.COLUMNS + " FROM kie_task ORDER BY created_at, task_id", TaskRows.ROW);
    }

    /** Tasks still being worked on (PENDING or DELIVERING). */
    public long countActive() {
        return db.count("SELECT COUNT(*) FROM kie_task WHERE state IN ('PENDING', 'DELIVERING')");
    }

    /** IDs of the pending tasks added longer ago than {@code giveUpAfter}. */
    public List<String> overdue(Duration giveUpAfter) {
        return db.query("SELECT task_id FROM kie_task WHERE state = 'PENDING' AND created_at < ?",
                rs -> rs.getString(1), Database.now() - giveUpAfter.toMillis());
    }
}

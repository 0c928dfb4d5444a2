package io.kiemp4drop.store;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/** The kie_task columns read into a {@link TaskRecord}, their mapper, and the column size limits writes respect. */
final class TaskRows {

    static final int MAX_ERROR_CHARS = 1000;
    static final int MAX_RECORD_CHARS = 8000;

    private static final List<String> NAMES = List.of("task_id", "state", "polls", "download_attempts", "created_at",
            "updated_at", "success_seen_at", "delivered_at", "last_error", "bytes", "sha256", "destination",
            "record_json", "sinks_done", "spool_file", "media_json", "poster_file", "source_bytes", "source_sha256",
            "next_poll_at");

    /** How many columns {@link #ROW} reads: a query's own columns follow them. */
    static final int COUNT = NAMES.size();

    /** The columns {@link #ROW} reads, in its order. */
    static final String COLUMNS = String.join(", ", NAMES);

    /** Maps columns 1 to {@link #COUNT} of a row selected with {@link #COLUMNS} (or {@link #columns(String)}). */
    static final Database.Row<TaskRecord> ROW = rs -> new TaskRecord(rs.getString(1), TaskState.valueOf(rs.getString(2)),
            rs.getInt(3), rs.getInt(4), rs.getLong(5), rs.getLong(6), rs.getObject(7, Long.class),
            rs.getObject(8, Long.class), rs.getString(9), rs.getObject(10, Long.class), rs.getString(11),
            rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16), rs.getString(17),
            rs.getObject(18, Long.class), rs.getString(19), rs.getLong(20));

    private TaskRows() {
    }

    /** {@link #COLUMNS} qualified by a table alias, for joins. */
    static String columns(String alias) {
        return NAMES.stream().map(name -> alias + "." + name).collect(Collectors.joining(", "));
    }

    /** One integer counter of a task, 0 when the task is unknown. */
    static int intColumn(Connection c, String column, String taskId) throws SQLException {
        List<Integer> values = Database.query(c, "SELECT " + column + " FROM kie_task WHERE task_id = ?",
                rs -> rs.getInt(1), taskId);
        return values.isEmpty() ? 0 : values.get(0);
    }
}

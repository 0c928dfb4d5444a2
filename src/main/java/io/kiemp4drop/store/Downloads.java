package io.kiemp4drop.store;

import io.kiemp4drop.model.DownloadProgress;
import java.util.List;
import java.util.Optional;

/**
 * Downloads in flight, shared by every replica: how many bytes each has received of those announced, so any
 * replica's task API and operator page show the same progress. Readings are cheap, frequent and harmless to
 * lose, so none of them is a durable commit.
 */
public class Downloads {

    private static final String COLUMNS = "d.task_id, d.bytes_received, d.bytes_expected, d.started_at, d.updated_at";
    private static final Database.Row<DownloadProgress> ROW = rs -> new DownloadProgress(rs.getString(1), rs.getLong(2),
            (Long) rs.getObject(3, Long.class), rs.getLong(4), rs.getLong(5));

    private final Database db;

    public Downloads(Database db) {
        this.db = db;
    }

    /** A download of {@code taskId} begins (replacing what an interrupted one left). */
    public void begin(String taskId, Long bytesExpected) {
        long now = Database.now();
        db.inTransaction(c -> {
            Database.update(c, "DELETE FROM kie_download WHERE task_id = ?", taskId);
            // a null bound as a parameter has no type PostgreSQL accepts for a BIGINT column: NULL is written out
            return bytesExpected == null
                    ? Database.update(c, "INSERT INTO kie_download (task_id, bytes_received, bytes_expected, started_at, "
                            + "updated_at) VALUES (?, 0, NULL, ?, ?)", taskId, now, now)
                    : Database.update(c, "INSERT INTO kie_download (task_id, bytes_received, bytes_expected, started_at, "
                            + "updated_at) VALUES (?, 0, ?, ?, ?)", taskId, bytesExpected, now, now);
        });
    }

    public void advance(String taskId, long bytesReceived) {
        db.update("UPDATE kie_download SET bytes_received = ?, updated_at = ? WHERE task_id = ?", bytesReceived,
                Database.now(), taskId);
    }

    public void end(String taskId) {
        db.update("DELETE FROM kie_download WHERE task_id = ?", taskId);
    }

    /** The downloads of tasks still DELIVERING, oldest first. */
    public List<DownloadProgress> inFlight() {
        return db.query("SELECT " + COLUMNS + " FROM kie_download d JOIN kie_task t ON t.task_id = d.task_id "
                + "WHERE t.state = 'DELIVERING' ORDER BY d.started_at, d.task_id", ROW);
    }

    public Optional<DownloadProgress> of(String taskId) {
        return db.query("SELECT " + COLUMNS + " FROM kie_download d WHERE d.task_id = ?", ROW, taskId).stream().findFirst();
    }

    /** At start on the embedded store: no download is running yet, whatever rows a stop left. */
    public void forgetAll() {
        db.update("DELETE FROM kie_download");
    }
}

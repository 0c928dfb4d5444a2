package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;

class TaskRowsRepositoryTest {

    @BothDialects
    void mapsEveryColumnIncludingNulls(StoreFixture store) {
        store.add("full", "bare");
        store.exec("UPDATE kie_task SET state = 'DELIVERED', polls = 4, download_attempts = 2, created_at = 10, "
                + "updated_at = 20, success_seen_at = 30, delivered_at = 40, last_error = 'e', bytes = 50, sha256 = 'ab', "
                + "destination = '/d', record_json = '{}', sinks_done = 'file', spool_file = 's', media_json = '{\"tracks\":1}', poster_file = 'p.jpg', source_bytes = 60, source_sha256 = 'cd', next_poll_at = 70 WHERE task_id = 'full'");
        store.exec("UPDATE kie_task SET created_at = 1, updated_at = 2, next_poll_at = 3 WHERE task_id = 'bare'");

        String sql = "SELECT " + TaskRows.COLUMNS + " FROM kie_task WHERE task_id = ?";
        assertThat(store.db.query(sql, TaskRows.ROW, "full")).containsExactly(new TaskRecord("full", TaskState.DELIVERED,
                4, 2, 10, 20, 30L, 40L, "e", 50L, "ab", "/d", "{}", "file", "s", "{\"tracks\":1}", "p.jpg", 60L, "cd", 70L));
        assertThat(store.db.query(sql, TaskRows.ROW, "bare")).containsExactly(new TaskRecord("bare", TaskState.PENDING,
                0, 0, 1, 2, null, null, null, null, null, null, null, "", null, null, null, null, null, 3L));
        assertThat(store.db.query("SELECT " + TaskRows.columns("t") + " FROM kie_task t WHERE t.task_id = ?",
                TaskRows.ROW, "full")).isEqualTo(store.db.query(sql, TaskRows.ROW, "full"));
    }

    @BothDialects
    void intColumnReadsACounterAndZeroForAnUnknownTask(StoreFixture store) {
        store.add("t-1");
        store.exec("UPDATE kie_task SET not_found = 3 WHERE task_id = 't-1'");

        assertThat(store.db.<Integer>inTransaction(c -> TaskRows.intColumn(c, "not_found", "t-1"))).isEqualTo(3);
        assertThat(store.db.<Integer>inTransaction(c -> TaskRows.intColumn(c, "not_found", "unknown"))).isZero();
    }
}

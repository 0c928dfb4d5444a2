package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import java.time.Duration;
import java.util.Map;

class TaskReadsRepositoryTest {

    /** Tasks a..e created a minute apart (a oldest); b and d delivered, e failed. */
    private static TaskReads fiveTasks(StoreFixture store) {
        store.add("c", "a", "e", "b", "d", "d2");
        long base = Database.now() - Duration.ofHours(1).toMillis();
        String[] ids = {"a", "b", "c", "d", "e"};
        for (int i = 0; i < ids.length; i++) {
            store.exec("UPDATE kie_task SET created_at = ? WHERE task_id = ?", base + i * 60_000L, ids[i]);
        }
        // same creation time as d: ordered by ID after it
        store.exec("UPDATE kie_task SET created_at = ? WHERE task_id = 'd2'", base + 3 * 60_000L);
        store.exec("UPDATE kie_task SET state = 'DELIVERED' WHERE task_id IN ('b', 'd')");
        store.exec("UPDATE kie_task SET state = 'FAILED' WHERE task_id = 'e'");
        return new TaskReads(store.db);
    }

    @BothDialects
    void findReadsOneTask(StoreFixture store) {
        store.add("t-1");
        TaskReads reads = new TaskReads(store.db);

        assertThat(reads.find("t-1")).map(TaskRecord::state).contains(TaskState.PENDING);
        assertThat(reads.find("unknown")).isEmpty();
    }

    @BothDialects
    void pagesAreNewestFirstAndFilteredByState(StoreFixture store) {
        TaskReads reads = fiveTasks(store);

        assertThat(reads.page(null, 10, 0)).extracting(TaskRecord::taskId).containsExactly("e", "d", "d2", "c", "b", "a");
        assertThat(reads.page(null, 2, 1)).extracting(TaskRecord::taskId).containsExactly("d", "d2");
        assertThat(reads.page(TaskState.DELIVERED, 10, 0)).extracting(TaskRecord::taskId).containsExactly("d", "b");
        assertThat(reads.page(TaskState.PENDING, 1, 1)).extracting(TaskRecord::taskId).containsExactly("c");
        assertThat(reads.page(TaskState.CANCELLED, 10, 0)).isEmpty();
    }

    @BothDialects
    void countsByStateAndActive(StoreFixture store) {
        TaskReads reads = fiveTasks(store);
        store.delivering("a", "r1", null, null);

        assertThat(reads.countByState()).isEqualTo(Map.of(TaskState.PENDING, 2L, TaskState.DELIVERING, 1L,
                TaskState.DELIVERED, 2L, TaskState.FAILED, 1L));
        assertThat(reads.countActive()).isEqualTo(3);
    }

    @BothDialects
    void allIsOldestFirst(StoreFixture store) {
        TaskReads reads = fiveTasks(store);

        assertThat(reads.all()).extracting(TaskRecord::taskId).containsExactly("a", "b", "c", "d", "d2", "e");
    }

    @BothDialects
    void overdueNamesPendingTasksOlderThanTheCutReadingOnlyTheirIds(StoreFixture store) {
        TaskReads reads = fiveTasks(store);
        store.delivering("a", "r1", null, null);
        store.forgetStatements();

        // a is delivering, b and d delivered, e failed, c (created 58 min ago) and d2 (57 min ago) pending
        assertThat(reads.overdue(Duration.ofSeconds(57 * 60 + 30))).containsExactly("c");
        assertThat(reads.overdue(Duration.ofMinutes(30))).containsExactlyInAnyOrder("c", "d2");
        assertThat(reads.overdue(Duration.ofHours(2))).isEmpty();

        assertThat(store.statements()).allSatisfy(sql -> assertThat(sql).startsWith("SELECT task_id FROM"));
    }
}

package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import java.util.List;
import java.util.Map;

class FinalStatesRepositoryTest {

    private static FinalStates finalStates(StoreFixture store, String owner, boolean notifying) {
        NotificationOutbox outbox = new NotificationOutbox(store.db, store.lease(owner));
        outbox.enable(notifying);
        return new FinalStates(store.db, store.lease(owner), outbox);
    }

    private static List<String> owed(StoreFixture store) {
        return store.db.query("SELECT task_id, state FROM kie_notification ORDER BY id",
                rs -> rs.getString(1) + " " + rs.getString(2));
    }

    @BothDialects
    void finishEndsPendingAndDeliveringTasksWithTheReason(StoreFixture store) {
        store.add("pending", "delivering");
        store.delivering("delivering", "r1", "ab", "f");
        store.exec("UPDATE kie_task SET record_json = '{\"old\":1}'");
        FinalStates r1 = finalStates(store, "r1", false);
        store.forgetStatements();

        assertThat(r1.finish("pending", TaskState.FAILED, "GENERATE_FAILED", "{\"new\":1}")).isTrue();
        assertThat(r1.finish("delivering", TaskState.EXPIRED, "x".repeat(2000), null)).isTrue();

        TaskRecord failed = store.task("pending");
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.lastError()).isEqualTo("GENERATE_FAILED");
        assertThat(failed.recordJson()).isEqualTo("{\"new\":1}");
        TaskRecord expired = store.task("delivering");
        assertThat(expired.state()).isEqualTo(TaskState.EXPIRED);
        assertThat(expired.lastError()).hasSize(1000);
        assertThat(expired.recordJson()).as("kept when none is given").isEqualTo("{\"old\":1}");
        assertThat(store.leaseOwner("delivering")).isNull();
        assertThat(store.checkpoints()).isEqualTo(store.isPostgres() ? 0 : 2);
        assertThat(owed(store)).isEmpty();
    }

    @BothDialects
    void anEndedTaskOrOneHeldByAnotherReplicaIsNotFinished(StoreFixture store) {
        store.add("done", "theirs");
        store.exec("UPDATE kie_task SET state = 'DELIVERED' WHERE task_id = 'done'");
        store.leaseTo("theirs", "r2", Database.now() + 60_000);
        Map<String, Object> done = store.row("done");
        Map<String, Object> theirs = store.row("theirs");
        FinalStates r1 = finalStates(store, "r1", true);

        assertThat(r1.finish("done", TaskState.FAILED, "late", null)).isFalse();
        assertThat(r1.finish("theirs", TaskState.FAILED, "late", null)).isFalse();
        assertThat(r1.finish("unknown", TaskState.FAILED, "late", null)).isFalse();

        assertThat(store.row("done")).isEqualTo(done);
        assertThat(store.row("theirs")).isEqualTo(theirs);
        assertThat(owed(store)).isEmpty();
    }

    @BothDialects
    void finishTakesOnlyFailureStates(StoreFixture store) {
        store.add("t-1");
        FinalStates r1 = finalStates(store, "r1", true);
        for (TaskState state : List.of(TaskState.PENDING, TaskState.DELIVERING, TaskState.DELIVERED)) {
            assertThatThrownBy(() -> r1.finish("t-1", state, "no", null)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.task("t-1").state()).isEqualTo(TaskState.PENDING);
    }

    @BothDialects
    void cancelStopsWorkWhoeverHoldsItButNotAnEndedTask(StoreFixture store) {
        store.add("pending", "theirs", "done");
        store.delivering("theirs", "r2", null, null);
        store.exec("UPDATE kie_task SET state = 'NOT_FOUND' WHERE task_id = 'done'");
        Map<String, Object> done = store.row("done");
        FinalStates r1 = finalStates(store, "r1", false);
        store.forgetStatements();

        assertThat(r1.cancel("pending")).isTrue();
        assertThat(r1.cancel("theirs")).isTrue();
        assertThat(r1.cancel("done")).isFalse();
        assertThat(r1.cancel("pending")).isFalse();

        for (String id : List.of("pending", "theirs")) {
            assertThat(store.task(id).state()).as(id).isEqualTo(TaskState.CANCELLED);
            assertThat(store.task(id).lastError()).as(id).isEqualTo("cancelled by an operator");
            assertThat(store.leaseOwner(id)).as(id).isNull();
        }
        assertThat(store.row("done")).isEqualTo(done);
        assertThat(store.checkpoints()).isEqualTo(store.isPostgres() ? 0 : 4);
    }

    @BothDialects
    void eachEndOwesOneNotificationWhenNotificationsAreOn(StoreFixture store) {
        store.add("a", "b", "c");
        FinalStates r1 = finalStates(store, "r1", true);

        r1.finish("a", TaskState.INVALID, "422", null);
        r1.cancel("b");
        r1.cancel("b");
        r1.finish("b", TaskState.FAILED, "already cancelled", null);

        assertThat(owed(store)).containsExactly("a INVALID", "b CANCELLED");
    }

    @BothDialects
    void theEndIsNotCommittedWithoutItsNotification(StoreFixture store) {
        store.add("a", "b");
        store.exec("DROP TABLE kie_notification");
        FinalStates r1 = finalStates(store, "r1", true);

        assertThatThrownBy(() -> r1.cancel("a")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> r1.finish("b", TaskState.FAILED, "x", null)).isInstanceOf(StoreException.class);

        assertThat(store.task("a").state()).isEqualTo(TaskState.PENDING);
        assertThat(store.task("b").state()).isEqualTo(TaskState.PENDING);
    }
}

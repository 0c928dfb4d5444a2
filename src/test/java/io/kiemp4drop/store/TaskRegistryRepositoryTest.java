package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.validation.InvalidTaskIdException;
import java.util.List;

class TaskRegistryRepositoryTest {

    @BothDialects
    void anAddedTaskIsPendingAndDueAtOnceInADurableCommit(StoreFixture store) {
        long before = Database.now();

        assertThat(new TaskRegistry(store.db).add("t-1", "inbox")).isTrue();

        TaskRecord task = store.task("t-1");
        assertThat(task.state()).isEqualTo(TaskState.PENDING);
        assertThat(task.polls()).isZero();
        assertThat(task.createdAt()).isBetween(before, Database.now());
        assertThat(store.nextPollAt("t-1")).isBetween(before, Database.now());
        assertThat(store.value("SELECT source FROM kie_task WHERE task_id = 't-1'")).isEqualTo("inbox");
        assertThat(store.leaseOwner("t-1")).isNull();
        assertThat(store.checkpoints()).isEqualTo(store.isPostgres() ? 0 : 1);
    }

    @BothDialects
    void addingAKnownTaskChangesNothing(StoreFixture store) {
        TaskRegistry registry = new TaskRegistry(store.db);
        registry.add("t-1", "inbox");
        store.exec("UPDATE kie_task SET polls = 3, state = 'DELIVERED' WHERE task_id = 't-1'");
        var before = store.row("t-1");

        assertThat(registry.add("t-1", "http")).isFalse();

        assertThat(store.row("t-1")).isEqualTo(before);
    }

    @BothDialects
    void addAllAddsTheNewOnesInOneGoAndCountsThem(StoreFixture store) {
        TaskRegistry registry = new TaskRegistry(store.db);
        registry.add("a", "inbox");

        assertThat(registry.addAll(List.of("a", "b", "c", "b"), "http")).isEqualTo(2);

        assertThat(new TaskReads(store.db).all()).extracting(TaskRecord::taskId).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(store.value("SELECT source FROM kie_task WHERE task_id = 'a'")).isEqualTo("inbox");
        assertThat(registry.addAll(List.of(), "http")).isZero();
    }

    @BothDialects
    void anInvalidIdIsRefusedBeforeAnythingIsWritten(StoreFixture store) {
        TaskRegistry registry = new TaskRegistry(store.db);

        assertThatThrownBy(() -> registry.addAll(List.of("fine-1", "../etc/passwd"), "inbox"))
                .isInstanceOf(InvalidTaskIdException.class);
        assertThatThrownBy(() -> registry.add("x".repeat(129), "inbox")).isInstanceOf(InvalidTaskIdException.class);
        assertThatThrownBy(() -> registry.add("${env:HOME}", "inbox")).isInstanceOf(InvalidTaskIdException.class);

        assertThat(store.statements()).isEmpty();
        assertThat(store.number("SELECT COUNT(*) FROM kie_task")).isZero();
    }
}

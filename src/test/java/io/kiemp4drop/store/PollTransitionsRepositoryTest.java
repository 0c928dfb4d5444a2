package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

class PollTransitionsRepositoryTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** Adds the task and claims it for r1's poll, as the scheduler would. */
    private static PollTransitions polledByR1(StoreFixture store, String taskId) {
        store.add(taskId);
        assertThat(new TaskQueue(store.db, store.lease("r1")).claimNow(taskId)).isTrue();
        return new PollTransitions(store.db, store.lease("r1"));
    }

    @BothDialects
    void pollAgainCountsThePollClearsTheStreakReschedulesAndReleases(StoreFixture store) {
        PollTransitions polls = polledByR1(store, "t-1");
        store.exec("UPDATE kie_task SET failures = 2 WHERE task_id = 't-1'");
        long before = Database.now();

        polls.pollAgain("t-1", MINUTE);

        assertThat(store.task("t-1").polls()).isEqualTo(1);
        assertThat(store.number("SELECT failures FROM kie_task WHERE task_id = 't-1'")).isZero();
        assertThat(store.nextPollAt("t-1")).isBetween(before + 60_000, Database.now() + 60_000);
        assertThat(store.leaseOwner("t-1")).isNull();
        assertThat(store.value("SELECT lease_until FROM kie_task WHERE task_id = 't-1'")).isNull();
    }

    @BothDialects
    void pollAgainNotingReportsANoteOnlyTheFirstTime(StoreFixture store) {
        PollTransitions polls = polledByR1(store, "t-1");

        assertThat(polls.pollAgainNoting("t-1", "successFlag WEIRD", MINUTE)).isTrue();
        assertThat(polls.pollAgainNoting("t-1", "successFlag WEIRD", MINUTE)).isFalse();
        assertThat(store.task("t-1").lastError()).isEqualTo("successFlag WEIRD");
        assertThat(polls.pollAgainNoting("t-1", "successFlag ODD", MINUTE)).isTrue();

        assertThat(store.task("t-1").lastError()).isEqualTo("successFlag ODD");
        assertThat(store.task("t-1").polls()).isEqualTo(3);
        assertThat(store.nextPollAt("t-1")).isGreaterThan(Database.now());
        assertThat(store.leaseOwner("t-1")).isNull();
    }

    @BothDialects
    void deferUntilMovesThePollWithoutCountingIt(StoreFixture store) {
        PollTransitions polls = polledByR1(store, "t-1");
        long until = Database.now() + 123_456;

        polls.deferUntil("t-1", until);

        assertThat(store.nextPollAt("t-1")).isEqualTo(until);
        assertThat(store.task("t-1").polls()).isZero();
        assertThat(store.leaseOwner("t-1")).isNull();
    }

    @BothDialects
    void transientFailuresLengthenTheStreakAndBackOffByIt(StoreFixture store) {
        PollTransitions polls = polledByR1(store, "t-1");
        List<Integer> asked = new ArrayList<>();
        long before = Database.now();

        assertThat(polls.recordTransientFailure("t-1", "HTTP 503", n -> {
            asked.add(n);
            return Duration.ofSeconds(10L * n);
        })).isEqualTo(1);
        assertThat(polls.recordTransientFailure("t-1", "x".repeat(1500), n -> {
            asked.add(n);
            return Duration.ofSeconds(10L * n);
        })).isEqualTo(2);

        assertThat(asked).containsExactly(1, 2);
        assertThat(store.number("SELECT failures FROM kie_task WHERE task_id = 't-1'")).isEqualTo(2);
        assertThat(store.task("t-1").lastError()).hasSize(1000);
        assertThat(store.task("t-1").polls()).as("a failed poll is not counted").isZero();
        assertThat(store.nextPollAt("t-1")).isBetween(before + 20_000, Database.now() + 20_000);
        assertThat(store.leaseOwner("t-1")).isNull();

        polls.pollAgain("t-1", MINUTE);
        assertThat(store.number("SELECT failures FROM kie_task WHERE task_id = 't-1'")).isZero();
    }

    @BothDialects
    void notFoundIsCountedInARow(StoreFixture store) {
        PollTransitions polls = polledByR1(store, "t-1");

        assertThat(polls.recordNotFound("t-1", MINUTE)).isEqualTo(1);
        assertThat(polls.recordNotFound("t-1", MINUTE)).isEqualTo(2);

        assertThat(store.number("SELECT not_found FROM kie_task WHERE task_id = 't-1'")).isEqualTo(2);
        assertThat(store.task("t-1").polls()).isEqualTo(2);
        assertThat(store.task("t-1").lastError()).isEqualTo("record-info does not know this task");
        assertThat(store.nextPollAt("t-1")).isGreaterThan(Database.now() + 50_000);
        assertThat(store.leaseOwner("t-1")).isNull();
    }

    @BothDialects
    void startDeliveryTakesThePendingTaskIntoDeliveringUnderThisLease(StoreFixture store) {
        PollTransitions polls = polledByR1(store, "t-1");
        store.exec("UPDATE kie_task SET failures = 3, success_seen_at = 1000 WHERE task_id = 't-1'");
        long before = Database.now();

        assertThat(polls.startDelivery("t-1", "{\"successFlag\":\"SUCCESS\"}")).isTrue();
        assertThat(polls.startDelivery("t-1", "{}")).as("no longer pending").isFalse();

        TaskRecord task = store.task("t-1");
        assertThat(task.state()).isEqualTo(TaskState.DELIVERING);
        assertThat(task.polls()).isEqualTo(1);
        assertThat(task.recordJson()).isEqualTo("{\"successFlag\":\"SUCCESS\"}");
        assertThat(task.successSeenAt()).as("the first sighting is kept").isEqualTo(1000L);
        assertThat(task.sinksDone()).isEmpty();
        assertThat(store.number("SELECT failures FROM kie_task WHERE task_id = 't-1'")).isZero();
        assertThat(store.leaseOwner("t-1")).isEqualTo("r1");
        assertThat(store.number("SELECT lease_until FROM kie_task WHERE task_id = 't-1'"))
                .isGreaterThanOrEqualTo(before + Duration.ofMinutes(5).toMillis());
        assertThat(store.nextPollAt("t-1")).as("held out of the publication queue")
                .isGreaterThanOrEqualTo(before + Duration.ofDays(1).toMillis());
    }

    @BothDialects
    void nothingChangesWhileAnotherReplicaHoldsALiveLease(StoreFixture store) {
        store.add("t-1");
        store.leaseTo("t-1", "r2", Database.now() + 60_000);
        PollTransitions r1 = new PollTransitions(store.db, store.lease("r1"));
        Map<String, Object> before = store.row("t-1");

        for (Consumer<String> write : List.<Consumer<String>>of(
                id -> r1.pollAgain(id, MINUTE),
                id -> r1.pollAgainNoting(id, "note", MINUTE),
                id -> r1.deferUntil(id, 42),
                id -> r1.recordTransientFailure(id, "boom", n -> MINUTE),
                id -> r1.recordNotFound(id, MINUTE),
                id -> assertThat(r1.startDelivery(id, "{}")).isFalse())) {
            write.accept("t-1");
            assertThat(store.row("t-1")).isEqualTo(before);
        }
    }

    @BothDialects
    void anExpiredLeaseOfAnotherReplicaDoesNotFence(StoreFixture store) {
        store.add("t-1");
        store.leaseTo("t-1", "r2", Database.now() - 1);

        new PollTransitions(store.db, store.lease("r1")).pollAgain("t-1", MINUTE);

        assertThat(store.task("t-1").polls()).isEqualTo(1);
        assertThat(store.leaseOwner("t-1")).isNull();
    }

    @BothDialects
    void onlyPendingTasksAreTouched(StoreFixture store) {
        store.add("t-1");
        store.delivering("t-1", "r1", null, null);
        Map<String, Object> before = store.row("t-1");
        PollTransitions r1 = new PollTransitions(store.db, store.lease("r1"));

        r1.pollAgain("t-1", MINUTE);
        r1.deferUntil("t-1", 42);
        r1.recordNotFound("t-1", MINUTE);
        r1.recordTransientFailure("t-1", "boom", n -> MINUTE);

        assertThat(store.row("t-1")).isEqualTo(before);
    }
}

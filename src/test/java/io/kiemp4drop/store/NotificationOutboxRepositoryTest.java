package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiemp4drop.model.Notification;
import io.kiemp4drop.model.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

class NotificationOutboxRepositoryTest {

    private static NotificationOutbox outbox(StoreFixture store, String owner) {
        NotificationOutbox outbox = new NotificationOutbox(store.db, store.lease(owner));
        outbox.enable(true);
        return outbox;
    }

    /** Owes a notification for the task (added when new), due at {@code dueAt}; returns its ID. */
    private static long owe(StoreFixture store, String taskId, String state, long dueAt) {
        if (store.row(taskId) == null) {
            store.add(taskId);
        }
        store.exec("UPDATE kie_task SET state = ? WHERE task_id = ?", state, taskId);
        store.exec("INSERT INTO kie_notification (task_id, state, next_attempt_at, created_at) VALUES (?, ?, ?, ?)",
                taskId, state, dueAt, dueAt);
        return store.number("SELECT MAX(id) FROM kie_notification");
    }

    @BothDialects
    void oweWritesANotificationOnlyWhenEnabled(StoreFixture store) {
        store.add("t-1");
        NotificationOutbox outbox = new NotificationOutbox(store.db, store.lease("r1"));
        assertThat(outbox.isEnabled()).isFalse();

        assertThat(store.db.<Boolean>inTransaction(c -> outbox.owe(c, "t-1", TaskState.FAILED))).isFalse();
        assertThat(outbox.countOwed()).isZero();

        outbox.enable(true);
        assertThat(outbox.isEnabled()).isTrue();
        assertThat(store.db.<Boolean>inTransaction(c -> outbox.owe(c, "t-1", TaskState.FAILED))).isTrue();
        assertThat(outbox.countOwed()).isEqualTo(1);
        assertThat(store.value("SELECT state FROM kie_notification WHERE task_id = 't-1'")).isEqualTo("FAILED");
        assertThat(store.number("SELECT next_attempt_at FROM kie_notification")).isLessThanOrEqualTo(Database.now());
    }

    @BothDialects
    void claimLeasesTheDueNotificationsWithTheirTasks(StoreFixture store) {
        long now = Database.now();
        long delivered = owe(store, "a", "DELIVERED", now - 1000);
        store.exec("UPDATE kie_task SET destination = '/drop/a.mp4', sinks_done = 'file' WHERE task_id = 'a'");
        long cancelled = owe(store, "b", "CANCELLED", now - 2000);
        owe(store, "c", "FAILED", now + 60_000);
        store.exec("UPDATE kie_notification SET attempts = 2 WHERE id = ?", cancelled);

        List<Notification> claimed = outbox(store, "r1").claim(10);

        assertThat(claimed).extracting(Notification::id).containsExactly(delivered, cancelled);
        assertThat(claimed.get(0).state()).isEqualTo(TaskState.DELIVERED);
        assertThat(claimed.get(0).attempts()).isZero();
        assertThat(claimed.get(0).task()).isEqualTo(store.task("a"));
        assertThat(claimed.get(0).task().destination()).isEqualTo("/drop/a.mp4");
        assertThat(claimed.get(1).state()).isEqualTo(TaskState.CANCELLED);
        assertThat(claimed.get(1).attempts()).isEqualTo(2);
        assertThat(claimed.get(1).task()).isEqualTo(store.task("b"));
        assertThat(store.db.query("SELECT lease_owner FROM kie_notification ORDER BY id", rs -> rs.getString(1)))
                .containsExactly("r1", "r1", null);
    }

    @BothDialects
    void aLeasedNotificationIsNotClaimedAgainAndTheOldestComeFirst(StoreFixture store) {
        long now = Database.now();
        long second = owe(store, "a", "FAILED", now - 1000);
        long first = owe(store, "b", "FAILED", now - 2000);
        long third = owe(store, "c", "FAILED", now - 500);

        assertThat(outbox(store, "r1").claim(2)).extracting(Notification::id).containsExactly(second, first);
        assertThat(outbox(store, "r2").claim(10)).extracting(Notification::id).containsExactly(third);
        assertThat(outbox(store, "r1").claim(10)).isEmpty();
        assertThat(outbox(store, "r2").claim(10)).isEmpty();
    }

    @BothDialects
    void aFailedNotificationIsRetriedLaterWithItsAttemptsCounted(StoreFixture store) {
        long id = owe(store, "a", "FAILED", Database.now());
        NotificationOutbox r1 = outbox(store, "r1");
        r1.claim(10);
        long before = Database.now();

        assertThat(r1.failed(id, Duration.ofMinutes(1))).isEqualTo(1);

        assertThat(store.number("SELECT next_attempt_at FROM kie_notification WHERE id = ?", id))
                .isBetween(before + 60_000, Database.now() + 60_000);
        assertThat(store.value("SELECT lease_owner FROM kie_notification WHERE id = ?", id)).isNull();
        assertThat(r1.claim(10)).as("not due yet").isEmpty();
        store.exec("UPDATE kie_notification SET next_attempt_at = 0");
        assertThat(outbox(store, "r2").claim(10)).singleElement().extracting(Notification::attempts).isEqualTo(1);
        assertThat(r1.failed(id, Duration.ZERO)).as("r2 holds it now: unchanged").isEqualTo(1);
        assertThat(store.value("SELECT lease_owner FROM kie_notification WHERE id = ?", id)).isEqualTo("r2");
    }

    @BothDialects
    void sentDeletesTheNotificationDurablyOnlyForItsLeaseHolder(StoreFixture store) {
        long id = owe(store, "a", "FAILED", Database.now());
        outbox(store, "r1").claim(10);
        store.forgetStatements();

        outbox(store, "r2").sent(id);
        assertThat(store.number("SELECT COUNT(*) FROM kie_notification")).isEqualTo(1);

        outbox(store, "r1").sent(id);
        assertThat(outbox(store, "r1").countOwed()).isZero();
        assertThat(store.checkpoints()).isEqualTo(store.isPostgres() ? 0 : 2);
    }

    @BothDialects
    void dropGivesUpOnANotificationWhoeverHoldsIt(StoreFixture store) {
        long id = owe(store, "a", "FAILED", Database.now());
        long kept = owe(store, "b", "FAILED", Database.now());
        outbox(store, "r2").claim(10);

        outbox(store, "r1").drop(id);

        assertThat(store.db.query("SELECT id FROM kie_notification", rs -> rs.getLong(1))).containsExactly(kept);
        assertThat(outbox(store, "r1").countOwed()).isEqualTo(1);
    }

    @BothDialects
    void releaseClaimsFreesAllOnTheEmbeddedStoreButOnlyItsOwnWhenShared(StoreFixture store) {
        long mine = owe(store, "a", "FAILED", Database.now());
        long theirs = owe(store, "b", "FAILED", Database.now() + 1);
        store.exec("UPDATE kie_notification SET lease_owner = 'r1', lease_until = ? WHERE id = ?", Database.now() + 60_000, mine);
        store.exec("UPDATE kie_notification SET lease_owner = 'r2', lease_until = ? WHERE id = ?", Database.now() + 60_000, theirs);

        int released = outbox(store, "r1").releaseClaims();

        assertThat(store.value("SELECT lease_owner FROM kie_notification WHERE id = ?", mine)).isNull();
        assertThat(store.value("SELECT lease_until FROM kie_notification WHERE id = ?", mine)).isNull();
        if (store.isPostgres()) {
            assertThat(released).isEqualTo(1);
            assertThat(store.value("SELECT lease_owner FROM kie_notification WHERE id = ?", theirs)).isEqualTo("r2");
        } else {
            assertThat(released).isEqualTo(2);
            assertThat(store.value("SELECT lease_owner FROM kie_notification WHERE id = ?", theirs)).isNull();
        }
    }

    @BothDialects
    void claimingTwoHundredNotificationsTakesThreeStatements(StoreFixture store) {
        List<String> ids = IntStream.range(0, 200).mapToObj(i -> "t-" + i).toList();
        new TaskRegistry(store.db).addAll(ids, "test");
        store.exec("UPDATE kie_task SET state = 'CANCELLED', last_error = task_id");
        store.exec("INSERT INTO kie_notification (task_id, state, next_attempt_at, created_at) "
                + "SELECT task_id, 'CANCELLED', 0, 0 FROM kie_task");
        store.forgetStatements();

        List<Notification> claimed = outbox(store, "r1").claim(500);

        assertThat(store.statements()).hasSize(3);
        assertThat(claimed).hasSize(200);
        assertThat(claimed).extracting(n -> n.task().taskId()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(claimed).allSatisfy(n -> {
            assertThat(n.state()).isEqualTo(TaskState.CANCELLED);
            assertThat(n.task().state()).isEqualTo(TaskState.CANCELLED);
            assertThat(n.task().lastError()).isEqualTo(n.task().taskId());
        });
        assertThat(store.number("SELECT COUNT(*) FROM kie_notification WHERE lease_owner = 'r1'")).isEqualTo(200);
    }
}

package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiemp4drop.model.SpooledVideo;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

class DeliveryTransitionsRepositoryTest {

    private static DeliveryTransitions deliveries(StoreFixture store, String owner, boolean notifying) {
        NotificationOutbox outbox = new NotificationOutbox(store.db, store.lease(owner));
        outbox.enable(notifying);
        return new DeliveryTransitions(store.db, store.lease(owner), outbox);
    }

    /** A task r1 is downloading, as startDelivery leaves it. */
    private static void downloadingByR1(StoreFixture store, String taskId) {
        store.add(taskId);
        assertThat(new PollTransitions(store.db, store.lease("r1")).startDelivery(taskId, "{}")).isTrue();
        store.forgetStatements();
    }

    @BothDialects
    void spooledAndSinksDoneAreRecordedDurably(StoreFixture store) {
        downloadingByR1(store, "t-1");
        DeliveryTransitions r1 = deliveries(store, "r1", false);

        r1.recordSpooled(new SpooledVideo("t-1", Path.of("t-1.r1.mp4"), 4096, "ab12").withPoster(Path.of("t-1.r1.jpg"))
                .remuxed(5000, "cd34", null), "{\"durationSeconds\":10.0}");
        r1.recordSinkDone("t-1", "file", "/drop/t-1.mp4");
        r1.recordSinkDone("t-1", "s3", "s3://bucket/t-1.mp4");

        TaskRecord task = store.task("t-1");
        assertThat(task.bytes()).isEqualTo(5000L);
        assertThat(task.sha256()).isEqualTo("cd34");
        assertThat(task.sourceBytes()).isEqualTo(4096L);
        assertThat(task.sourceSha256()).isEqualTo("ab12");
        assertThat(task.posterFile()).isEqualTo("t-1.r1.jpg");
        assertThat(task.spoolFile()).isEqualTo("t-1.r1.mp4");
        assertThat(task.mediaJson()).isEqualTo("{\"durationSeconds\":10.0}");
        assertThat(task.sinksDone()).isEqualTo("file,s3");
        assertThat(task.destination()).isEqualTo("/drop/t-1.mp4 s3://bucket/t-1.mp4");
        assertThat(task.state()).isEqualTo(TaskState.DELIVERING);
        assertThat(store.leaseOwner("t-1")).isEqualTo("r1");
        assertThat(store.checkpoints()).isEqualTo(store.isPostgres() ? 0 : 3);
    }

    @BothDialects
    void markDeliveredEndsTheTaskAndOwesItsNotificationInOneDurableCommit(StoreFixture store) {
        downloadingByR1(store, "t-1");
        store.exec("UPDATE kie_task SET failures = 2, last_error = 'sink down' WHERE task_id = 't-1'");
        long before = Database.now();

        deliveries(store, "r1", true).markDelivered("t-1");

        TaskRecord task = store.task("t-1");
        assertThat(task.state()).isEqualTo(TaskState.DELIVERED);
        assertThat(task.deliveredAt()).isBetween(before, Database.now());
        assertThat(task.lastError()).isNull();
        assertThat(store.number("SELECT failures FROM kie_task WHERE task_id = 't-1'")).isZero();
        assertThat(store.leaseOwner("t-1")).isNull();
        assertThat(store.db.query("SELECT task_id, state FROM kie_notification", rs -> rs.getString(1) + " " + rs.getString(2)))
                .containsExactly("t-1 DELIVERED");
        assertThat(store.checkpoints()).isEqualTo(store.isPostgres() ? 0 : 1);
    }

    @BothDialects
    void markDeliveredOwesNothingWhenNotificationsAreOff(StoreFixture store) {
        downloadingByR1(store, "t-1");

        deliveries(store, "r1", false).markDelivered("t-1");

        assertThat(store.task("t-1").state()).isEqualTo(TaskState.DELIVERED);
        assertThat(store.number("SELECT COUNT(*) FROM kie_notification")).isZero();
    }

    @BothDialects
    void theDeliveredStateIsNotCommittedWithoutItsNotification(StoreFixture store) {
        downloadingByR1(store, "t-1");
        store.exec("DROP TABLE kie_notification");

        assertThatThrownBy(() -> deliveries(store, "r1", true).markDelivered("t-1")).isInstanceOf(StoreException.class);

        assertThat(store.task("t-1").state()).isEqualTo(TaskState.DELIVERING);
    }

    @BothDialects
    void writesOfAReplicaThatLostTheLeaseThrowAndChangeNothing(StoreFixture store) {
        downloadingByR1(store, "t-1");
        store.leaseTo("t-1", "r2", Database.now() + 60_000);
        Map<String, Object> before = store.row("t-1");
        DeliveryTransitions r1 = deliveries(store, "r1", true);

        assertThatThrownBy(() -> r1.recordSpooled(new SpooledVideo("t-1", Path.of("f"), 1, "ab"), null)).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> r1.recordSinkDone("t-1", "file", "/d")).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> r1.markDelivered("t-1")).isInstanceOf(LeaseLostException.class);

        assertThat(store.row("t-1")).isEqualTo(before);
        assertThat(store.number("SELECT COUNT(*) FROM kie_notification")).isZero();
    }

    @BothDialects
    void aSinkFailureKeepsTheTaskDeliveringAndRetriesItsPublicationLater(StoreFixture store) {
        downloadingByR1(store, "t-1");
        DeliveryTransitions r1 = deliveries(store, "r1", false);
        r1.recordSpooled(new SpooledVideo("t-1", Path.of("f"), 10, "ab"), null);
        long before = Database.now();

        assertThat(r1.recordSinkFailure("t-1", "disk full", n -> Duration.ofSeconds(n))).isEqualTo(1);

        assertThat(store.task("t-1").state()).isEqualTo(TaskState.DELIVERING);
        assertThat(store.task("t-1").lastError()).isEqualTo("disk full");
        assertThat(store.task("t-1").sha256()).isEqualTo("ab");
        assertThat(store.number("SELECT failures FROM kie_task WHERE task_id = 't-1'")).isEqualTo(1);
        assertThat(store.nextPollAt("t-1")).isBetween(before + 1000, Database.now() + 1000);
        assertThat(store.leaseOwner("t-1")).isNull();

        store.leaseTo("t-1", "r2", Database.now() + 60_000);
        Map<String, Object> theirs = store.row("t-1");
        r1.recordSinkFailure("t-1", "again", n -> Duration.ofSeconds(n));
        assertThat(store.row("t-1")).isEqualTo(theirs);
    }

    @BothDialects
    void aDeliveryFailureReturnsTheTaskToPendingCountingOnlyCountedAttempts(StoreFixture store) {
        downloadingByR1(store, "t-1");
        DeliveryTransitions r1 = deliveries(store, "r1", false);
        r1.recordSpooled(new SpooledVideo("t-1", Path.of("f"), 10, "ab"), null);
        r1.recordSinkDone("t-1", "file", "/d");
        long before = Database.now();

        Optional<TaskRecord> after = r1.recordDeliveryFailure("t-1", "checksum mismatch", true, Duration.ofSeconds(30));

        assertThat(after).contains(store.task("t-1"));
        TaskRecord task = after.orElseThrow();
        assertThat(task.state()).isEqualTo(TaskState.PENDING);
        assertThat(task.downloadAttempts()).isEqualTo(1);
        assertThat(task.lastError()).isEqualTo("checksum mismatch");
        assertThat(task.sha256()).isNull();
        assertThat(task.bytes()).isNull();
        assertThat(task.spoolFile()).isNull();
        assertThat(task.sinksDone()).isEmpty();
        assertThat(task.destination()).isNull();
        assertThat(store.nextPollAt("t-1")).isBetween(before + 30_000, Database.now() + 30_000);
        assertThat(store.leaseOwner("t-1")).isNull();

        assertThat(new PollTransitions(store.db, store.lease("r1")).startDelivery("t-1", "{}")).isTrue();
        assertThat(r1.recordDeliveryFailure("t-1", "URL expired", false, Duration.ZERO).orElseThrow().downloadAttempts())
                .as("an uncounted failure").isEqualTo(1);
    }

    @BothDialects
    void aDeliveryFailureOfAReplicaThatLostTheLeaseChangesNothing(StoreFixture store) {
        downloadingByR1(store, "t-1");
        deliveries(store, "r1", false).recordSpooled(new SpooledVideo("t-1", Path.of("f"), 10, "ab"), null);
        store.leaseTo("t-1", "r2", Database.now() + 60_000);
        Map<String, Object> before = store.row("t-1");

        assertThat(deliveries(store, "r1", false).recordDeliveryFailure("t-1", "late", true, Duration.ZERO)).isEmpty();

        assertThat(store.row("t-1")).isEqualTo(before);
        assertThat(deliveries(store, "r1", false).recordDeliveryFailure("unknown", "x", true, Duration.ZERO)).isEmpty();
    }
}

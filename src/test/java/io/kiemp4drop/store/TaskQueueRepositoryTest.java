package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

class TaskQueueRepositoryTest {

    @BothDialects
    void claimsOnlyDuePendingUnleasedTasksOldestFirstAndLeasesThem(StoreFixture store) {
        store.add("old", "older", "later", "done", "held");
        long now = Database.now();
        store.exec("UPDATE kie_task SET next_poll_at = ? WHERE task_id = 'old'", now - 3000);
        store.exec("UPDATE kie_task SET next_poll_at = ? WHERE task_id = 'older'", now - 5000);
        store.exec("UPDATE kie_task SET next_poll_at = ? WHERE task_id = 'later'", now + 60_000);
        store.exec("UPDATE kie_task SET state = 'DELIVERED' WHERE task_id = 'done'");
        store.leaseTo("held", "r2", now + 60_000);
        TaskQueue queue = new TaskQueue(store.db, store.lease("r1"));

        assertThat(queue.claimDuePolls(1)).containsExactly("older");
        assertThat(queue.claimDuePolls(10)).containsExactly("old");

        assertThat(store.leaseOwner("older")).isEqualTo("r1");
        assertThat(store.number("SELECT lease_until FROM kie_task WHERE task_id = 'older'"))
                .isBetween(now + Duration.ofMinutes(5).toMillis(), Database.now() + Duration.ofMinutes(5).toMillis());
        assertThat(store.leaseOwner("later")).isNull();
        assertThat(store.leaseOwner("held")).isEqualTo("r2");
    }

    @BothDialects
    void aClaimedTaskIsNotClaimedAgainWhileItsLeaseRuns(StoreFixture store) {
        store.add("t-1");
        TaskQueue r1 = new TaskQueue(store.db, store.lease("r1"));
        TaskQueue r2 = new TaskQueue(store.db, store.lease("r2"));

        assertThat(r1.claimDuePolls(10)).containsExactly("t-1");
        assertThat(r2.claimDuePolls(10)).isEmpty();
        assertThat(r1.claimDuePolls(10)).isEmpty();
        assertThat(store.leaseOwner("t-1")).isEqualTo("r1");
    }

    @BothDialects
    void replicasClaimingAtTheSameTimeNeverGetTheSameTask(StoreFixture store) throws Exception {
        List<String> ids = IntStream.range(0, 100).mapToObj(i -> "t-" + i).toList();
        new TaskRegistry(store.db).addAll(ids, "test");
        List<TaskQueue> replicas = List.of(new TaskQueue(store.db, store.lease("r1")),
                new TaskQueue(store.secondPool(), store.lease("r2")));
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());

        CompletableFuture.allOf(replicas.stream().map(queue -> CompletableFuture.runAsync(() -> {
            for (List<String> batch = queue.claimDuePolls(7); !batch.isEmpty(); batch = queue.claimDuePolls(7)) {
                claimed.addAll(batch);
            }
        })).toArray(CompletableFuture[]::new)).get();

        assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
    }

    @BothDialects
    void aTaskWhoseLeaseRanOutCanBeClaimedAgain(StoreFixture store) {
        store.add("t-1");
        TaskQueue brief = new TaskQueue(store.db, new Lease("r1", Duration.ofMillis(1)));
        TaskQueue r2 = new TaskQueue(store.db, store.lease("r2"));
        assertThat(brief.claimDuePolls(10)).containsExactly("t-1");

        await().atMost(Duration.ofSeconds(5)).until(() -> r2.claimDuePolls(10).equals(List.of("t-1")));

        assertThat(store.leaseOwner("t-1")).isEqualTo("r2");
    }

    @BothDialects
    void claimNowTakesAPendingTaskNoOneHolds(StoreFixture store) {
        store.add("free", "held", "expired", "delivering");
        long now = Database.now();
        store.leaseTo("held", "r2", now + 60_000);
        store.leaseTo("expired", "r2", now - 1);
        store.delivering("delivering", null, null, null);
        TaskQueue queue = new TaskQueue(store.db, store.lease("r1"));

        assertThat(queue.claimNow("free")).isTrue();
        assertThat(queue.claimNow("free")).as("already being polled, even by us").isFalse();
        assertThat(queue.claimNow("held")).isFalse();
        assertThat(queue.claimNow("expired")).isTrue();
        assertThat(queue.claimNow("delivering")).isFalse();
        assertThat(queue.claimNow("unknown")).isFalse();

        assertThat(store.leaseOwner("free")).isEqualTo("r1");
        assertThat(store.leaseOwner("held")).isEqualTo("r2");
        assertThat(store.leaseOwner("expired")).isEqualTo("r1");
        assertThat(store.leaseOwner("delivering")).isNull();
    }

    @BothDialects
    void renewLeasesExtendsOnlyThisReplicasDeliveries(StoreFixture store) {
        store.add("mine-1", "mine-2", "theirs", "polling");
        store.delivering("mine-1", "r1", null, null);
        store.delivering("mine-2", "r1", "abc", "f");
        store.delivering("theirs", "r2", null, null);
        long soon = Database.now() + 1000;
        store.exec("UPDATE kie_task SET lease_until = ?", soon);
        store.leaseTo("polling", "r1", soon);
        long before = Database.now();

        assertThat(new TaskQueue(store.db, store.lease("r1")).renewLeases()).isEqualTo(2);

        long renewed = before + Duration.ofMinutes(5).toMillis();
        assertThat(store.number("SELECT lease_until FROM kie_task WHERE task_id = 'mine-1'")).isGreaterThanOrEqualTo(renewed);
        assertThat(store.number("SELECT lease_until FROM kie_task WHERE task_id = 'mine-2'")).isGreaterThanOrEqualTo(renewed);
        assertThat(store.number("SELECT lease_until FROM kie_task WHERE task_id = 'theirs'")).isEqualTo(soon);
        assertThat(store.number("SELECT lease_until FROM kie_task WHERE task_id = 'polling'")).isEqualTo(soon);
    }

    @BothDialects
    void holdsLeaseOnlyWhileItsOwnLeaseRuns(StoreFixture store) {
        store.add("t-1", "t-2");
        TaskQueue r1 = new TaskQueue(store.db, store.lease("r1"));
        TaskQueue r2 = new TaskQueue(store.db, store.lease("r2"));
        assertThat(r1.claimNow("t-1")).isTrue();

        assertThat(r1.holdsLease("t-1")).isTrue();
        assertThat(r2.holdsLease("t-1")).isFalse();
        assertThat(r1.holdsLease("t-2")).isFalse();

        store.exec("UPDATE kie_task SET lease_until = ? WHERE task_id = 't-1'", Database.now() - 1);
        assertThat(r1.holdsLease("t-1")).isFalse();
    }

    @BothDialects
    void stalledDownloadsGoBackToPendingButSpooledOrLiveDeliveriesStay(StoreFixture store) {
        store.add("stalled", "spooled", "live");
        store.delivering("stalled", "r2", null, null);
        store.delivering("spooled", "r2", "abc", "spooled.mp4");
        store.delivering("live", "r2", null, null);
        store.exec("UPDATE kie_task SET lease_until = ? WHERE task_id IN ('stalled', 'spooled')", Database.now() - 1);
        var spooled = store.row("spooled");
        var live = store.row("live");
        long before = Database.now();

        assertThat(new TaskQueue(store.db, store.lease("r1")).reclaimStalledDeliveries()).isEqualTo(1);

        assertThat(store.task("stalled").state()).isEqualTo(TaskState.PENDING);
        assertThat(store.leaseOwner("stalled")).isNull();
        assertThat(store.nextPollAt("stalled")).isBetween(before, Database.now());
        assertThat(store.row("spooled")).isEqualTo(spooled);
        assertThat(store.row("live")).isEqualTo(live);
    }

    @BothDialects
    void restartDeliveryStartsAHeldSpooledDeliveryOverFromAPoll(StoreFixture store) {
        store.add("mine", "theirs");
        store.delivering("mine", "r1", "abc", "mine.mp4");
        store.exec("UPDATE kie_task SET sinks_done = 'file', destination = '/drop/mine.mp4' WHERE task_id = 'mine'");
        store.delivering("theirs", "r2", "def", "theirs.mp4");
        var theirs = store.row("theirs");
        TaskQueue queue = new TaskQueue(store.db, store.lease("r1"));

        queue.restartDelivery("mine");
        queue.restartDelivery("theirs");

        var mine = store.task("mine");
        assertThat(mine.state()).isEqualTo(TaskState.PENDING);
        assertThat(mine.sha256()).isNull();
        assertThat(mine.bytes()).isNull();
        assertThat(mine.spoolFile()).isNull();
        assertThat(mine.sinksDone()).isEmpty();
        assertThat(mine.destination()).isNull();
        assertThat(store.leaseOwner("mine")).isNull();
        assertThat(store.nextPollAt("mine")).isLessThanOrEqualTo(Database.now());
        assertThat(store.row("theirs")).isEqualTo(theirs);
    }

    @BothDialects
    void claimsDuePublicationsOfSpooledDeliveriesOnly(StoreFixture store) {
        store.add("spooled", "downloading", "later", "pending");
        for (String id : List.of("spooled", "downloading", "later")) {
            store.delivering(id, null, id.equals("downloading") ? null : "abc", id + ".mp4");
        }
        store.exec("UPDATE kie_task SET lease_until = NULL");
        store.exec("UPDATE kie_task SET next_poll_at = ? WHERE task_id = 'later'", Database.now() + 60_000);
        TaskQueue queue = new TaskQueue(store.db, store.lease("r1"));

        assertThat(queue.claimDuePublications(10)).containsExactly("spooled");
        assertThat(queue.claimDuePublications(10)).isEmpty();
        assertThat(store.leaseOwner("spooled")).isEqualTo("r1");
    }

    @BothDialects
    void resumeAfterStopTakesBackTheLeftBehindWork(StoreFixture store) {
        store.add("spooled", "spool-lost", "downloading", "polling", "their-spooled", "their-polling");
        store.delivering("spooled", "r1", "abc", "a.mp4");
        store.delivering("spool-lost", "r1", "abc", "gone.mp4");
        store.delivering("downloading", "r1", null, null);
        store.delivering("their-spooled", "r2", "abc", "b.mp4");
        long later = Database.now() + 60_000;
        store.exec("UPDATE kie_task SET next_poll_at = ?", later);
        store.leaseTo("polling", "r1", later);
        store.leaseTo("their-polling", "r2", later);
        var theirSpooled = store.row("their-spooled");
        var theirPolling = store.row("their-polling");

        TaskQueue.Recovery recovery = new TaskQueue(store.db, store.lease("r1"))
                .resumeAfterStop(Set.of("a.mp4", "b.mp4")::contains);

        long now = Database.now();
        assertThat(store.task("spooled").state()).isEqualTo(TaskState.DELIVERING);
        assertThat(store.task("spooled").sha256()).isEqualTo("abc");
        assertThat(store.nextPollAt("spooled")).isLessThanOrEqualTo(now);
        for (String restarted : List.of("spool-lost", "downloading")) {
            assertThat(store.task(restarted).state()).as(restarted).isEqualTo(TaskState.PENDING);
            assertThat(store.task(restarted).sha256()).as(restarted).isNull();
            assertThat(store.task(restarted).spoolFile()).as(restarted).isNull();
        }
        for (String id : List.of("spooled", "spool-lost", "downloading", "polling")) {
            assertThat(store.leaseOwner(id)).as(id).isNull();
            assertThat(store.nextPollAt(id)).as(id).isLessThanOrEqualTo(now);
        }
        if (store.isPostgres()) {
            // a shared store: only what this owner held; the other replica's leases are respected
            assertThat(recovery).isEqualTo(new TaskQueue.Recovery(1, 2, 3));
            assertThat(store.row("their-spooled")).isEqualTo(theirSpooled);
            assertThat(store.row("their-polling")).isEqualTo(theirPolling);
        } else {
            // the embedded store belongs to this process alone: all of it
            assertThat(recovery).isEqualTo(new TaskQueue.Recovery(2, 2, 4));
            assertThat(store.leaseOwner("their-spooled")).isNull();
            assertThat(store.nextPollAt("their-spooled")).isLessThanOrEqualTo(now);
            assertThat(store.leaseOwner("their-polling")).isNull();
            assertThat(store.nextPollAt("their-polling")).isLessThanOrEqualTo(now);
        }
    }

    @BothDialects
    void spoolFilesInUseAreThoseOfDeliveriesStillRunning(StoreFixture store) {
        store.add("a", "b", "downloading", "done", "pending");
        store.delivering("a", "r1", "abc", "a.mp4");
        store.delivering("b", "r2", "abc", "b.mp4");
        store.delivering("downloading", "r1", null, null);
        store.delivering("done", "r1", "abc", "done.mp4");
        store.exec("UPDATE kie_task SET state = 'DELIVERED' WHERE task_id = 'done'");

        assertThat(new TaskQueue(store.db, store.lease("r1")).spoolFilesInUse()).containsExactlyInAnyOrder("a.mp4", "b.mp4");
    }

    @BothDialects
    void knowsItsOwnerAndWhetherTheStoreIsShared(StoreFixture store) {
        TaskQueue queue = new TaskQueue(store.db, store.lease("r1"));
        assertThat(queue.owner()).isEqualTo("r1");
        assertThat(queue.isShared()).isEqualTo(store.isPostgres());
    }
}

package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.Generation;
import io.kiemp4drop.model.GenerationState;
import java.time.Duration;
import java.util.List;

class GenerationLedgerRepositoryTest {

    @BothDialects
    void theSameSongIsOneRequestWhoeverAddsIt(StoreFixture store) {
        GenerationLedger r1 = new GenerationLedger(store.db, store.lease("r1"));
        GenerationLedger r2 = new GenerationLedger(store.secondPool(), store.lease("r2"));

        GenerationLedger.Added first = r1.add("music-1", "audio-1", "Ann", " ");
        GenerationLedger.Added again = r2.add("music-1", "audio-1", "Someone else", "x");

        assertThat(first.added()).isTrue();
        assertThat(again).isEqualTo(new GenerationLedger.Added(first.id(), false));
        Generation stored = r1.get(first.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(GenerationState.SUBMITTING);
        assertThat(stored.author()).isEqualTo("Ann");
        assertThat(stored.domainName()).as("blank is absent").isNull();
        assertThat(r1.add("music-1", "audio-2", null, null).added()).as("another audio of the song").isTrue();
    }

    @BothDialects
    void aRequestMarkedAsBeingSentIsNeverClaimedAgainAndBecomesUncertainWhenItsSenderStops(StoreFixture store) {
        GenerationLedger r1 = new GenerationLedger(store.db, new Lease("r1", Duration.ofMillis(1)));
        GenerationLedger r2 = new GenerationLedger(store.secondPool(), store.lease("r2"));
        String id = r1.add("music-1", "audio-1", null, null).id();

        assertThat(r1.claimDue(10)).extracting(Generation::id).containsExactly(id);
        assertThat(r1.sending(id)).isTrue();
        assertThat(r1.sending(id)).as("marked once").isFalse();
        // r1's lease runs out, as when it was killed while kie.ai held the request: found by the next recovery
        await().atMost(Duration.ofSeconds(5)).until(() -> r2.recoverInterrupted(false).equals(List.of(id)));

        Generation uncertain = r2.get(id).orElseThrow();
        assertThat(uncertain.state()).isEqualTo(GenerationState.UNCERTAIN);
        assertThat(uncertain.lastError()).contains("may have been received");
        assertThat(uncertain.attempts()).isEqualTo(1);
        assertThat(r2.claimDue(10)).as("never claimed again").isEmpty();
    }

    @BothDialects
    void atStartInterruptedSendsBecomeUncertainEveryOneOnTheEmbeddedStoreOnlyItsOwnOnASharedOne(StoreFixture store) {
        // on the embedded store "r2" is the same process before a restart under a new random owner ID
        GenerationLedger r1 = new GenerationLedger(store.db, store.lease("r1"));
        GenerationLedger r2 = new GenerationLedger(store.secondPool(), store.lease("r2"));
        String mine = r1.add("music-1", "audio-1", null, null).id();
        String theirs = r2.add("music-2", "audio-1", null, null).id();
        r1.claimDue(1);
        r1.sending(mine);
        r2.claimDue(1);
        r2.sending(theirs);

        List<String> recovered = r1.recoverInterrupted(true);

        assertThat(r1.get(mine).orElseThrow().state()).isEqualTo(GenerationState.UNCERTAIN);
        if (store.isPostgres()) {
            assertThat(recovered).containsExactly(mine);
            assertThat(r1.get(theirs).orElseThrow().state()).as("another replica's, still live").isEqualTo(GenerationState.SUBMITTING);
        } else {
            assertThat(recovered).containsExactlyInAnyOrder(mine, theirs);
            assertThat(r1.get(theirs).orElseThrow().state()).isEqualTo(GenerationState.UNCERTAIN);
        }
    }

    @BothDialects
    void anAnswerMakesItSubmittedAndTracksItsTaskInTheSameCommit(StoreFixture store) {
        GenerationLedger ledger = new GenerationLedger(store.db, store.lease("r1"));
        String id = ledger.add("music-1", "audio-1", null, null).id();
        ledger.claimDue(1);
        ledger.sending(id);

        ledger.submitted(id, "video-task-1");

        Generation done = ledger.get(id).orElseThrow();
        assertThat(done.state()).isEqualTo(GenerationState.SUBMITTED);
        assertThat(done.taskId()).isEqualTo("video-task-1");
        assertThat(done.sendingSince()).isNull();
        assertThat(store.number("SELECT COUNT(*) FROM kie_task WHERE task_id = 'video-task-1' AND state = 'PENDING' "
                + "AND source = 'generate'")).isEqualTo(1);
    }

    @BothDialects
    void aRequestThatNeverLeftIsDueAgainAfterItsDelayForAnyReplica(StoreFixture store) {
        GenerationLedger r1 = new GenerationLedger(store.db, store.lease("r1"));
        GenerationLedger r2 = new GenerationLedger(store.secondPool(), store.lease("r2"));
        String id = r1.add("music-1", "audio-1", null, null).id();
        r1.claimDue(1);
        r1.sending(id);

        r1.notSent(id, "connection refused", Duration.ZERO);

        assertThat(r2.claimDue(10)).extracting(Generation::id).containsExactly(id);
        assertThat(r2.get(id).orElseThrow().lastError()).isEqualTo("connection refused");
    }

    @BothDialects
    void theOperatorResubmitsAnUncertainOrRejectedRequestAndCancelsOnlyWhatIsNotOut(StoreFixture store) {
        GenerationLedger ledger = new GenerationLedger(store.db, store.lease("r1"));
        String uncertain = ledger.add("music-1", "audio-1", null, null).id();
        String rejected = ledger.add("music-2", "audio-1", null, null).id();
        String out = ledger.add("music-3", "audio-1", null, null).id();
        List.of(uncertain, rejected, out).forEach(id -> {
            ledger.claimDue(3);
            ledger.sending(id);
        });
        ledger.uncertain(uncertain, "read timed out");
        ledger.rejected(rejected, "422: audioId unknown");

        assertThat(ledger.cancel(out)).as("being sent right now").isFalse();
        assertThat(ledger.resubmit(uncertain)).isTrue();
        assertThat(ledger.resubmit(out)).isFalse();
        assertThat(ledger.cancel(rejected)).isTrue();

        assertThat(ledger.get(uncertain).orElseThrow().state()).isEqualTo(GenerationState.SUBMITTING);
        assertThat(ledger.claimDue(10)).extracting(Generation::id).containsExactly(uncertain);
        assertThat(ledger.list(GenerationState.CANCELLED, 10, 0)).extracting(Generation::id).containsExactly(rejected);
    }

    @BothDialects
    void theDailyCapHoldsAcrossReplicas(StoreFixture store) {
        GenerationLedger r1 = new GenerationLedger(store.db, store.lease("r1"));
        GenerationLedger r2 = new GenerationLedger(store.secondPool(), store.lease("r2"));

        assertThat(List.of(r1.takeDailySlot(3), r2.takeDailySlot(3), r1.takeDailySlot(3), r2.takeDailySlot(3),
                r1.takeDailySlot(3))).containsExactly(true, true, true, false, false);
        assertThat(r1.takeDailySlot(0)).isFalse();
    }
}

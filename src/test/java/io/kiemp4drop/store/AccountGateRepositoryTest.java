package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

class AccountGateRepositoryTest {

    @BothDialects
    void aFreshStoreIsNotPaused(StoreFixture store) {
        assertThat(new AccountGate(store.db).sharedPause()).isEqualTo(new AccountGate.SharedPause(0, null, null, 0));
    }

    @BothDialects
    void aPauseIsNeverShortened(StoreFixture store) {
        AccountGate gate = new AccountGate(store.db);

        gate.sharePause(5000, "rate limited", null);
        gate.sharePause(3000, "maintenance", null);
        assertThat(gate.sharedPause().pausedUntil()).isEqualTo(5000);
        assertThat(gate.sharedPause().reason()).as("the reason of the pause that lasts").isEqualTo("rate limited");

        gate.sharePause(9000, "circuit breaker", null);
        assertThat(gate.sharedPause()).isEqualTo(new AccountGate.SharedPause(9000, "circuit breaker", null, 0));
    }

    @BothDialects
    void anAccountProblemIsSharedUntilCleared(StoreFixture store) {
        AccountGate gate = new AccountGate(store.db);

        gate.sharePause(5000, "401 key rejected", "401 key rejected " + "x".repeat(400));
        assertThat(gate.sharedPause().accountProblem()).startsWith("401 key rejected").hasSize(300);
        assertThat(gate.sharedPause().problemUntil()).isEqualTo(5000);

        gate.sharePause(7000, "rate limited", null);
        assertThat(gate.sharedPause().problemUntil()).as("a plain pause keeps the problem").isEqualTo(5000);
        assertThat(gate.sharedPause().pausedUntil()).isEqualTo(7000);

        gate.clearAccountProblem();
        assertThat(gate.sharedPause().problemUntil()).isZero();
        assertThat(gate.sharedPause().pausedUntil()).isEqualTo(7000);
        assertThat(gate.sharedPause().accountProblem()).startsWith("401 key rejected");
    }

    @BothDialects
    void rateSlotsAreSpacedByTheIntervalWhicheverReplicaTakesThem(StoreFixture store) throws Exception {
        List<AccountGate> replicas = List.of(new AccountGate(store.db), new AccountGate(store.secondPool()));
        List<Long> slots = Collections.synchronizedList(new ArrayList<>());
        long before = Database.now();

        CompletableFuture.allOf(replicas.stream().map(gate -> CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 25; i++) {
                slots.add(gate.takeRateSlot(10));
            }
        })).toArray(CompletableFuture[]::new)).get();

        List<Long> sorted = slots.stream().sorted().toList();
        assertThat(sorted).hasSize(50).doesNotHaveDuplicates();
        assertThat(sorted.get(0)).isGreaterThanOrEqualTo(before);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - 1)).as("gap before slot " + i).isGreaterThanOrEqualTo(10);
        }
        assertThat(store.number("SELECT next_slot FROM kie_rate WHERE id = 1")).isEqualTo(sorted.get(49) + 10);
    }
}

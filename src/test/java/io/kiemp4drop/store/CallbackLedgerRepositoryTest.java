package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackLedgerRepositoryTest {

    @BothDialects
    void aSignatureIsNewOnlyTheFirstTime(StoreFixture store) {
        CallbackLedger ledger = new CallbackLedger(store.db);
        long keep = Database.now() + 60_000;

        assertThat(ledger.firstSightingOf("sig-a", keep)).isTrue();
        assertThat(ledger.firstSightingOf("sig-a", keep)).isFalse();
        assertThat(new CallbackLedger(store.secondPool()).firstSightingOf("sig-a", keep)).as("another replica").isFalse();
        assertThat(ledger.firstSightingOf("sig-b", keep)).isTrue();

        assertThat(store.number("SELECT COUNT(*) FROM kie_callback_seen")).isEqualTo(2);
    }

    @BothDialects
    void expiredRecordsAreDroppedBeforeTheCheck(StoreFixture store) {
        CallbackLedger ledger = new CallbackLedger(store.db);
        long now = Database.now();
        assertThat(ledger.firstSightingOf("old", now - 1000)).isTrue();
        assertThat(ledger.firstSightingOf("kept", now + 60_000)).isTrue();

        assertThat(store.db.query("SELECT signature FROM kie_callback_seen", rs -> rs.getString(1))).containsExactly("kept");
        assertThat(ledger.firstSightingOf("old", now + 60_000)).as("forgotten once expired").isTrue();
        assertThat(ledger.firstSightingOf("kept", now + 60_000)).isFalse();
    }
}

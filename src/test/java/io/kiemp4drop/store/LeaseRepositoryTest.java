package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

class LeaseRepositoryTest {

    @BothDialects
    void theFencesSelectTheRowsTheyName(StoreFixture store) {
        store.add("free", "mine", "theirs", "their-expired", "mine-expired");
        long now = Database.now();
        store.leaseTo("mine", "r1", now + 60_000);
        store.leaseTo("theirs", "r2", now + 60_000);
        store.leaseTo("their-expired", "r2", now - 1);
        store.leaseTo("mine-expired", "r1", now - 1);

        assertThat(store.db.query("SELECT task_id FROM kie_task WHERE " + Lease.FREE_OR_MINE, rs -> rs.getString(1),
                "r1", now)).containsExactlyInAnyOrder("free", "mine", "their-expired", "mine-expired");
        assertThat(store.db.query("SELECT task_id FROM kie_task WHERE " + Lease.MINE, rs -> rs.getString(1), "r1"))
                .containsExactlyInAnyOrder("mine", "mine-expired");

        store.exec("UPDATE kie_task SET " + Lease.RELEASE + " WHERE task_id = 'theirs'");
        assertThat(store.leaseOwner("theirs")).isNull();
        assertThat(store.value("SELECT lease_until FROM kie_task WHERE task_id = 'theirs'")).isNull();
    }

    @BothDialects
    void aLeaseTakenNowRunsForItsLength(StoreFixture store) {
        Lease lease = new Lease("r1", Duration.ofSeconds(30));
        long before = Database.now();

        assertThat(lease.until()).isBetween(before + 30_000, Database.now() + 30_000);
        assertThat(lease.until(1000)).isEqualTo(31_000);
        assertThatThrownBy(() -> new Lease(null, Duration.ZERO)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Lease("r1", null)).isInstanceOf(NullPointerException.class);
    }
}

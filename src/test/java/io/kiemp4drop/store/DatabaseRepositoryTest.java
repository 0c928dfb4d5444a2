package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

class DatabaseRepositoryTest {

    @BothDialects
    void knowsItsDialect(StoreFixture store) {
        assertThat(store.db.isPostgres()).isEqualTo(store.isPostgres());
    }

    @BothDialects
    void aTransactionThatFailsLeavesNothingBehind(StoreFixture store) {
        assertThatThrownBy(() -> store.db.inTransaction(c -> {
            Database.update(c, "INSERT INTO kie_callback_seen (signature, keep_until) VALUES (?, ?)", "a", 1L);
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.db.inTransaction(c -> {
            Database.update(c, "INSERT INTO kie_callback_seen (signature, keep_until) VALUES (?, ?)", "b", 1L);
            return Database.update(c, "INSERT INTO kie_no_such_table VALUES (1)");
        })).isInstanceOf(StoreException.class);

        assertThat(store.number("SELECT COUNT(*) FROM kie_callback_seen")).isZero();
    }

    @BothDialects
    void onlyDurableCommitsCheckpointAndOnlyOnH2(StoreFixture store) {
        store.db.update("UPDATE kie_gate SET paused_until = 1");
        assertThat(store.checkpoints()).isZero();

        store.db.durableUpdate("UPDATE kie_gate SET paused_until = 2");

        assertThat(store.checkpoints()).isEqualTo(store.isPostgres() ? 0 : 1);
        assertThat(store.number("SELECT paused_until FROM kie_gate")).isEqualTo(2);
    }

    @BothDialects
    void bindsNullsNumbersAndText(StoreFixture store) {
        // a null binds as VARCHAR: fine for text columns, refused by PostgreSQL for numbers
        store.exec("INSERT INTO kie_task (task_id, state, source, next_poll_at, created_at, updated_at, polls, last_error, "
                + "bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)", "t-1", "PENDING", "test", 5L, 6L, 7L, 3, null);

        assertThat(store.row("t-1")).containsEntry("next_poll_at", 5L).containsEntry("polls", 3)
                .containsEntry("last_error", null).containsEntry("bytes", null);
        assertThat(store.db.count("SELECT COUNT(*) FROM kie_task WHERE task_id = ?", "t-1")).isEqualTo(1);
        assertThat(store.db.query("SELECT task_id FROM kie_task WHERE polls = ?", rs -> rs.getString(1), 3))
                .isEqualTo(List.of("t-1"));
    }

    @BothDialects
    void cutKeepsShortTextAndNull(StoreFixture store) {
        assertThat(Database.cut("abcdef", 3)).isEqualTo("abc");
        assertThat(Database.cut("abc", 3)).isEqualTo("abc");
        assertThat(Database.cut(null, 3)).isNull();
    }
}

package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiemp4drop.store.StoreFixture.Dialect;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaMigrationRepositoryTest {

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aFreshDatabaseGetsEveryVersionRecordedOnceAndTheSeededRows(Dialect dialect) throws Exception {
        try (StoreFixture store = StoreFixture.open(dialect)) {
            SchemaMigration migration = new SchemaMigration(store.db);
            assertThat(migration.currentVersion()).isZero();

            migration.migrate();

            assertThat(migration.currentVersion()).isEqualTo(9);
            assertThat(versions(store)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(store.number("SELECT COUNT(*) FROM kie_gate WHERE id = 1 AND paused_until = 0 AND problem_until = 0"))
                    .isEqualTo(1);
            assertThat(store.number("SELECT COUNT(*) FROM kie_rate WHERE id = 1 AND next_slot = 0")).isEqualTo(1);
            assertThat(store.hasIndex("kie_task", "kie_task_due")).isTrue();
            assertThat(store.hasIndex("kie_task", "kie_task_created")).isTrue();
            assertThat(store.number("SELECT COUNT(*) FROM kie_object_name")).as("v5 applied").isZero();
            assertThat(store.number("SELECT COUNT(media_json) FROM kie_task")).as("v6 applied").isZero();
            assertThat(store.number("SELECT COUNT(poster_file) + COUNT(source_bytes) + COUNT(source_sha256) FROM kie_task"))
                    .as("v7 applied").isZero();
            assertThat(store.number("SELECT COUNT(*) FROM kie_generation") + store.number("SELECT COUNT(*) FROM kie_generation_day"))
                    .as("v8 applied").isZero();
            assertThat(store.number("SELECT COUNT(*) FROM kie_download")).as("v9 applied").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aSecondMigrationAppliesNothing(Dialect dialect) throws Exception {
        try (StoreFixture store = StoreFixture.open(dialect)) {
            SchemaMigration migration = new SchemaMigration(store.db);
            migration.migrate();
            List<Long> appliedAt = store.db.query("SELECT applied_at FROM kie_schema_version ORDER BY version",
                    rs -> rs.getLong(1));
            store.exec("DROP INDEX kie_task_due");
            store.exec("UPDATE kie_gate SET paused_until = 42 WHERE id = 1");

            migration.migrate();

            assertThat(store.hasIndex("kie_task", "kie_task_due")).as("v1 applied again").isFalse();
            assertThat(store.db.query("SELECT applied_at FROM kie_schema_version ORDER BY version", rs -> rs.getLong(1)))
                    .isEqualTo(appliedAt);
            assertThat(store.number("SELECT COUNT(*) FROM kie_gate")).isEqualTo(1);
            assertThat(store.number("SELECT paused_until FROM kie_gate WHERE id = 1")).isEqualTo(42);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aDatabaseAtVersionThreeGetsOnlyTheVersionsAfterIt(Dialect dialect) throws Exception {
        try (StoreFixture store = StoreFixture.open(dialect)) {
            // as an earlier version left a database: scripts v1..v3, their version rows, and the singleton rows it inserted in code
            for (int version = 1; version <= 3; version++) {
                for (String statement : SchemaMigration.statements(SchemaMigration.script(version))) {
                    store.exec(statement);
                }
                store.exec("INSERT INTO kie_schema_version (version, applied_at) VALUES (?, ?)", version, 1000L + version);
            }
            store.exec("INSERT INTO kie_gate (id, paused_until, problem_until) VALUES (1, 77, 0)");
            store.exec("INSERT INTO kie_rate (id, next_slot) VALUES (1, 88)");
            store.exec("DROP INDEX kie_task_due");
            SchemaMigration migration = new SchemaMigration(store.db);
            assertThat(migration.currentVersion()).isEqualTo(3);

            migration.migrate();

            assertThat(migration.currentVersion()).isEqualTo(9);
            assertThat(versions(store)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(store.db.query("SELECT applied_at FROM kie_schema_version WHERE version <= 3 ORDER BY version",
                    rs -> rs.getLong(1))).containsExactly(1001L, 1002L, 1003L);
            assertThat(store.hasIndex("kie_task", "kie_task_created")).isTrue();
            assertThat(store.number("SELECT COUNT(*) FROM kie_object_name")).as("v5 applied").isZero();
            assertThat(store.number("SELECT COUNT(media_json) FROM kie_task")).as("v6 applied").isZero();
            assertThat(store.number("SELECT COUNT(poster_file) + COUNT(source_bytes) + COUNT(source_sha256) FROM kie_task"))
                    .as("v7 applied").isZero();
            assertThat(store.number("SELECT COUNT(*) FROM kie_generation") + store.number("SELECT COUNT(*) FROM kie_generation_day"))
                    .as("v8 applied").isZero();
            assertThat(store.number("SELECT COUNT(*) FROM kie_download")).as("v9 applied").isZero();
            assertThat(store.hasIndex("kie_task", "kie_task_due")).as("v1 applied again").isFalse();
            assertThat(store.db.query("SELECT paused_until FROM kie_gate", rs -> rs.getLong(1))).containsExactly(77L);
            assertThat(store.db.query("SELECT next_slot FROM kie_rate", rs -> rs.getLong(1))).containsExactly(88L);
        }
    }

    @Test
    void replicasMigratingTogetherOnPostgresApplyEachVersionOnce() throws Exception {
        try (StoreFixture store = StoreFixture.open(Dialect.POSTGRES)) {
            List<Database> replicas = List.of(store.db, store.secondPool(), store.secondPool(), store.secondPool());
            CompletableFuture.allOf(replicas.stream()
                    .map(db -> CompletableFuture.runAsync(() -> new SchemaMigration(db).migrate()))
                    .toArray(CompletableFuture[]::new)).get();

            assertThat(versions(store)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(store.number("SELECT COUNT(*) FROM kie_gate")).isEqualTo(1);
            assertThat(store.number("SELECT COUNT(*) FROM kie_rate")).isEqualTo(1);
        }
    }

    @Test
    void latestIsTheHighestScriptAndEveryScriptUpToItIsThere() {
        for (int version = 1; version <= SchemaMigration.LATEST; version++) {
            assertThat(SchemaMigration.statements(SchemaMigration.script(version))).as("v" + version).isNotEmpty();
        }
        assertThat(SchemaMigration.class.getResource("/kie-mp4-drop/db/schema-v" + (SchemaMigration.LATEST + 1) + ".sql"))
                .as("a script above LATEST: raise LATEST").isNull();
    }

    private static List<Integer> versions(StoreFixture store) {
        return store.db.query("SELECT version FROM kie_schema_version ORDER BY version", rs -> rs.getInt(1));
    }
}

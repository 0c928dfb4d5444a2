package io.kiemp4drop.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Brings the schema to {@link #LATEST}: reads the highest version recorded in kie_schema_version and applies
 * only the scripts above it (kie-mp4-drop/db/schema-v1.sql, -v2...), all pending versions and their version rows in one
 * transaction. On PostgreSQL that transaction first takes an advisory lock, so replicas starting together
 * migrate one after the other and the later ones find nothing left to do. H2 commits DDL as it runs it,
 * so there a crash mid-migration can leave a version applied but unrecorded; every script is written to
 * be applied again harmlessly (IF NOT EXISTS, WHERE NOT EXISTS).
 */
public class SchemaMigration {

    /**
     * The newest schema version. A constant rather than discovered from the scripts present, so a script
     * missing from the build fails the start instead of silently leaving the schema behind; the test
     * checks that no script above it exists.
     */
    public static final int LATEST = 9;

    private static final long LOCK_ID = 7270001;
    /** The same definition as in schema-v1.sql, so the recorded version can be read on a brand-new database. */
    private static final String VERSION_TABLE = "CREATE TABLE IF NOT EXISTS kie_schema_version ("
            + "version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)";

    private final Database db;

    public SchemaMigration(Database db) {
        this.db = db;
    }

    /** Applies the versions above the one recorded, if any. Idempotent. */
    public void migrate() {
        db.inTransaction(c -> {
            if (db.isPostgres()) {
                Database.query(c, "SELECT pg_advisory_xact_lock(?)", rs -> null, LOCK_ID);
            }
            Database.update(c, VERSION_TABLE);
            for (int version = recorded(c) + 1; version <= LATEST; version++) {
                for (String statement : statements(script(version))) {
                    Database.update(c, statement);
                }
                Database.update(c, "INSERT INTO kie_schema_version (version, applied_at) VALUES (?, ?)",
                        version, Database.now());
            }
            return null;
        });
    }

    /** The highest version recorded, 0 on a database never migrated. */
    public int currentVersion() {
        return db.inTransaction(c -> {
            boolean exists = !Database.query(c, "SELECT 1 FROM information_schema.tables "
                    + "WHERE table_schema = CURRENT_SCHEMA AND table_name = 'kie_schema_version'", rs -> 1).isEmpty();
            return exists ? recorded(c) : 0;
        });
    }

    private static int recorded(Connection c) throws SQLException {
        return Database.query(c, "SELECT COALESCE(MAX(version), 0) FROM kie_schema_version", rs -> rs.getInt(1)).get(0);
    }

    /** A script's statements: lines starting with "--" are comments, statements end with ';'. */
    static List<String> statements(String script) {
        String code = script.lines().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n"));
        return java.util.Arrays.stream(code.split(";")).filter(s -> !s.isBlank()).toList();
    }

    static String script(int version) {
        try (InputStream in = SchemaMigration.class.getResourceAsStream("/kie-mp4-drop/db/schema-v" + version + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("schema script v" + version + " missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("schema script v" + version + " unreadable", e);
        }
    }
}

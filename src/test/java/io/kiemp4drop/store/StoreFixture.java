package io.kiemp4drop.store;

import com.zaxxer.hikari.HikariDataSource;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.support.Postgres;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * One fresh store for one repository test: an H2 file database in its own temporary folder, or a fresh
 * database on the embedded PostgreSQL server. Records the SQL it is sent, helps read rows back with plain
 * SQL, and closes its pools (and deletes the H2 folder) when closed; parameterized tests get it closed
 * automatically after each invocation.
 */
final class StoreFixture implements AutoCloseable {

    enum Dialect { H2, POSTGRES }

    final Dialect dialect;
    final Database db;
    private final String jdbcUrl;
    private final Path folder;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<String> statements = Collections.synchronizedList(new ArrayList<>());

    private StoreFixture(Dialect dialect) throws Exception {
        this.dialect = dialect;
        if (dialect == Dialect.H2) {
            folder = Files.createTempDirectory("kie-store-test-");
            jdbcUrl = null;
        } else {
            folder = null;
            jdbcUrl = Postgres.freshDatabase();
        }
        db = new Database(recording(newPool()));
    }

    /** An empty database, not migrated. */
    static StoreFixture open(Dialect dialect) throws Exception {
        return new StoreFixture(dialect);
    }

    /** A database migrated to the latest schema. */
    static StoreFixture migrated(Dialect dialect) throws Exception {
        StoreFixture store = open(dialect);
        new SchemaMigration(store.db).migrate();
        store.statements.clear();
        return store;
    }

    /** The source of {@link BothDialects}: one migrated store per dialect. */
    static Stream<StoreFixture> bothDialects() {
        return Stream.of(Dialect.values()).map(d -> {
            try {
                return migrated(d);
            } catch (Exception e) {
                throw new IllegalStateException("cannot open a " + d + " store", e);
            }
        });
    }

    Lease lease(String owner) {
        return new Lease(owner, Duration.ofMinutes(5));
    }

    /** The same database through a second connection pool, as another replica (or process) would reach it. */
    Database secondPool() {
        return new Database(newPool());
    }

    boolean isPostgres() {
        return dialect == Dialect.POSTGRES;
    }

    /** The first column of the first row, null when there is no row. */
    Object value(String sql, Object... args) {
        List<Object> rows = db.query(sql, rs -> rs.getObject(1), args);
        return rows.isEmpty() ? null : rows.get(0);
    }

    long number(String sql, Object... args) {
        return ((Number) value(sql, args)).longValue();
    }

    int exec(String sql, Object... args) {
        return db.update(sql, args);
    }

    /** Adds pending tasks, due now. */
    void add(String... taskIds) {
        new TaskRegistry(db).addAll(List.of(taskIds), "test");
    }

    /** Puts a task in DELIVERING under {@code owner}'s live lease, spooled when {@code sha256} is not null. */
    void delivering(String taskId, String owner, String sha256, String spoolFile) {
        exec("UPDATE kie_task SET state = 'DELIVERING', lease_owner = ?, lease_until = ?, sha256 = ?, spool_file = ?, "
                + "bytes = " + (sha256 == null ? "NULL" : "1234") + " WHERE task_id = ?", owner, Database.now() + 300_000,
                sha256, spoolFile, taskId);
    }

    TaskRecord task(String taskId) {
        return new TaskReads(db).find(taskId).orElseThrow();
    }

    /** Every column of a task row, by name, to compare before and after. */
    Map<String, Object> row(String taskId) {
        List<Map<String, Object>> rows = db.query("SELECT * FROM kie_task WHERE task_id = ?", rs -> {
            Map<String, Object> columns = new TreeMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                columns.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
            }
            return columns;
        }, taskId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** A task row's lease owner, or null. */
    String leaseOwner(String taskId) {
        return (String) value("SELECT lease_owner FROM kie_task WHERE task_id = ?", taskId);
    }

    long nextPollAt(String taskId) {
        return number("SELECT next_poll_at FROM kie_task WHERE task_id = ?", taskId);
    }

    /** Gives a row's lease to {@code owner}, running until {@code until}. */
    void leaseTo(String taskId, String owner, long until) {
        exec("UPDATE kie_task SET lease_owner = ?, lease_until = ? WHERE task_id = ?", owner, until, taskId);
    }

    boolean hasIndex(String table, String index) {
        return db.inTransaction(c -> {
            try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, table, false, false)) {
                while (rs.next()) {
                    if (index.equalsIgnoreCase(rs.getString("INDEX_NAME"))) {
                        return true;
                    }
                }
                return false;
            }
        });
    }

    /** The SQL sent since the fixture was migrated (or since {@link #forgetStatements()}), in order. */
    List<String> statements() {
        synchronized (statements) {
            return List.copyOf(statements);
        }
    }

    void forgetStatements() {
        statements.clear();
    }

    long checkpoints() {
        return statements().stream().filter("CHECKPOINT"::equals).count();
    }

    @Override
    public void close() throws IOException {
        pools.forEach(HikariDataSource::close);
        if (folder != null) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Override
    public String toString() {
        return dialect.name();
    }

    private HikariDataSource newPool() {
        HikariDataSource pool = dialect == Dialect.H2 ? DataSources.embedded(folder, 4)
                : DataSources.shared(jdbcUrl, Postgres.username(), Postgres.password(), 4);
        pools.add(pool);
        return pool;
    }

    /** The pool, with every statement prepared through it recorded. */
    private DataSource recording(DataSource pool) {
        return proxy(DataSource.class, pool, (target, method, args) -> {
            Object result = method.invoke(target, args);
            return result instanceof Connection c ? proxy(Connection.class, c, (conn, m, a) -> {
                if (m.getName().equals("prepareStatement") && a != null && a[0] instanceof String sql) {
                    statements.add(sql);
                }
                return m.invoke(conn, a);
            }) : result;
        });
    }

    private interface Call<T> {
        Object invoke(T target, java.lang.reflect.Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, Call<T> call) {
        InvocationHandler handler = (p, method, args) -> {
            try {
                return call.invoke(target, method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(StoreFixture.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}

package io.kiemp4drop.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Transactions and dialect for the task store's parts: runs plain JDBC work in one transaction on H2
 * (embedded) or PostgreSQL (shared), rolls back on any failure, and reports every SQLException as a
 * {@link StoreException}. Durable transactions survive the process being killed the moment they return.
 */
public class Database {

    /** Work done inside one transaction on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;
    private final boolean postgres;

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
        this.postgres = inTransaction(c -> c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
                .contains("postgres"));
    }

    /** True on a shared PostgreSQL store, false on the embedded H2 one. */
    public boolean isPostgres() {
        return postgres;
    }

    <T> T inTransaction(Work<T> work) {
        return inTransaction(work, false);
    }

    /**
     * For the commits a restart must find whatever happens the moment after: tasks taken in (their inbox
     * file is gone), a checked video in the spool (else downloaded again), sinks done and final states
     * (else delivered again), sent notifications. PostgreSQL is durable at commit; H2 writes commits to
     * its file up to a second late, so on H2 a CHECKPOINT writes them before this returns. The frequent,
     * harmless-to-repeat commits (poll results, claims) stay cheap.
     */
    <T> T inDurableTransaction(Work<T> work) {
        return inTransaction(work, !postgres);
    }

    private <T> T inTransaction(Work<T> work, boolean checkpoint) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                if (checkpoint) {
                    try (PreparedStatement ps = c.prepareStatement("CHECKPOINT")) {
                        ps.execute();
                    }
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    int update(String sql, Object... args) {
        return inTransaction(c -> update(c, sql, args));
    }

    int durableUpdate(String sql, Object... args) {
        return inDurableTransaction(c -> update(c, sql, args));
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    <T> List<T> query(String sql, Row<T> row, Object... args) {
        return inTransaction(c -> query(c, sql, row, args));
    }

    static <T> List<T> query(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row.map(rs));
                }
                return rows;
            }
        }
    }

    /** The first column of the first row as a number (a COUNT), 0 when there is no row. */
    long count(String sql, Object... args) {
        List<Long> values = query(sql, rs -> rs.getLong(1), args);
        return values.isEmpty() ? 0 : values.get(0);
    }

    /**
     * Binds arguments in order: null as a VARCHAR null, Long and Integer as numbers, anything else as text.
     * PostgreSQL refuses a VARCHAR null for a numeric column: write NULL into the SQL there instead.
     */
    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (arg instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (arg instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, arg.toString());
            }
        }
    }

    static long now() {
        return System.currentTimeMillis();
    }

    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}

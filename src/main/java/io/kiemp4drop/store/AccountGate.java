package io.kiemp4drop.store;

import java.util.List;

/**
 * What every replica sharing the store sees about the kie.ai account: the account-wide pause (with the
 * account problem behind it, if any) and the cluster-wide rate cap's next free request slot. Both live
 * in singleton rows (id 1) seeded by the schema; a pause is never shortened, and rate slots are taken
 * under a row lock, so slots taken by different replicas are still spaced by the interval.
 */
public class AccountGate {

    private static final int MAX_PROBLEM_CHARS = 300;

    /** The account-wide pause every replica sees: until when and why, and the account problem behind it if any. */
    public record SharedPause(long pausedUntil, String reason, String accountProblem, long problemUntil) {
    }

    private final Database db;

    public AccountGate(Database db) {
        this.db = db;
    }

    public SharedPause sharedPause() {
        List<SharedPause> rows = db.query("SELECT paused_until, pause_reason, account_problem, problem_until FROM kie_gate "
                + "WHERE id = 1", rs -> new SharedPause(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
        return rows.isEmpty() ? new SharedPause(0, null, null, 0) : rows.get(0);
    }

    /**
     * Pauses all replicas until {@code until} for {@code reason} (never shortens a pause; the reason is the one of
     * the pause that lasts longest); with an account problem when given.
     */
    public void sharePause(long until, String reason, String accountProblem) {
        db.update("UPDATE kie_gate SET pause_reason = CASE WHEN paused_until < ? THEN ? ELSE pause_reason END, "
                + "paused_until = CASE WHEN paused_until < ? THEN ? ELSE paused_until END WHERE id = 1",
                until, Database.cut(reason, MAX_PROBLEM_CHARS), until, until);
        if (accountProblem != null) {
            db.update("UPDATE kie_gate SET account_problem = ?, problem_until = ? WHERE id = 1",
                    Database.cut(accountProblem, MAX_PROBLEM_CHARS), until);
        }
    }

    /** The account problem is over (its text stays, for reports; {@code problemUntil} is reset). */
    public void clearAccountProblem() {
        db.update("UPDATE kie_gate SET problem_until = 0 WHERE id = 1");
    }

    /**
     * The cluster-wide rate cap: takes the next free request slot (at least {@code intervalMillis} after the
     * previous one, whichever replica took it) and returns when it is, in epoch millis.
     */
    public long takeRateSlot(long intervalMillis) {
        return db.inTransaction(c -> {
            long next = Database.query(c, "SELECT next_slot FROM kie_rate WHERE id = 1 FOR UPDATE", rs -> rs.getLong(1))
                    .get(0);
            long slot = Math.max(Database.now(), next);
            Database.update(c, "UPDATE kie_rate SET next_slot = ? WHERE id = 1", slot + intervalMillis);
            return slot;
        });
    }
}

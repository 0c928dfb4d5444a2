package io.kiemp4drop.store;

import io.kiemp4drop.model.Notification;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.validation.TaskIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import javax.sql.DataSource;

/**
 * The durable truth about every task: its state, when it is next due, its counters and its outcome.
 * Plain SQL that runs on H2 (embedded default) and PostgreSQL (shared by replicas). Work on a task is
 * leased: a replica claims it (owner + expiry), only the lease holder's results are written (fencing),
 * a lease that runs out makes the task claimable again. Every state change is one conditional statement
 * (or one short transaction), so a crash at any point leaves a consistent row.
 */
public class TaskStore {

    private static final int SCHEMA_VERSION = 3;
    /**
     * How far a task being delivered is pushed out of the publication queue while its delivery runs. Only
     * a failure (which sets its own retry time) or a restart (which resumes every delivery) brings it back.
     */
    private static final Duration DELIVERY_HOLD = Duration.ofDays(1);
    private static final int MAX_ERROR_CHARS = 1000;
    private static final int MAX_RECORD_CHARS = 8000;
    private static final String COLUMNS = "task_id, state, polls, download_attempts, created_at, updated_at, "
            + "success_seen_at, delivered_at, last_error, bytes, sha256, destination, record_json, sinks_done, spool_file";

    /** The task is not leased by another replica right now (free, ours, or its lease ran out). */
    private static final String LEASE_FREE_OR_MINE = "(lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)";
    private static final String RELEASE = "lease_owner = NULL, lease_until = NULL";

    private final DataSource dataSource;
    private final String owner;
    private final Duration lease;
    private final boolean postgres;
    private volatile boolean notifying;

    /**
     * @param owner this replica's lease owner ID
     * @param lease how long a claim holds a task (kie.store.lease)
     */
    public TaskStore(DataSource dataSource, String owner, Duration lease) {
        this.dataSource = dataSource;
        this.owner = owner;
        this.lease = lease;
        this.postgres = inTransaction(c -> c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                .contains("postgres"));
    }

    public String owner() {
        return owner;
    }

    public boolean isShared() {
        return postgres;
    }

    /**
     * From now on, every task reaching a final state also leaves a notification to send
     * (kie.notify.uri), committed in the same transaction as the state itself.
     */
    public void recordNotifications(boolean enabled) {
        this.notifying = enabled;
    }

    /** Creates the schema, or adds what a newer version needs (scripts db/schema-v1.sql, -v2...). Idempotent. */
    public void migrate() {
        inTransaction(c -> {
            if (postgres) {
                // replicas starting together migrate one after the other
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(7270001)")) {
                    ps.execute();
                }
            }
            for (int version = 1; version <= SCHEMA_VERSION; version++) {
                for (String statement : schemaScript(version).lines().filter(l -> !l.startsWith("--"))
                        .collect(java.util.stream.Collectors.joining("\n")).split(";")) {
                    if (!statement.isBlank()) {
                        try (PreparedStatement ps = c.prepareStatement(statement)) {
                            ps.execute();
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO kie_schema_version (version, applied_at) SELECT ?, ? "
                                + "WHERE NOT EXISTS (SELECT 1 FROM kie_schema_version WHERE version = ?)")) {
                    ps.setInt(1, version);
                    ps.setLong(2, now());
                    ps.setInt(3, version);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO kie_gate (id, paused_until, problem_until) "
                    + "SELECT 1, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM kie_gate WHERE id = 1)")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO kie_rate (id, next_slot) "
                    + "SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM kie_rate WHERE id = 1)")) {
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static String schemaScript(int version) {
        try (InputStream in = TaskStore.class.getResourceAsStream("/db/schema-v" + version + ".sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("schema script v" + version + " missing from the application", e);
        }
    }

    /** Adds a task, due now. Returns false when the task was already known (nothing changes). */
    public boolean add(String taskId, String source) {
        return addAll(List.of(taskId), source) == 1;
    }

    /** Adds tasks in one transaction, each due now; known ones are left untouched. Returns how many were new. */
    public int addAll(List<String> taskIds, String source) {
        if (taskIds.isEmpty()) {
            return 0;
        }
        taskIds.forEach(TaskIds::requireValid);
        long now = now();
        try {
            return inDurableTransaction(c -> {
                int added = 0;
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO kie_task (task_id, state, source, next_poll_at, created_at, updated_at) "
                                + "SELECT ?, 'PENDING', ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM kie_task WHERE task_id = ?)")) {
                    for (String id : taskIds) {
                        bind(ps, id, source, now, now, now, id);
                        added += ps.executeUpdate();
                    }
                }
                return added;
            });
        } catch (StoreException e) {
            if (e.isDuplicateKey() && taskIds.size() == 1) {
                return 0;
            }
            throw e;
        }
    }

    /**
     * Claims up to {@code limit} pending tasks that are due, oldest first, and pushes their next poll into
     * the future so the next tick does not claim them again while their poll runs.
     */
    public List<String> claimDue(int limit) {
        return claim("state = 'PENDING'", limit);
    }

    /**
     * Leases up to {@code limit} due tasks matching {@code condition} that no other replica holds, oldest
     * first. On PostgreSQL, rows another replica is claiming at the same moment are skipped, not waited for.
     */
    private List<String> claim(String condition, int limit) {
        return claim("kie_task", "task_id", "next_poll_at", condition, limit, String.class);
    }

    private <K> List<K> claim(String table, String key, String dueColumn, String condition, int limit, Class<K> keyType) {
        long now = now();
        return inTransaction(c -> {
            List<K> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + key + " FROM " + table + " WHERE " + condition
                    + " AND " + dueColumn + " <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY " + dueColumn
                    + " LIMIT ?" + (postgres ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE"))) {
                ps.setLong(1, now);
                ps.setLong(2, now);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(rs.getObject(1, keyType));
                    }
                }
            }
            if (!due.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE " + table + " SET lease_owner = ?, lease_until = ? WHERE " + key + " = ?")) {
                    for (K id : due) {
                        ps.setString(1, owner);
                        ps.setLong(2, now + lease.toMillis());
                        ps.setObject(3, id);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return due;
        });
    }

    /** A poll answered "still pending": count it, clear the failure streak, poll again after {@code delay}. */
    public void pollAgain(String taskId, Duration delay) {
        update("UPDATE kie_task SET " + RELEASE + ", polls = polls + 1, failures = 0, next_poll_at = ?, updated_at = ? "
                + "WHERE task_id = ? AND state = 'PENDING' AND " + LEASE_FREE_OR_MINE,
                now() + delay.toMillis(), now(), taskId, owner, now());
    }

    /**
     * A poll answered with something the product does not act on (an unknown successFlag): poll again
     * after {@code delay} and keep {@code note} as the task's last error. True when the note is new for
     * this task, so it is reported once rather than on every poll.
     */
    public boolean pollAgainNoting(String taskId, String note, Duration delay) {
        return inTransaction(c -> {
            boolean isNew = update(c, "UPDATE kie_task SET last_error = ? WHERE task_id = ? AND state = 'PENDING' "
                    + "AND (last_error IS NULL OR last_error <> ?) AND " + LEASE_FREE_OR_MINE,
                    note, taskId, note, owner, now()) == 1;
            update(c, "UPDATE kie_task SET " + RELEASE + ", polls = polls + 1, failures = 0, next_poll_at = ?, updated_at = ? "
                    + "WHERE task_id = ? AND state = 'PENDING' AND " + LEASE_FREE_OR_MINE,
                    now() + delay.toMillis(), now(), taskId, owner, now());
            return isNew;
        });
    }

    /** Moves a pending task to the back of the queue without counting a poll (e.g. all polling is paused). */
    public void deferUntil(String taskId, long epochMillis) {
        update("UPDATE kie_task SET " + RELEASE + ", next_poll_at = ? WHERE task_id = ? AND state = 'PENDING' AND "
                + LEASE_FREE_OR_MINE, epochMillis, taskId, owner, now());
    }

    /**
     * A poll failed transiently. Increments the task's failure streak and schedules the next poll after
     * the delay the back-off computes for that streak. Returns the new streak length.
     */
    public int recordTransientFailure(String taskId, String reason, IntFunction<Duration> backoff) {
        return recordFailure(taskId, "PENDING", LEASE_FREE_OR_MINE, reason, backoff);
    }

    /** The API did not know the task. Returns how many times in a row that has now happened. */
    public int recordNotFound(String taskId, Duration delay) {
        return inTransaction(c -> {
            int count = 1 + intColumn(c, "not_found", taskId);
            update(c, "UPDATE kie_task SET " + RELEASE + ", not_found = ?, polls = polls + 1, "
                    + "last_error = 'record-info does not know this task', next_poll_at = ?, updated_at = ? "
                    + "WHERE task_id = ? AND state = 'PENDING' AND " + LEASE_FREE_OR_MINE,
                    count, now() + delay.toMillis(), now(), taskId, owner, now());
            return count;
        });
    }

    /** SUCCESS seen: PENDING becomes DELIVERING. False when another path already took the task. */
    public boolean startDelivery(String taskId, String recordJson) {
        long now = now();
        return update("UPDATE kie_task SET lease_owner = ?, lease_until = ?, state = 'DELIVERING', polls = polls + 1, "
                + "failures = 0, record_json = ?, success_seen_at = COALESCE(success_seen_at, ?), bytes = NULL, "
                + "sha256 = NULL, spool_file = NULL, sinks_done = '', destination = NULL, next_poll_at = ?, updated_at = ? "
                + "WHERE task_id = ? AND state = 'PENDING' AND " + LEASE_FREE_OR_MINE,
                owner, now + lease.toMillis(), cut(recordJson, MAX_RECORD_CHARS), now, now + DELIVERY_HOLD.toMillis(), now,
                taskId, owner, now) == 1;
    }

    /** The checked video is in the spool: remember its size and checksum so publishing can resume without a download. */
    public void recordSpooled(String taskId, long bytes, String sha256, String spoolFile) {
        if (durableUpdate("UPDATE kie_task SET bytes = ?, sha256 = ?, spool_file = ?, updated_at = ? WHERE task_id = ? "
                + "AND state = 'DELIVERING' AND lease_owner = ?", bytes, sha256, spoolFile, now(), taskId, owner) == 0) {
            throw new LeaseLostException(taskId);
        }
    }

    /** One sink holds the video; {@code destination} is where (a path or an s3:// URL). */
    public void recordSinkDone(String taskId, String sink, String destination) {
        if (durableUpdate("UPDATE kie_task SET sinks_done = CASE WHEN sinks_done = '' THEN ? ELSE sinks_done || ',' || ? END, "
                + "destination = CASE WHEN destination IS NULL THEN ? ELSE destination || ' ' || ? END, updated_at = ? "
                + "WHERE task_id = ? AND state = 'DELIVERING' AND lease_owner = ?",
                sink, sink, destination, destination, now(), taskId, owner) == 0) {
            throw new LeaseLostException(taskId);
        }
    }

    /** A sink refused the spooled video: the task stays DELIVERING and its publication is retried after {@code delay}. */
    public int recordSinkFailure(String taskId, String reason, IntFunction<Duration> backoff) {
        return recordFailure(taskId, "DELIVERING", "lease_owner = ?", reason, backoff);
    }

    /** Lengthens the task's failure streak and schedules its next attempt by the back-off for that streak. */
    private int recordFailure(String taskId, String state, String fence, String reason, IntFunction<Duration> backoff) {
        return inTransaction(c -> {
            int failures = 1 + intColumn(c, "failures", taskId);
            Object[] fenceArgs = fence.equals(LEASE_FREE_OR_MINE) ? new Object[] {owner, now()} : new Object[] {owner};
            Object[] args = new Object[5 + fenceArgs.length];
            args[0] = failures;
            args[1] = cut(reason, MAX_ERROR_CHARS);
            args[2] = now() + backoff.apply(failures).toMillis();
            args[3] = now();
            args[4] = taskId;
            System.arraycopy(fenceArgs, 0, args, 5, fenceArgs.length);
            update(c, "UPDATE kie_task SET " + RELEASE + ", failures = ?, last_error = ?, next_poll_at = ?, updated_at = ? "
                    + "WHERE task_id = ? AND state = '" + state + "' AND " + fence, args);
            return failures;
        });
    }

    /** Spooled deliveries whose publication is due again (after a sink failure or a restart). */
    public List<String> claimDuePublications(int limit) {
        return claim("state = 'DELIVERING' AND sha256 IS NOT NULL", limit);
    }

    /** Every configured sink holds the video. */
    public void markDelivered(String taskId) {
        long now = now();
        if (ended(taskId, TaskState.DELIVERED, "UPDATE kie_task SET state = 'DELIVERED', " + RELEASE + ", delivered_at = ?, "
                + "failures = 0, last_error = NULL, updated_at = ? WHERE task_id = ? AND state = 'DELIVERING' AND lease_owner = ?",
                now, now, taskId, owner) == 0) {
            throw new LeaseLostException(taskId);
        }
    }

    /**
     * A delivery attempt failed. The task returns to PENDING (polled again after {@code delay}, which
     * also fetches a fresh video URL); {@code counted} failures add to the task's download attempts.
     * Returns the row after the change.
     */
    public TaskRecord recordDeliveryFailure(String taskId, String reason, boolean counted, Duration delay) {
        long now = now();
        update("UPDATE kie_task SET state = 'PENDING', " + RELEASE + ", download_attempts = download_attempts + ?, "
                + "last_error = ?, bytes = NULL, sha256 = NULL, spool_file = NULL, sinks_done = '', destination = NULL, "
                + "next_poll_at = ?, updated_at = ? WHERE task_id = ? AND state = 'DELIVERING' AND lease_owner = ?",
                counted ? 1 : 0, cut(reason, MAX_ERROR_CHARS), now + delay.toMillis(), now, taskId, owner);
        return find(taskId).orElseThrow();
    }

    /** Ends a task that is still being worked on with a terminal state and the reason. */
    public boolean finish(String taskId, TaskState state, String reason, String recordJson) {
        if (!state.isTerminal() || state == TaskState.DELIVERED) {
            throw new IllegalArgumentException("finish() takes a failure state, not " + state);
        }
        return ended(taskId, state, "UPDATE kie_task SET " + RELEASE + ", state = ?, last_error = ?, "
                + "record_json = COALESCE(?, record_json), updated_at = ? WHERE task_id = ? "
                + "AND state IN ('PENDING', 'DELIVERING') AND " + LEASE_FREE_OR_MINE,
                state.name(), cut(reason, MAX_ERROR_CHARS), cut(recordJson, MAX_RECORD_CHARS), now(), taskId, owner,
                now()) == 1;
    }

    /** Pending tasks added longer ago than {@code giveUpAfter}. */
    public List<String> overdue(Duration giveUpAfter) {
        return query("SELECT " + COLUMNS + " FROM kie_task WHERE state = 'PENDING' AND created_at < ?",
                now() - giveUpAfter.toMillis()).stream().map(TaskRecord::taskId).toList();
    }

    /**
     * After a stop, takes back the work left behind: on the embedded store all of it (one process owns
     * it), on a shared store what is still leased under this replica's owner ID (a stable
     * kie.store.owner). Deliveries whose checked video is still in the spool resume publishing now; the
     * others (download cut short, or spool lost) start again from a fresh poll; interrupted polls are due
     * at once. Returns {resumed deliveries, restarted deliveries, polls due again}.
     */
    public int[] resumeAfterStop(java.util.function.Predicate<String> stillSpooled) {
        int[] deliveries = resumeInterruptedDeliveries(stillSpooled);
        return new int[] {deliveries[0], deliveries[1], releaseAbandonedClaims()};
    }

    private int[] resumeInterruptedDeliveries(java.util.function.Predicate<String> stillSpooled) {
        int resumed = 0;
        int restarted = 0;
        for (TaskRecord task : query("SELECT " + COLUMNS + " FROM kie_task WHERE state = 'DELIVERING'" + mineIfShared(),
                ownerIfShared())) {
            if (task.isSpooled() && stillSpooled.test(task.spoolFile())) {
                update("UPDATE kie_task SET next_poll_at = ? WHERE task_id = ?", now(), task.taskId());
                resumed++;
            } else {
                update("UPDATE kie_task SET state = 'PENDING', bytes = NULL, sha256 = NULL, spool_file = NULL, sinks_done = '', "
                        + "destination = NULL, next_poll_at = ?, updated_at = ? WHERE task_id = ?", now(), now(), task.taskId());
                restarted++;
            }
        }
        return new int[] {resumed, restarted};
    }

    private int releaseAbandonedClaims() {
        update("UPDATE kie_notification SET " + RELEASE + " WHERE lease_owner IS NOT NULL" + mineIfShared(), ownerIfShared());
        update("UPDATE kie_task SET " + RELEASE + " WHERE lease_owner IS NOT NULL AND state <> 'PENDING'" + mineIfShared(),
                ownerIfShared());
        return update("UPDATE kie_task SET " + RELEASE + ", next_poll_at = ? WHERE lease_owner IS NOT NULL" + mineIfShared(),
                postgres ? new Object[] {now(), owner} : new Object[] {now()});
    }

    private String mineIfShared() {
        return postgres ? " AND lease_owner = ?" : "";
    }

    private Object[] ownerIfShared() {
        return postgres ? new Object[] {owner} : new Object[0];
    }

    /** Names of the spooled videos deliveries still need. */
    public java.util.Set<String> spoolFilesInUse() {
        return inTransaction(c -> {
            java.util.Set<String> names = new java.util.HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT spool_file FROM kie_task WHERE state = 'DELIVERING' AND spool_file IS NOT NULL");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    /** Keeps the leases of the deliveries this replica is running. */
    public int renewLeases() {
        return update("UPDATE kie_task SET lease_until = ? WHERE lease_owner = ? AND state = 'DELIVERING'",
                now() + lease.toMillis(), owner);
    }

    /** True while this replica holds the task's lease. */
    public boolean holdsLease(String taskId) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM kie_task WHERE task_id = ? AND lease_owner = ? AND lease_until >= ?")) {
                ps.setString(1, taskId);
                ps.setString(2, owner);
                ps.setLong(3, now());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * Deliveries whose replica stopped renewing before the video was checked (it died or froze while
     * downloading) go back to PENDING, to be polled and downloaded again by whoever claims them.
     */
    public int reclaimStalledDeliveries() {
        return update("UPDATE kie_task SET state = 'PENDING', " + RELEASE + ", next_poll_at = ?, updated_at = ? "
                + "WHERE state = 'DELIVERING' AND sha256 IS NULL AND lease_until < ?", now(), now(), now());
    }

    /** A spooled delivery claimed here whose video is not in this replica's spool: download it again. */
    public void restartDelivery(String taskId) {
        update("UPDATE kie_task SET state = 'PENDING', " + RELEASE + ", bytes = NULL, sha256 = NULL, spool_file = NULL, sinks_done = '', "
                + "destination = NULL, next_poll_at = ?, updated_at = ? WHERE task_id = ? AND state = 'DELIVERING' "
                + "AND lease_owner = ?", now(), now(), taskId, owner);
    }

    /** The account-wide pause every replica sees: until when, and the account problem behind it if any. */
    public record SharedPause(long pausedUntil, String accountProblem, long problemUntil) {
    }

    public SharedPause sharedPause() {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT paused_until, account_problem, problem_until FROM kie_gate WHERE id = 1");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new SharedPause(rs.getLong(1), rs.getString(2), rs.getLong(3)) : new SharedPause(0, null, 0);
            }
        });
    }

    /** Pauses all replicas until {@code until} (never shortens a pause); with an account problem when given. */
    public void sharePause(long until, String accountProblem) {
        update("UPDATE kie_gate SET paused_until = CASE WHEN paused_until < ? THEN ? ELSE paused_until END WHERE id = 1",
                until, until);
        if (accountProblem != null) {
            update("UPDATE kie_gate SET account_problem = ?, problem_until = ? WHERE id = 1", cut(accountProblem, 300), until);
        }
    }

    public void clearAccountProblem() {
        update("UPDATE kie_gate SET problem_until = 0 WHERE id = 1");
    }

    /**
     * The cluster-wide rate cap: takes the next free request slot (at least {@code intervalMillis} after the
     * previous one, whichever replica took it) and returns when it is, in epoch millis.
     */
    public long takeRateSlot(long intervalMillis) {
        return inTransaction(c -> {
            long next;
            try (PreparedStatement ps = c.prepareStatement("SELECT next_slot FROM kie_rate WHERE id = 1 FOR UPDATE");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                next = rs.getLong(1);
            }
            long slot = Math.max(now(), next);
            update(c, "UPDATE kie_rate SET next_slot = ? WHERE id = 1", slot + intervalMillis);
            return slot;
        });
    }

    public Optional<TaskRecord> find(String taskId) {
        return query("SELECT " + COLUMNS + " FROM kie_task WHERE task_id = ?", taskId).stream().findFirst();
    }

    /** One page of tasks, newest first, optionally of one state. */
    public List<TaskRecord> page(TaskState state, int limit, int offset) {
        return state == null
                ? query("SELECT " + COLUMNS + " FROM kie_task ORDER BY created_at DESC, task_id LIMIT ? OFFSET ?", limit, offset)
                : query("SELECT " + COLUMNS + " FROM kie_task WHERE state = ? ORDER BY created_at DESC, task_id LIMIT ? OFFSET ?",
                        state.name(), limit, offset);
    }

    /** How many tasks are in each state (states without tasks are absent). */
    public java.util.Map<TaskState, Long> countByState() {
        return inTransaction(c -> {
            java.util.Map<TaskState, Long> counts = new java.util.EnumMap<>(TaskState.class);
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM kie_task GROUP BY state");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(TaskState.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    /** Stops work on a task that is still being worked on. False when it had already ended. */
    public boolean cancel(String taskId) {
        return ended(taskId, TaskState.CANCELLED, "UPDATE kie_task SET state = 'CANCELLED', " + RELEASE
                + ", last_error = 'cancelled by an operator', updated_at = ? WHERE task_id = ? "
                + "AND state IN ('PENDING', 'DELIVERING')", now(), taskId) == 1;
    }

    /** Runs the update that ends a task and, in the same transaction, owes its notification. */
    private int ended(String taskId, TaskState state, String sql, Object... args) {
        return inDurableTransaction(c -> {
            int changed = update(c, sql, args);
            if (changed == 1 && notifying) {
                update(c, "INSERT INTO kie_notification (task_id, state, next_attempt_at, created_at) VALUES (?, ?, ?, ?)",
                        taskId, state.name(), now(), now());
            }
            return changed;
        });
    }

    /** Leases up to {@code limit} notifications that are due, oldest first. */
    public List<Notification> claimNotifications(int limit) {
        List<Long> ids = claim("kie_notification", "id", "next_attempt_at", "1 = 1", limit, Long.class);
        if (ids.isEmpty()) {
            return List.of();
        }
        record Owed(long id, String state, int attempts, String taskId) {
        }
        List<Owed> owed = inTransaction(c -> {
            List<Owed> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, state, attempts, task_id FROM kie_notification "
                    + "WHERE id IN (" + String.join(", ", java.util.Collections.nCopies(ids.size(), "?")) + ") ORDER BY id")) {
                bind(ps, ids.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Owed(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
                    }
                }
            }
            return rows;
        });
        List<Notification> due = new ArrayList<>();
        for (Owed row : owed) {
            find(row.taskId()).ifPresent(task -> due.add(new Notification(row.id(), TaskState.valueOf(row.state()),
                    row.attempts(), task)));
        }
        return due;
    }

    /** The endpoint took the notification: it is not owed any more. */
    public void notificationSent(long id) {
        durableUpdate("DELETE FROM kie_notification WHERE id = ? AND lease_owner = ?", id, owner);
    }

    /** The endpoint refused the notification: tried again after {@code delay}. Returns the attempts so far. */
    public int notificationFailed(long id, Duration delay) {
        return inTransaction(c -> {
            update(c, "UPDATE kie_notification SET " + RELEASE + ", attempts = attempts + 1, next_attempt_at = ? "
                    + "WHERE id = ? AND lease_owner = ?", now() + delay.toMillis(), id, owner);
            try (PreparedStatement ps = c.prepareStatement("SELECT attempts FROM kie_notification WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    /** Gives up on a notification (attempts used up). */
    public void dropNotification(long id) {
        update("DELETE FROM kie_notification WHERE id = ?", id);
    }

    /** Notifications not yet taken by the endpoint. */
    public long countNotificationsOwed() {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM kie_notification");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Records an accepted signed callback until {@code keepUntil} (epoch millis). False when it was recorded
     * before, by this or any replica sharing the store: a replay. Records past their time are dropped first.
     */
    public boolean firstSightingOf(String signature, long keepUntil) {
        update("DELETE FROM kie_callback_seen WHERE keep_until < ?", now());
        try {
            return update("INSERT INTO kie_callback_seen (signature, keep_until) VALUES (?, ?)", signature, keepUntil) == 1;
        } catch (StoreException e) {
            if (e.isDuplicateKey()) {
                return false;
            }
            throw e;
        }
    }

    /**
     * A hint that the task may have changed (a callback): claims a pending task that no poll holds right
     * now, for an immediate poll. False when it is not pending or already being polled.
     */
    public boolean claimNow(String taskId) {
        long now = now();
        return update("UPDATE kie_task SET lease_owner = ?, lease_until = ? WHERE task_id = ? AND state = 'PENDING' "
                + "AND (lease_until IS NULL OR lease_until < ?)", owner, now + lease.toMillis(), taskId, now) == 1;
    }

    public List<TaskRecord> all() {
        return query("SELECT " + COLUMNS + " FROM kie_task ORDER BY created_at, task_id");
    }

    /** Tasks still being worked on (PENDING or DELIVERING). */
    public long countActive() {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM kie_task WHERE state IN ('PENDING', 'DELIVERING')");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private int intColumn(Connection c, String column, String taskId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM kie_task WHERE task_id = ?")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private List<TaskRecord> query(String sql, Object... args) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    List<TaskRecord> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(new TaskRecord(rs.getString(1), TaskState.valueOf(rs.getString(2)), rs.getInt(3),
                                rs.getInt(4), rs.getLong(5), rs.getLong(6), rs.getObject(7, Long.class),
                                rs.getObject(8, Long.class), rs.getString(9), rs.getObject(10, Long.class),
                                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15)));
                    }
                    return rows;
                }
            }
        });
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private int update(String sql, Object... args) {
        return inTransaction(c -> update(c, sql, args));
    }

    private int durableUpdate(String sql, Object... args) {
        return inDurableTransaction(c -> update(c, sql, args));
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
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

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        return inTransaction(work, false);
    }

    /**
     * For the commits a restart must find whatever happens the moment after: tasks taken in (their inbox
     * file is gone), a checked video in the spool (else downloaded again), sinks done and final states
     * (else delivered again), sent notifications. PostgreSQL is durable at commit; H2 writes commits to
     * its file up to a second late, so on H2 a CHECKPOINT writes them before this returns. The frequent,
     * harmless-to-repeat commits (poll results, claims) stay cheap.
     */
    private <T> T inDurableTransaction(Work<T> work) {
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

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}

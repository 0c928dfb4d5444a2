package io.kiemp4drop.store;

import io.kiemp4drop.model.Generation;
import io.kiemp4drop.model.GenerationState;
import io.kiemp4drop.validation.TaskIds;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Generation requests and the exactly-once rules of sending them: a request is claimed under a lease, marked as
 * being sent (durably) right before it goes out, and then answered, refused, put back (it never left), or left
 * UNCERTAIN (it may have reached kie.ai). A request marked as being sent is never claimed again: only an
 * answer, the operator or kie.ai's callback moves it on.
 */
public class GenerationLedger {

    static final String COLUMNS = "id, music_task_id, audio_id, author, domain_name, state, task_id, attempts, "
            + "last_error, sending_since, created_at, updated_at";
    private static final Database.Row<Generation> ROW = rs -> new Generation(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), GenerationState.valueOf(rs.getString(6)), rs.getString(7),
            rs.getInt(8), rs.getString(9), rs.getObject(10, Long.class), rs.getLong(11), rs.getLong(12));

    private final Database db;
    private final Lease lease;
    private final TaskQueue queue;

    public GenerationLedger(Database db, Lease lease) {
        this.db = db;
        this.lease = lease;
        this.queue = new TaskQueue(db, lease);
    }

    /** The result of adding a request: its ID, and whether it was new (the same song again changes nothing). */
    public record Added(String id, boolean added) {
    }

    /** Adds a request for this song, due now; the same (musicTaskId, audioId) again is the existing request. */
    public Added add(String musicTaskId, String audioId, String author, String domainName) {
        TaskIds.requireValid(musicTaskId);
        TaskIds.requireValid(audioId);
        Optional<Generation> known = find(musicTaskId, audioId);
        if (known.isPresent()) {
            return new Added(known.get().id(), false);
        }
        String id = "g-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        long now = Database.now();
        try {
            db.durableUpdate("INSERT INTO kie_generation (id, music_task_id, audio_id, author, domain_name, state, "
                    + "next_try_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'SUBMITTING', ?, ?, ?)",
                    id, musicTaskId, audioId, blankToNull(author), blankToNull(domainName), now, now, now);
            return new Added(id, true);
        } catch (StoreException e) {
            if (e.isDuplicateKey()) {
                // the same song added by another replica, or another thread, in between
                return new Added(find(musicTaskId, audioId).orElseThrow().id(), false);
            }
            throw e;
        }
    }

    public Optional<Generation> get(String id) {
        return db.query("SELECT " + COLUMNS + " FROM kie_generation WHERE id = ?", ROW, id).stream().findFirst();
    }

    /** How many requests are in each state (states without any are absent). */
    public Map<GenerationState, Long> countByState() {
        Map<GenerationState, Long> counts = new EnumMap<>(GenerationState.class);
        db.query("SELECT state, COUNT(*) FROM kie_generation GROUP BY state", rs -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> counts.put(GenerationState.valueOf(e.getKey()), e.getValue()));
        return counts;
    }

    /** The request a video task was generated for, if it was. */
    public Optional<Generation> forTask(String taskId) {
        return db.query("SELECT " + COLUMNS + " FROM kie_generation WHERE task_id = ?", ROW, taskId).stream().findFirst();
    }

    public List<Generation> list(GenerationState state, int limit, int offset) {
        return state == null
                ? db.query("SELECT " + COLUMNS + " FROM kie_generation ORDER BY created_at, id LIMIT ? OFFSET ?", ROW, limit, offset)
                : db.query("SELECT " + COLUMNS + " FROM kie_generation WHERE state = ? ORDER BY created_at, id LIMIT ? OFFSET ?",
                        ROW, state.name(), limit, offset);
    }

    /** Requests due to be sent, leased to this replica; none that may already have gone out. */
    public List<Generation> claimDue(int limit) {
        return queue.claim("kie_generation", "id", "next_try_at", "state = 'SUBMITTING' AND sending_since IS NULL", limit,
                String.class).stream().map(id -> get(id).orElseThrow()).toList();
    }

    /**
     * Recorded durably right before the request goes out: from here on it is never sent again on its own. False
     * when this replica no longer holds it (then it must not be sent).
     */
    public boolean sending(String id) {
        return db.durableUpdate("UPDATE kie_generation SET sending_since = ?, attempts = attempts + 1, updated_at = ? "
                + "WHERE id = ? AND state = 'SUBMITTING' AND sending_since IS NULL AND " + Lease.MINE,
                Database.now(), Database.now(), id, lease.owner()) == 1;
    }

    /** kie.ai answered with its video task: SUBMITTED, and the task is tracked (PENDING) in the same commit. */
    public void submitted(String id, String taskId) {
        TaskIds.requireValid(taskId);
        long now = Database.now();
        db.inDurableTransaction(c -> {
            int changed = Database.update(c, "UPDATE kie_generation SET state = 'SUBMITTED', task_id = ?, sending_since = NULL, "
                    + Lease.RELEASE + ", last_error = NULL, updated_at = ? WHERE id = ? AND state IN ('SUBMITTING', 'UNCERTAIN')",
                    taskId, now, id);
            if (changed == 1) {
                Database.update(c, "INSERT INTO kie_task (task_id, state, source, next_poll_at, created_at, updated_at) "
                        + "SELECT ?, 'PENDING', 'generate', ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM kie_task WHERE task_id = ?)",
                        taskId, now, now, now, taskId);
            }
            return changed;
        });
    }

    /** kie.ai refused it (400/422): REJECTED with its reason. */
    public void rejected(String id, String reason) {
        end(id, GenerationState.REJECTED, reason);
    }

    /** It may have reached kie.ai without an answer: UNCERTAIN, never sent again on its own. */
    public void uncertain(String id, String reason) {
        end(id, GenerationState.UNCERTAIN, reason);
    }

    /** It never left (connection refused, a pause): due again after {@code delay}, free for any replica. */
    public void notSent(String id, String reason, Duration delay) {
        long now = Database.now();
        db.durableUpdate("UPDATE kie_generation SET sending_since = NULL, " + Lease.RELEASE + ", last_error = ?, "
                + "next_try_at = ?, updated_at = ? WHERE id = ? AND state = 'SUBMITTING'", Database.cut(reason, 1000),
                now + delay.toMillis(), now, id);
    }

    /**
     * Requests a replica was sending when it stopped (marked as being sent, no answer recorded, lease run out; at
     * start also this replica's own, and on the embedded store every one, since one process owns it): UNCERTAIN.
     * Returns their IDs.
     */
    public List<String> recoverInterrupted(boolean atStart) {
        long now = Database.now();
        String interrupted = "state = 'SUBMITTING' AND sending_since IS NOT NULL AND ";
        String which;
        Object[] whichArgs;
        if (atStart && !db.isPostgres()) {
            which = "1 = 1";
            whichArgs = new Object[0];
        } else if (atStart) {
            which = "(lease_until < ? OR lease_owner = ?)";
            whichArgs = new Object[] {now, lease.owner()};
        } else {
            which = "lease_until < ?";
            whichArgs = new Object[] {now};
        }
        String reason = "the process stopped while kie.ai held the request: it may have been received";
        List<String> recovered = new ArrayList<>();
        for (String id : db.query("SELECT id FROM kie_generation WHERE " + interrupted + which, rs -> rs.getString(1), whichArgs)) {
            Object[] args = new Object[3 + whichArgs.length];
            args[0] = reason;
            args[1] = now;
            args[2] = id;
            System.arraycopy(whichArgs, 0, args, 3, whichArgs.length);
            if (db.durableUpdate("UPDATE kie_generation SET state = 'UNCERTAIN', " + Lease.RELEASE + ", last_error = ?, "
                    + "updated_at = ? WHERE id = ? AND " + interrupted + which, args) == 1) {
                recovered.add(id);
            }
        }
        return recovered;
    }

    /** The operator sends it again (UNCERTAIN or REJECTED → SUBMITTING, due now). False when it cannot be. */
    public boolean resubmit(String id) {
        long now = Database.now();
        return db.durableUpdate("UPDATE kie_generation SET state = 'SUBMITTING', sending_since = NULL, " + Lease.RELEASE
                + ", next_try_at = ?, updated_at = ? WHERE id = ? AND state IN ('UNCERTAIN', 'REJECTED')", now, now, id) == 1;
    }

    /**
     * UNCERTAIN requests left so for longer than {@code after} are sent again (kie.generate.resubmit-uncertain-after,
     * for a team that prefers a possible second video to a missing one). Returns how many.
     */
    public int resubmitUncertainOlderThan(Duration after) {
        long now = Database.now();
        return db.durableUpdate("UPDATE kie_generation SET state = 'SUBMITTING', sending_since = NULL, " + Lease.RELEASE
                + ", next_try_at = ?, updated_at = ? WHERE state = 'UNCERTAIN' AND updated_at < ?", now, now,
                now - after.toMillis());
    }

    /** The operator drops it (anything not SUBMITTED, and not being sent right now). False when it cannot be. */
    public boolean cancel(String id) {
        return db.durableUpdate("UPDATE kie_generation SET state = 'CANCELLED', " + Lease.RELEASE + ", updated_at = ? "
                + "WHERE id = ? AND state IN ('SUBMITTING', 'UNCERTAIN', 'REJECTED') AND sending_since IS NULL",
                Database.now(), id) == 1;
    }

    /**
     * One of today's (UTC) sends, if fewer than {@code maxPerDay} were taken, across replicas. False: wait for the
     * next day.
     */
    public boolean takeDailySlot(int maxPerDay) {
        if (maxPerDay < 1) {
            return false;
        }
        String day = Instant.ofEpochMilli(Database.now()).atZone(ZoneOffset.UTC).toLocalDate().toString();
        try {
            db.update("INSERT INTO kie_generation_day (utc_day, sent) SELECT ?, 0 WHERE NOT EXISTS "
                    + "(SELECT 1 FROM kie_generation_day WHERE utc_day = ?)", day, day);
        } catch (StoreException e) {
            if (!e.isDuplicateKey()) {
                throw e;
            }
            // another replica opened the day at the same moment
        }
        return db.durableUpdate("UPDATE kie_generation_day SET sent = sent + 1 WHERE utc_day = ? AND sent < ?", day, maxPerDay) == 1;
    }

    private Optional<Generation> find(String musicTaskId, String audioId) {
        return db.query("SELECT " + COLUMNS + " FROM kie_generation WHERE music_task_id = ? AND audio_id = ?", ROW,
                musicTaskId, audioId).stream().findFirst();
    }

    private void end(String id, GenerationState state, String reason) {
        db.durableUpdate("UPDATE kie_generation SET state = ?, sending_since = NULL, " + Lease.RELEASE + ", last_error = ?, "
                + "updated_at = ? WHERE id = ? AND state = 'SUBMITTING'", state.name(), Database.cut(reason, 1000),
                Database.now(), id);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

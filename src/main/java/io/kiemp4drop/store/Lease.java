package io.kiemp4drop.store;

import java.time.Duration;
import java.util.Objects;

/**
 * One replica's claim on work: its owner ID (stored in the lease columns) and how long a claim holds.
 * Holds the SQL fence fragments every fenced write uses; callers bind the fragment's arguments
 * explicitly, in the order its constant documents.
 *
 * @param owner  this replica's lease owner ID
 * @param length how long a claim holds a task (kie.store.lease)
 */
public record Lease(String owner, Duration length) {

    /**
     * The row is not leased by another replica right now (free, ours, or its lease ran out). Binds
     * {@code owner, now}.
     */
    static final String FREE_OR_MINE = "(lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)";
    /** The row is leased by this replica. Binds {@code owner}. */
    static final String MINE = "lease_owner = ?";
    /** SET fragment that gives the row's lease up. Binds nothing. */
    static final String RELEASE = "lease_owner = NULL, lease_until = NULL";

    public Lease {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(length, "length");
    }

    /** When a claim taken now runs out, in epoch millis. */
    public long until() {
        return until(Database.now());
    }

    long until(long from) {
        return from + length.toMillis();
    }
}

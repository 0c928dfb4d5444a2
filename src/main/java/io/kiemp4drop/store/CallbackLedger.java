package io.kiemp4drop.store;

/**
 * The signed kie.ai callbacks already accepted, shared by every replica and kept across restarts, so a
 * replayed callback is refused wherever and whenever it arrives until its record expires.
 */
public class CallbackLedger {

    private final Database db;

    public CallbackLedger(Database db) {
        this.db = db;
    }

    /**
     * Records an accepted signed callback until {@code keepUntil} (epoch millis). False when it was recorded
     * before, by this or any replica sharing the store: a replay. Records past their time are dropped first.
     */
    public boolean firstSightingOf(String signature, long keepUntil) {
        db.update("DELETE FROM kie_callback_seen WHERE keep_until < ?", Database.now());
        try {
            return db.update("INSERT INTO kie_callback_seen (signature, keep_until) VALUES (?, ?)", signature,
                    keepUntil) == 1;
        } catch (StoreException e) {
            if (e.isDuplicateKey()) {
                return false;
            }
            throw e;
        }
    }
}

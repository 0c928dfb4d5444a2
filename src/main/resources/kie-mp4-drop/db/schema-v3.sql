-- signed kie.ai callbacks already accepted, kept until their timestamp is past kie.callback.max-skew,
-- so that every replica, and a restarted one, refuses a replay
CREATE TABLE IF NOT EXISTS kie_callback_seen (
    signature  VARCHAR(64)  PRIMARY KEY,
    keep_until BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS kie_callback_seen_expiry ON kie_callback_seen (keep_until);

CREATE TABLE IF NOT EXISTS kie_task (
    task_id           VARCHAR(128)  PRIMARY KEY,
    state             VARCHAR(16)   NOT NULL,
    source            VARCHAR(16)   NOT NULL,
    polls             INTEGER       NOT NULL DEFAULT 0,
    failures          INTEGER       NOT NULL DEFAULT 0,
    not_found         INTEGER       NOT NULL DEFAULT 0,
    download_attempts INTEGER       NOT NULL DEFAULT 0,
    next_poll_at      BIGINT        NOT NULL,
    lease_owner       VARCHAR(64),
    lease_until       BIGINT,
    created_at        BIGINT        NOT NULL,
    updated_at        BIGINT        NOT NULL,
    success_seen_at   BIGINT,
    delivered_at      BIGINT,
    last_error        VARCHAR(1000),
    record_json       VARCHAR(8000),
    bytes             BIGINT,
    sha256            VARCHAR(64),
    spool_file        VARCHAR(256),
    sinks_done        VARCHAR(64)   NOT NULL DEFAULT '',
    destination       VARCHAR(2048)
);
CREATE INDEX IF NOT EXISTS kie_task_due ON kie_task (state, next_poll_at);
-- account-wide pause shared by every replica (401/402/429/455, circuit breaker)
CREATE TABLE IF NOT EXISTS kie_gate (
    id              INTEGER       PRIMARY KEY,
    paused_until    BIGINT        NOT NULL,
    account_problem VARCHAR(300),
    problem_until   BIGINT        NOT NULL
);
-- the next free record-info slot of the cluster-wide rate cap
CREATE TABLE IF NOT EXISTS kie_rate (
    id        INTEGER PRIMARY KEY,
    next_slot BIGINT  NOT NULL
);
CREATE TABLE IF NOT EXISTS kie_schema_version (
    version    INTEGER PRIMARY KEY,
    applied_at BIGINT  NOT NULL
);

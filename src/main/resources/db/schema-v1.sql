CREATE TABLE IF NOT EXISTS kie_task (
    task_id           VARCHAR(128)  PRIMARY KEY,
    state             VARCHAR(16)   NOT NULL,
    source            VARCHAR(16)   NOT NULL,
    polls             INTEGER       NOT NULL DEFAULT 0,
    failures          INTEGER       NOT NULL DEFAULT 0,
    not_found         INTEGER       NOT NULL DEFAULT 0,
    download_attempts INTEGER       NOT NULL DEFAULT 0,
    next_poll_at      BIGINT        NOT NULL,
    claimed_at        BIGINT,
    created_at        BIGINT        NOT NULL,
    updated_at        BIGINT        NOT NULL,
    success_seen_at   BIGINT,
    delivered_at      BIGINT,
    last_error        VARCHAR(1000),
    record_json       VARCHAR(8000),
    bytes             BIGINT,
    sha256            VARCHAR(64),
    sinks_done        VARCHAR(64)   NOT NULL DEFAULT '',
    destination       VARCHAR(2048)
);
CREATE INDEX IF NOT EXISTS kie_task_due ON kie_task (state, next_poll_at);
CREATE TABLE IF NOT EXISTS kie_schema_version (
    version    INTEGER PRIMARY KEY,
    applied_at BIGINT  NOT NULL
);

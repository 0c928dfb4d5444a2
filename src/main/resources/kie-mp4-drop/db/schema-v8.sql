-- music-video generation requests (POST /api/v1/mp4/generate), one per (music task, audio): SUBMITTING until
-- kie.ai answers; sending_since is set, durably, right before the request goes out, so a request that may
-- have reached kie.ai is never sent again on its own (UNCERTAIN)
CREATE TABLE IF NOT EXISTS kie_generation (
    id            VARCHAR(40)   PRIMARY KEY,
    music_task_id VARCHAR(128)  NOT NULL,
    audio_id      VARCHAR(128)  NOT NULL,
    author        VARCHAR(50),
    domain_name   VARCHAR(50),
    state         VARCHAR(16)   NOT NULL,
    task_id       VARCHAR(128),
    attempts      INTEGER       NOT NULL DEFAULT 0,
    next_try_at   BIGINT        NOT NULL,
    sending_since BIGINT,
    lease_owner   VARCHAR(64),
    lease_until   BIGINT,
    last_error    VARCHAR(1000),
    created_at    BIGINT        NOT NULL,
    updated_at    BIGINT        NOT NULL,
    CONSTRAINT kie_generation_song UNIQUE (music_task_id, audio_id)
);
CREATE INDEX IF NOT EXISTS kie_generation_due ON kie_generation (state, next_try_at);
-- generation requests sent per UTC day, across replicas (kie.generate.max-per-day)
CREATE TABLE IF NOT EXISTS kie_generation_day (
    utc_day VARCHAR(10) PRIMARY KEY,
    sent    INTEGER     NOT NULL
);

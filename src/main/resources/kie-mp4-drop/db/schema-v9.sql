-- downloads in flight, for the task API and the operator page on any replica: bytes received of those
-- announced, written at most once a second while a video streams into the spool; the row goes when it ends
CREATE TABLE IF NOT EXISTS kie_download (
    task_id        VARCHAR(128) PRIMARY KEY,
    bytes_received BIGINT       NOT NULL,
    bytes_expected BIGINT,
    started_at     BIGINT       NOT NULL,
    updated_at     BIGINT       NOT NULL
);
-- why all polling is paused (rate limited, maintenance, circuit breaker, account problem), for the operator page
ALTER TABLE kie_gate ADD COLUMN IF NOT EXISTS pause_reason VARCHAR(300);

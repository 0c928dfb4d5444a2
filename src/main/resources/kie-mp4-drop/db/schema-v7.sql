-- the optional ffmpeg steps' results for a spooled video: its poster frame beside it in the spool, and when it was
-- remuxed for faststart, the size and SHA-256 of the file kie.ai served (bytes and sha256 are the delivered file's)
ALTER TABLE kie_task ADD COLUMN IF NOT EXISTS poster_file VARCHAR(255);
ALTER TABLE kie_task ADD COLUMN IF NOT EXISTS source_bytes BIGINT;
ALTER TABLE kie_task ADD COLUMN IF NOT EXISTS source_sha256 VARCHAR(64);

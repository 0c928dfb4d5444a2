-- what the structure check read from a spooled video (duration, size, codecs...), as JSON: the sidecar, object
-- metadata and the final-state notification carry it, also after a restart resumes the publication
ALTER TABLE kie_task ADD COLUMN IF NOT EXISTS media_json VARCHAR(2000);

-- the singleton rows of the account-wide pause and the cluster rate slot (inserted by code after
-- migrating before v4; present already on databases migrated then)
INSERT INTO kie_gate (id, paused_until, problem_until) SELECT 1, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM kie_gate WHERE id = 1);
INSERT INTO kie_rate (id, next_slot) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM kie_rate WHERE id = 1);
-- pending tasks by age, for the give-up (overdue) check
CREATE INDEX IF NOT EXISTS kie_task_created ON kie_task (state, created_at);

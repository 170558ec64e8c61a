-- The embedded task queue (src/tasks): how a task authenticates when it is delivered (the
-- data directory's token, or a Google OIDC token minted at dispatch time, never a token frozen
-- into the task: Q-11/Q-12), its own dispatch deadline, and an index for reclaiming the leases
-- of a deliverer that died.
ALTER TABLE task_queue ADD COLUMN auth_mode text NOT NULL DEFAULT 'none'
  CHECK (auth_mode IN ('none', 'embedded_token', 'oidc'));
ALTER TABLE task_queue ADD COLUMN oidc_service_account text;
ALTER TABLE task_queue ADD COLUMN oidc_audience text;
ALTER TABLE task_queue ADD COLUMN dispatch_deadline_seconds integer;
CREATE INDEX IF NOT EXISTS ix_task_queue_leases ON task_queue (state, lease_expires_at);

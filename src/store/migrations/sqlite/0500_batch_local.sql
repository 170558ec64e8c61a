-- The local batch backend's own state: the part Cloud Batch's servers keep for a cloud job.
-- One row per job and one per task attempt, written by the supervisor at every transition,
-- so a restarted `serve` adopts the jobs of a dead supervisor and finishes them.

CREATE TABLE IF NOT EXISTS batch_local_jobs (
  job_id text PRIMARY KEY,
  execution_id text NOT NULL,
  state text NOT NULL
    CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'DELETION_IN_PROGRESS',
                     'CANCELLED')),
  spec text NOT NULL,
  -- Values of the job's secret env (never returned by Get/List, never logged).
  secret_env text NOT NULL DEFAULT '{}',
  labels text NOT NULL DEFAULT '{}',
  -- The supervisor running the job: a random id, its host and pid (pid + start time tell a
  -- dead local owner from a live one without waiting for the lease to expire).
  owner_id text,
  owner_host text,
  owner_pid integer,
  owner_start text,
  heartbeat_at text,
  delete_requested_at text,
  delete_reason text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  ended_at text
);
CREATE INDEX IF NOT EXISTS ix_batch_local_jobs_state ON batch_local_jobs (state);
CREATE INDEX IF NOT EXISTS ix_batch_local_jobs_execution ON batch_local_jobs (execution_id);

CREATE TABLE IF NOT EXISTS batch_local_attempts (
  job_id text NOT NULL REFERENCES batch_local_jobs (job_id) ON DELETE CASCADE,
  task_index integer NOT NULL,
  attempt integer NOT NULL,
  outcome text NOT NULL
    CHECK (outcome IN ('running', 'succeeded', 'failed', 'preempted', 'cancelled')),
  -- As Cloud Batch reports it (50001 for a preemption); process_exit_code is what the process
  -- itself returned (128 + signal when it was killed).
  exit_code integer,
  process_exit_code integer,
  reason text,
  provisioning_model text NOT NULL,
  machine_type text,
  guard_pid integer,
  task_pid integer,
  token text NOT NULL,
  stdout_path text,
  stderr_path text,
  started_at text NOT NULL,
  ended_at text,
  PRIMARY KEY (job_id, task_index, attempt)
);

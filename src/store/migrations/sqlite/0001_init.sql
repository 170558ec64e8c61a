-- formsender schema, SQLite (the same logical schema as postgres/0001_init.sql; times are
-- UTC text "YYYY-MM-DDTHH:MM:SS.ffffffZ", booleans 0/1, JSON text). The reference tables keep their names, columns, defaults,
-- checks and indexes exactly (spec orchestration §3.1) so an existing Supabase project can be
-- shared; the tables after them are formsender's own.

CREATE TABLE IF NOT EXISTS companies (
  id INTEGER PRIMARY KEY,
  company_name text,
  company_name_kana text,
  listed text,
  industry_category_major text,
  industry_category_middle text,
  industry_category_minor text,
  industry_category_detail text,
  industry_category_id bigint,
  location text,
  representative text,
  established_year integer,
  established_month smallint,
  detail_page text,
  postal_code text,
  company_url text,
  tel text,
  closing_month smallint,
  average_age real,
  average_salary bigint,
  form_url text,
  batch_id text,
  prohibition_candidates text,
  instruction_json text,
  instruction_valid boolean,
  form_found boolean,
  form_finder_queued boolean,
  form_analyzer_queued boolean,
  prohibition_detected boolean,
  prefecture text,
  employee_count bigint,
  capital bigint,
  bot_protection_detected boolean,
  national_id text,
  analyzer_queued_at text,
  fetch_detail_queued boolean,
  duplication boolean,
  black boolean
);
CREATE INDEX IF NOT EXISTS ix_companies_form_allowed ON companies (id)
  WHERE form_url IS NOT NULL AND black IS NULL AND COALESCE(prohibition_detected, false) = false;
CREATE INDEX IF NOT EXISTS ix_companies_prefecture ON companies (prefecture)
  WHERE form_url IS NOT NULL AND COALESCE(prohibition_detected, false) = false;

CREATE TABLE IF NOT EXISTS companies_extra (
  id INTEGER PRIMARY KEY,
  company_name text,
  company_name_kana text,
  listed text,
  industry_category_major text,
  industry_category_middle text,
  industry_category_minor text,
  industry_category_detail text,
  industry_category_id bigint,
  location text,
  representative text,
  established_year integer,
  established_month smallint,
  detail_page text,
  postal_code text,
  company_url text,
  tel text,
  closing_month smallint,
  average_age real,
  average_salary bigint,
  form_url text,
  batch_id text,
  prohibition_candidates text,
  instruction_json text,
  instruction_valid boolean,
  form_found boolean,
  form_finder_queued boolean,
  form_analyzer_queued boolean,
  prohibition_detected boolean,
  prefecture text,
  employee_count bigint,
  capital bigint,
  bot_protection_detected boolean,
  national_id text,
  analyzer_queued_at text,
  fetch_detail_queued boolean,
  duplication boolean,
  black boolean,
  client text
);
CREATE INDEX IF NOT EXISTS ix_companies_extra_form_allowed ON companies_extra (id)
  WHERE form_url IS NOT NULL AND black IS NULL AND COALESCE(prohibition_detected, false) = false;

CREATE TABLE IF NOT EXISTS send_queue (
  id INTEGER PRIMARY KEY,
  target_date_jst date NOT NULL,
  targeting_id bigint NOT NULL,
  company_id bigint NOT NULL,
  priority integer NOT NULL DEFAULT 0,
  shard_id integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'assigned', 'done', 'failed')),
  assigned_by text,
  assigned_at text,
  attempts integer NOT NULL DEFAULT 0,
  created_at text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
  UNIQUE (target_date_jst, targeting_id, company_id)
);
CREATE INDEX IF NOT EXISTS ix_send_queue_claim
  ON send_queue (target_date_jst, targeting_id, status, shard_id, priority, id);
CREATE INDEX IF NOT EXISTS ix_send_queue_gc
  ON send_queue (target_date_jst, targeting_id, status, assigned_at);

CREATE TABLE IF NOT EXISTS send_queue_test (
  id INTEGER PRIMARY KEY,
  target_date_jst date NOT NULL,
  targeting_id bigint NOT NULL,
  company_id bigint NOT NULL,
  priority integer NOT NULL DEFAULT 0,
  shard_id integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'assigned', 'done', 'failed')),
  assigned_by text,
  assigned_at text,
  attempts integer NOT NULL DEFAULT 0,
  created_at text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
  UNIQUE (target_date_jst, targeting_id, company_id)
);
CREATE INDEX IF NOT EXISTS ix_send_queue_test_claim
  ON send_queue_test (target_date_jst, targeting_id, status, shard_id, priority, id);
CREATE INDEX IF NOT EXISTS ix_send_queue_test_gc
  ON send_queue_test (target_date_jst, targeting_id, status, assigned_at);
CREATE TABLE IF NOT EXISTS send_queue_extra (
  id INTEGER PRIMARY KEY,
  target_date_jst date NOT NULL,
  targeting_id bigint NOT NULL,
  company_id bigint NOT NULL,
  priority integer NOT NULL DEFAULT 0,
  shard_id integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'assigned', 'done', 'failed')),
  assigned_by text,
  assigned_at text,
  attempts integer NOT NULL DEFAULT 0,
  created_at text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
  UNIQUE (target_date_jst, targeting_id, company_id)
);
CREATE INDEX IF NOT EXISTS ix_send_queue_extra_claim
  ON send_queue_extra (target_date_jst, targeting_id, status, shard_id, priority, id);
CREATE INDEX IF NOT EXISTS ix_send_queue_extra_gc
  ON send_queue_extra (target_date_jst, targeting_id, status, assigned_at);

CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY,
  targeting_id bigint NOT NULL,
  company_id bigint NOT NULL,
  error_type text,
  submitted_at text,
  success boolean,
  classify_detail text,
  field_mapping text
);
CREATE INDEX IF NOT EXISTS ix_submissions_targeting_submitted_success
  ON submissions (targeting_id, submitted_at, success);
CREATE INDEX IF NOT EXISTS ix_submissions_submitted_at ON submissions (submitted_at);
CREATE INDEX IF NOT EXISTS ix_submissions_targeting_success ON submissions (targeting_id, success);
CREATE INDEX IF NOT EXISTS ix_submissions_targeting ON submissions (targeting_id);
CREATE INDEX IF NOT EXISTS ix_submissions_success ON submissions (success);
CREATE INDEX IF NOT EXISTS ix_submissions_targeting_company_success
  ON submissions (targeting_id, company_id, success);
CREATE INDEX IF NOT EXISTS ix_submissions_targeting_company_submitted
  ON submissions (targeting_id, company_id, submitted_at);
CREATE INDEX IF NOT EXISTS ix_submissions_company_failed
  ON submissions (company_id, submitted_at) WHERE COALESCE(success, false) = false;

CREATE TABLE IF NOT EXISTS submissions_test (
  id INTEGER PRIMARY KEY,
  targeting_id bigint NOT NULL,
  company_id bigint NOT NULL,
  error_type text,
  submitted_at text,
  success boolean,
  classify_detail text,
  field_mapping text
);
CREATE INDEX IF NOT EXISTS ix_submissions_test_targeting_submitted_success ON submissions_test (targeting_id, submitted_at, success);
CREATE INDEX IF NOT EXISTS ix_submissions_test_submitted_at ON submissions_test (submitted_at);
CREATE INDEX IF NOT EXISTS ix_submissions_test_targeting_success ON submissions_test (targeting_id, success);
CREATE INDEX IF NOT EXISTS ix_submissions_test_targeting ON submissions_test (targeting_id);
CREATE INDEX IF NOT EXISTS ix_submissions_test_success ON submissions_test (success);
CREATE INDEX IF NOT EXISTS ix_submissions_test_targeting_company_success ON submissions_test (targeting_id, company_id, success);
CREATE INDEX IF NOT EXISTS ix_submissions_test_targeting_company_submitted ON submissions_test (targeting_id, company_id, submitted_at);
CREATE INDEX IF NOT EXISTS ix_submissions_test_company_failed
  ON submissions_test (company_id, submitted_at) WHERE COALESCE(success, false) = false;
CREATE TABLE IF NOT EXISTS submissions_extra (
  id INTEGER PRIMARY KEY,
  targeting_id bigint NOT NULL,
  company_id bigint NOT NULL,
  error_type text,
  submitted_at text,
  success boolean,
  classify_detail text,
  field_mapping text
);
CREATE INDEX IF NOT EXISTS ix_submissions_extra_targeting_submitted_success ON submissions_extra (targeting_id, submitted_at, success);
CREATE INDEX IF NOT EXISTS ix_submissions_extra_submitted_at ON submissions_extra (submitted_at);
CREATE INDEX IF NOT EXISTS ix_submissions_extra_targeting_success ON submissions_extra (targeting_id, success);
CREATE INDEX IF NOT EXISTS ix_submissions_extra_targeting ON submissions_extra (targeting_id);
CREATE INDEX IF NOT EXISTS ix_submissions_extra_success ON submissions_extra (success);
CREATE INDEX IF NOT EXISTS ix_submissions_extra_targeting_company_success ON submissions_extra (targeting_id, company_id, success);
CREATE INDEX IF NOT EXISTS ix_submissions_extra_targeting_company_submitted ON submissions_extra (targeting_id, company_id, submitted_at);
CREATE INDEX IF NOT EXISTS ix_submissions_extra_company_failed
  ON submissions_extra (company_id, submitted_at) WHERE COALESCE(success, false) = false;

CREATE TABLE IF NOT EXISTS job_executions (
  id INTEGER PRIMARY KEY,
  execution_id text NOT NULL,
  job_type text NOT NULL DEFAULT 'form_sender',
  targeting_id bigint NOT NULL,
  run_index_base integer NOT NULL DEFAULT 0,
  task_count integer NOT NULL DEFAULT 1,
  parallelism integer NOT NULL DEFAULT 1,
  shards integer NOT NULL DEFAULT 1,
  workers_per_workflow integer NOT NULL DEFAULT 4,
  status text NOT NULL DEFAULT 'running'
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  execution_mode text NOT NULL DEFAULT 'cloud_run',
  started_at text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
  ended_at text,
  last_error text,
  metadata text
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_job_executions_execution_id ON job_executions (execution_id);
CREATE INDEX IF NOT EXISTS ix_job_executions_targeting_status_started
  ON job_executions (targeting_id, status, started_at);
CREATE INDEX IF NOT EXISTS ix_job_executions_status_started
  ON job_executions (status, started_at);

-- formsender's own tables ---------------------------------------------------------------

-- One row per Batch task attempt (the reference only kept the latest in metadata.batch).
CREATE TABLE IF NOT EXISTS job_execution_attempts (
  id INTEGER PRIMARY KEY,
  execution_id text NOT NULL,
  job_name text NOT NULL DEFAULT '',
  task_index integer NOT NULL,
  attempt integer NOT NULL,
  status text NOT NULL DEFAULT 'running'
    CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'preempted', 'cancelled')),
  machine_type text,
  provisioning_model text,
  preempted boolean NOT NULL DEFAULT false,
  exit_code integer,
  started_at text,
  ended_at text,
  metadata text,
  UNIQUE (execution_id, job_name, task_index, attempt)
);
CREATE INDEX IF NOT EXISTS ix_job_execution_attempts_execution
  ON job_execution_attempts (execution_id, task_index, attempt);

-- The targeting sheet, one row per campaign.
CREATE TABLE IF NOT EXISTS targeting (
  id INTEGER PRIMARY KEY,
  active boolean NOT NULL DEFAULT false,
  client_id bigint NOT NULL,
  description text NOT NULL DEFAULT '',
  subject text NOT NULL DEFAULT '',
  message text NOT NULL DEFAULT '',
  targeting_sql text NOT NULL DEFAULT '',
  ng_companies text NOT NULL DEFAULT '',
  max_daily_sends integer,
  send_start_time text,
  send_end_time text,
  send_days_of_week text,
  concurrent_workflow integer,
  use_extra_table boolean NOT NULL DEFAULT false,
  use_serverless boolean,
  use_gcp_batch boolean,
  batch_max_parallelism integer,
  batch_prefer_spot boolean,
  batch_allow_on_demand_fallback boolean,
  batch_machine_type text,
  batch_instance_count integer,
  batch_workers_per_workflow integer,
  batch_signed_url_ttl_hours integer,
  batch_signed_url_refresh_threshold_seconds integer,
  batch_vcpu_per_worker integer,
  batch_memory_per_worker_mb integer,
  batch_memory_buffer_mb integer,
  batch_max_attempts integer,
  session_max_hours real,
  branch text,
  extra_columns text,
  source text,
  imported_at text NOT NULL
);

-- The client sheet, one row per sender company.
CREATE TABLE IF NOT EXISTS clients (
  id INTEGER PRIMARY KEY,
  company_name text NOT NULL DEFAULT '',
  company_name_kana text NOT NULL DEFAULT '',
  form_sender_name text NOT NULL DEFAULT '',
  last_name text NOT NULL DEFAULT '',
  first_name text NOT NULL DEFAULT '',
  last_name_kana text NOT NULL DEFAULT '',
  first_name_kana text NOT NULL DEFAULT '',
  last_name_hiragana text NOT NULL DEFAULT '',
  first_name_hiragana text NOT NULL DEFAULT '',
  position text NOT NULL DEFAULT '',
  gender text NOT NULL DEFAULT '',
  email_1 text NOT NULL DEFAULT '',
  email_2 text NOT NULL DEFAULT '',
  postal_code_1 text NOT NULL DEFAULT '',
  postal_code_2 text NOT NULL DEFAULT '',
  address_1 text NOT NULL DEFAULT '',
  address_2 text NOT NULL DEFAULT '',
  address_3 text NOT NULL DEFAULT '',
  address_4 text NOT NULL DEFAULT '',
  address_5 text NOT NULL DEFAULT '',
  phone_1 text NOT NULL DEFAULT '',
  phone_2 text NOT NULL DEFAULT '',
  phone_3 text NOT NULL DEFAULT '',
  department text NOT NULL DEFAULT '',
  website_url text NOT NULL DEFAULT '',
  extra_columns text,
  source text,
  imported_at text NOT NULL
);

-- Never twice: an intent is written before the final submission, the outcome after it.
CREATE TABLE IF NOT EXISTS send_ledger (
  id INTEGER PRIMARY KEY,
  table_mode text NOT NULL DEFAULT 'default' CHECK (table_mode IN ('default', 'extra', 'test')),
  targeting_id bigint NOT NULL,
  company_id bigint NOT NULL,
  target_date_jst date NOT NULL,
  run_id text NOT NULL,
  fencing_token bigint NOT NULL,
  execution_id text,
  state text NOT NULL CHECK (state IN ('intent', 'sent', 'failed', 'unknown')),
  outcome_code text,
  intent_at text NOT NULL,
  outcome_at text,
  detail text,
  UNIQUE (table_mode, targeting_id, company_id)
);
CREATE INDEX IF NOT EXISTS ix_send_ledger_company ON send_ledger (company_id, intent_at);
CREATE INDEX IF NOT EXISTS ix_send_ledger_state ON send_ledger (state, intent_at);

-- The embedded task queue (Cloud Tasks semantics).
CREATE TABLE IF NOT EXISTS task_queue (
  id INTEGER PRIMARY KEY,
  queue_name text NOT NULL,
  task_name text NOT NULL,
  is_named boolean NOT NULL DEFAULT true,
  http_method text NOT NULL DEFAULT 'POST',
  url text NOT NULL,
  headers text,
  body text,
  schedule_time text NOT NULL,
  create_time text NOT NULL,
  dispatch_count integer NOT NULL DEFAULT 0,
  response_count integer NOT NULL DEFAULT 0,
  first_attempt_at text,
  last_attempt_at text,
  last_response_status integer,
  last_error text,
  state text NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'dispatching', 'succeeded', 'failed', 'deleted')),
  lease_owner text,
  lease_expires_at text,
  finished_at text,
  UNIQUE (queue_name, task_name)
);
CREATE INDEX IF NOT EXISTS ix_task_queue_due ON task_queue (queue_name, state, schedule_time);

-- One-shot time triggers (the Apps Script project's clock triggers).
CREATE TABLE IF NOT EXISTS triggers (
  id INTEGER PRIMARY KEY,
  trigger_uid text NOT NULL UNIQUE,
  handler text NOT NULL,
  execute_at text NOT NULL,
  state text NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'running', 'fired', 'deleted', 'failed')),
  created_at text NOT NULL,
  fired_at text,
  source text,
  payload text,
  result text
);
CREATE INDEX IF NOT EXISTS ix_triggers_due ON triggers (state, execute_at);

-- Key/value state the reference kept in Script Properties (run-index counters, the auto-stop
-- schedule, the active session).
CREATE TABLE IF NOT EXISTS script_state (
  key text PRIMARY KEY,
  value text NOT NULL,
  updated_at text NOT NULL
);


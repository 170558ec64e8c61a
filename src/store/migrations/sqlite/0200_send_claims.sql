-- sendqueue: claims with fencing tokens, and the indexes the queue build and the daily cap read.

-- (SQLite: AUTOINCREMENT so a token is never reused even after deletes; times are UTC text.)
-- One row per claim of a queue row (or of a company without a row, for direct runs). Its id is
-- the fencing token: strictly increasing, never reused. A claim is live until released
-- (completed, requeued, cleared); the send ledger only accepts an intent for a live claim.
CREATE TABLE IF NOT EXISTS send_claims (
  fencing_token INTEGER PRIMARY KEY AUTOINCREMENT,
  table_mode text NOT NULL CHECK (table_mode IN ('default', 'extra', 'test')),
  target_date_jst date NOT NULL,
  targeting_id bigint NOT NULL,
  company_id bigint NOT NULL,
  queue_id bigint,
  run_id text NOT NULL,
  claimed_at text NOT NULL,
  released_at text,
  release_reason text
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_send_claims_live
  ON send_claims (table_mode, target_date_jst, targeting_id, company_id)
  WHERE released_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_send_claims_key
  ON send_claims (table_mode, targeting_id, company_id, run_id);

-- The cross-campaign cooldown looks up recent successes per company.
CREATE INDEX IF NOT EXISTS ix_submissions_company_success
  ON submissions (company_id, submitted_at) WHERE success = true;
CREATE INDEX IF NOT EXISTS ix_submissions_test_company_success
  ON submissions_test (company_id, submitted_at) WHERE success = true;
CREATE INDEX IF NOT EXISTS ix_submissions_extra_company_success
  ON submissions_extra (company_id, submitted_at) WHERE success = true;

-- The daily cap counts the day's unresolved intents of a targeting.
CREATE INDEX IF NOT EXISTS ix_send_ledger_day
  ON send_ledger (table_mode, targeting_id, target_date_jst, state);

#pragma once
// The task environment a runner starts from (orchestration §4.4, §5.1, §5.6, §5.8): which
// platform it runs on, JOB_EXECUTION_META, the Batch / Cloud Run task variables, the run index
// and shard, the run id, and the table mode. Pure functions over an Environment, so every rule
// is tested with a map.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/env.h"
#include "common/status.h"
#include "sendqueue/tables.h"

namespace formsender::runner {

// FORM_SENDER_ENV: "local" (formsender's local batch backend, no metadata server, no
// signed-URL refresh unless a dispatcher is configured), "gcp_batch", "cloud_run".
enum class RunEnvironment { kLocal, kGcpBatch, kCloudRun };
std::string_view RunEnvironmentName(RunEnvironment env);

// §5.1 step 2: FORM_SENDER_ENV when set (local, gcp_batch, cloud_run; anything else is an
// error); else gcp_batch when a Batch variable is present; else cloud_run when a Cloud Run task
// variable is present; else local. An explicit FORM_SENDER_ENV=local is kept even under the
// local batch backend's BATCH_* variables.
Result<RunEnvironment> ResolveRunEnvironment(const Environment& env);

// JOB_EXECUTION_META: base64 of {"run_index_base", "shards", "workers_per_workflow",
// "test_mode"[, "table_mode"]}. Numbers may be numeric strings (the reference coerced them).
struct ExecutionMeta {
  int64_t run_index_base = 0;
  std::optional<int64_t> shards;
  std::optional<int64_t> workers_per_workflow;
  bool test_mode = false;
  std::optional<std::string> table_mode;
};
// Invalid base64, JSON, or a member of the wrong type is an error naming JOB_EXECUTION_META.
Result<ExecutionMeta> DecodeExecutionMeta(std::string_view text);

// §5.1 step 7 / case 155: the first integer of BATCH_TASK_INDEX, CLOUD_RUN_TASK_INDEX; the
// attempt from BATCH_TASK_RETRY_ATTEMPT (Cloud Batch's name), BATCH_TASK_ATTEMPT (the
// reference's, Q-32), CLOUD_RUN_TASK_ATTEMPT, CLOUD_RUN_TASK_RETRY_ATTEMPT; the count from
// BATCH_TASK_COUNT, CLOUD_RUN_TASK_COUNT. A set variable that is not a whole number ≥ 0 is an
// error naming it.
struct TaskIdentity {
  std::optional<int64_t> task_index;
  std::optional<int64_t> attempt;
  std::optional<int64_t> task_count;
  std::optional<std::string> job_id;  // BATCH_JOB_ID, else CLOUD_RUN_EXECUTION
};
Result<TaskIdentity> ReadTaskIdentity(const Environment& env);

// run_index = run_index_base + task_index + 1 (§5.1 step 7; case 154: base 10, index 4 → 15);
// without a task index, FORM_SENDER_RUN_INDEX; else, with a meta, run_index_base + 1.
Result<std::optional<int64_t>> ResolveRunIndex(const std::optional<ExecutionMeta>& meta,
                                               const TaskIdentity& task, const Environment& env);
// (run_index − 1) mod shards (case 154: run 15 of 8 shards → 6).
int ShardOfRunIndex(int64_t run_index, int shards);

// §5.8: {base}-ri{run_index}-a{attempt}-{UTC yyyymmddTHHMMSS}-{suffix}, base =
// JOB_EXECUTION_ID, CLOUD_RUN_EXECUTION, GITHUB_RUN_ID or "local" with spaces as "_";
// -ri/-a omitted when unknown (case 153). The suffix (random hex) is formsender's: two local
// runners started in the same second must not share queue ownership.
std::string BuildRunId(const Environment& env, std::optional<int64_t> run_index,
                       std::optional<int64_t> attempt, TimePoint now, std::string_view suffix);
// The run-id prefix ("{base}-ri{run_index}-a") shared by every attempt of this task, when this
// is a retry (attempt > 0) of a task of a known execution; nullopt otherwise. A retry starts
// only after the attempt before it ended (Batch and Cloud Run run one attempt of a task at a
// time), so the rows those attempts still hold can go back at once.
std::optional<std::string> EarlierAttemptsRunPrefix(const Environment& env,
                                                    std::optional<int64_t> run_index,
                                                    std::optional<int64_t> attempt);

// §5.6 with Q-30 fixed: the mode is test when FORM_SENDER_TEST_MODE is truthy or the meta says
// test_mode; else the first of --table-mode, FORM_SENDER_TABLE_MODE, meta.table_mode (an
// invalid value is an error, not skipped); else inferred from COMPANY_TABLE, SEND_QUEUE_TABLE,
// SUBMISSIONS_TABLE (a name ending in _test → test, _extra → extra); else default. Test mode
// forces its tables (other names are ignored with a warning, case 149). In the other modes every
// table variable that is set must name the mode's table (the reference read companies_extra
// with the default functions): a mismatch is an error, except SUBMISSIONS_TABLE=submissions in
// extra mode (the reference's Q-5 workaround), which is ignored with a warning.
struct TableModeChoice {
  sendqueue::TableMode mode = sendqueue::TableMode::kDefault;
  std::string source;  // "FORM_SENDER_TEST_MODE", "--table-mode", "inferred from COMPANY_TABLE" …
  std::vector<std::string> warnings;
};
Result<TableModeChoice> ResolveTableMode(const std::optional<std::string>& flag,
                                         const Environment& env,
                                         const std::optional<ExecutionMeta>& meta);

}  // namespace formsender::runner

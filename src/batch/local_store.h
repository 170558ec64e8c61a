#pragma once
// The local backend's rows (batch_local_jobs, batch_local_attempts): what Cloud Batch keeps on
// its servers for a cloud job. The supervisor writes every transition here before acting on
// it, so Get works from any process and a restarted supervisor can finish the bookkeeping.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "batch/job_spec.h"
#include "batch/job_status.h"
#include "common/clock.h"
#include "store/database.h"

namespace formsender::batch {

struct LocalJobRow {
  std::string job_id;
  std::string execution_id;
  JobState state = JobState::kQueued;
  JobSpec spec;
  std::map<std::string, std::string> secret_env;
  std::map<std::string, std::string> labels;
  std::optional<std::string> owner_id;
  std::optional<std::string> owner_host;
  std::optional<int64_t> owner_pid;
  std::optional<std::string> owner_start;
  std::optional<TimePoint> heartbeat_at;
  std::optional<TimePoint> delete_requested_at;
  std::optional<std::string> delete_reason;
  TimePoint created_at{};
  std::optional<TimePoint> ended_at;
};

struct LocalAttemptRow {
  std::string job_id;
  int64_t task_index = 0;
  int64_t attempt = 0;
  AttemptOutcome outcome = AttemptOutcome::kRunning;
  std::optional<int64_t> exit_code;
  std::optional<int64_t> process_exit_code;
  std::optional<std::string> reason;
  std::string provisioning_model;  // "spot" / "standard"
  std::string machine_type;
  std::optional<int64_t> guard_pid;
  std::optional<int64_t> task_pid;
  std::string token;
  std::string stdout_path;
  std::string stderr_path;
  TimePoint started_at{};
  std::optional<TimePoint> ended_at;
};

// Supervisor identity written into owned jobs.
struct LocalOwner {
  std::string id;
  std::string host;
  int64_t pid = 0;
  std::string start;  // the process start time (/proc/self/stat field 22)
};

class LocalJobStore {
 public:
  LocalJobStore(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Status InsertJob(const LocalJobRow& job);
  Result<LocalJobRow> GetJob(const std::string& job_id);
  // Every job, or only those not in a terminal state.
  Result<std::vector<LocalJobRow>> ListJobs(bool only_active);
  Result<std::vector<LocalAttemptRow>> ListAttempts(const std::string& job_id);

  Status InsertAttempt(const LocalAttemptRow& attempt);
  // Records the pids of a started attempt.
  Status SetAttemptProcess(const LocalAttemptRow& attempt);
  // Writes the end of an attempt (outcome, codes, reason, ended_at).
  Status FinishAttempt(const LocalAttemptRow& attempt);
  Status SetJobState(const std::string& job_id, JobState state, std::optional<TimePoint> ended_at);

  // Takes the job for `owner` if its owner is still `expected_owner_id` (nullopt = no owner):
  // a compare-and-set, so two supervisors never both adopt a job.
  Result<bool> ClaimJob(const std::string& job_id,
                        const std::optional<std::string>& expected_owner_id,
                        const LocalOwner& owner);
  // Refreshes heartbeat_at of every active job `owner_id` holds.
  Status Heartbeat(const std::string& owner_id);
  // Drops ownership (a graceful stop) so the next supervisor adopts at once.
  Status Release(const std::string& owner_id);
  // Marks the job for deletion; false when it was already finished.
  Result<bool> RequestDelete(const std::string& job_id, const std::string& reason);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace formsender::batch

#pragma once
// job_execution_attempts: one row per Batch task attempt (task index × attempt), written by the
// batch backends and the monitor, read by the dashboard and `formsender running`.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "store/database.h"

namespace formsender::store {

struct JobExecutionAttempt {
  int64_t id = 0;
  std::string execution_id;
  std::string job_name;  // the Batch job (a Spot→standard fallback is a new job)
  int64_t task_index = 0;
  int64_t attempt = 0;
  std::string status = "running";  // pending, running, succeeded, failed, preempted, cancelled
  std::optional<std::string> machine_type;
  std::optional<std::string> provisioning_model;  // spot, standard, local
  bool preempted = false;
  std::optional<int64_t> exit_code;
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> ended_at;
  Json metadata = Json::object();
};

class JobExecutionAttemptRepository {
 public:
  explicit JobExecutionAttemptRepository(Database& db) : db_(db) {}

  // Inserts or updates the row keyed by (execution_id, job_name, task_index, attempt); fields
  // left unset (nullopt) keep their stored value, metadata is merged.
  Result<JobExecutionAttempt> Upsert(const JobExecutionAttempt& a);
  Result<std::vector<JobExecutionAttempt>> ListForExecution(std::string_view execution_id);

 private:
  Database& db_;
};

}  // namespace formsender::store

#pragma once
// job_executions: one row per dispatcher task (= one Batch job or Cloud Run execution with N
// tasks). Metadata patches are atomic in the database: a single UPDATE that merges with
// the reference semantics (orchestration §4.9.3), so concurrent writers lose nothing.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "store/database.h"

namespace formsender::store {

// Statuses of the reference CHECK constraint.
inline constexpr std::string_view kExecutionQueued = "queued";
inline constexpr std::string_view kExecutionRunning = "running";
inline constexpr std::string_view kExecutionSucceeded = "succeeded";
inline constexpr std::string_view kExecutionFailed = "failed";
inline constexpr std::string_view kExecutionCancelled = "cancelled";

struct JobExecution {
  int64_t id = 0;
  std::string execution_id;
  std::string job_type = "form_sender";
  int64_t targeting_id = 0;
  int64_t run_index_base = 0;
  int64_t task_count = 1;
  int64_t parallelism = 1;
  int64_t shards = 1;
  int64_t workers_per_workflow = 4;
  std::string status = std::string(kExecutionRunning);
  std::string execution_mode = "cloud_run";
  TimePoint started_at{};
  std::optional<TimePoint> ended_at;
  std::optional<std::string> last_error;
  Json metadata = Json::object();

  // The reference's public shape (orchestration §4.2.5): execution_id, targeting_id,
  // run_index_base, status, started_at, ended_at, task_count, parallelism, shards,
  // workers_per_workflow, metadata, execution_mode (metadata's, else the column's).
  Json ToPublicJson() const;
};

class JobExecutionRepository {
 public:
  JobExecutionRepository(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Inserts `e`; if its execution_id already exists, returns the existing row with
  // inserted = false (the reference continues with a re-submitted id).
  struct InsertResult {
    JobExecution execution;
    bool inserted = false;
  };
  Result<InsertResult> Insert(const JobExecution& e);
  Result<JobExecution> Get(std::string_view execution_id);
  // A running or queued execution of (targeting, run_index_base), if any.
  Result<std::optional<JobExecution>> FindActive(int64_t targeting_id, int64_t run_index_base);
  // Newest first by started_at. An empty `status` means any status.
  Result<std::vector<JobExecution>> List(std::optional<std::string> status,
                                         std::optional<int64_t> targeting_id, int limit = 100);
  Result<std::vector<JobExecution>> ListStartedSince(TimePoint since);
  Result<std::map<std::string, int64_t>> CountByStatusSince(TimePoint since);

  // Merges `patch` into metadata atomically; `execution_mode` in the patch also updates the
  // column. NotFound when there is no such execution.
  Status MergeMetadata(std::string_view execution_id, const Json& patch);
  // Sets status (and ended_at when given) only if the current status is one of
  // `only_if_current_in` (any status when empty). Returns whether the row changed.
  Result<bool> UpdateStatus(std::string_view execution_id, std::string_view status,
                            std::optional<TimePoint> ended_at,
                            const std::vector<std::string>& only_if_current_in = {});
  Status UpdateParallelism(std::string_view execution_id, int64_t parallelism);
  Status SetLastError(std::string_view execution_id, std::string_view error);

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace formsender::store

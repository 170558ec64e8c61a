#pragma once
// The embedded task queue: rows of the store's task_queue table, delivered by a TaskDeliverer
// inside `formsender serve` (delivery.h). Create/Delete/List work from any process that opens
// the same database (the scheduler from cron, the CLI).
//
// A delivery is a lease: LeaseDue marks due tasks `dispatching` for one owner (host/pid/start)
// until their deadline plus a margin, RecordAttempt ends the attempt (fenced by owner and
// attempt number), and ReclaimLeases turns the attempts of a deliverer that died, or ran over
// its lease, back into retries. So a restart loses no task and, since a success is recorded
// before anything else happens to a task, a task whose handler answered 2xx is not delivered
// again unless the process died between that answer and its record (at least once, as Cloud
// Tasks).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "store/database.h"
#include "tasks/task_queue.h"

namespace formsender::tasks {

// A task leased for one delivery attempt.
struct LeasedTask {
  int64_t row_id = 0;
  TaskInfo info;  // dispatch_count already counts this attempt
  std::map<std::string, std::string> headers;
  std::string body;
  TaskAuth auth;
  std::chrono::seconds dispatch_deadline{600};
  std::string lease_owner;
};

// How one delivery attempt ended.
struct AttemptOutcome {
  int http_status = 0;  // 0: no HTTP answer (connection failure, deadline, lost lease)
  std::string error;    // why, when it failed
  // A Retry-After the target sent with 429/503: the next attempt waits at least this long.
  std::optional<Duration> retry_after;
  bool succeeded() const { return http_status >= 200 && http_status < 300; }
};

struct QueueStats {
  int64_t pending = 0;
  int64_t dispatching = 0;
  int64_t succeeded = 0;
  int64_t failed = 0;
  int64_t deleted = 0;
  // The schedule time of the oldest task that is due and waiting (queue latency).
  std::optional<TimePoint> oldest_due;
};

class StoreTaskQueue final : public TaskQueue {
 public:
  // The config must be valid (ValidateQueueConfig).
  StoreTaskQueue(store::Database& db, const Clock& clock, QueueConfig config);

  std::string_view backend_name() const override { return "local"; }
  const QueueConfig& config() const override { return config_; }
  Result<TaskInfo> Create(const NewTask& task) override;
  Status Delete(std::string_view task_id) override;
  Result<std::vector<TaskInfo>> List(const ListOptions& options) override;

  // Leases up to `max_count` due tasks (oldest schedule first) for `owner`.
  Result<std::vector<LeasedTask>> LeaseDue(const std::string& owner, int64_t max_count);
  // Ends the attempt of `task`: succeeded on a 2xx; otherwise pending again after the retry
  // interval, or failed when the retry limits (or the 31-day retention) are reached. Returns
  // false when the lease was no longer this attempt's (reclaimed, or the task was deleted).
  Result<bool> RecordAttempt(const LeasedTask& task, const AttemptOutcome& outcome);
  // Gives a leased task back without counting the attempt (it was never sent: the deliverer
  // stopped first). False when the lease was no longer this one.
  Result<bool> Release(const LeasedTask& task);
  // Ends, as failed attempts without an answer, the deliveries whose lease expired or whose
  // owner is dead (`is_dead_owner`). Returns how many.
  Result<int64_t> ReclaimLeases(const std::function<bool(const std::string& owner)>& is_dead_owner);
  // Removes finished tasks older than the de-duplication window (their ids are free again).
  Result<int64_t> PurgeFinished();
  Result<QueueStats> Stats();

  // How long past its deadline a lease lasts (the deliverer's own overhead).
  static constexpr std::chrono::seconds kLeaseMargin{30};
  // Cloud Tasks deletes a task this long after it was created, delivered or not.
  static constexpr std::chrono::hours kRetention{24 * 31};

 private:
  Result<bool> FinishAttempt(store::Connection& c, int64_t row_id, const std::string& owner,
                             int64_t dispatch_count, const TaskInfo& info,
                             const AttemptOutcome& outcome);

  store::Database& db_;
  const Clock& clock_;
  QueueConfig config_;
};

}  // namespace formsender::tasks

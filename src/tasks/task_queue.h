#pragma once
// The task queue: the role Cloud Tasks plays in the reference (spec H6, §6.7). The scheduler
// enqueues one HTTP task per campaign run; the queue delivers it to the dispatcher's
// POST /v1/form-sender/tasks, retrying per the queue's RetryConfig until it gets a 2xx.
//
// Two backends behind one interface (queue_factory.h builds the configured one):
//   local       the store's task_queue table, delivered by `formsender serve`
//               (store_task_queue.h, delivery.h)
//   cloudtasks  Cloud Tasks REST: tasks.create with an OIDC token, tasks.delete, tasks.list
//               (cloud_tasks_queue.h)
//
// Semantics follow Cloud Tasks (../shared/anchors/notes/cloud-tasks.md): named tasks are
// de-duplicated and a name stays reserved for a while after its task ended (ALREADY_EXISTS →
// kConflict); task ids are [A-Za-z0-9_-]{1,500}; delivery is at least once.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "common/status.h"

namespace formsender::tasks {

// Queue-level retry settings (Cloud Tasks RetryConfig). Defaults are those Cloud Tasks picks
// for a queue created without them.
struct RetryConfig {
  // Attempts including the first; -1 = unlimited.
  int64_t max_attempts = 100;
  Duration min_backoff = std::chrono::milliseconds(100);
  Duration max_backoff = std::chrono::seconds(3600);
  int64_t max_doublings = 16;
  // Measured from the first attempt; 0 = unlimited.
  Duration max_retry_duration = Duration::zero();
};

// Cloud Tasks RateLimits.
struct RateLimits {
  double max_dispatches_per_second = 500;    // (0, 500]
  int64_t max_concurrent_dispatches = 1000;  // [1, 5000]
  // The token bucket's size. Cloud Tasks derives it from the rate (output only); formsender
  // uses rate / 5 rounded up, between 1 and 100 (the defaults give Cloud Tasks' 100).
  int64_t MaxBurstSize() const;
};

struct QueueConfig {
  // Local: the queue's short name ("form-sender-dispatcher"). Cloud Tasks: the full resource
  // name projects/P/locations/L/queues/Q.
  std::string name = "form-sender-dispatcher";
  RetryConfig retry;
  RateLimits rate_limits;
  // Per task unless the task sets its own: how long one delivery may take (HTTP targets:
  // 15 s – 30 min; Cloud Tasks' default is 10 min).
  std::chrono::seconds dispatch_deadline{600};
  // How long a named task's id stays reserved after the task succeeded, failed for good or was
  // deleted (Cloud Tasks documents 1 h; 4 h in older text; 9 days for queue.yaml queues).
  std::chrono::seconds dedup_window{3600};
};

// Checks ranges (the limits of the notes); the error names the field and the value.
Status ValidateQueueConfig(const QueueConfig& config);

// How the deliverer authenticates the request of a task. The credential is added when the task
// is delivered, never stored with it: a retry hours later still carries a valid one.
struct TaskAuth {
  enum class Kind {
    kNone,
    kEmbeddedToken,  // Authorization: Bearer <the data directory's dispatcher token>
    kOidc,           // an ID token for `service_account_email` with `audience`
  };
  Kind kind = Kind::kNone;
  std::string service_account_email;
  std::string audience;  // empty: the target URL (Cloud Tasks' rule)
};
std::string_view TaskAuthKindName(TaskAuth::Kind kind);  // "none", "embedded_token", "oidc"

struct NewTask {
  // [A-Za-z0-9_-]{1,500}; empty = an id chosen by the queue (no de-duplication).
  std::string task_id;
  std::string url;  // http:// or https://, at most 2083 characters
  std::string http_method = "POST";
  std::map<std::string, std::string> headers;
  std::string body;                                       // raw bytes
  std::optional<TimePoint> schedule_time;                 // default: now; at most 30 days ahead
  std::optional<std::chrono::seconds> dispatch_deadline;  // default: the queue's
  TaskAuth auth;
};

// Checks a task against Cloud Tasks' limits: id [A-Za-z0-9_-]{1,500} (or empty), http(s) URL
// of at most 2083 characters, a known method (a body only with POST, PUT or PATCH), headers
// under 80 KB and the whole task under 1 MB, a schedule at most 30 days ahead of `now`, a
// deadline of 15–1800 s, an OIDC account when OIDC is asked for. The error names the field.
Status ValidateNewTask(const NewTask& task, TimePoint now);

inline constexpr size_t kMaxTaskBytes = 1024 * 1024;
inline constexpr size_t kMaxHeaderBytes = 80 * 1024;
inline constexpr size_t kMaxUrlLength = 2083;

enum class TaskState {
  kPending,      // waiting for its schedule time (first attempt or a retry)
  kDispatching,  // being delivered
  kSucceeded,    // a delivery got a 2xx
  kFailed,       // attempts exhausted (or retention exceeded)
  kDeleted,      // deleted before it succeeded
};
std::string_view TaskStateName(TaskState state);
Result<TaskState> ParseTaskState(std::string_view text);

struct TaskInfo {
  std::string name;     // full: "<queue>/tasks/<id>"
  std::string task_id;  // the last segment
  TaskState state = TaskState::kPending;
  std::string url;
  std::string http_method = "POST";
  TimePoint schedule_time{};
  TimePoint create_time{};
  int64_t dispatch_count = 0;  // deliveries started
  int64_t response_count = 0;  // deliveries that got an HTTP answer
  std::optional<TimePoint> first_attempt_at;
  std::optional<TimePoint> last_attempt_at;
  std::optional<int> last_response_status;
  std::string last_error;
  std::optional<TimePoint> finished_at;

  Json ToJson() const;
};

struct ListOptions {
  // Only tasks that may still be delivered (pending or dispatching), as Cloud Tasks lists.
  bool only_live = true;
  std::string task_id_prefix;  // e.g. "fs-20251016-12-"
  int64_t limit = 1000;
};

class TaskQueue {
 public:
  virtual ~TaskQueue() = default;
  virtual std::string_view backend_name() const = 0;  // "local" or "cloudtasks"
  virtual const QueueConfig& config() const = 0;

  // Creates the task. kConflict ("ALREADY_EXISTS …") when a task of that id exists or ended
  // within the de-duplication window; kInvalidArgument for a bad id, URL, deadline or schedule.
  virtual Result<TaskInfo> Create(const NewTask& task) = 0;
  // Deletes a task that has not succeeded yet; kNotFound when there is none (or it already
  // finished). A task being delivered may still reach its target once.
  virtual Status Delete(std::string_view task_id) = 0;
  virtual Result<std::vector<TaskInfo>> List(const ListOptions& options) = 0;
};

}  // namespace formsender::tasks

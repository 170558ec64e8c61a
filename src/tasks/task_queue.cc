#include "tasks/task_queue.h"

#include <algorithm>
#include <cmath>

#include "common/strings.h"
#include "common/time.h"
#include "gcp/tasks_client.h"

namespace formsender::tasks {

int64_t RateLimits::MaxBurstSize() const {
  double burst = std::ceil(max_dispatches_per_second / 5.0);
  return std::clamp<int64_t>(static_cast<int64_t>(burst), 1, 100);
}

Status ValidateQueueConfig(const QueueConfig& config) {
  const RetryConfig& r = config.retry;
  if (config.name.empty()) return Status::InvalidArgument("queue name is empty");
  if (r.max_attempts < -1 || r.max_attempts == 0) {
    return Status::InvalidArgument(
        "retryConfig.maxAttempts must be -1 (unlimited) or at least 1, "
        "got " +
        std::to_string(r.max_attempts));
  }
  if (r.min_backoff < Duration::zero() || r.max_backoff < Duration::zero() ||
      r.max_retry_duration < Duration::zero()) {
    return Status::InvalidArgument("retryConfig durations must not be negative");
  }
  if (r.min_backoff > r.max_backoff) {
    return Status::InvalidArgument("retryConfig.minBackoff is longer than maxBackoff");
  }
  if (r.max_doublings < 0) {
    return Status::InvalidArgument("retryConfig.maxDoublings must not be negative");
  }
  const RateLimits& l = config.rate_limits;
  if (!(l.max_dispatches_per_second > 0) || l.max_dispatches_per_second > 500) {
    return Status::InvalidArgument("rateLimits.maxDispatchesPerSecond must be in (0, 500], got " +
                                   Json(l.max_dispatches_per_second).dump());
  }
  if (l.max_concurrent_dispatches < 1 || l.max_concurrent_dispatches > 5000) {
    return Status::InvalidArgument("rateLimits.maxConcurrentDispatches must be in 1–5000, got " +
                                   std::to_string(l.max_concurrent_dispatches));
  }
  if (config.dispatch_deadline < std::chrono::seconds(15) ||
      config.dispatch_deadline > std::chrono::seconds(1800)) {
    return Status::InvalidArgument("dispatchDeadline must be 15–1800 s, got " +
                                   std::to_string(config.dispatch_deadline.count()) + " s");
  }
  if (config.dedup_window < std::chrono::seconds(0)) {
    return Status::InvalidArgument("the de-duplication window must not be negative");
  }
  return Status::Ok();
}

Status ValidateNewTask(const NewTask& task, TimePoint now) {
  if (!task.task_id.empty()) FS_RETURN_IF_ERROR(gcp::ValidateTaskId(task.task_id));
  if (!task.url.starts_with("http://") && !task.url.starts_with("https://")) {
    return Status::InvalidArgument("task url must start with http:// or https://");
  }
  if (task.url.size() > kMaxUrlLength) {
    return Status::InvalidArgument("task url is longer than 2083 characters");
  }
  std::string method = ToUpperAscii(task.http_method);
  static constexpr std::string_view kMethods[] = {"POST",   "GET",   "HEAD",   "PUT",
                                                  "DELETE", "PATCH", "OPTIONS"};
  if (std::find(std::begin(kMethods), std::end(kMethods), method) == std::end(kMethods)) {
    return Status::InvalidArgument("task http method \"" + task.http_method +
                                   "\" is not supported");
  }
  if (!task.body.empty() && method != "POST" && method != "PUT" && method != "PATCH") {
    return Status::InvalidArgument("a task body is allowed only with POST, PUT or PATCH");
  }
  size_t header_bytes = 0;
  for (const auto& [name, value] : task.headers) header_bytes += name.size() + value.size() + 4;
  if (header_bytes >= kMaxHeaderBytes) {
    return Status::InvalidArgument("task headers take " + std::to_string(header_bytes) +
                                   " bytes; the limit is 80 KB");
  }
  if (header_bytes + task.body.size() + task.url.size() > kMaxTaskBytes) {
    return Status::InvalidArgument("task is larger than 1 MB");
  }
  if (task.schedule_time && *task.schedule_time > now + std::chrono::hours(24 * 30)) {
    return Status::InvalidArgument("task schedule time is more than 30 days ahead");
  }
  if (task.dispatch_deadline && (*task.dispatch_deadline < std::chrono::seconds(15) ||
                                 *task.dispatch_deadline > std::chrono::seconds(1800))) {
    return Status::InvalidArgument("task dispatch deadline must be 15–1800 s, got " +
                                   std::to_string(task.dispatch_deadline->count()) + " s");
  }
  if (task.auth.kind == TaskAuth::Kind::kOidc && task.auth.service_account_email.empty()) {
    return Status::InvalidArgument("an OIDC task needs a service-account email");
  }
  return Status::Ok();
}

std::string_view TaskAuthKindName(TaskAuth::Kind kind) {
  switch (kind) {
    case TaskAuth::Kind::kNone:
      return "none";
    case TaskAuth::Kind::kEmbeddedToken:
      return "embedded_token";
    case TaskAuth::Kind::kOidc:
      return "oidc";
  }
  return "none";
}

std::string_view TaskStateName(TaskState state) {
  switch (state) {
    case TaskState::kPending:
      return "pending";
    case TaskState::kDispatching:
      return "dispatching";
    case TaskState::kSucceeded:
      return "succeeded";
    case TaskState::kFailed:
      return "failed";
    case TaskState::kDeleted:
      return "deleted";
  }
  return "pending";
}

Result<TaskState> ParseTaskState(std::string_view text) {
  for (TaskState s : {TaskState::kPending, TaskState::kDispatching, TaskState::kSucceeded,
                      TaskState::kFailed, TaskState::kDeleted}) {
    if (TaskStateName(s) == text) return s;
  }
  return Status::InvalidArgument("unknown task state \"" + std::string(text) + "\"");
}

Json TaskInfo::ToJson() const {
  auto time = [](const std::optional<TimePoint>& t) {
    return t ? Json(FormatUtcIso(*t, true)) : Json(nullptr);
  };
  Json j = {
      {"name", name},
      {"task_id", task_id},
      {"state", TaskStateName(state)},
      {"url", url},
      {"http_method", http_method},
      {"schedule_time", FormatUtcIso(schedule_time, true)},
      {"create_time", FormatUtcIso(create_time, true)},
      {"dispatch_count", dispatch_count},
      {"response_count", response_count},
      {"first_attempt_at", time(first_attempt_at)},
      {"last_attempt_at", time(last_attempt_at)},
      {"last_response_status", last_response_status ? Json(*last_response_status) : Json(nullptr)},
      {"finished_at", time(finished_at)}};
  if (!last_error.empty()) j["last_error"] = last_error;
  return j;
}

}  // namespace formsender::tasks

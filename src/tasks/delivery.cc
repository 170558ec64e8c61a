#include "tasks/delivery.h"

#include <cstdio>

#include "common/crypto.h"
#include "common/process.h"
#include "common/redact.h"
#include "common/strings.h"
#include "common/time.h"

namespace formsender::tasks {
namespace {

std::string QueueId(std::string_view queue_name) {
  size_t slash = queue_name.rfind('/');
  return std::string(slash == std::string_view::npos ? queue_name : queue_name.substr(slash + 1));
}

std::optional<Duration> RetryAfter(const HttpClientResponse& r) {
  if (r.status != 429 && r.status != 503) return std::nullopt;
  auto header = r.headers.Get("Retry-After");
  if (!header) return std::nullopt;
  auto seconds = ParseInt64(Trim(*header));
  if (!seconds.ok() || *seconds < 0) return std::nullopt;
  return std::chrono::seconds(std::min<int64_t>(*seconds, 3600));
}

std::string OneLine(std::string_view text, size_t max_chars) {
  std::string out;
  for (char c : text.substr(0, max_chars)) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

}  // namespace

std::map<std::string, std::string> CloudTasksHeaders(const LeasedTask& task,
                                                     std::string_view queue_name) {
  std::map<std::string, std::string> h;
  const TaskInfo& t = task.info;
  h["User-Agent"] = "Google-Cloud-Tasks";
  h["X-CloudTasks-QueueName"] = QueueId(queue_name);
  h["X-CloudTasks-TaskName"] = t.task_id;
  h["X-CloudTasks-TaskRetryCount"] = std::to_string(std::max<int64_t>(0, t.dispatch_count - 1));
  h["X-CloudTasks-TaskExecutionCount"] = std::to_string(t.response_count);
  char eta[64];
  auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(t.schedule_time.time_since_epoch())
          .count();
  std::snprintf(eta, sizeof eta, "%lld.%06lld", static_cast<long long>(micros / 1000000),
                static_cast<long long>(micros % 1000000));
  h["X-CloudTasks-TaskETA"] = eta;
  if (t.dispatch_count > 1) {
    if (t.last_response_status) {
      h["X-CloudTasks-TaskPreviousResponse"] = std::to_string(*t.last_response_status);
    }
    if (!t.last_error.empty()) h["X-CloudTasks-TaskRetryReason"] = OneLine(t.last_error, 120);
  }
  return h;
}

TaskDeliverer::TaskDeliverer(StoreTaskQueue& queue, HttpClient& http, const Clock& clock,
                             AuthHeaderSource auth, DelivererOptions options, LoggerPtr log)
    : queue_(queue),
      http_(http),
      clock_(clock),
      auth_(std::move(auth)),
      options_(options),
      log_(log ? std::move(log) : MakeNullLogger()),
      owner_(ProcessIdentity::Current().ToString() + "#" + RandomHexToken(4)),
      limiter_(queue.config().rate_limits, clock) {}

TaskDeliverer::~TaskDeliverer() { Stop(std::chrono::milliseconds(0)); }

int64_t TaskDeliverer::Capacity() const {
  int64_t limit = queue_.config().rate_limits.max_concurrent_dispatches;
  return options_.synchronous ? limit : std::min(limit, std::max<int64_t>(1, options_.max_workers));
}

bool TaskDeliverer::IsDeadOwner(const std::string& owner) const {
  if (owner == owner_) return false;
  auto identity = ProcessIdentity::Parse(owner.substr(0, owner.find('#')));
  return identity && identity->IsDeadOnThisHost();
}

void TaskDeliverer::Start() {
  std::lock_guard lock(mu_);
  if (scheduler_.joinable()) return;
  stopping_ = false;
  cancel_ = false;
  next_reclaim_ = TimePoint{};  // at once: a previous serve may have died mid-delivery
  for (int64_t i = 0; i < Capacity(); ++i) workers_.emplace_back([this] { Work(); });
  scheduler_ = std::thread([this] { Run(); });
}

void TaskDeliverer::Poke() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  wake_.notify_all();
}

Result<int64_t> TaskDeliverer::Step() {
  TimePoint now = clock_.Now();
  if (now >= next_reclaim_) {
    next_reclaim_ = now + options_.reclaim_interval;
    auto reclaimed = queue_.ReclaimLeases([this](const std::string& o) { return IsDeadOwner(o); });
    if (!reclaimed.ok()) {
      log_->warn("task queue: reclaiming leases failed: {}", reclaimed.status().message());
    } else if (*reclaimed > 0) {
      LogFields(*log_, spdlog::level::info, "task queue: deliveries of a stopped deliverer retried",
                {{"count", *reclaimed}});
    }
  }
  if (now >= next_purge_) {
    next_purge_ = now + options_.purge_interval;
    auto purged = queue_.PurgeFinished();
    if (!purged.ok()) log_->warn("task queue: purge failed: {}", purged.status().message());
  }
  int64_t free_slots;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return 0;
    free_slots = Capacity() - in_flight_;
  }
  int64_t n = std::min(free_slots, limiter_.Available());
  if (n <= 0) return 0;
  FS_ASSIGN_OR_RETURN(std::vector<LeasedTask> leased, queue_.LeaseDue(owner_, n));
  limiter_.Take(static_cast<int64_t>(leased.size()));
  if (leased.empty()) return 0;
  {
    std::lock_guard lock(mu_);
    in_flight_ += static_cast<int64_t>(leased.size());
  }
  if (options_.synchronous) {
    for (const LeasedTask& t : leased) Deliver(t);
  } else {
    {
      std::lock_guard lock(mu_);
      for (auto& t : leased) ready_.push_back(std::move(t));
    }
    work_cv_.notify_all();
  }
  return static_cast<int64_t>(leased.size());
}

void TaskDeliverer::Run() {
  while (true) {
    auto leased = Step();
    std::unique_lock lock(mu_);
    if (stopping_) return;
    Duration wait = options_.idle_poll;
    if (!leased.ok()) {
      log_->warn("task queue: leasing failed: {}", leased.status().message());
    } else if (*leased > 0) {
      continue;  // there may be more: the next pass is bounded by slots and tokens
    } else if (in_flight_ < Capacity()) {
      // Nothing leased with a free slot: no token yet, or nothing due.
      lock.unlock();
      wait = std::min<Duration>(
          wait, std::max<Duration>(limiter_.TimeToNextToken(), std::chrono::milliseconds(1)));
      lock.lock();
      if (stopping_) return;
    }
    wake_.wait_for(lock, wait, [this] { return stopping_ || poked_; });
    poked_ = false;
    if (stopping_) return;
  }
}

void TaskDeliverer::Work() {
  while (true) {
    LeasedTask task;
    {
      std::unique_lock lock(mu_);
      work_cv_.wait(lock, [this] { return !ready_.empty() || cancel_.load(); });
      if (ready_.empty()) return;
      task = std::move(ready_.front());
      ready_.pop_front();
    }
    if (cancel_.load()) {
      // Never sent: give it back without counting an attempt.
      auto released = queue_.Release(task);
      if (!released.ok()) log_->warn("task queue: release failed: {}", released.status().message());
      std::lock_guard lock(mu_);
      --in_flight_;
      idle_cv_.notify_all();
      continue;
    }
    Deliver(task);
  }
}

void TaskDeliverer::Deliver(const LeasedTask& task) {
  HttpClientRequest req;
  req.method = task.info.http_method;
  req.url = task.info.url;
  req.body = task.body;
  req.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(task.dispatch_deadline);
  req.connect_timeout = std::min<std::chrono::milliseconds>(req.timeout, std::chrono::seconds(10));
  req.max_response_bytes = 1024 * 1024;
  req.cancel = &cancel_;
  for (const auto& [name, value] : task.headers) req.headers.Set(name, value);
  for (const auto& [name, value] : CloudTasksHeaders(task, queue_.config().name)) {
    req.headers.Set(name, value);
  }
  AttemptOutcome outcome;
  if (task.auth.kind != TaskAuth::Kind::kNone) {
    // The credential is made now, for this attempt (Q-12), and replaces any stored one.
    auto header = auth_ ? auth_(task.auth) : Result<std::string>(Status::Internal("no source"));
    if (header.ok()) {
      req.headers.Set("Authorization", *header);
    } else {
      outcome.error = "no credential for the task: " + header.status().message();
    }
  }
  auto started = std::chrono::steady_clock::now();
  if (outcome.error.empty()) {
    auto response = http_.Send(req);
    if (!response.ok()) {
      outcome.error = std::string(StatusCodeName(response.status().code())) + ": " +
                      response.status().message();
    } else {
      outcome.http_status = response->status;
      outcome.retry_after = RetryAfter(*response);
      if (!outcome.succeeded()) {
        outcome.error = "HTTP " + std::to_string(response->status) + ": " +
                        OneLine(RedactSecrets(response->body), 200);
      }
    }
  }
  auto latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
  auto recorded = queue_.RecordAttempt(task, outcome);
  Json fields = {
      {"task", task.info.name}, {"attempt", task.info.dispatch_count}, {"latency_ms", latency_ms}};
  if (outcome.http_status) fields["status"] = outcome.http_status;
  if (!outcome.error.empty()) fields["error"] = outcome.error;
  if (!recorded.ok()) {
    // The lease runs out and the attempt is retried: at least once, never lost.
    fields["record_error"] = recorded.status().message();
    LogFields(*log_, spdlog::level::err, "task queue: recording an attempt failed", fields);
  } else if (!*recorded) {
    LogFields(*log_, spdlog::level::warn, "task queue: attempt ended after its lease was lost",
              fields);
  } else {
    LogFields(*log_, outcome.succeeded() ? spdlog::level::debug : spdlog::level::warn,
              outcome.succeeded() ? "task delivered" : "task attempt failed", fields);
  }
  std::lock_guard lock(mu_);
  if (outcome.succeeded()) {
    ++stats_.delivered;
  } else {
    ++stats_.failed_attempts;
  }
  --in_flight_;
  poked_ = true;
  wake_.notify_all();
  idle_cv_.notify_all();
}

void TaskDeliverer::Stop(std::chrono::milliseconds grace) {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
  {
    std::unique_lock lock(mu_);
    idle_cv_.wait_for(lock, grace, [this] { return in_flight_ == 0; });
  }
  cancel_ = true;  // requests still running are cut off; unsent tasks are given back
  work_cv_.notify_all();
  for (auto& w : workers_) w.join();
  workers_.clear();
}

DelivererStats TaskDeliverer::stats() const {
  std::lock_guard lock(mu_);
  DelivererStats s = stats_;
  s.in_flight = in_flight_;
  return s;
}

}  // namespace formsender::tasks

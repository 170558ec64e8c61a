#pragma once
// The deliverer of the embedded queue: what Cloud Tasks' dispatch does, run by `formsender
// serve`. It leases due tasks as the queue's rate limits allow (token bucket,
// max_concurrent_dispatches), sends each as an HTTP request with Cloud Tasks' headers
// (X-CloudTasks-QueueName, -TaskName, -TaskRetryCount, -TaskExecutionCount, -TaskETA,
// -TaskPreviousResponse, -TaskRetryReason, User-Agent: Google-Cloud-Tasks) and the task's
// credential, within the dispatch deadline, and records the outcome: a 2xx ends the task, any
// other answer or none is retried per the RetryConfig (a Retry-After on 429/503 is honoured).
//
// Restarts: deliveries of a deliverer that died (found by its host/pid/start time) or that ran
// over their lease are turned into retries, so nothing is lost (store_task_queue.h).

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/http_client.h"
#include "common/log.h"
#include "tasks/rate_limiter.h"
#include "tasks/store_task_queue.h"

namespace formsender::tasks {

// The Authorization header value ("Bearer …") for a task's auth; nullopt-like empty string for
// TaskAuth::Kind::kNone. An error fails the attempt (retried).
using AuthHeaderSource = std::function<Result<std::string>(const TaskAuth& auth)>;

struct DelivererOptions {
  // Delivery threads; the effective concurrency is min(this, max_concurrent_dispatches).
  int64_t max_workers = 64;
  // How often an idle deliverer looks for due tasks (Poke wakes it at once).
  std::chrono::milliseconds idle_poll{500};
  // How often leases of dead or overdue deliveries are reclaimed.
  std::chrono::seconds reclaim_interval{5};
  // How often finished tasks past the de-duplication window are purged.
  std::chrono::seconds purge_interval{600};
  // Tests: deliver on the calling thread of Step() instead of on workers.
  bool synchronous = false;
};

struct DelivererStats {
  int64_t delivered = 0;  // attempts that got a 2xx
  int64_t failed_attempts = 0;
  int64_t in_flight = 0;
};

class TaskDeliverer {
 public:
  TaskDeliverer(StoreTaskQueue& queue, HttpClient& http, const Clock& clock, AuthHeaderSource auth,
                DelivererOptions options = {}, LoggerPtr log = nullptr);
  ~TaskDeliverer();  // Stop(0)
  TaskDeliverer(const TaskDeliverer&) = delete;
  TaskDeliverer& operator=(const TaskDeliverer&) = delete;

  // Reclaims what a dead deliverer left, then delivers in the background.
  void Start();
  // Stops leasing, lets deliveries in flight finish for up to `grace`, then abandons the rest
  // (their requests are cut off and the attempts retried later).
  void Stop(std::chrono::milliseconds grace);
  // A task was created: look for due work now.
  void Poke();

  // One scheduling pass: reclaims leases when due, leases as many due tasks as the rate limits
  // and free slots allow and hands them to the workers (or, synchronous, delivers them before
  // returning). Returns how many were leased. Start() calls it in a loop; tests call it.
  Result<int64_t> Step();

  const std::string& owner() const { return owner_; }
  DelivererStats stats() const;

 private:
  void Run();
  void Work();
  void Deliver(const LeasedTask& task);
  bool IsDeadOwner(const std::string& owner) const;
  int64_t Capacity() const;

  StoreTaskQueue& queue_;
  HttpClient& http_;
  const Clock& clock_;
  AuthHeaderSource auth_;
  DelivererOptions options_;
  LoggerPtr log_;
  std::string owner_;
  RateLimiter limiter_;
  TimePoint next_reclaim_{};
  TimePoint next_purge_{};

  mutable std::mutex mu_;
  std::condition_variable wake_;     // the scheduling thread
  std::condition_variable work_cv_;  // the workers
  std::condition_variable idle_cv_;  // Stop waiting for in-flight deliveries
  std::deque<LeasedTask> ready_;
  int64_t in_flight_ = 0;  // leased and not yet recorded
  bool poked_ = false;
  bool stopping_ = false;
  std::atomic<bool> cancel_{false};
  DelivererStats stats_;
  std::thread scheduler_;
  std::vector<std::thread> workers_;
};

// Cloud Tasks' request headers for an attempt of `task` in queue `queue_name` (the credential
// is added separately).
std::map<std::string, std::string> CloudTasksHeaders(const LeasedTask& task,
                                                     std::string_view queue_name);

}  // namespace formsender::tasks

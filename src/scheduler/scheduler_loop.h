#pragma once
// `formsender scheduler run` and serve's scheduler: Scheduler::Tick in a thread, waking at the
// next trigger or auto-stop and at least every `max_sleep` (triggers created by another process
// are noticed within that time). A tick that fails is logged and retried at the next wake-up.

#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/log.h"
#include "scheduler/scheduler.h"

namespace formsender::scheduler {

class SchedulerLoop {
 public:
  SchedulerLoop(Scheduler& scheduler, const Clock& clock, Duration max_sleep, LoggerPtr log)
      : scheduler_(scheduler), clock_(clock), max_sleep_(max_sleep), log_(std::move(log)) {}
  ~SchedulerLoop() { Stop(); }

  void Start();
  // Returns once the current tick (if any) has finished.
  void Stop();
  // Runs in the calling thread until Stop (from another thread or a signal handler's thread).
  void Run();
  int64_t ticks() const;

 private:
  Duration NextSleep();
  Scheduler& scheduler_;
  const Clock& clock_;
  Duration max_sleep_;
  LoggerPtr log_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  int64_t ticks_ = 0;
  std::thread thread_;
};

}  // namespace formsender::scheduler

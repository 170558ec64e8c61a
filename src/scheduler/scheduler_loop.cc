#include "scheduler/scheduler_loop.h"

#include <algorithm>

namespace formsender::scheduler {

void SchedulerLoop::Start() {
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void SchedulerLoop::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int64_t SchedulerLoop::ticks() const {
  std::lock_guard lock(mu_);
  return ticks_;
}

Duration SchedulerLoop::NextSleep() {
  auto next = scheduler_.NextWakeup();
  Duration sleep = max_sleep_;
  if (next.ok() && next->has_value()) {
    Duration until = **next - clock_.Now();
    // Wake a little after the due time so the tick sees it due.
    sleep = std::clamp<Duration>(until + std::chrono::milliseconds(200),
                                 std::chrono::milliseconds(200), max_sleep_);
  }
  return sleep;
}

void SchedulerLoop::Run() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
    }
    auto report = scheduler_.Tick();
    if (!report.ok()) {
      if (log_) log_->error("scheduler tick failed: " + report.status().message());
    } else if (log_ && (!report->triggers.empty() || !report->auto_stops.empty())) {
      log_->info("scheduler tick: " + report->ToJson().dump());
    }
    Duration sleep = NextSleep();
    std::unique_lock lock(mu_);
    ++ticks_;
    cv_.wait_for(lock, sleep, [this] { return stop_; });
    if (stop_) return;
  }
}

}  // namespace formsender::scheduler

#include "batch/monitor_loop.h"

namespace formsender::batch {

MonitorLoop::MonitorLoop(BatchMonitor& monitor, LoggerPtr log)
    : monitor_(monitor), log_(log ? std::move(log) : MakeNullLogger()) {}

MonitorLoop::~MonitorLoop() { Stop(); }

void MonitorLoop::Start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void MonitorLoop::Stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  monitor_.ReleaseLease();
}

void MonitorLoop::Poke(const std::string& execution_id) {
  {
    std::lock_guard lock(mu_);
    poked_.insert(execution_id);
  }
  cv_.notify_all();
}

int64_t MonitorLoop::passes() const {
  std::lock_guard lock(mu_);
  return passes_;
}

void MonitorLoop::Run() {
  // The interval is wall time even when the monitor runs on a FakeClock: it paces polling of
  // real backends, it is not a business time.
  auto next_tick = std::chrono::steady_clock::now();
  for (;;) {
    std::set<std::string> poked;
    bool full = false;
    {
      std::unique_lock lock(mu_);
      cv_.wait_until(lock, next_tick, [&] { return stop_ || !poked_.empty(); });
      if (stop_) return;
      poked.swap(poked_);
      full = std::chrono::steady_clock::now() >= next_tick;
    }
    if (full) {
      next_tick = std::chrono::steady_clock::now() + monitor_.options().interval;
      auto report = monitor_.Tick();
      if (!report.ok()) log_->warn("batch monitor pass failed: {}", report.status().ToString());
    } else {
      for (const std::string& id : poked) {
        auto report = monitor_.TickExecution(id);
        if (!report.ok() && report.status().code() != StatusCode::kNotFound) {
          log_->warn("batch monitor look at {} failed: {}", id, report.status().ToString());
        }
      }
    }
    std::lock_guard lock(mu_);
    ++passes_;
  }
}

}  // namespace formsender::batch

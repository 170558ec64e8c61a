#pragma once
// Runs a BatchMonitor in the background of `serve`: a full Tick every interval, and an early
// look at an execution when poked (the local backend reports each task change at once).

#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "batch/monitor.h"

namespace formsender::batch {

class MonitorLoop {
 public:
  explicit MonitorLoop(BatchMonitor& monitor, LoggerPtr log = nullptr);
  ~MonitorLoop();  // Stop()s
  MonitorLoop(const MonitorLoop&) = delete;
  MonitorLoop& operator=(const MonitorLoop&) = delete;

  // The first Tick runs at once.
  void Start();
  // Waits for the pass in progress, then gives the lease up.
  void Stop();
  // Coalesced: several pokes before the thread wakes give one look per execution.
  void Poke(const std::string& execution_id);
  // Passes run so far (full ticks and pokes), for tests and /metrics.
  int64_t passes() const;

 private:
  void Run();

  BatchMonitor& monitor_;
  LoggerPtr log_;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::set<std::string> poked_;
  int64_t passes_ = 0;
};

}  // namespace formsender::batch

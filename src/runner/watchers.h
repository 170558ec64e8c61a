#pragma once
// The two things that stop a runner from outside: a signal (SIGTERM from Batch, a container
// runtime or `kill`; SIGINT from a terminal) and, on a Spot VM, the metadata server announcing
// a preemption. Each is watched on a thread of its own and reported through a callback.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "common/handles.h"
#include "common/status.h"

namespace formsender::runner {

class SignalWatcher {
 public:
  // Blocks SIGTERM and SIGINT in the calling thread — construct it before starting any other
  // thread, so they inherit the mask — and reports each arrival to `on_signal` (on the
  // watcher's thread). The destructor stops watching and unblocks them.
  explicit SignalWatcher(std::function<void(int)> on_signal);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;
  Status status() const { return status_; }

 private:
  void Loop();
  std::function<void(int)> on_signal_;
  UniqueFd signal_fd_;
  UniqueFd wake_fd_;
  std::thread thread_;
  Status status_;
};

class PreemptionWatcher {
 public:
  // Asks `probe` every `interval` whether this VM is being preempted; the first "yes" calls
  // `on_preempted` once and ends the watch. Probe errors are retried with the same interval.
  PreemptionWatcher(std::function<Result<bool>()> probe, std::chrono::milliseconds interval,
                    std::function<void()> on_preempted);
  ~PreemptionWatcher();  // Stop()
  void Start();
  void Stop();

 private:
  void Loop();
  std::function<Result<bool>()> probe_;
  std::chrono::milliseconds interval_;
  std::function<void()> on_preempted_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace formsender::runner

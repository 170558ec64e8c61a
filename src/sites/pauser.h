#pragma once
// How the sample sites wait (injected latency, hangs, slow drips). The real one sleeps but
// wakes at once when the server stops, so a hanging site never delays shutdown; tests can
// pass one that only records the waits.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace formsender::sites {

class Pauser {
 public:
  virtual ~Pauser() = default;
  // Waits `duration`; returns false if the wait was cut short because the server stops.
  virtual bool Pause(std::chrono::milliseconds duration) = 0;
};

class StoppablePauser final : public Pauser {
 public:
  bool Pause(std::chrono::milliseconds duration) override;
  // Wakes every current and future Pause until Reset.
  void Stop();
  void Reset();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

// Records the total requested wait and returns at once (tests).
class RecordingPauser final : public Pauser {
 public:
  bool Pause(std::chrono::milliseconds duration) override {
    total_ms_ += duration.count();
    ++calls_;
    return true;
  }
  int64_t total_ms() const { return total_ms_.load(); }
  int64_t calls() const { return calls_.load(); }

 private:
  std::atomic<int64_t> total_ms_{0};
  std::atomic<int64_t> calls_{0};
};

}  // namespace formsender::sites

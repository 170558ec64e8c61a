#pragma once
// Clock: the only way formsender code reads the time or waits. Tests pass a FakeClock, so
// business hours, backoffs, leases and timeouts are checked without sleeping.

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace formsender {

using TimePoint = std::chrono::system_clock::time_point;
using Duration = std::chrono::system_clock::duration;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
  // Blocks the caller for `d` (a FakeClock advances instead). Thread-safe.
  virtual void SleepFor(Duration d) const = 0;
  void SleepUntil(TimePoint t) const {
    auto now = Now();
    if (t > now) SleepFor(t - now);
  }
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
  void SleepFor(Duration d) const override;
};

// A clock that only moves when told to. SleepFor advances it, so code that waits on a
// FakeClock runs instantly and deterministically. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_(start) {}
  TimePoint Now() const override;
  void SleepFor(Duration d) const override { Advance(d); }
  void Advance(Duration d) const;
  void Set(TimePoint t) const;

 private:
  mutable std::mutex mu_;
  mutable TimePoint now_;
};

}  // namespace formsender

#include "common/clock.h"

#include <thread>

namespace formsender {

void SystemClock::SleepFor(Duration d) const {
  if (d > Duration::zero()) std::this_thread::sleep_for(d);
}

TimePoint FakeClock::Now() const {
  std::lock_guard lock(mu_);
  return now_;
}

void FakeClock::Advance(Duration d) const {
  std::lock_guard lock(mu_);
  if (d > Duration::zero()) now_ += d;
}

void FakeClock::Set(TimePoint t) const {
  std::lock_guard lock(mu_);
  now_ = t;
}

}  // namespace formsender

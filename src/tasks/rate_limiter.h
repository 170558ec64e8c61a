#pragma once
// A token bucket: at most `burst` tokens at once, refilled at `per_second`; for a queue's
// RateLimits, `max_burst_size` dispatches refilled at `max_dispatches_per_second`. Time comes
// from the Clock, so tests step it with a FakeClock. Not thread-safe: its owner locks (the
// deliverer's scheduling thread owns a queue's).

#include <cstdint>

#include "common/clock.h"
#include "tasks/task_queue.h"

namespace formsender::tasks {

class RateLimiter {
 public:
  RateLimiter(const RateLimits& limits, const Clock& clock);
  // per_second > 0, burst ≥ 1; starts full.
  RateLimiter(double per_second, double burst, const Clock& clock);

  // Dispatches allowed now (whole tokens in the bucket).
  int64_t Available();
  // Spends `n` tokens (n ≤ Available()).
  void Take(int64_t n);
  // How long until one more token is there (zero when one is).
  Duration TimeToNextToken();

 private:
  void Refill();

  double rate_per_second_;
  double capacity_;
  const Clock& clock_;
  double tokens_;
  TimePoint last_;
};

}  // namespace formsender::tasks

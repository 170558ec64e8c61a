#include "tasks/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace formsender::tasks {

RateLimiter::RateLimiter(const RateLimits& limits, const Clock& clock)
    : RateLimiter(limits.max_dispatches_per_second, static_cast<double>(limits.MaxBurstSize()),
                  clock) {}

RateLimiter::RateLimiter(double per_second, double burst, const Clock& clock)
    : rate_per_second_(per_second),
      capacity_(burst),
      clock_(clock),
      tokens_(capacity_),
      last_(clock.Now()) {}

void RateLimiter::Refill() {
  TimePoint now = clock_.Now();
  if (now <= last_) return;
  double elapsed = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(capacity_, tokens_ + elapsed * rate_per_second_);
  last_ = now;
}

int64_t RateLimiter::Available() {
  Refill();
  return static_cast<int64_t>(std::floor(tokens_ + 1e-9));
}

void RateLimiter::Take(int64_t n) {
  Refill();
  tokens_ = std::max(0.0, tokens_ - static_cast<double>(n));
}

Duration RateLimiter::TimeToNextToken() {
  Refill();
  if (tokens_ + 1e-9 >= 1.0) return Duration::zero();
  double seconds = (1.0 - tokens_) / rate_per_second_;
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds)) +
         std::chrono::microseconds(1);
}

}  // namespace formsender::tasks

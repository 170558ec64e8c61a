#include "tasks/backoff.h"

#include <algorithm>
#include <cmath>

namespace formsender::tasks {

Duration RetryInterval(const RetryConfig& config, int64_t retry_number) {
  if (retry_number < 1) retry_number = 1;
  using Seconds = std::chrono::duration<double>;
  double min_s = std::chrono::duration_cast<Seconds>(config.min_backoff).count();
  double max_s = std::chrono::duration_cast<Seconds>(config.max_backoff).count();
  int64_t doublings = std::max<int64_t>(0, config.max_doublings);
  double raw;
  if (retry_number - 1 <= doublings) {
    raw = min_s * std::pow(2.0, static_cast<double>(retry_number - 1));  // doubling phase
  } else {
    // Linear phase: each step adds the last doubled interval.
    raw = min_s * std::pow(2.0, static_cast<double>(doublings)) *
          static_cast<double>(retry_number - doublings);
  }
  double seconds = std::min(raw, max_s);
  return std::chrono::duration_cast<Duration>(
      std::chrono::duration<double>(std::max(0.0, seconds)));
}

bool MayRetry(const RetryConfig& config, int64_t attempts_made, Duration since_first_attempt) {
  // Unlimited attempts (-1) are never reached; no duration limit (0) is reached at once, so
  // the attempts alone decide. -1 with 0 retries until the task's retention ends.
  bool attempts_reached = config.max_attempts >= 0 && attempts_made >= config.max_attempts;
  bool duration_reached = since_first_attempt >= config.max_retry_duration;
  return !(attempts_reached && duration_reached);
}

}  // namespace formsender::tasks

#pragma once
// Cloud Tasks' retry schedule (../shared/anchors/notes/cloud-tasks.md): the interval starts at
// min_backoff, doubles max_doublings times, then grows linearly by min_backoff·2^max_doublings,
// and never exceeds max_backoff. For min 10 s, max 300 s, 3 doublings:
// 10, 20, 40, 80, 160, 240, 300, 300 …

#include <cstdint>

#include "common/clock.h"
#include "tasks/task_queue.h"

namespace formsender::tasks {

// The wait before retry `retry_number` (1 = the wait after the first failed attempt).
Duration RetryInterval(const RetryConfig& config, int64_t retry_number);

// Whether another attempt may follow `attempts_made` failed attempts, the first of which was
// `since_first_attempt` ago. Cloud Tasks stops only when BOTH limits are reached: max_attempts
// attempts made AND max_retry_duration passed since the first attempt. -1 attempts is never
// reached; a zero duration (no limit) always is, so the attempts alone decide.
bool MayRetry(const RetryConfig& config, int64_t attempts_made, Duration since_first_attempt);

}  // namespace formsender::tasks

#pragma once
// Counters of what a worker did, for the periodic progress line and the heartbeat the
// dashboard reads (docs/runner.md).

#include <cstdint>
#include <map>
#include <string>

#include "common/json.h"
#include "engine/stage_stats.h"

namespace formsender::runner {

struct WorkerStats {
  int64_t claimed = 0;     // companies claimed from the queue
  int64_t sent = 0;        // recorded as successful submissions
  int64_t failed = 0;      // recorded as failures (engine codes)
  int64_t skipped = 0;     // recorded as skips (policy, refusal, CAPTCHA, no form …)
  int64_t released = 0;    // given back to pending (shutdown before the final submission)
  int64_t unknown = 0;     // final submission cut off: ledger intent left as unknown
  int64_t claim_lost = 0;  // the claim was taken back before the final submission
  int64_t errors = 0;      // database errors (mark_done, claim) the worker survived
  int64_t retried = 0;     // forms run again after a network failure before any submission
  int64_t in_flight = 0;   // forms in the engine now
  std::map<std::string, int64_t> skipped_by_reason;
  std::map<std::string, int64_t> failed_by_code;
  // Stage latencies, failed transfers and browser fallbacks of every engine run (retries
  // included): the heartbeat carries them to serve's /metrics.
  engine::EngineStats engine;

  void Add(const WorkerStats& other);
  // With "engine" when anything was measured; the progress line leaves it out.
  Json ToJson() const;
};

}  // namespace formsender::runner

#pragma once
// A reference claim loop: claim → ledger intent → send → ledger outcome → mark_done, until the
// queue is empty (or the cap is reached). The runner's worker does the same around the form
// engine; the concurrency test, the test claimer process and the benchmark use this one.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "sendqueue/send_ledger.h"
#include "sendqueue/send_queue.h"

namespace formsender::sendqueue {

// classify codes for companies the ledger refuses (alongside the reference's §5.7 codes).
inline constexpr const char* kSkippedAlreadySent = "SKIPPED_ALREADY_SENT";
inline constexpr const char* kSkippedCooldown = "SKIPPED_COOLDOWN";

struct DrainOptions {
  TableMode mode = TableMode::kDefault;
  CivilDate date{};
  int64_t targeting_id = 0;
  std::string run_id{};
  std::optional<int> shard_id{};
  std::optional<int> max_daily_sends{};
  int cooldown_days = 30;
  int64_t max_rows = -1;  // stop after this many claimed rows (-1: until empty)
  // Called after a claim, before the intent (the engine's work up to the final submission).
  std::function<void(const Claim&)> before_intent{};
  // The final submission; returns whether it was sent (default: always).
  std::function<bool(const Claim&)> send{};
};

struct DrainStats {
  int64_t claimed = 0;
  int64_t sent = 0;
  int64_t failed = 0;
  int64_t refused = 0;      // the ledger said already sent / cooldown: recorded as skipped
  int64_t claim_lost = 0;   // the claim was released before the intent: left to its new owner
  int64_t not_updated = 0;  // mark_done found the row held by another run
  bool cap_reached = false;
};

Result<DrainStats> Drain(SendQueue& queue, SendLedger& ledger, const DrainOptions& options);

}  // namespace formsender::sendqueue

#pragma once
// The send ledger: "never twice" made durable. Around the engine's final submission of a form:
//
//   auto intent = ledger.RecordIntent({.key = {mode, targeting, company}, .date = d,
//                                      .run_id = run, .fencing_token = claim.fencing_token});
//   if (!intent.ok()) → do not submit; IntentConflictOf(intent.status()) says why
//   … submit, read the response …
//   ledger.RecordOutcome({.key = …, .fencing_token = claim.fencing_token, .sent = judged_ok,
//                         .outcome_code = code});
//
// One row per (table_mode, targeting, company) under a unique constraint: a second intent for
// the same key fails, whoever asks and whenever. An intent whose outcome never arrives (the
// process died mid-submission) becomes `unknown` after a configurable time; unknowns are never
// retried automatically and are listed for an operator (`formsender ledger unknown`), who may
// resolve them.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "common/status.h"
#include "common/time.h"
#include "sendqueue/tables.h"
#include "store/database.h"

namespace formsender::sendqueue {

inline constexpr std::chrono::minutes kDefaultUnknownAfter{30};

struct LedgerKey {
  TableMode mode = TableMode::kDefault;
  int64_t targeting_id = 0;
  int64_t company_id = 0;
};

enum class LedgerState { kIntent, kSent, kFailed, kUnknown };
std::string_view LedgerStateName(LedgerState state);

struct LedgerEntry {
  int64_t id = 0;
  LedgerKey key{};
  CivilDate date{};
  std::string run_id{};
  int64_t fencing_token = 0;
  std::optional<std::string> execution_id{};
  LedgerState state = LedgerState::kIntent;
  std::optional<std::string> outcome_code{};
  TimePoint intent_at{};
  std::optional<TimePoint> outcome_at{};
  Json detail{};
  Json ToJson() const;
};

struct IntentRequest {
  LedgerKey key{};
  CivilDate date{};  // the queue day of the claim
  std::string run_id{};
  int64_t fencing_token = 0;
  std::optional<std::string> execution_id{};
  // No other targeting may have contacted the company within this many days (0: no check).
  int cooldown_days = 30;
  Json detail{};
};

struct OutcomeRequest {
  LedgerKey key{};
  int64_t fencing_token = 0;
  bool sent = false;
  std::string outcome_code{};  // e.g. SUCCESS or the engine's failure code
  Json detail{};
};

// Why RecordIntent refused (its Status is kConflict in every case).
enum class IntentConflict {
  kNone,         // not an intent conflict
  kAlreadySent,  // an intent (or a success) exists for this targeting and company
  kClaimLost,    // the fencing token is not a live claim of this run any more
  kCooldown,     // another campaign contacted the company within cooldown_days
};
IntentConflict IntentConflictOf(const Status& status);

enum class LedgerResolution {
  kSent,     // the operator confirmed the message arrived
  kFailed,   // it did not arrive; the company stays excluded for this targeting
  kRelease,  // forget the row so the company may be queued for this targeting again
};

class SendLedger {
 public:
  SendLedger(store::Database& db, const Clock& clock,
             std::chrono::minutes unknown_after = kDefaultUnknownAfter)
      : db_(db), clock_(clock), unknown_after_(unknown_after) {}

  // Records the intent to submit. Refuses (kConflict) when an entry exists for the key, when
  // the claim behind `fencing_token` is released or belongs to another run, or when another
  // campaign contacted the company within the cooldown. Nothing is written on refusal.
  Result<LedgerEntry> RecordIntent(const IntentRequest& request);

  // Records what the submission did. Needs the intent's own fencing token (kConflict
  // otherwise); repeating the same outcome is accepted, a different one is kConflict. An
  // intent already marked unknown accepts its late outcome.
  Status RecordOutcome(const OutcomeRequest& request);

  // Marks intents older than unknown_after as unknown; returns how many changed.
  Result<int64_t> MarkUnknown();

  // Unknown entries (after MarkUnknown), oldest first; `mode` narrows to one table set.
  Result<std::vector<LedgerEntry>> ListUnknown(std::optional<TableMode> mode = std::nullopt);

  // An operator's decision about an unknown entry (kConflict for any other state).
  Status Resolve(const LedgerKey& key, LedgerResolution resolution, const std::string& note);

  Result<std::optional<LedgerEntry>> Find(const LedgerKey& key) const;

 private:
  store::Database& db_;
  const Clock& clock_;
  std::chrono::minutes unknown_after_;
};

}  // namespace formsender::sendqueue

#pragma once
// The day queue of a targeting: claiming rows, completing them, putting stale claims back,
// resetting and inspecting (orchestration §3.5–§3.8, with fixed). Every
// operation runs in one transaction on either backend, so crashes leave nothing half-done.
//
// Claims carry a fencing token (send_claims.fencing_token, strictly increasing, never reused):
// the send ledger (send_ledger.h) only records an intent for a claim that is still held, so a
// worker whose row was requeued can never submit it.
//
// Runner sketch:
//   SendQueue queue(db, clock);
//   auto claimed = queue.Claim({.mode = mode, .date = d, .targeting_id = t, .run_id = run,
//                               .shard_id = shard, .max_daily_sends = cap});
//   for (const Claim& c : claimed->claims) {
//     ... engine; before the final submission: ledger.RecordIntent(…, c.fencing_token) ...
//     queue.MarkDone({.mode = mode, .date = d, .targeting_id = t, .company_id = c.company_id,
//                     .success = ok, …, .run_id = run});
//   }

#include <cstdint>
#include <map>
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

// The largest queue and the largest max_daily_sends of the reference.
inline constexpr int kMaxDailyLimit = 10000;

struct QueueKey {
  TableMode mode = TableMode::kDefault;
  CivilDate date{};  // target_date_jst
  int64_t targeting_id = 0;
};

struct ClaimRequest {
  TableMode mode = TableMode::kDefault;
  CivilDate date{};
  int64_t targeting_id = 0;
  std::string run_id{};
  // Rows of this shard are taken first; with `any_shard_fallback`, other shards fill the rest.
  std::optional<int> shard_id{};
  bool any_shard_fallback = true;
  int limit = 1;
  // The targeting's daily success cap. Unset or ≤ 0: no cap. Above 10000: InvalidArgument
  // (the reference failed every claim forever, Q-21). With a cap, successes of the JST day +
  // rows in flight + sends of unknown outcome never exceed it, however many claimers race
  // (the reference ignored claims younger than 2 minutes, Q-28).
  std::optional<int> max_daily_sends{};
};

struct Claim {
  int64_t queue_id = 0;
  int64_t company_id = 0;
  int shard_id = 0;
  int priority = 0;
  TimePoint assigned_at{};
  int64_t fencing_token = 0;
};

struct ClaimResult {
  std::vector<Claim> claims{};
  // The cap left no room (claims is empty for that reason, not because the queue is empty).
  bool cap_reached = false;
};

// What the reference's mark_done takes (§3.6).
struct MarkDoneRequest {
  TableMode mode = TableMode::kDefault;
  CivilDate date{};
  int64_t targeting_id = 0;
  int64_t company_id = 0;
  bool success = false;
  std::optional<std::string> error_type{};
  Json classify_detail{};  // null → NULL
  Json field_mapping{};    // null → NULL
  // Sets companies.bot_protection_detected (not in test mode: test runs never reach real
  // companies, so what they observe must not flag them).
  bool bot_protection = false;
  std::optional<TimePoint> submitted_at{};  // default: now
  std::string run_id{};
};

struct MarkDoneResult {
  int updated = 0;        // 1 when the queue row was completed (the reference's return value)
  bool recorded = false;  // a submissions row was written
  std::string note{};     // why nothing was recorded, when so
};

struct RequeueResult {
  int64_t requeued = 0;          // back to pending (no final submission was attempted)
  int64_t recovered_sent = 0;    // the ledger says sent: completed as done with a submission
  int64_t recovered_failed = 0;  // the ledger says failed: completed as failed
  int64_t outcome_unknown = 0;   // intent without outcome: failed, never retried automatically
};

struct QueueStatus {
  QueueKey key{};
  int64_t total = 0;
  std::map<std::string, int64_t> by_status;                // pending/assigned/done/failed
  std::map<int, std::map<std::string, int64_t>> by_shard;  // shard → status → rows
  std::optional<TimePoint> oldest_assigned_at{};
  std::optional<std::string> oldest_assigned_by{};
  // What counts against max_daily_sends (each company once): sends of the day, claims and
  // intents still running, and sends whose outcome is unknown.
  int64_t successes_today = 0;
  int64_t in_flight = 0;
  int64_t unknown_today = 0;
  std::optional<int> max_daily_sends{};
  std::map<std::string, int64_t> ledger;  // intent/sent/failed/unknown for the day
  Json ToJson() const;
};

class SendQueue {
 public:
  SendQueue(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Takes up to `limit` pending rows (priority, then id) and assigns them to `run_id`.
  // PostgreSQL: FOR UPDATE SKIP LOCKED (claims with a cap are serialised per targeting and
  // day by an advisory lock); SQLite: one atomic UPDATE in a write transaction.
  Result<ClaimResult> Claim(const ClaimRequest& request);

  // Claims one named company (the runner's --company-id mode). A pending queue row is
  // assigned; a company without a row gets a claim of its own so the ledger can fence it.
  // A row assigned to another run, or already done, is a Conflict.
  Result<sendqueue::Claim> ClaimCompany(const QueueKey& key, int64_t company_id,
                                        const std::string& run_id);

  // Completes a row as §3.6: only the run that holds it (or nobody) may; a row held by another
  // run records nothing. A repeated call for an already completed claim records nothing more.
  // A company without a queue row still gets its submission (direct runs).
  Result<MarkDoneResult> MarkDone(const MarkDoneRequest& request);

  // Gives a row this run holds back to `pending` and releases its claim: the runner's shutdown
  // (forms that never reached their final submission) and its fail-closed duplicate check
  // (§5.5 step 5). Refused (kConflict, nothing changed) once a final submission was attempted
  // (a send_ledger entry exists for the company): such a company is never retried. Returns
  // whether a queue row went back (false when another run holds it, it is no longer assigned,
  // or the company has no row: a direct run's own claim is still released).
  Result<bool> Release(const QueueKey& key, int64_t company_id, const std::string& run_id);

  // Pending rows of the day in claim order (priority, id), this shard's first when `shard_id`
  // is set, at most `limit`: what a dry run looks at without claiming anything.
  Result<std::vector<sendqueue::Claim>> ListPending(const QueueKey& key,
                                                    std::optional<int> shard_id, int limit) const;

  // Rows of `key` assigned more than `stale_minutes` ago go back to pending, unless the ledger
  // shows a final submission was attempted: then the row is completed from the ledger, or
  // failed when the outcome is unknown (never retried automatically).
  Result<RequeueResult> RequeueStale(const QueueKey& key, int stale_minutes);
  // The same for the rows of one targeting (any date) still held by runs whose id starts with
  // `run_prefix` (an execution id), whatever their age: for when those runs are known to have
  // ended (their execution is over), so a runner killed mid-run leaves nothing assigned.
  Result<RequeueResult> ReleaseRunsOf(TableMode mode, int64_t targeting_id,
                                      const std::string& run_prefix);

  // Deletes every row of the mode's queue and restarts its ids; returns the rows deleted.
  Result<int64_t> ResetAll(TableMode mode);
  // Deletes every date of one targeting; returns the rows deleted.
  Result<int64_t> ClearTargeting(TableMode mode, int64_t targeting_id);

  Result<QueueStatus> ReadStatus(const QueueKey& key, std::optional<int> max_daily_sends) const;

 private:
  // RequeueStale and ReleaseRunsOf: the assigned rows of `targeting_id` matching `where` (over
  // `q`, the queue; its parameters start at $3) resolved against the ledger.
  Result<RequeueResult> ResolveAssigned(TableMode mode, int64_t targeting_id,
                                        const std::string& where, store::Params params);

  store::Database& db_;
  const Clock& clock_;
};

// Checks a max_daily_sends value for Claim: unset/≤0 → no cap; > 10000 → InvalidArgument.
Result<std::optional<int>> ValidateMaxDaily(std::optional<int> max_daily_sends);

}  // namespace formsender::sendqueue

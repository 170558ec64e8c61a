#include "sendqueue/drain.h"

namespace formsender::sendqueue {

Result<DrainStats> Drain(SendQueue& queue, SendLedger& ledger, const DrainOptions& o) {
  DrainStats stats;
  while (o.max_rows < 0 || stats.claimed < o.max_rows) {
    FS_ASSIGN_OR_RETURN(ClaimResult claimed, queue.Claim({.mode = o.mode,
                                                          .date = o.date,
                                                          .targeting_id = o.targeting_id,
                                                          .run_id = o.run_id,
                                                          .shard_id = o.shard_id,
                                                          .limit = 1,
                                                          .max_daily_sends = o.max_daily_sends}));
    if (claimed.claims.empty()) {
      stats.cap_reached = claimed.cap_reached;
      return stats;
    }
    for (const Claim& c : claimed.claims) {
      ++stats.claimed;
      if (o.before_intent) o.before_intent(c);
      LedgerKey key{o.mode, o.targeting_id, c.company_id};
      MarkDoneRequest done{.mode = o.mode,
                           .date = o.date,
                           .targeting_id = o.targeting_id,
                           .company_id = c.company_id,
                           .run_id = o.run_id};
      auto intent = ledger.RecordIntent({.key = key,
                                         .date = o.date,
                                         .run_id = o.run_id,
                                         .fencing_token = c.fencing_token,
                                         .cooldown_days = o.cooldown_days});
      if (!intent.ok()) {
        IntentConflict why = IntentConflictOf(intent.status());
        if (why == IntentConflict::kNone) return intent.status();
        if (why == IntentConflict::kClaimLost) {
          ++stats.claim_lost;
          continue;
        }
        ++stats.refused;
        done.success = false;
        done.error_type = why == IntentConflict::kCooldown ? kSkippedCooldown : kSkippedAlreadySent;
        done.classify_detail = {
            {"code", *done.error_type}, {"category", "POLICY"},
            {"retryable", false},       {"cooldown_seconds", 0},
            {"confidence", 1.0},        {"evidence", {{"ledger", intent.status().message()}}}};
      } else {
        done.success = o.send ? o.send(c) : true;
        std::string code = done.success ? "SUCCESS" : "SUBMIT_FAILED";
        FS_RETURN_IF_ERROR(ledger.RecordOutcome({.key = key,
                                                 .fencing_token = c.fencing_token,
                                                 .sent = done.success,
                                                 .outcome_code = code}));
        if (!done.success) done.error_type = code;
        ++(done.success ? stats.sent : stats.failed);
      }
      FS_ASSIGN_OR_RETURN(MarkDoneResult result, queue.MarkDone(done));
      if (result.updated == 0) ++stats.not_updated;
    }
  }
  return stats;
}

}  // namespace formsender::sendqueue

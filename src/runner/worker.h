#pragma once
// One runner worker: a thread that claims companies from the day's queue and drives up to
// forms_in_flight of them at once through its own Engine (one curl multi handle), with the
// never-twice ledger around every final submission (orchestration §5.3, §5.5; docs/runner.md).
//
//   claim → company checks (§5.5 steps 2–7) → engine → [before the final submission: ledger
//   intent] → [after it: ledger outcome] → mark_done (+ company flags)
//
// A worker ends when the gate says stop (hours, session, signals, failures), when its claims
// come back empty (queue empty, or the daily cap) often enough, or when the run's budget
// (--max-processed, --company-id) is used up.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "common/clock.h"
#include "common/log.h"
#include "engine/engine.h"
#include "runner/campaign.h"
#include "runner/company_store.h"
#include "runner/outcome.h"
#include "runner/progress.h"
#include "runner/run_gate.h"
#include "runner/runner_settings.h"
#include "sendqueue/company_names.h"
#include "sendqueue/send_ledger.h"
#include "sendqueue/send_queue.h"

namespace formsender::runner {

// Companies the run may still claim (--max-processed, --company-id); unlimited when negative.
class ClaimBudget {
 public:
  explicit ClaimBudget(int64_t limit) : remaining_(limit) {}
  // Takes one unit; false when none is left.
  bool Take();
  // Returns a unit taken for a claim that found nothing.
  void Give();
  bool exhausted() const { return remaining_.load() == 0; }

 private:
  std::atomic<int64_t> remaining_;
};

// What every worker of a run shares. References must outlive the workers.
struct WorkContext {
  store::Database& db;
  const Clock& clock;
  LoggerPtr log;
  const RunnerSettings& settings;
  const Campaign& campaign;
  int64_t targeting_id = 0;
  sendqueue::SendQueue& queue;
  sendqueue::SendLedger& ledger;
  CompanyStore& companies;
  RunGate& gate;
  ClaimBudget& budget;
  const sendqueue::NamePolicy& name_policy;
  std::shared_ptr<engine::HostGate> hosts;  // one request at a time per site for the run
  // Tests: called on the worker thread after each form's result is recorded.
  std::function<void(const engine::FormResult&)> after_form;
};

class Worker {
 public:
  Worker(WorkContext& ctx, int index, uint64_t seed);
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // The claim loop; returns why this worker ended. Runs on the calling thread.
  StopReason Run();
  // The first error that ended the worker with kFailure.
  Status failure() const;
  // Gives up the forms in flight at once (the drain deadline passed). Thread-safe.
  void Abandon();
  WorkerStats Snapshot() const;
  int index() const { return index_; }

 private:
  enum class RefillEnd {
    kNone,
    kEmpty,       // the queue had no pending row
    kCapReached,  // max_daily_sends left no room
    kClaimError,  // a transient error: back off and try again
    kStop,        // the gate says wait or stop: the loop decides
    kBudget,      // --max-processed / --company-id used up
    kFatal,       // a claim the runner must not retry (cap above 10000, company not claimable)
  };
  struct FormState {
    sendqueue::Claim claim;
    std::string form_url;
    bool intent_recorded = false;
    bool release_on_finish = false;  // refused before any final submission: back to pending
    bool claim_lost = false;
    bool test_blocked = false;
    std::optional<std::string> ledger_refusal;  // SKIPPED_ALREADY_SENT / SKIPPED_COOLDOWN
    std::string ledger_message;
    std::optional<LedgerOutcome> outcome;
    engine::FormTask task;  // kept for a retry
    int attempts = 1;
  };
  // A reset connection or a 5xx before any submission is run once more before it is recorded
  // (other retryable codes — timeouts, CAPTCHAs, needs-browser — would fail the same way now): on a
  // busy network one reset should not cost a company its day.
  static constexpr int kMaxFormAttempts = 2;
  bool MaybeRetry(FormState& f, const engine::FormResult& result);

  bool Refill(engine::Engine& engine);
  // §5.5 steps 2–7 for a claimed company: a task for the engine, or the company is recorded as
  // skipped (or released) here and nullopt comes back.
  std::optional<engine::FormTask> Prepare(const sendqueue::Claim& claim);
  Result<sendqueue::Claim> ClaimNext();
  Status BeforeFinal(const engine::FinalSubmitInfo& info);
  void AfterFinal(const engine::FinalSubmitInfo& info, const engine::FormResult& result);
  void Record(engine::FormResult result);
  void RecordSkip(const sendqueue::Claim& claim, const std::string& code,
                  const std::string& category, Json evidence);
  void Release(const sendqueue::Claim& claim, const std::string& why);
  // mark_done with the Q-34 rule: an error is counted and logged, never ignored; too many in
  // a row stop the run.
  bool MarkDone(const sendqueue::MarkDoneRequest& request);
  void NoteDatabaseError(const std::string& what, const Status& status);
  void NoteDatabaseOk() { consecutive_db_errors_ = 0; }
  sendqueue::MarkDoneRequest BaseRequest(int64_t company_id) const;
  void Fail(Status status);
  Duration Jitter(Duration d);
  void MaybeRequeueStale(TimePoint now);

  WorkContext& ctx_;
  int index_;
  std::mt19937_64 rng_;
  std::optional<int> preferred_shard_;
  TimePoint next_requeue_{};
  RefillEnd refill_end_ = RefillEnd::kNone;
  int64_t added_ = 0;
  bool single_claimed_ = false;  // --company-id: the one claim was made
  int consecutive_db_errors_ = 0;
  std::map<std::string, FormState> forms_;  // by engine task id (the company id)

  mutable std::mutex mu_;  // guards stats_, engine_, failure_
  WorkerStats stats_;
  engine::Engine* engine_ = nullptr;
  bool abandon_requested_ = false;
  Status failure_;
};

}  // namespace formsender::runner

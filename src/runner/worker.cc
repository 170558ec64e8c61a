#include "runner/worker.h"

#include <algorithm>

#include "common/strings.h"
#include "runner/company_checks.h"
#include "sendqueue/drain.h"

namespace formsender::runner {
namespace {

constexpr int kMaxConsecutiveDbErrors = 5;

}  // namespace

void ClaimBudget::Give() {
  int64_t n = remaining_.load();
  while (n >= 0 && !remaining_.compare_exchange_weak(n, n + 1)) {
  }
}

bool ClaimBudget::Take() {
  int64_t n = remaining_.load();
  while (true) {
    if (n < 0) return true;  // unlimited
    if (n == 0) return false;
    if (remaining_.compare_exchange_weak(n, n - 1)) return true;
  }
}

Worker::Worker(WorkContext& ctx, int index, uint64_t seed)
    : ctx_(ctx), index_(index), rng_(seed), preferred_shard_(ctx.settings.shard_id) {}

Status Worker::failure() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failure_;
}

WorkerStats Worker::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

void Worker::Abandon() {
  std::lock_guard<std::mutex> lock(mu_);
  abandon_requested_ = true;
  if (engine_) engine_->Cancel();
}

void Worker::Fail(Status status) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (failure_.ok()) failure_ = status;
  }
  LogFields(*ctx_.log, spdlog::level::err, "worker stopping the run",
            {{"worker", index_}, {"error", status.message()}});
  ctx_.gate.Stop(StopReason::kFailure, status.message());
}

Duration Worker::Jitter(Duration d) {
  double ratio = ctx_.settings.tuning.backoff_jitter_ratio;
  std::uniform_real_distribution<double> dist(1.0 - ratio, 1.0 + ratio);
  auto scaled = std::chrono::duration_cast<Duration>(d * dist(rng_));
  return std::max<Duration>(scaled, std::chrono::milliseconds(1));
}

void Worker::MaybeRequeueStale(TimePoint now) {
  // Worker 0 alone puts stale claims back (the reference's rule, case 178): at start, then
  // every requeue_interval.
  if (index_ != 0 || ctx_.settings.company_id || now < next_requeue_) return;
  next_requeue_ = now + ctx_.settings.tuning.requeue_interval;
  auto r = ctx_.queue.RequeueStale(
      {ctx_.settings.tables.mode, ctx_.settings.target_date, ctx_.targeting_id},
      ctx_.settings.tuning.requeue_stale_minutes);
  if (!r.ok()) {
    LogFields(*ctx_.log, spdlog::level::warn, "requeue of stale claims failed",
              {{"worker", index_}, {"error", r.status().message()}});
    return;
  }
  if (r->requeued + r->recovered_sent + r->recovered_failed + r->outcome_unknown > 0) {
    LogFields(*ctx_.log, spdlog::level::info, "stale claims requeued",
              {{"worker", index_},
               {"requeued", r->requeued},
               {"recovered_sent", r->recovered_sent},
               {"recovered_failed", r->recovered_failed},
               {"outcome_unknown", r->outcome_unknown}});
  }
}

StopReason Worker::Run() {
  const RunnerTuning& tuning = ctx_.settings.tuning;
  engine::EngineOptions options;
  options.forms_in_flight = tuning.forms_in_flight;
  options.host_gate = ctx_.hosts;
  options.browser = ctx_.browser;
  engine::Hooks hooks;
  hooks.before_final = [this](const engine::FinalSubmitInfo& info) { return BeforeFinal(info); };
  hooks.after_final = [this](const engine::FinalSubmitInfo& info, const engine::FormResult& r) {
    AfterFinal(info, r);
  };
  engine::Engine engine(options, ctx_.clock, ctx_.log, hooks);
  {
    std::lock_guard<std::mutex> lock(mu_);
    engine_ = &engine;
    if (abandon_requested_) engine.Cancel();
  }
  struct Detach {
    Worker* w;
    ~Detach() {
      std::lock_guard<std::mutex> lock(w->mu_);
      w->engine_ = nullptr;
    }
  } detach{this};

  Duration backoff = tuning.backoff_initial;
  int empty_attempts = 0;
  TimePoint empty_since{};  // meaningful while empty_attempts > 0
  TimePoint last_work = ctx_.clock.Now();
  next_requeue_ = last_work;
  while (true) {
    MaybeRequeueStale(ctx_.clock.Now());
    RunGate::Decision d = ctx_.gate.BeforeClaim();
    if (d.kind == RunGate::Decision::Kind::kStop) return d.reason;
    if (d.kind == RunGate::Decision::Kind::kWait) {
      TimePoint until = d.until;
      if (index_ == 0) until = std::min(until, next_requeue_);
      ctx_.gate.SleepUntil(until);
      continue;
    }
    refill_end_ = RefillEnd::kNone;
    added_ = 0;
    engine.Run([this](engine::Engine& e) { return Refill(e); });
    if (refill_end_ == RefillEnd::kFatal) return StopReason::kFailure;
    if (ctx_.gate.stopping()) return ctx_.gate.reason();
    if (refill_end_ == RefillEnd::kBudget) return StopReason::kMaxProcessed;
    if (refill_end_ == RefillEnd::kStop) continue;
    TimePoint now = ctx_.clock.Now();
    if (added_ > 0) {
      empty_attempts = 0;
      backoff = tuning.backoff_initial;
      last_work = now;
    }
    if (refill_end_ == RefillEnd::kClaimError) {
      empty_attempts = 0;
      ctx_.gate.SleepUntil(now + Jitter(tuning.backoff_initial));
      continue;
    }
    // The queue (or the cap) had nothing for us.
    if (empty_attempts++ == 0) empty_since = now;
    bool cap = refill_end_ == RefillEnd::kCapReached;
    if (empty_attempts >= tuning.empty_exit_attempts ||
        now - empty_since >= tuning.empty_exit_after || now - last_work >= tuning.idle_exit_after) {
      return cap ? StopReason::kDailyCap : StopReason::kQueueEmpty;
    }
    ctx_.gate.SleepUntil(now + Jitter(backoff));
    backoff = std::min<Duration>(backoff * 2, tuning.backoff_max);
  }
}

Result<sendqueue::Claim> Worker::ClaimNext() {
  const RunnerSettings& s = ctx_.settings;
  if (s.company_id) {
    return ctx_.queue.ClaimCompany({s.tables.mode, s.target_date, ctx_.targeting_id}, *s.company_id,
                                   s.run_id);
  }
  auto claimed = ctx_.queue.Claim({.mode = s.tables.mode,
                                   .date = s.target_date,
                                   .targeting_id = ctx_.targeting_id,
                                   .run_id = s.run_id,
                                   .shard_id = preferred_shard_,
                                   .limit = 1,
                                   .max_daily_sends = ctx_.campaign.max_daily_sends});
  if (!claimed.ok()) return claimed.status();
  if (claimed->claims.empty()) {
    return Status::NotFound(claimed->cap_reached ? "cap" : "empty");
  }
  return claimed->claims.front();
}

bool Worker::Refill(engine::Engine& engine) {
  while (true) {
    if (ctx_.gate.BeforeClaim().kind != RunGate::Decision::Kind::kGo) {
      refill_end_ = RefillEnd::kStop;
      return false;
    }
    if (ctx_.settings.company_id && single_claimed_) {
      refill_end_ = RefillEnd::kBudget;
      return false;
    }
    if (!ctx_.budget.Take()) {
      refill_end_ = RefillEnd::kBudget;
      return false;
    }
    auto claim = ClaimNext();
    if (!claim.ok()) {
      ctx_.budget.Give();
      const Status& s = claim.status();
      if (s.code() == StatusCode::kNotFound && (s.message() == "empty" || s.message() == "cap")) {
        refill_end_ = s.message() == "cap" ? RefillEnd::kCapReached : RefillEnd::kEmpty;
        return false;
      }
      if (s.code() == StatusCode::kInvalidArgument || s.code() == StatusCode::kConflict ||
          (ctx_.settings.company_id && s.code() == StatusCode::kNotFound)) {
        // Never retried: the cap is above 10000, or the named company cannot be claimed.
        refill_end_ = RefillEnd::kFatal;
        Fail(s.WithContext("claim"));
        return false;
      }
      NoteDatabaseError("claim", s);
      refill_end_ = RefillEnd::kClaimError;
      return false;
    }
    // A claim alone does not clear the error count: a skip that cannot be recorded puts its row
    // back and the next claim takes it again, so only recorded results (mark_done, intents)
    // do. Otherwise that loop would run until the session ends.
    if (ctx_.settings.company_id) single_claimed_ = true;
    // Shard rotation: when our shard is drained the claim comes from another one; prefer that
    // one from now on, so workers keep to one shard at a time.
    if (preferred_shard_ && claim->shard_id != *preferred_shard_ && claim->queue_id != 0) {
      preferred_shard_ = claim->shard_id;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++stats_.claimed;
    }
    std::optional<engine::FormTask> task = Prepare(*claim);
    if (!task) {
      if (refill_end_ == RefillEnd::kClaimError || refill_end_ == RefillEnd::kFatal) return false;
      continue;  // recorded (or released) without the engine: claim the next one
    }
    FormState state;
    state.claim = *claim;
    state.form_url = task->url;
    state.task = *task;
    forms_[task->id] = std::move(state);
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++stats_.in_flight;
    }
    ++added_;
    engine.Add(std::move(*task), [this](engine::FormResult r) { Record(std::move(r)); });
    return true;
  }
}

std::optional<engine::FormTask> Worker::Prepare(const sendqueue::Claim& claim) {
  const RunnerSettings& s = ctx_.settings;
  // 2. the company row
  auto found = ctx_.companies.Find(claim.company_id);
  if (!found.ok()) {
    NoteDatabaseError("read company " + std::to_string(claim.company_id), found.status());
    Release(claim, "the company could not be read");
    refill_end_ = RefillEnd::kClaimError;
    return std::nullopt;
  }
  if (!*found) {
    RecordSkip(
        claim, kCompanyNotFound, "HTTP",
        {{"reason", "no row in " + std::string(sendqueue::TablesFor(s.tables.mode).companies)}});
    return std::nullopt;
  }
  const CompanyRecord& company = **found;
  // 5. the duplicate check; a failed check fails closed (the row goes back to pending)
  auto sent_today =
      ctx_.companies.CountSubmissionsOn(ctx_.targeting_id, claim.company_id, s.target_date);
  if (!sent_today.ok()) {
    NoteDatabaseError("duplicate check", sent_today.status());
    Release(claim, "the duplicate check failed");
    refill_end_ = RefillEnd::kClaimError;
    return std::nullopt;
  }
  // 3–7. owner, name policy, duplicate, blacklist, known refusal, form URL
  if (auto skip = CheckCompany(company, *sent_today, s.tables.mode,
                               ctx_.campaign.client_company_name, ctx_.name_policy)) {
    RecordSkip(claim, skip->code, skip->category, std::move(skip->evidence));
    return std::nullopt;
  }
  return MakeFormTask(company, ctx_.campaign, s);
}

sendqueue::MarkDoneRequest Worker::BaseRequest(int64_t company_id) const {
  sendqueue::MarkDoneRequest r;
  r.mode = ctx_.settings.tables.mode;
  r.date = ctx_.settings.target_date;
  r.targeting_id = ctx_.targeting_id;
  r.company_id = company_id;
  r.run_id = ctx_.settings.run_id;
  return r;
}

void Worker::RecordSkip(const sendqueue::Claim& claim, const std::string& code,
                        const std::string& category, Json evidence) {
  sendqueue::MarkDoneRequest r = BaseRequest(claim.company_id);
  r.success = false;
  r.error_type = code;
  r.classify_detail = RunnerDetail(code, category, std::move(evidence));
  if (!MarkDone(r)) {
    // a skip that cannot be recorded is not processed further; the row goes back.
    Release(claim, "its skip (" + code + ") could not be recorded");
    refill_end_ = RefillEnd::kClaimError;
    return;
  }
  std::lock_guard<std::mutex> lock(mu_);
  ++stats_.skipped;
  ++stats_.skipped_by_reason[code];
}

void Worker::Release(const sendqueue::Claim& claim, const std::string& why) {
  auto r =
      ctx_.queue.Release({ctx_.settings.tables.mode, ctx_.settings.target_date, ctx_.targeting_id},
                         claim.company_id, ctx_.settings.run_id);
  if (!r.ok()) {
    LogFields(*ctx_.log, spdlog::level::err, "could not give a claim back",
              {{"worker", index_},
               {"company_id", claim.company_id},
               {"why", why},
               {"error", r.status().message()}});
    std::lock_guard<std::mutex> lock(mu_);
    ++stats_.errors;
    return;
  }
  LogFields(*ctx_.log, spdlog::level::debug, "claim given back",
            {{"worker", index_}, {"company_id", claim.company_id}, {"why", why}});
  std::lock_guard<std::mutex> lock(mu_);
  ++stats_.released;
}

bool Worker::MarkDone(const sendqueue::MarkDoneRequest& request) {
  auto r = ctx_.queue.MarkDone(request);
  if (!r.ok()) {
    NoteDatabaseError("mark_done company " + std::to_string(request.company_id), r.status());
    return false;
  }
  NoteDatabaseOk();
  if (r->updated == 0 && !r->note.empty()) {
    LogFields(*ctx_.log, spdlog::level::warn, "mark_done recorded nothing for the queue row",
              {{"worker", index_}, {"company_id", request.company_id}, {"note", r->note}});
  }
  return true;
}

void Worker::NoteDatabaseError(const std::string& what, const Status& status) {
  LogFields(*ctx_.log, spdlog::level::err, "database error",
            {{"worker", index_}, {"operation", what}, {"error", status.message()}});
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++stats_.errors;
  }
  if (++consecutive_db_errors_ >= kMaxConsecutiveDbErrors) {
    Fail(Status(status.code(), std::to_string(consecutive_db_errors_) +
                                   " database errors in a row, the last: " + what + ": " +
                                   status.message()));
  }
}

Status Worker::BeforeFinal(const engine::FinalSubmitInfo& info) {
  auto it = forms_.find(info.task_id);
  if (it == forms_.end()) return Status::Internal("unknown form " + info.task_id);
  FormState& f = it->second;
  if (ctx_.settings.test_mode() && !IsSinkUrl(info.url)) {
    f.test_blocked = true;
    return Status::PermissionDenied("test mode: " + info.url + " is not a sink");
  }
  if (!ctx_.gate.MayStartFinalSubmission()) {
    if (!f.intent_recorded) f.release_on_finish = true;
    return Status::Cancelled("stopping: no final submission starts this close to the deadline");
  }
  if (f.intent_recorded) return Status::Ok();  // the send button after a confirmation screen
  const RunnerSettings& s = ctx_.settings;
  auto intent =
      ctx_.ledger.RecordIntent({.key = {s.tables.mode, ctx_.targeting_id, f.claim.company_id},
                                .date = s.target_date,
                                .run_id = s.run_id,
                                .fencing_token = f.claim.fencing_token,
                                .execution_id = s.execution_id,
                                .cooldown_days = s.cooldown_days,
                                .detail = {{"form_url", info.form_url},
                                           {"url", info.url},
                                           {"method", info.method},
                                           {"step", info.step}}});
  if (intent.ok()) {
    f.intent_recorded = true;
    NoteDatabaseOk();
    return Status::Ok();
  }
  switch (sendqueue::IntentConflictOf(intent.status())) {
    case sendqueue::IntentConflict::kAlreadySent:
      f.ledger_refusal = sendqueue::kSkippedAlreadySent;
      break;
    case sendqueue::IntentConflict::kCooldown:
      f.ledger_refusal = sendqueue::kSkippedCooldown;
      break;
    case sendqueue::IntentConflict::kClaimLost:
      f.claim_lost = true;
      break;
    case sendqueue::IntentConflict::kNone:
      // Not a refusal: the database failed. Nothing was written, nothing is sent.
      f.release_on_finish = true;
      NoteDatabaseError("ledger intent", intent.status());
      break;
  }
  f.ledger_message = intent.status().message();
  return intent.status();
}

void Worker::AfterFinal(const engine::FinalSubmitInfo& info, const engine::FormResult& result) {
  auto it = forms_.find(info.task_id);
  if (it == forms_.end()) return;
  FormState& f = it->second;
  if (!f.intent_recorded || f.outcome) return;
  f.outcome = LedgerOutcomeOf(result);
  if (*f.outcome == LedgerOutcome::kUnknown) return;  // the intent stays: it becomes unknown
  bool sent = *f.outcome == LedgerOutcome::kSent;
  Status s = ctx_.ledger.RecordOutcome(
      {.key = {ctx_.settings.tables.mode, ctx_.targeting_id, f.claim.company_id},
       .fencing_token = f.claim.fencing_token,
       .sent = sent,
       .outcome_code = sent ? "SUCCESS" : (result.code.empty() ? "UNKNOWN" : result.code),
       .detail = {{"submitted", result.submitted}}});
  if (!s.ok()) NoteDatabaseError("ledger outcome", s);
}

bool Worker::MaybeRetry(FormState& f, const engine::FormResult& result) {
  if (f.attempts >= kMaxFormAttempts || result.submitted || f.intent_recorded || f.claim_lost ||
      f.ledger_refusal || f.release_on_finish || f.test_blocked ||
      (result.code != "CONNECTION_RESET" && result.code != "SERVER_ERROR") ||
      ctx_.gate.stopping()) {
    return false;
  }
  engine::Engine* engine = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    engine = engine_;
    if (engine == nullptr || abandon_requested_) return false;
    ++stats_.retried;
  }
  ++f.attempts;
  LogFields(*ctx_.log, spdlog::level::info, "form retried after a network failure",
            {{"worker", index_},
             {"company_id", f.claim.company_id},
             {"code", result.code},
             {"message", result.message}});
  f.outcome.reset();
  engine->Add(f.task, [this](engine::FormResult r) { Record(std::move(r)); });
  return true;
}

void Worker::Record(engine::FormResult result) {
  auto it = forms_.find(result.task_id);
  if (it == forms_.end()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stats_.engine.Observe(result);
  }
  if (MaybeRetry(it->second, result)) return;
  FormState f = std::move(it->second);
  forms_.erase(it);
  {
    std::lock_guard<std::mutex> lock(mu_);
    --stats_.in_flight;
  }
  const sendqueue::Claim& claim = f.claim;
  if (f.claim_lost) {
    LogFields(*ctx_.log, spdlog::level::warn, "claim lost before the final submission",
              {{"worker", index_}, {"company_id", claim.company_id}, {"ledger", f.ledger_message}});
    std::lock_guard<std::mutex> lock(mu_);
    ++stats_.claim_lost;
  } else if (f.ledger_refusal) {
    RecordSkip(claim, *f.ledger_refusal, "POLICY", {{"ledger", f.ledger_message}});
  } else if (f.release_on_finish || (!f.intent_recorded && result.code == "SHUTDOWN_REQUESTED")) {
    Release(claim, "stopped before its final submission");
  } else if (f.test_blocked) {
    RecordSkip(claim, kTestModeBlocked, "POLICY",
               {{"form_url", f.form_url}, {"message", result.message}});
  } else {
    sendqueue::MarkDoneRequest req = MarkDoneFor(result, BaseRequest(claim.company_id));
    bool unknown = f.outcome == LedgerOutcome::kUnknown;
    if (unknown) req.classify_detail["evidence"]["ledger"] = "unknown";
    if (!ctx_.settings.test_mode()) {
      // Test runs never set flags on real companies.
      CompanyFlags flags = FlagsFor(result);
      if (flags.prohibition) {
        if (Status s = ctx_.companies.FlagProhibition(claim.company_id); !s.ok())
          NoteDatabaseError("flag prohibition_detected", s);
      }
      if (flags.black) {
        if (Status s = ctx_.companies.FlagBlack(claim.company_id); !s.ok())
          NoteDatabaseError("flag black", s);
      }
    }
    if (MarkDone(req)) {
      std::lock_guard<std::mutex> lock(mu_);
      if (unknown) ++stats_.unknown;
      if (req.success) {
        ++stats_.sent;
      } else if (result.outcome == "skipped") {
        ++stats_.skipped;
        ++stats_.skipped_by_reason[*req.error_type];
      } else {
        ++stats_.failed;
        ++stats_.failed_by_code[*req.error_type];
      }
    }
  }
  if (ctx_.after_form) ctx_.after_form(result);
}

}  // namespace formsender::runner

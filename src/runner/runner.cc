#include "runner/runner.h"

#include <signal.h>

#include <ostream>
#include <random>
#include <thread>

#include "browser/browser_pool.h"
#include "engine/browser_path.h"
#include "runner/company_checks.h"
#include "runner/execution_record.h"
#include "runner/watchers.h"
#include "runner/worker.h"
#include "sendqueue/send_ledger.h"
#include "sendqueue/send_queue.h"

namespace formsender::runner {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

// Orders the reasons workers ended with: the run's reason is the most telling one.
int Severity(StopReason r) {
  switch (r) {
    case StopReason::kFailure:
      return 9;
    case StopReason::kSignal:
      return 8;
    case StopReason::kPreempted:
      return 7;
    case StopReason::kMaxRuntime:
      return 6;
    case StopReason::kBusinessEnd:
      return 5;
    case StopReason::kClosedDay:
      return 4;
    case StopReason::kDailyCap:
      return 3;
    case StopReason::kMaxProcessed:
      return 2;
    case StopReason::kQueueEmpty:
      return 1;
    case StopReason::kNone:
      return 0;
  }
  return 0;
}

}  // namespace

int ExitCodeForFailure(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      return kExitBadInput;
    case StatusCode::kUnavailable:
    case StatusCode::kDeadlineExceeded:
      return kExitUnavailable;
    case StatusCode::kNotFound:
      return kExitNotFound;
    case StatusCode::kConflict:
      return kExitConflict;
    default:
      return kExitFailed;
  }
}

Json RunReport::ToJson() const {
  Json j = {
      {"exit_code", exit_code},   {"stop_reason", StopReasonName(reason)}, {"detail", detail},
      {"run_id", run_id},         {"targeting_id", targeting_id},          {"workers", workers},
      {"totals", totals.ToJson()}};
  if (!failure.ok()) j["error"] = failure.message();
  return j;
}

Runner::Runner(RunnerSettings settings, RunnerDeps deps)
    : settings_(std::move(settings)), deps_(std::move(deps)) {
  if (!deps_.log) deps_.log = MakeNullLogger();
}

Runner::~Runner() = default;

void Runner::OnSignal(int signo) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (signal_ == 0) signal_ = signo;
  }
  Stop(StopReason::kSignal, signo == SIGINT ? "SIGINT" : "SIGTERM");
}

void Runner::Stop(StopReason reason, std::string detail) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (gate_ == nullptr) {
      if (!early_stop_) early_stop_ = std::make_pair(reason, detail);
    } else {
      gate_->Stop(reason, detail);
    }
  }
  LogFields(*deps_.log, spdlog::level::warn, "runner stopping",
            {{"reason", StopReasonName(reason)}, {"detail", detail}});
  cv_.notify_all();
}

RunReport Runner::Fail(RunReport report, const Status& status) {
  report.reason = StopReason::kFailure;
  report.failure = status;
  report.detail = status.message();
  report.exit_code = ExitCodeForFailure(status);
  LogFields(*deps_.log, spdlog::level::err, "runner failed",
            {{"error", status.message()}, {"exit_code", report.exit_code}});
  return report;
}

RunReport Runner::Run() {
  RunReport report;
  report.run_id = settings_.run_id;
  const Clock& clock = deps_.clock;
  TimePoint started = clock.Now();
  for (const auto& w : settings_.warnings) {
    LogFields(*deps_.log, spdlog::level::warn, w, Json::object());
  }
  ExecutionRecorder recorder(deps_.db, clock, settings_, deps_.log);
  if (!settings_.dry_run) {
    if (Status s = recorder.Open(); !s.ok()) return Fail(report, s);
  }
  auto fail_recorded = [&](const Status& s) {
    RunReport r = Fail(report, s);
    if (!settings_.dry_run) {
      recorder.AttemptStarted(settings_.workers, settings_.tuning.forms_in_flight);
      FinishInfo info;
      info.reason = StopReason::kFailure;
      info.detail = s.message();
      info.failed = true;
      recorder.Finished(info);
    }
    return r;
  };

  // The client_config: fetched, checked, never replaced by defaults.
  ConfigSourceOptions source_options;
  source_options.file = settings_.config_file;
  source_options.url = settings_.config_url;
  source_options.object = settings_.config_object;
  source_options.save_path = settings_.config_save_path;
  source_options.dispatcher_base_url = settings_.dispatcher_base_url;
  source_options.execution_id = settings_.execution_id;
  ClientConfigSource source(source_options, deps_.http, clock, deps_.dispatcher_token, deps_.log);
  auto config = source.Load();
  if (!config.ok()) return fail_recorded(config.status().WithContext("client_config"));
  auto campaign = ParseCampaign(*config);
  if (!campaign.ok()) return fail_recorded(campaign.status().WithContext("client_config"));
  int64_t targeting_id = settings_.targeting_id.value_or(campaign->targeting_id);
  report.targeting_id = targeting_id;
  if (targeting_id != campaign->targeting_id) {
    return fail_recorded(Status::InvalidArgument("targeting " + std::to_string(targeting_id) +
                                                 " was asked for, but the client_config is "
                                                 "for targeting " +
                                                 std::to_string(campaign->targeting_id)));
  }
  if (auto cap = sendqueue::ValidateMaxDaily(campaign->max_daily_sends); !cap.ok()) {
    return fail_recorded(cap.status().WithContext("targeting.max_daily_sends"));
  }

  double hours =
      campaign->session_max_hours.value_or(settings_.max_runtime_hours_env.value_or(8.0));
  TimePoint session_deadline =
      started + duration_cast<Duration>(std::chrono::duration<double, std::ratio<3600>>(hours));
  GateOptions gate_options =
      MakeGateOptions(campaign->window, deps_.calendar, settings_.target_date, session_deadline,
                      settings_.business_end_grace, settings_.tuning.shutdown_grace);
  gate_options.skip_holidays = settings_.tuning.skip_holidays;
  RunGate gate(std::move(gate_options), clock);
  {
    std::lock_guard<std::mutex> lock(mu_);
    gate_ = &gate;
    if (early_stop_) gate.Stop(early_stop_->first, early_stop_->second);
  }
  struct Detach {
    Runner* r;
    ~Detach() {
      std::lock_guard<std::mutex> lock(r->mu_);
      r->gate_ = nullptr;
    }
  } detach{this};

  if (settings_.dry_run) return DryRun(*campaign, report);

  LogFields(
      *deps_.log, spdlog::level::info, "runner starting",
      {{"run_id", settings_.run_id},
       {"targeting_id", targeting_id},
       {"target_date", settings_.target_date.ToString()},
       {"table_mode", sendqueue::TableModeName(settings_.tables.mode)},
       {"table_mode_source", settings_.tables.source},
       {"workers", settings_.workers},
       {"workers_source", settings_.workers_source},
       {"forms_in_flight", settings_.tuning.forms_in_flight},
       {"shard_id", settings_.shard_id ? Json(*settings_.shard_id) : Json()},
       {"total_shards", settings_.total_shards},
       {"environment", RunEnvironmentName(settings_.environment)},
       {"session_deadline", FormatJstIso(session_deadline)},
       {"business_end_deadline", FormatJstIso(gate.options().business_end_deadline)},
       {"max_daily_sends", campaign->max_daily_sends ? Json(*campaign->max_daily_sends) : Json()}});
  recorder.AttemptStarted(settings_.workers, settings_.tuning.forms_in_flight);

  sendqueue::SendQueue queue(deps_.db, clock);
  sendqueue::SendLedger ledger(deps_.db, clock);
  if (settings_.earlier_attempts_prefix && !settings_.company_id) {
    // A retry (after a preemption, most often): the attempts before this one have ended, and
    // the rows they still hold would otherwise wait out the stale timeout, holding both their
    // companies and room under max_daily_sends. They are resolved against the ledger like
    // stale rows (a final submission attempted is never retried).
    auto released = queue.ReleaseRunsOf(settings_.tables.mode, targeting_id,
                                        *settings_.earlier_attempts_prefix);
    if (released.ok()) {
      LogFields(*deps_.log, spdlog::level::info, "rows of earlier attempts released",
                {{"run_prefix", *settings_.earlier_attempts_prefix},
                 {"requeued", released->requeued},
                 {"recovered_sent", released->recovered_sent},
                 {"recovered_failed", released->recovered_failed},
                 {"outcome_unknown", released->outcome_unknown}});
    } else {
      // Not fatal: worker 0's stale requeue still returns them later.
      LogFields(*deps_.log, spdlog::level::warn, "rows of earlier attempts not released",
                {{"run_prefix", *settings_.earlier_attempts_prefix},
                 {"error", released.status().message()}});
    }
  }
  CompanyStore companies(deps_.db, settings_.tables.mode);
  sendqueue::NamePolicy name_policy;
  int64_t budget_limit = settings_.company_id ? 1 : settings_.max_processed.value_or(-1);
  ClaimBudget budget(budget_limit);
  // One Chromium per runner (started on the first form that needs it), shared by the workers.
  std::unique_ptr<browser::BrowserPool> browser_pool;
  std::unique_ptr<engine::BrowserPath> browser_path;
  if (settings_.engine != EngineChoice::kHttp) {
    browser::BrowserOptions browser_options;
    browser_options.requests.net_policy.allow_private_targets =
        settings_.allow_private_targets || settings_.test_mode();
    if (Status valid = browser_options.Validate(); valid.ok()) {
      browser_pool = std::make_unique<browser::BrowserPool>(browser_options, deps_.log);
      browser_path = std::make_unique<engine::BrowserPath>(*browser_pool, clock, deps_.log);
    } else {
      LogFields(*deps_.log, spdlog::level::warn, "no browser fallback",
                {{"reason", valid.message()}});
    }
  }
  WorkContext ctx{deps_.db,
                  clock,
                  deps_.log,
                  settings_,
                  *campaign,
                  targeting_id,
                  queue,
                  ledger,
                  companies,
                  gate,
                  budget,
                  name_policy,
                  std::make_shared<engine::HostGate>(),
                  deps_.after_form,
                  browser_path.get()};

  std::mt19937_64 seeder(deps_.seed ? deps_.seed : std::random_device{}());
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < settings_.workers; ++i) {
    workers.push_back(std::make_unique<Worker>(ctx, i, seeder()));
  }
  std::vector<StopReason> reasons(workers.size(), StopReason::kNone);
  int running = static_cast<int>(workers.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < workers.size(); ++i) {
    threads.emplace_back([&, i] {
      StopReason r = workers[i]->Run();
      std::lock_guard<std::mutex> lock(mu_);
      reasons[i] = r;
      --running;
      cv_.notify_all();
    });
  }
  std::optional<PreemptionWatcher> preemption;
  if (deps_.preemption_probe) {
    preemption.emplace(deps_.preemption_probe, deps_.preemption_interval, [&] {
      recorder.Preempted();
      Stop(StopReason::kPreempted, "the metadata server announced a Spot preemption");
    });
    preemption->Start();
  }

  // Supervision: progress lines and heartbeats, the URL refresh, and the drain deadline. The
  // waits are real time (the workers' clock may be a test's FakeClock).
  TimePoint next_progress = clock.Now() + settings_.tuning.progress_interval;
  bool abandoned = false;
  auto log_progress = [&](std::string_view state) {
    WorkerStats totals;
    for (const auto& w : workers) {
      WorkerStats s = w->Snapshot();
      Json line = s.ToJson();
      line.erase("engine");
      line["worker"] = w->index();
      line["run_id"] = settings_.run_id;
      line["state"] = state;
      LogFields(*deps_.log, spdlog::level::info, "progress", line);
      totals.Add(s);
    }
    recorder.Heartbeat(totals, state);
    return totals;
  };
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, milliseconds(100), [&] { return running == 0; });
      if (running == 0) break;
    }
    TimePoint now = clock.Now();
    if (std::optional<TimePoint> deadline = gate.drain_deadline();
        deadline && !abandoned && now >= *deadline) {
      abandoned = true;
      LogFields(*deps_.log, spdlog::level::warn,
                "drain deadline passed: abandoning forms in flight",
                {{"deadline", FormatJstIso(*deadline)}});
      for (auto& w : workers) w->Abandon();
    }
    if (now >= next_progress) {
      next_progress = now + settings_.tuning.progress_interval;
      log_progress(gate.stopping() ? "draining" : "running");
      if (auto refreshed = source.RefreshIfExpiring(); !refreshed.ok()) {
        LogFields(*deps_.log, spdlog::level::warn, "client_config URL refresh failed",
                  {{"error", refreshed.status().message()}});
      }
    }
  }
  for (auto& t : threads) t.join();
  if (preemption) preemption->Stop();

  // Why the run ended.
  StopReason reason = StopReason::kNone;
  for (StopReason r : reasons) {
    if (Severity(r) > Severity(reason)) reason = r;
  }
  if (gate.stopping() && Severity(gate.reason()) >= Severity(reason)) reason = gate.reason();
  Status failure;
  for (const auto& w : workers) {
    if (!w->failure().ok()) {
      failure = w->failure();
      break;
    }
  }
  if (reason == StopReason::kFailure && failure.ok()) failure = Status::Internal(gate.detail());
  report.reason = reason;
  report.detail = gate.stopping() ? gate.detail() : "";
  report.workers = settings_.workers;
  report.totals = log_progress("finished");
  report.failure = failure;
  switch (reason) {
    case StopReason::kFailure:
      report.exit_code = ExitCodeForFailure(failure);
      break;
    case StopReason::kSignal: {
      std::lock_guard<std::mutex> lock(mu_);
      report.exit_code = signal_ == SIGINT ? kExitInterrupted : kExitTerminated;
      break;
    }
    case StopReason::kPreempted:
      report.exit_code = kExitTerminated;
      break;
    default:
      report.exit_code = kExitDone;
  }
  FinishInfo info;
  info.reason = reason;
  info.detail = report.detail.empty() ? std::string(StopReasonName(reason)) : report.detail;
  info.failed = reason == StopReason::kFailure;
  info.totals = report.totals;
  info.business_end_deadline = gate.options().business_end_deadline;
  info.max_runtime_deadline = session_deadline;
  recorder.Finished(info);
  LogFields(*deps_.log, reason == StopReason::kFailure ? spdlog::level::err : spdlog::level::info,
            "runner finished", report.ToJson());
  return report;
}

RunReport Runner::DryRun(const Campaign& campaign, RunReport report) {
  // Read-only: pending rows are looked at, not claimed; nothing is written, nothing is sent.
  sendqueue::SendQueue queue(deps_.db, deps_.clock);
  CompanyStore companies(deps_.db, settings_.tables.mode);
  sendqueue::NamePolicy name_policy;
  std::vector<int64_t> ids;
  if (settings_.company_id) {
    ids.push_back(*settings_.company_id);
  } else {
    int limit = static_cast<int>(settings_.max_processed.value_or(10));
    auto pending =
        queue.ListPending({settings_.tables.mode, settings_.target_date, report.targeting_id},
                          settings_.shard_id, limit);
    if (!pending.ok()) return Fail(report, pending.status());
    for (const auto& c : *pending) ids.push_back(c.company_id);
  }
  auto emit = [&](const Json& line) {
    if (deps_.results) {
      *deps_.results << DumpJson(line) << std::endl;
    } else {
      LogFields(*deps_.log, spdlog::level::info, "dry run", line);
    }
  };
  engine::EngineOptions options;
  options.forms_in_flight = settings_.tuning.forms_in_flight;
  engine::Engine engine(options, deps_.clock, deps_.log);
  for (int64_t id : ids) {
    auto found = companies.Find(id);
    if (!found.ok()) return Fail(report, found.status());
    ++report.totals.claimed;
    if (!*found) {
      emit({{"company_id", id}, {"outcome", "skipped"}, {"code", kCompanyNotFound}});
      continue;
    }
    auto today = companies.CountSubmissionsOn(report.targeting_id, id, settings_.target_date);
    if (!today.ok()) return Fail(report, today.status());
    if (auto skip = CheckCompany(**found, *today, settings_.tables.mode,
                                 campaign.client_company_name, name_policy)) {
      ++report.totals.skipped;
      emit({{"company_id", id},
            {"outcome", "skipped"},
            {"code", skip->code},
            {"evidence", skip->evidence}});
      continue;
    }
    engine.Add(MakeFormTask(**found, campaign, settings_, /*dry_run=*/true),
               [&, id](engine::FormResult r) {
                 Json line = r.ToJson();
                 line["company_id"] = id;
                 if (r.outcome == "success")
                   ++report.totals.sent;
                 else if (r.outcome == "skipped")
                   ++report.totals.skipped;
                 else
                   ++report.totals.failed;
                 emit(line);
               });
  }
  engine.Run();
  report.reason = StopReason::kMaxProcessed;
  report.exit_code = kExitDone;
  report.workers = 1;
  return report;
}

}  // namespace formsender::runner

#pragma once
// The runner process (orchestration §5; docs/runner.md): loads and checks the client_config,
// runs W workers (each an Engine with forms_in_flight forms) over the day's queue inside the
// sending window, stops on the daily cap, the session length, an empty queue, a signal or a
// Spot preemption — draining forms in flight for the shutdown grace and giving back the rest —
// records the attempt in job_executions, and returns an exit code that tells the truth.
//
//   Runner runner(settings, deps);
//   SignalWatcher signals([&](int signo) { runner.OnSignal(signo); });
//   RunReport report = runner.Run();
//   return report.exit_code;

#include <chrono>
#include <condition_variable>
#include <functional>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "calendar/business_calendar.h"
#include "common/clock.h"
#include "common/http_client.h"
#include "common/log.h"
#include "engine/engine.h"
#include "runner/campaign.h"
#include "runner/config_source.h"
#include "runner/progress.h"
#include "runner/run_gate.h"
#include "runner/runner_settings.h"
#include "store/database.h"

namespace formsender::runner {

// Exit codes of `formsender runner` (docs/runner.md). 0 only when the run ended for a reason
// that means "done for now"; Batch sees everything else as a failed task.
inline constexpr int kExitDone = 0;         // queue empty, cap, window closed, session over, budget
inline constexpr int kExitFailed = 1;       // the run failed (database, claims, internal)
inline constexpr int kExitBadInput = 2;     // flags, environment or client_config invalid
inline constexpr int kExitUnavailable = 3;  // a backend could not be reached (retry later)
inline constexpr int kExitNotFound = 4;     // the config object or the company does not exist
inline constexpr int kExitConflict = 5;     // --company-id: the company is done or held by a run
inline constexpr int kExitInterrupted = 130;  // stopped by SIGINT before the work was done
inline constexpr int kExitTerminated = 143;   // stopped by SIGTERM or a Spot preemption

int ExitCodeForFailure(const Status& status);

struct RunnerDeps {
  store::Database& db;
  const Clock& clock;
  HttpClient& http;  // the client_config download and the dispatcher
  LoggerPtr log;
  calendar::BusinessCalendar calendar;
  // On a Spot VM (gcp_batch): whether the metadata server announces a preemption. Null: none.
  std::function<Result<bool>()> preemption_probe;
  std::chrono::milliseconds preemption_interval{5'000};
  DispatcherTokenFn dispatcher_token;
  // --dry-run prints one JSON line per form here; null: the log.
  std::ostream* results = nullptr;
  // Tests: after each recorded form (on the worker's thread).
  std::function<void(const engine::FormResult&)> after_form;
  uint64_t seed = 0;  // jitter; 0 = random
};

struct RunReport {
  int exit_code = kExitDone;
  StopReason reason = StopReason::kNone;
  std::string detail;
  Status failure;
  WorkerStats totals;
  std::string run_id;
  int64_t targeting_id = 0;
  int workers = 0;
  Json ToJson() const;
};

class Runner {
 public:
  Runner(RunnerSettings settings, RunnerDeps deps);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  RunReport Run();
  // A stop from outside (SIGTERM, SIGINT): claiming stops, forms in flight have the shutdown
  // grace. Thread-safe; may come before Run has loaded the config.
  void OnSignal(int signo);
  void Stop(StopReason reason, std::string detail);

 private:
  RunReport Fail(RunReport report, const Status& status);
  RunReport DryRun(const Campaign& campaign, RunReport report);

  RunnerSettings settings_;
  RunnerDeps deps_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<std::pair<StopReason, std::string>> early_stop_;
  int signal_ = 0;
  RunGate* gate_ = nullptr;  // while Run is past the config
};

}  // namespace formsender::runner

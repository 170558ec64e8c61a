#pragma once
// The orchestrator of the reference's Apps Script project (spec §6.2–6.6): the daily start
// fired by a persistent trigger, manual start / start-all, and the auto-stop schedule, on top of
// two small seams:
//   TargetingStarter   start one campaign run (settings → validate → queue → upload → run
//                      index → enqueue; scheduler/targeting_starter.h is the real one)
//   ExecutionStopper   cancel a campaign's (or every) execution and its queued tasks through
//                      the dispatcher API (scheduler/dispatcher_stopper.h)
//
//   Scheduler scheduler(db, clock, calendar, starter, stopper, options);
//   scheduler.Tick();                 // one idempotent pass: due triggers, due auto-stops
//   scheduler.CreateNextDayTrigger(); // the next business day at 09:00 JST

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "calendar/business_calendar.h"
#include "common/clock.h"
#include "common/json.h"
#include "common/log.h"
#include "common/status.h"
#include "scheduler/auto_stop.h"
#include "scheduler/triggers.h"
#include "store/database.h"
#include "store/script_state.h"

namespace formsender::scheduler {

struct StartRequest {
  int64_t targeting_id = 0;
  bool test_mode = false;
  std::optional<bool> use_extra;  // unset: the targeting's use_extra_table
  std::optional<std::string> branch;
  std::string workflow_trigger = "automated";  // metadata.workflow_trigger
  std::string trigger_name = "manual";         // metadata.gas_trigger
};

struct StartOutcome {
  int64_t targeting_id = 0;
  std::string execution_id;
  std::string task_id;  // fs-YYYYMMDD-<id>-<runIndex>
  int64_t run_index_base = 0;
  int64_t run_total = 1;
  bool duplicate = false;  // the task id already existed (ALREADY_EXISTS)
  // What auto-stop needs, from the resolved settings.
  TimeOfDay send_end_time{18, 0, 0};
  double session_max_hours = 8;
  Json detail = Json::object();  // queue build, object ref, warnings …
  Json ToJson() const;
};

class TargetingStarter {
 public:
  virtual ~TargetingStarter() = default;
  // The active targetings (sheet order).
  virtual Result<std::vector<int64_t>> ActiveTargetings() = 0;
  // Starts one run. On failure nothing is left half-done (uploaded object removed, no task).
  virtual Result<StartOutcome> Start(const StartRequest& request) = 0;
};

struct StopOutcome {
  int64_t stopped = 0;        // executions cancelled
  int64_t failed = 0;         // cancels that failed
  int64_t tasks_deleted = 0;  // queued tasks removed before they reached the dispatcher
  Json details = Json::array();
  Json ToJson() const;
};

class ExecutionStopper {
 public:
  virtual ~ExecutionStopper() = default;
  // nullopt: every running execution.
  virtual Result<StopOutcome> Stop(std::optional<int64_t> targeting_id) = 0;
};

struct SchedulerOptions {
  calendar::BusinessCalendar calendar;
  TimeOfDay daily_at = calendar::kDefaultDailyTrigger;
  double session_hours = 8;  // FORM_SENDER_MAX_SESSION_HOURS_DEFAULT
  // The order targetings are started in (the reference shuffles); tests pass a fixed order.
  std::function<void(std::vector<int64_t>&)> shuffle;
  // A trigger claimed by a process that died is given up after this long.
  Duration stale_running_after = std::chrono::hours(1);
};

// What one start-all / daily start did.
struct StartAllReport {
  bool success = false;  // at least one targeting started (or a skipped day)
  std::string message;
  bool skipped = false;  // not a business day
  std::string reason;
  int64_t triggered = 0;
  std::vector<StartOutcome> started;
  Json failures = Json::array();  // [{targeting_id, error}]
  std::optional<Trigger> next_trigger;
  Json ToJson() const;
};

struct TickReport {
  Json triggers = Json::array();    // fired/failed triggers with their results
  Json auto_stops = Json::array();  // entries carried out (or failing)
  bool ok = true;
  Json ToJson() const;
};

// Progress lines for long operations (start-all, stop-all); may be empty.
using ProgressFn = std::function<void(const std::string&)>;

// createNextDayTrigger: a daily-start trigger at `at` (JST) on the next business day (today when
// that is still ahead).
Result<Trigger> CreateNextDayTrigger(TriggerRepository& triggers,
                                     const calendar::BusinessCalendar& calendar, TimeOfDay at,
                                     TimePoint now, std::string_view source);

class Scheduler {
 public:
  Scheduler(store::Database& db, const Clock& clock, TargetingStarter& starter,
            ExecutionStopper& stopper, SchedulerOptions options, LoggerPtr log = nullptr);

  TriggerRepository& triggers() { return triggers_; }
  AutoStopSchedule& auto_stop() { return auto_stop_; }

  // createNextDayTrigger: the next business day at `daily_at` JST.
  Result<Trigger> CreateNextDayTrigger(std::string_view source);
  // startFormSender(id): new session, start, register its auto-stop.
  Result<StartOutcome> StartOne(const StartRequest& request);
  // startFormSenderAll: new session, every active targeting shuffled (no business-day check).
  Result<StartAllReport> StartAll(std::string_view trigger_name = "startFormSenderAll",
                                  const ProgressFn& progress = {});
  // startFormSenderFromTrigger without the trigger bookkeeping: skips non-business days,
  // otherwise StartAll; in every case (errors included) makes sure the next daily trigger
  // exists.
  StartAllReport DailyStart(const ProgressFn& progress = {});
  // One pass: fires due triggers (each exactly once), then carries out due auto-stops.
  Result<TickReport> Tick();
  // The time of the next thing Tick would do (trigger or auto-stop), for the loop's sleep.
  Result<std::optional<TimePoint>> NextWakeup();

 private:
  Result<StartOutcome> StartAndRegister(const StartRequest& request);
  Result<std::optional<Trigger>> EnsureNextDailyTrigger();
  store::Database& db_;
  const Clock& clock_;
  TargetingStarter& starter_;
  ExecutionStopper& stopper_;
  SchedulerOptions options_;
  LoggerPtr log_;
  store::ScriptStateRepository state_;
  TriggerRepository triggers_;
  AutoStopSchedule auto_stop_;
};

}  // namespace formsender::scheduler

#include "scheduler/scheduler.h"

#include <algorithm>
#include <random>

#include "common/time.h"

namespace formsender::scheduler {
namespace {

void Log(const LoggerPtr& log, bool error, const std::string& message) {
  if (!log) return;
  if (error) {
    log->error(message);
  } else {
    log->info(message);
  }
}

std::string HourMinute(TimeOfDay t) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", t.hour, t.minute);
  return buf;
}

}  // namespace

Json StartOutcome::ToJson() const {
  return {{"targeting_id", targeting_id},
          {"execution_id", execution_id},
          {"task_id", task_id},
          {"run_index_base", run_index_base},
          {"run_total", run_total},
          {"duplicate", duplicate},
          {"send_end_time", HourMinute(send_end_time)},
          {"session_max_hours", session_max_hours},
          {"detail", detail}};
}

Json StopOutcome::ToJson() const {
  return {{"stopped_count", stopped},
          {"failed_count", failed},
          {"tasks_deleted", tasks_deleted},
          {"details", details}};
}

Json StartAllReport::ToJson() const {
  Json j = {{"success", success}, {"message", message}, {"triggered", triggered}};
  if (skipped) {
    j["skipped"] = true;
    j["reason"] = reason;
  }
  j["started"] = Json::array();
  for (const auto& s : started) j["started"].push_back(s.ToJson());
  j["failures"] = failures;
  j["next_trigger"] = next_trigger ? next_trigger->ToJson() : Json(nullptr);
  return j;
}

Json TickReport::ToJson() const {
  return {{"success", ok}, {"triggers", triggers}, {"auto_stops", auto_stops}};
}

Scheduler::Scheduler(store::Database& db, const Clock& clock, TargetingStarter& starter,
                     ExecutionStopper& stopper, SchedulerOptions options, LoggerPtr log)
    : db_(db),
      clock_(clock),
      starter_(starter),
      stopper_(stopper),
      options_(std::move(options)),
      log_(std::move(log)),
      state_(db, clock),
      triggers_(db, clock),
      auto_stop_(state_, clock) {
  if (!options_.shuffle) {
    options_.shuffle = [](std::vector<int64_t>& ids) {
      std::random_device rd;
      std::mt19937_64 rng(rd());
      std::shuffle(ids.begin(), ids.end(), rng);
    };
  }
}

Result<Trigger> CreateNextDayTrigger(TriggerRepository& triggers,
                                     const calendar::BusinessCalendar& calendar, TimeOfDay at,
                                     TimePoint now, std::string_view source) {
  FS_ASSIGN_OR_RETURN(TimePoint when, calendar.NextTriggerTime(now, at));
  return triggers.Create(kDailyStartHandler, when, source);
}

Result<Trigger> Scheduler::CreateNextDayTrigger(std::string_view source) {
  return scheduler::CreateNextDayTrigger(triggers_, options_.calendar, options_.daily_at,
                                         clock_.Now(), source);
}

Result<std::optional<Trigger>> Scheduler::EnsureNextDailyTrigger() {
  FS_ASSIGN_OR_RETURN(std::optional<Trigger> next, triggers_.NextDailyStart());
  if (next && next->execute_at > clock_.Now()) return next;
  FS_ASSIGN_OR_RETURN(Trigger created, CreateNextDayTrigger("daily-start"));
  return std::optional<Trigger>(std::move(created));
}

Result<StartOutcome> Scheduler::StartAndRegister(const StartRequest& request) {
  FS_ASSIGN_OR_RETURN(StartOutcome outcome, starter_.Start(request));
  // Only a run that started gets stops (the reference registered them before dispatching,
  // Q-27); a failure here is reported but the run stays started.
  Status s = auto_stop_.RegisterTargeting(request.targeting_id, outcome.send_end_time,
                                          outcome.session_max_hours, request.trigger_name);
  if (!s.ok()) {
    outcome.detail["auto_stop_error"] = s.message();
    Log(log_, true,
        "auto-stop not registered for targeting " + std::to_string(request.targeting_id) + ": " +
            s.message());
  }
  return outcome;
}

Result<StartOutcome> Scheduler::StartOne(const StartRequest& request) {
  FS_RETURN_IF_ERROR(auto_stop_.StartSession(request.trigger_name, options_.session_hours));
  return StartAndRegister(request);
}

Result<StartAllReport> Scheduler::StartAll(std::string_view trigger_name,
                                           const ProgressFn& progress) {
  StartAllReport report;
  FS_ASSIGN_OR_RETURN(std::vector<int64_t> ids, starter_.ActiveTargetings());
  if (ids.empty()) {
    report.message = "no active targeting (アクティブtargetingなし)";
    return report;
  }
  options_.shuffle(ids);
  FS_RETURN_IF_ERROR(auto_stop_.StartSession(trigger_name, options_.session_hours));
  size_t n = 0;
  for (int64_t id : ids) {
    ++n;
    StartRequest request;
    request.targeting_id = id;
    request.trigger_name = std::string(trigger_name);
    auto outcome = StartAndRegister(request);
    std::string line = "[" + std::to_string(n) + "/" + std::to_string(ids.size()) + "] targeting " +
                       std::to_string(id) + ": ";
    if (outcome.ok()) {
      ++report.triggered;
      line += "started " + outcome->task_id;
      report.started.push_back(std::move(*outcome));
    } else {
      line += "failed: " + outcome.status().message();
      report.failures.push_back({{"targeting_id", id}, {"error", outcome.status().message()}});
      Log(log_, true,
          "start of targeting " + std::to_string(id) + " failed: " + outcome.status().message());
    }
    if (progress) progress(line);
  }
  report.success = report.triggered > 0;
  report.message = std::to_string(report.triggered) + " of " + std::to_string(ids.size()) +
                   " targetings started";
  return report;
}

StartAllReport Scheduler::DailyStart(const ProgressFn& progress) {
  StartAllReport report;
  TimePoint now = clock_.Now();
  auto why = options_.calendar.WhyClosed(JstDateOf(now));
  if (why.ok() && why->has_value()) {
    report.success = true;
    report.skipped = true;
    report.reason = "non-business-day";
    report.message = JstDateOf(now).ToString() + " is not a business day (" + (*why)->text + ")";
  } else if (!why.ok()) {
    report.message = why.status().message();
  } else {
    auto all = StartAll(kDailyStartHandler, progress);
    if (all.ok()) {
      report = std::move(*all);
    } else {
      report.message = all.status().message();
    }
  }
  // Whatever happened, the next business day has its trigger (the reference's finally).
  auto next = EnsureNextDailyTrigger();
  if (next.ok()) {
    report.next_trigger = *next;
  } else {
    report.success = false;
    report.message += "; the next trigger could not be created: " + next.status().message();
  }
  Log(log_, !report.success, "daily start: " + report.message);
  return report;
}

Result<TickReport> Scheduler::Tick() {
  TickReport report;
  FS_RETURN_IF_ERROR(triggers_.FailStaleRunning(options_.stale_running_after).status());
  while (true) {
    TimePoint now = clock_.Now();
    FS_ASSIGN_OR_RETURN(std::optional<Trigger> due, triggers_.ClaimNextDue(now));
    if (!due) break;
    Json result;
    bool ok = false;
    if (IsLegacyHandler(due->handler)) {
      result = {{"success", false},
                {"message", due->handler +
                                " is a legacy GitHub Actions handler; batch "
                                "operation does not run it (delete it: formsender "
                                "triggers delete --handler " +
                                due->handler + ")"}};
    } else if (JstDateOf(due->execute_at) != JstDateOf(now)) {
      // A trigger that could not fire on its own day (nothing was running then) must not start
      // a day's sending on another day; its successor is made sure of instead.
      auto next = EnsureNextDailyTrigger();
      result = {{"success", false},
                {"message",
                 "missed: due " + FormatJstIso(due->execute_at) + ", seen " + FormatJstIso(now)},
                {"next_trigger", next.ok() && *next ? (*next)->ToJson() : Json(nullptr)}};
    } else {
      StartAllReport day = DailyStart();
      result = day.ToJson();
      ok = day.success;
    }
    FS_RETURN_IF_ERROR(triggers_.Finish(due->id, ok, result));
    report.ok = report.ok && ok;
    Json entry = due->ToJson();
    entry["state"] = ok ? "fired" : "failed";
    entry["result"] = result;
    report.triggers.push_back(std::move(entry));
  }

  FS_ASSIGN_OR_RETURN(std::vector<AutoStopEntry> due, auto_stop_.Due(clock_.Now()));
  std::vector<AutoStopEntry> done;
  for (const auto& entry : due) {
    Json j = entry.ToJson();
    auto stopped = stopper_.Stop(entry.targeting_id);
    if (stopped.ok()) {
      j["result"] = stopped->ToJson();
      done.push_back(entry);
    } else {
      // Kept: the next tick tries again.
      j["error"] = stopped.status().message();
      report.ok = false;
    }
    Log(log_, !stopped.ok(),
        "auto-stop " + entry.reason + " for " +
            (entry.targeting_id ? "targeting " + std::to_string(*entry.targeting_id)
                                : std::string("the session")) +
            (stopped.ok() ? "" : ": " + stopped.status().message()));
    report.auto_stops.push_back(std::move(j));
  }
  FS_RETURN_IF_ERROR(auto_stop_.Remove(done));
  return report;
}

Result<std::optional<TimePoint>> Scheduler::NextWakeup() {
  std::optional<TimePoint> next;
  FS_ASSIGN_OR_RETURN(std::vector<Trigger> live, triggers_.List());
  for (const auto& t : live) {
    if (t.state == "pending" && (!next || t.execute_at < *next)) next = t.execute_at;
  }
  FS_ASSIGN_OR_RETURN(std::vector<AutoStopEntry> entries, auto_stop_.Load());
  for (const auto& e : entries) {
    if (!next || e.stop_at < *next) next = e.stop_at;
  }
  return next;
}

}  // namespace formsender::scheduler

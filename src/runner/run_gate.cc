#include "runner/run_gate.h"

#include <algorithm>

namespace formsender::runner {

std::string_view StopReasonName(StopReason reason) {
  switch (reason) {
    case StopReason::kNone:
      return "";
    case StopReason::kQueueEmpty:
      return "queue_empty";
    case StopReason::kDailyCap:
      return "daily_cap";
    case StopReason::kBusinessEnd:
      return "business_end";
    case StopReason::kClosedDay:
      return "closed_day";
    case StopReason::kMaxRuntime:
      return "max_runtime";
    case StopReason::kMaxProcessed:
      return "max_processed";
    case StopReason::kSignal:
      return "signal";
    case StopReason::kPreempted:
      return "preempted";
    case StopReason::kFailure:
      return "failure";
  }
  return "";
}

GateOptions MakeGateOptions(const calendar::SendWindow& window, calendar::BusinessCalendar calendar,
                            CivilDate target_date, TimePoint session_deadline,
                            std::chrono::minutes business_end_grace,
                            std::chrono::seconds shutdown_grace) {
  GateOptions o;
  o.window = window;
  o.calendar = std::move(calendar);
  o.session_deadline = session_deadline;
  TimePoint end = JstTimeOn(target_date, window.end);
  o.business_end_deadline = std::max(end + business_end_grace, end + std::chrono::minutes(1));
  o.shutdown_grace = shutdown_grace;
  o.final_reserve = std::min(std::chrono::seconds(10), shutdown_grace / 2);
  return o;
}

RunGate::RunGate(GateOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock) {}

void RunGate::Stop(StopReason reason, std::string detail) {
  std::lock_guard<std::mutex> lock(mu_);
  if (reason_ != StopReason::kNone) return;
  TimePoint now = clock_.Now();
  reason_ = reason;
  detail_ = std::move(detail);
  stopped_at_ = now;
  switch (reason) {
    case StopReason::kSignal:
    case StopReason::kPreempted:
    case StopReason::kFailure:
    case StopReason::kMaxRuntime:
      drain_deadline_ = now + options_.shutdown_grace;
      break;
    case StopReason::kBusinessEnd:
      drain_deadline_ = std::max(options_.business_end_deadline, now);
      break;
    default:
      break;
  }
}

bool RunGate::stopping() const {
  std::lock_guard<std::mutex> lock(mu_);
  return reason_ != StopReason::kNone;
}

StopReason RunGate::reason() const {
  std::lock_guard<std::mutex> lock(mu_);
  return reason_;
}

std::string RunGate::detail() const {
  std::lock_guard<std::mutex> lock(mu_);
  return detail_;
}

std::optional<TimePoint> RunGate::stopped_at() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stopped_at_;
}

std::optional<TimePoint> RunGate::drain_deadline() const {
  std::lock_guard<std::mutex> lock(mu_);
  return drain_deadline_;
}

bool RunGate::MayStartFinalSubmission() const {
  TimePoint now = clock_.Now();
  std::lock_guard<std::mutex> lock(mu_);
  // Never after the day's hard end, whatever else is going on.
  if (now >= options_.business_end_deadline - options_.final_reserve) return false;
  if (!drain_deadline_) return true;
  return now < *drain_deadline_ - options_.final_reserve;
}

RunGate::Decision RunGate::BeforeClaim() {
  Decision d;
  TimePoint now = clock_.Now();
  auto stop = [&](StopReason reason, std::string detail) {
    Stop(reason, std::move(detail));
    d.kind = Decision::Kind::kStop;
    d.reason = this->reason();
    d.detail = this->detail();
    return d;
  };
  if (stopping()) return stop(StopReason::kNone, "");
  if (now >= options_.session_deadline) {
    return stop(StopReason::kMaxRuntime,
                "session_max_hours reached at " + FormatJstIso(options_.session_deadline));
  }
  if (now >= options_.business_end_deadline) {
    return stop(StopReason::kBusinessEnd,
                "past send_end_time " + calendar::FormatHourMinute(options_.window.end));
  }
  JstDateTime jst = ToJst(now);
  int minute = jst.time.MinutesOfDay();
  const auto& days = options_.window.days_of_week;
  static constexpr const char* kWeekdays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                              "Friday", "Saturday", "Sunday"};
  int weekday = jst.date.WeekdayMondayZero();
  if (std::find(days.begin(), days.end(), weekday) == days.end()) {
    return stop(StopReason::kClosedDay,
                std::string(kWeekdays[weekday]) + " is not in send_days_of_week");
  }
  if (options_.skip_holidays) {
    auto closed = options_.calendar.HolidayOrClosed(jst.date);
    if (!closed.ok()) return stop(StopReason::kFailure, closed.status().message());
    if (closed->has_value()) return stop(StopReason::kClosedDay, (*closed)->text);
  } else if (options_.calendar.extra_closed().Contains(jst.date)) {
    return stop(StopReason::kClosedDay, "closed day (extra_closed_days)");
  }
  if (minute > options_.window.end.MinutesOfDay()) {
    return stop(StopReason::kBusinessEnd,
                "after send_end_time " + calendar::FormatHourMinute(options_.window.end));
  }
  if (minute >= options_.window.start.MinutesOfDay()) return d;
  // Before send_start_time: wait for it, but not past the session.
  TimePoint opens = JstTimeOn(jst.date, options_.window.start);
  if (opens >= options_.session_deadline) {
    return stop(StopReason::kMaxRuntime, "the session ends before send_start_time " +
                                             calendar::FormatHourMinute(options_.window.start));
  }
  d.kind = Decision::Kind::kWait;
  d.until = opens;
  d.detail = "before send_start_time " + calendar::FormatHourMinute(options_.window.start);
  return d;
}

bool RunGate::SleepUntil(TimePoint t) {
  constexpr auto kStep = std::chrono::milliseconds(200);
  while (true) {
    if (stopping()) return false;
    TimePoint now = clock_.Now();
    if (now >= t) return true;
    clock_.SleepFor(std::min<Duration>(t - now, kStep));
  }
}

}  // namespace formsender::runner

#pragma once
// When a runner may claim, must wait, or must stop (orchestration §5.2–§5.4 with the fixes of
// docs/compatibility.md): the sending window (send_start_time–send_end_time JST, the end minute
// included, on send_days_of_week, never on a holiday or extra closed day), the session length
// (session_max_hours), and every stop the workers or the process decide (daily cap, empty
// queue, signals, preemption, failures). Shared by all workers; thread-safe.
//
// Stopping has two clocks. Claiming stops at once. Forms already in flight go on: they may make
// their final submission until the click cutoff, and at the drain deadline whatever is left is
// abandoned (forms that never reached their final click go back to pending).

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "calendar/business_calendar.h"
#include "calendar/send_window.h"
#include "common/clock.h"
#include "common/status.h"
#include "common/time.h"

namespace formsender::runner {

enum class StopReason {
  kNone,
  kQueueEmpty,    // no pending rows left (the reference's empty_finish)
  kDailyCap,      // max_daily_sends reached
  kBusinessEnd,   // after send_end_time (the reference's auto_stop_reason business_end)
  kClosedDay,     // not in send_days_of_week, a holiday or an extra closed day
  kMaxRuntime,    // session_max_hours (the reference's auto_stop_reason max_runtime)
  kMaxProcessed,  // --max-processed / --company-id done
  kSignal,        // SIGTERM / SIGINT
  kPreempted,     // the metadata server announced a Spot preemption
  kFailure,       // an error the runner cannot work around
};
std::string_view StopReasonName(StopReason reason);

struct GateOptions {
  calendar::SendWindow window;
  calendar::BusinessCalendar calendar;
  TimePoint session_deadline;
  // The day's hard end: send_end_time + FORM_SENDER_BUSINESS_END_GRACE_MINUTES on the target
  // date (the reference's business_end_deadline; at least the end of the window's last minute).
  TimePoint business_end_deadline;
  std::chrono::seconds shutdown_grace{25};
  // No final submission starts later than this before a drain deadline, so its answer can
  // still arrive in time (min(10 s, half the grace) by default).
  std::chrono::seconds final_reserve{10};
  // Holidays are closed days (runner.skip_holidays); extra_closed_days always are.
  bool skip_holidays = true;
};

// Builds the options from a campaign day: deadline = target date at send_end_time + grace,
// never before the window's last minute has passed.
GateOptions MakeGateOptions(const calendar::SendWindow& window, calendar::BusinessCalendar calendar,
                            CivilDate target_date, TimePoint session_deadline,
                            std::chrono::minutes business_end_grace,
                            std::chrono::seconds shutdown_grace);

class RunGate {
 public:
  RunGate(GateOptions options, const Clock& clock);

  struct Decision {
    enum class Kind { kGo, kWait, kStop };
    Kind kind = Kind::kGo;
    TimePoint until{};                      // kWait: when to look again
    StopReason reason = StopReason::kNone;  // kStop
    std::string detail;
  };
  // Before each claim: go, wait for the window to open (before send_start_time, bounded by the
  // session), or stop (a stop already decided, the session over, the window closed for the
  // day). Window and session stops are recorded here, so every worker sees the same reason.
  Decision BeforeClaim();

  // Decides a stop (the first reason wins; later calls only shorten nothing). Signals,
  // preemption, failures and the session end drain for shutdown_grace; the business end drains
  // until business_end_deadline; the others let forms in flight finish on their own time.
  void Stop(StopReason reason, std::string detail);

  bool stopping() const;
  StopReason reason() const;
  std::string detail() const;
  // When the stop was decided.
  std::optional<TimePoint> stopped_at() const;
  // Forms still in flight are abandoned at this time (nullopt: they finish on their own).
  std::optional<TimePoint> drain_deadline() const;
  // Whether a final submission may start now.
  bool MayStartFinalSubmission() const;

  // Sleeps until `t` on the clock, in short steps, returning early once stopping() (so a
  // worker waiting for the window or backing off reacts to a signal within a fraction of a
  // second). Returns false when it returned because of a stop.
  bool SleepUntil(TimePoint t);

  const GateOptions& options() const { return options_; }

 private:
  GateOptions options_;
  const Clock& clock_;
  mutable std::mutex mu_;
  StopReason reason_ = StopReason::kNone;
  std::string detail_;
  std::optional<TimePoint> stopped_at_;
  std::optional<TimePoint> drain_deadline_;
};

}  // namespace formsender::runner

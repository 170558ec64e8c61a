#pragma once
// The auto-stop schedule (spec §6.6): when to stop a campaign's executions (at its
// send_end_time, after its session_max_hours) and the whole session (after
// FORM_SENDER_MAX_SESSION_HOURS_DEFAULT). Kept in script_state under the reference's key
// FORM_SENDER_AUTO_STOP_SCHEDULE_V1 with the reference's JSON shape, so it survives restarts:
// every scheduler tick looks at it (no separate auto-stop trigger to re-arm).
//
// An entry is removed only after its stop succeeded, so a dispatcher that is down at 18:00
// gets the stop on the next tick, and two ticks racing stop twice (cancel is idempotent).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "common/status.h"
#include "common/time.h"
#include "store/script_state.h"

namespace formsender::scheduler {

inline constexpr std::string_view kAutoStopKey = "FORM_SENDER_AUTO_STOP_SCHEDULE_V1";
inline constexpr std::string_view kSessionInfoKey = "FORM_SENDER_ACTIVE_SESSION_INFO";
// A stop is never scheduled sooner than this after now (AUTO_STOP_MIN_DELAY_MS).
inline constexpr std::chrono::seconds kAutoStopMinDelay{60};
// Entries due within this much of now fire together (minDelay / 4).
inline constexpr std::chrono::seconds kAutoStopDueSlack{15};

struct AutoStopEntry {
  std::optional<int64_t> targeting_id;  // nullopt: the whole session
  std::string reason;                   // "max_runtime" or "business_end"
  TimePoint stop_at{};
  Json metadata = Json::object();
  Json ToJson() const;  // {targeting_id, reason, stop_at_epoch_ms, stop_at_iso, metadata}
};

class AutoStopSchedule {
 public:
  AutoStopSchedule(store::ScriptStateRepository& state, const Clock& clock)
      : state_(state), clock_(clock) {}

  // registerFormSenderSessionStart(trigger, {reset: true}): clears the schedule, records the
  // session ({trigger, started_at}) and schedules the session stop after `session_hours`
  // (≤ 0 → 8).
  Status StartSession(std::string_view trigger_name, double session_hours);
  // registerAutoStopForTargeting: a max_runtime stop after `session_max_hours` (≤ 0 → 8) and a
  // business_end stop today (JST) at `send_end_time`; each replaces the targeting's entry of
  // the same reason.
  Status RegisterTargeting(int64_t targeting_id, TimeOfDay send_end_time, double session_max_hours,
                           std::string_view trigger_name);
  // The entries, earliest first. A broken stored value is an error naming the key.
  Result<std::vector<AutoStopEntry>> Load();
  // Entries due at `now` (stop_at ≤ now + 15 s). When a session entry is due, only it is
  // returned: it stops everything.
  Result<std::vector<AutoStopEntry>> Due(TimePoint now);
  // Removes entries that were carried out. Removing the session entry clears the schedule.
  Status Remove(const std::vector<AutoStopEntry>& done);

 private:
  using Entries = std::vector<AutoStopEntry>;
  Status Schedule(const Entries& add, bool reset);
  store::ScriptStateRepository& state_;
  const Clock& clock_;
};

// Parses "H:MM" / "HH:MM" (00:00–23:59); InvalidArgument naming `what` otherwise.
Result<TimeOfDay> ParseHourMinute(std::string_view text, std::string_view what);

}  // namespace formsender::scheduler

#pragma once
// Persistent one-shot time triggers: the Apps Script project's clock triggers (spec §6.2,
// guide §3.1–3.3) kept in the store's `triggers` table, so they survive restarts and any
// process (serve's loop, `formsender scheduler tick` from cron) may fire them, exactly once.
//
//   TriggerRepository triggers(db, clock);
//   triggers.Create(kDailyStartHandler, when, "create-next-day");
//   while (auto t = triggers.ClaimNextDue(now)) { …; triggers.Finish(t->id, ok, result); }

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "common/status.h"
#include "store/database.h"

namespace formsender::scheduler {

// The daily start (startFormSenderFromTrigger) and the two legacy GitHub-era handlers, which
// can be listed and deleted but are never created (guide §3.2).
inline constexpr std::string_view kDailyStartHandler = "startFormSenderFromTrigger";
inline constexpr std::string_view kLegacy7Handler = "startFormSenderFromTriggerAt7";
inline constexpr std::string_view kLegacy13Handler = "startFormSenderFromTriggerAt13";
bool IsKnownHandler(std::string_view handler);
bool IsLegacyHandler(std::string_view handler);

struct Trigger {
  int64_t id = 0;
  std::string uid;  // "trg-<hex>"
  std::string handler;
  TimePoint execute_at{};
  std::string state;  // pending, running, fired, deleted, failed
  TimePoint created_at{};
  std::optional<TimePoint> fired_at;
  std::string source;  // who created it ("create-next-day", "daily-start", …)
  Json result;         // what the handler returned (fired / failed)
  // {id, uid, handler, execute_at (UTC ISO), execute_at_jst, state, created_at, fired_at,
  //  source, details: {type: "specific_time"}, result}
  Json ToJson() const;
};

class TriggerRepository {
 public:
  TriggerRepository(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // A pending trigger for `handler` at `execute_at`. InvalidArgument when the time is not in
  // the future (the reference's "past/now" error) or the handler is unknown; legacy handlers
  // only with `allow_legacy`.
  Result<Trigger> Create(std::string_view handler, TimePoint execute_at, std::string_view source,
                         bool allow_legacy = false);
  // Pending and running triggers (all handlers), earliest first; with `include_finished` also
  // the fired, failed and deleted ones of the last `history` entries.
  Result<std::vector<Trigger>> List(bool include_finished = false, int64_t history = 50);
  // Deletes every pending trigger of `handler`; returns how many.
  Result<int64_t> DeleteByHandler(std::string_view handler);
  // deleteCurrentFormSenderTrigger: deletes the pending daily-start trigger that comes first
  // (earliest execute_at, then smallest uid); nullopt when there is none.
  Result<std::optional<Trigger>> DeleteCurrent();
  // Atomically moves the earliest pending trigger due at `now` to `running` and returns it;
  // nullopt when nothing is due. Two processes never claim the same trigger.
  Result<std::optional<Trigger>> ClaimNextDue(TimePoint now);
  // Records the end of a claimed trigger: `fired` or `failed`, with the handler's result.
  Status Finish(int64_t id, bool ok, const Json& result);
  // Triggers left `running` by a process that died (claimed more than `stale_after` ago) are
  // marked failed so the next tick can reason about them; returns how many.
  Result<int64_t> FailStaleRunning(Duration stale_after);
  // The pending daily-start trigger that fires next, if any.
  Result<std::optional<Trigger>> NextDailyStart();

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace formsender::scheduler

#include "scheduler/auto_stop.h"

#include <algorithm>

namespace formsender::scheduler {
namespace {

constexpr double kDefaultSessionHours = 8.0;

int64_t EpochMs(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

Result<std::vector<AutoStopEntry>> ParseEntries(const std::optional<std::string>& text) {
  std::vector<AutoStopEntry> out;
  if (!text || text->empty()) return out;
  FS_ASSIGN_OR_RETURN(Json doc, ParseJson(*text, std::string(kAutoStopKey)));
  if (!doc.is_object() || !doc.contains("entries") || !doc["entries"].is_array()) {
    return Status::InvalidArgument(std::string(kAutoStopKey) + ": expected {\"entries\": [...]}");
  }
  for (const Json& e : doc["entries"]) {
    if (!e.is_object() || !e.contains("stop_at_epoch_ms") ||
        !e["stop_at_epoch_ms"].is_number_integer()) {
      return Status::InvalidArgument(std::string(kAutoStopKey) +
                                     ": an entry without an integer stop_at_epoch_ms: " + e.dump());
    }
    AutoStopEntry entry;
    if (e.contains("targeting_id") && e["targeting_id"].is_number_integer()) {
      entry.targeting_id = e["targeting_id"].get<int64_t>();
    }
    entry.reason = e.value("reason", std::string("max_runtime"));
    entry.stop_at = TimePoint(std::chrono::milliseconds(e["stop_at_epoch_ms"].get<int64_t>()));
    if (e.contains("metadata") && e["metadata"].is_object()) entry.metadata = e["metadata"];
    out.push_back(std::move(entry));
  }
  return out;
}

std::string Serialize(std::vector<AutoStopEntry> entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.stop_at < b.stop_at; });
  Json doc = {{"version", 1}, {"entries", Json::array()}};
  for (const auto& e : entries) doc["entries"].push_back(e.ToJson());
  return DumpJson(doc);
}

bool SameSlot(const AutoStopEntry& a, const AutoStopEntry& b) {
  return a.targeting_id == b.targeting_id && a.reason == b.reason;
}

bool SameEntry(const AutoStopEntry& a, const AutoStopEntry& b) {
  return SameSlot(a, b) && a.stop_at == b.stop_at;
}

}  // namespace

Json AutoStopEntry::ToJson() const {
  return {{"targeting_id", targeting_id ? Json(*targeting_id) : Json(nullptr)},
          {"reason", reason},
          {"stop_at_epoch_ms", EpochMs(stop_at)},
          {"stop_at_iso", FormatJstIso(stop_at)},
          {"metadata", metadata}};
}

Result<TimeOfDay> ParseHourMinute(std::string_view text, std::string_view what) {
  auto bad = [&] {
    return Status::InvalidArgument(std::string(what) + ": '" + std::string(text) +
                                   "' is not a time H:MM or HH:MM");
  };
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() - colon != 3) {
    return bad();
  }
  int h = 0, m = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i == colon) continue;
    if (text[i] < '0' || text[i] > '9') return bad();
    (i < colon ? h : m) = (i < colon ? h : m) * 10 + (text[i] - '0');
  }
  if (h > 23 || m > 59) return bad();
  return TimeOfDay{h, m, 0};
}

Result<std::vector<AutoStopEntry>> AutoStopSchedule::Load() {
  FS_ASSIGN_OR_RETURN(std::optional<std::string> text, state_.Get(kAutoStopKey));
  return ParseEntries(text);
}

Status AutoStopSchedule::Schedule(const Entries& add, bool reset) {
  TimePoint now = clock_.Now();
  return state_
      .Update(kAutoStopKey,
              [&](const std::optional<std::string>& current) -> Result<std::string> {
                Entries kept;
                if (!reset) {
                  FS_ASSIGN_OR_RETURN(kept, ParseEntries(current));
                  // Entries long past were carried out or are moot (the reference's −60 s).
                  std::erase_if(kept, [&](const AutoStopEntry& e) {
                    return e.stop_at < now - kAutoStopMinDelay;
                  });
                }
                for (AutoStopEntry e : add) {
                  e.stop_at = std::max(e.stop_at, now + kAutoStopMinDelay);
                  std::erase_if(kept, [&](const AutoStopEntry& k) { return SameSlot(k, e); });
                  kept.push_back(std::move(e));
                }
                return Serialize(std::move(kept));
              })
      .status();
}

Status AutoStopSchedule::StartSession(std::string_view trigger_name, double session_hours) {
  TimePoint now = clock_.Now();
  Json info = {{"trigger", std::string(trigger_name)}, {"started_at", FormatJstIso(now)}};
  FS_RETURN_IF_ERROR(state_.Set(kSessionInfoKey, DumpJson(info)));
  double hours = session_hours > 0 ? session_hours : kDefaultSessionHours;
  AutoStopEntry session;
  session.reason = "max_runtime";
  session.stop_at = now + std::chrono::duration_cast<Duration>(
                              std::chrono::duration<double, std::ratio<3600>>(hours));
  session.metadata = {{"trigger", std::string(trigger_name)}, {"session_hours", hours}};
  return Schedule({session}, /*reset=*/true);
}

Status AutoStopSchedule::RegisterTargeting(int64_t targeting_id, TimeOfDay send_end_time,
                                           double session_max_hours,
                                           std::string_view trigger_name) {
  TimePoint now = clock_.Now();
  double hours = session_max_hours > 0 ? session_max_hours : kDefaultSessionHours;
  Json meta = {{"trigger", std::string(trigger_name)}};
  AutoStopEntry runtime{targeting_id, "max_runtime",
                        now + std::chrono::duration_cast<Duration>(
                                  std::chrono::duration<double, std::ratio<3600>>(hours)),
                        meta};
  runtime.metadata["session_max_hours"] = hours;
  AutoStopEntry end{targeting_id, "business_end", JstTimeOn(JstDateOf(now), send_end_time), meta};
  end.metadata["send_end_time"] = std::to_string(send_end_time.hour) + ":" +
                                  (send_end_time.minute < 10 ? "0" : "") +
                                  std::to_string(send_end_time.minute);
  return Schedule({runtime, end}, /*reset=*/false);
}

Result<std::vector<AutoStopEntry>> AutoStopSchedule::Due(TimePoint now) {
  FS_ASSIGN_OR_RETURN(Entries entries, Load());
  Entries due;
  for (const auto& e : entries) {
    if (e.stop_at > now + kAutoStopDueSlack) continue;
    if (!e.targeting_id) return Entries{e};
    due.push_back(e);
  }
  return due;
}

Status AutoStopSchedule::Remove(const std::vector<AutoStopEntry>& done) {
  if (done.empty()) return Status::Ok();
  return state_
      .Update(kAutoStopKey,
              [&](const std::optional<std::string>& current) -> Result<std::string> {
                FS_ASSIGN_OR_RETURN(Entries kept, ParseEntries(current));
                for (const auto& d : done) {
                  // The session stop stopped everything: the schedule ends with it (spec
                  // §6.6), unless the schedule was reset by a new session meanwhile.
                  if (!d.targeting_id && std::any_of(kept.begin(), kept.end(), [&](const auto& k) {
                        return SameEntry(k, d);
                      })) {
                    kept.clear();
                  }
                  std::erase_if(kept, [&](const AutoStopEntry& k) { return SameEntry(k, d); });
                }
                return Serialize(std::move(kept));
              })
      .status();
}

}  // namespace formsender::scheduler

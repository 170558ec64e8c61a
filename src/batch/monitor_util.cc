#include "batch/monitor_util.h"

#include "common/strings.h"
#include "common/time.h"

namespace formsender::batch::monitor_internal {
namespace {

const Json* Find(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

std::optional<double> PositiveNumber(const Json* v) {
  if (!v) return std::nullopt;
  std::optional<double> d;
  if (v->is_number()) d = v->get<double>();
  if (v->is_string()) {
    auto parsed = ParseDouble(Trim(v->get<std::string>()));
    if (parsed.ok()) d = *parsed;
  }
  if (d && *d > 0) return d;
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& ActiveStatuses() {
  static const std::vector<std::string> kActive = {std::string(store::kExecutionRunning),
                                                   std::string(store::kExecutionQueued)};
  return kActive;
}

Json BatchOf(const store::JobExecution& e) {
  const Json* b = Find(e.metadata, "batch");
  return b && b->is_object() ? *b : Json::object();
}

Json MonitorOf(const Json& batch) {
  const Json* m = Find(batch, "monitor");
  return m && m->is_object() ? *m : Json::object();
}

std::string JobNameOf(const store::JobExecution& e, const Json& batch) {
  for (const Json* v : {Find(batch, "job_name"), Find(e.metadata, "batch_job_name")}) {
    if (v && v->is_string() && !Trim(v->get<std::string>()).empty()) {
      return std::string(Trim(v->get<std::string>()));
    }
  }
  return "";
}

bool IsBatchExecution(const store::JobExecution& e) {
  const Json* mode = Find(e.metadata, "execution_mode");
  if (mode && mode->is_string() && !mode->get<std::string>().empty()) {
    return mode->get<std::string>() == "batch";
  }
  return e.execution_mode == "batch";
}

bool Truthy(const Json& v, bool fallback) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) return ParseBool(v.get<std::string>()).value_or(fallback);
  if (v.is_number_integer()) return v.get<int64_t>() != 0;
  return fallback;
}

std::optional<double> SessionMaxHours(const store::JobExecution& e) {
  const Json* payload = Find(e.metadata, "task_payload");
  const Json* targeting = payload ? Find(*payload, "targeting") : nullptr;
  for (const Json* v : {payload ? Find(*payload, "session_max_hours") : nullptr,
                        Find(e.metadata, "session_max_hours"),
                        targeting ? Find(*targeting, "session_max_hours") : nullptr}) {
    if (auto h = PositiveNumber(v)) return h;
  }
  return std::nullopt;
}

Json EventsJson(const JobStatus& status, size_t max) {
  Json out = Json::array();
  size_t start = status.events.size() > max ? status.events.size() - max : 0;
  for (size_t i = start; i < status.events.size(); ++i) {
    const StatusEvent& ev = status.events[i];
    out.push_back(
        Json{{"description", ev.description},
             {"event_time", ev.event_time ? Json(FormatJstIso(*ev.event_time)) : Json()}});
  }
  return out;
}

bool MentionsCapacity(const std::string& text) {
  for (std::string_view word : {"resource exhausted", "resource_exhausted", "capacity", "quota",
                                "preempt", "spot", "unavailable"}) {
    if (ContainsIgnoreCase(text, word)) return true;
  }
  return false;
}

}  // namespace formsender::batch::monitor_internal

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

std::string_view SectionOf(const store::JobExecution& e) {
  const Json* mode = Find(e.metadata, "execution_mode");
  std::string name = mode && mode->is_string() && !mode->get<std::string>().empty()
                         ? mode->get<std::string>()
                         : e.execution_mode;
  if (name == kBatchSection) return kBatchSection;
  if (name == kCloudRunSection) return kCloudRunSection;
  return "";
}

Json SectionJson(const store::JobExecution& e, std::string_view section) {
  const Json* b = Find(e.metadata, section);
  return b && b->is_object() ? *b : Json::object();
}

Json SectionPatch(std::string_view section, Json patch) {
  Json out = Json::object();
  out[std::string(section)] = std::move(patch);
  return out;
}

std::string Reason(std::string_view section, std::string_view what) {
  return std::string(section) + "_" + std::string(what);
}

Json MonitorOf(const Json& section_json) {
  const Json* m = Find(section_json, "monitor");
  return m && m->is_object() ? *m : Json::object();
}

std::string JobNameOf(const store::JobExecution& e, const Json& section_json,
                      std::string_view section) {
  std::vector<const Json*> candidates;
  if (section == kCloudRunSection) {
    candidates = {Find(section_json, "execution"), Find(e.metadata, "cloud_run_execution"),
                  Find(section_json, "operation"), Find(e.metadata, "cloud_run_operation")};
  } else {
    candidates = {Find(section_json, "job_name"), Find(e.metadata, "batch_job_name")};
  }
  for (const Json* v : candidates) {
    if (v && v->is_string() && !Trim(v->get<std::string>()).empty()) {
      return std::string(Trim(v->get<std::string>()));
    }
  }
  return "";
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

#include "settings/effective_settings.h"

#include <cmath>
#include <initializer_list>

#include "calendar/send_window.h"
#include "common/strings.h"

namespace formsender::settings {
namespace {

constexpr int64_t kDefaultInstanceCount = 2;
constexpr int64_t kDefaultMaxParallelism = 100;
constexpr int64_t kDefaultWorkers = 4;       // CONFIG.WORKERS_PER_WORKFLOW
constexpr int64_t kDefaultBatchWorkers = 2;  // min(2, non-batch workers)
constexpr int64_t kDefaultShards = 8;
constexpr int64_t kDefaultVcpuPerWorker = 1;
constexpr int64_t kDefaultMemoryPerWorkerMb = 2048;
constexpr int64_t kDefaultMemoryBufferMb = 2048;
constexpr int64_t kDefaultMaxAttempts = 1;
constexpr int64_t kDefaultBatchTtlHours = 48;
constexpr int64_t kDefaultBatchThresholdSeconds = 21600;
constexpr int64_t kDefaultTtlHours = 15;
constexpr int64_t kDefaultThresholdSeconds = 1800;
constexpr double kDefaultSessionHours = 8;
constexpr int64_t kDefaultMaxDailySends = 100;
constexpr int64_t kDefaultCooldownDays = 30;
constexpr const char* kDefaultMachineType = "e2-standard-2";
constexpr const char* kDefaultStart = "09:00";
constexpr const char* kDefaultEnd = "18:00";
// When a threshold inherited from a broader level does not fit under the TTL, it is lowered to
// 10 minutes before expiry, as the reference's dispatcher does (spec §4.5).
constexpr int64_t kThresholdMarginSeconds = 600;

class Resolver {
 public:
  Resolver(const Targeting& t, const Properties& p) : t_(t), p_(p) {}

  SettingSource FromRow() const {
    SettingSource s;
    s.kind = SettingSource::Kind::kTargeting;
    s.origin = t_.source.empty() ? "" : t_.source + ":" + std::to_string(t_.sheet_row);
    return s;
  }
  SettingSource FromProperty(std::string_view name) const {
    SettingSource s;
    s.kind = SettingSource::Kind::kProperty;
    s.property = std::string(name);
    if (const PropertyValue* v = p_.Find(name)) s.origin = v->origin;
    return s;
  }

  // Targeting value, then each property in order, then the default.
  template <typename T, typename Get>
  Resolved<T> Chain(const std::optional<T>& row, std::initializer_list<std::string_view> props,
                    Get get, T fallback) const {
    if (row) return {*row, FromRow()};
    for (auto name : props) {
      if (auto v = (p_.*get)(name)) return {static_cast<T>(*v), FromProperty(name)};
    }
    return {std::move(fallback), SettingSource{}};
  }
  // A setting with no property: the targeting value or the default.
  template <typename T>
  Resolved<T> RowOr(const std::optional<T>& row, T fallback) const {
    if (row) return {*row, FromRow()};
    return {std::move(fallback), SettingSource{}};
  }
  Resolved<int64_t> Int(const std::optional<int64_t>& row,
                        std::initializer_list<std::string_view> props, int64_t fallback) const {
    return Chain<int64_t>(row, props, &Properties::Int, fallback);
  }
  Resolved<bool> Bool(const std::optional<bool>& row, std::initializer_list<std::string_view> props,
                      bool fallback) const {
    return Chain<bool>(row, props, &Properties::Bool, fallback);
  }
  Resolved<std::string> String(const std::optional<std::string>& row,
                               std::initializer_list<std::string_view> props,
                               std::string fallback) const {
    return Chain<std::string>(row, props, &Properties::String, std::move(fallback));
  }

  // Spec §6.5 (execution_mode.h); the reference's GitHub Actions fall-backs are errors.
  Result<Resolved<ExecutionMode>> Mode(std::string& reason) const {
    FS_ASSIGN_OR_RETURN(ModeDecision d, ResolveExecutionMode(t_, p_));
    FS_RETURN_IF_ERROR(
        CheckDispatcherConfigured(p_).WithContext("targeting " + std::to_string(t_.id)));
    reason = std::move(d.reason);
    return Resolved<ExecutionMode>{d.mode, d.from_targeting ? FromRow() : FromProperty(d.property)};
  }

 private:
  const Targeting& t_;
  const Properties& p_;
};

int Level(const SettingSource& s) {
  switch (s.kind) {
    case SettingSource::Kind::kTargeting:
      return 2;
    case SettingSource::Kind::kProperty:
      return 1;
    default:
      return 0;
  }
}

// The threshold must leave time before expiry. When it was set at least as specifically as the
// TTL, a conflict is the operator's to fix; when it was inherited, it is lowered with a warning.
Status FitThreshold(Resolved<int64_t>& threshold, const Resolved<int64_t>& ttl_hours,
                    std::string_view threshold_name, std::string_view ttl_name,
                    std::vector<std::string>& warnings) {
  int64_t ttl_seconds = ttl_hours.value * 3600;
  if (threshold.value < ttl_seconds) return Status::Ok();
  std::string conflict = std::string(threshold_name) + " " + std::to_string(threshold.value) +
                         " s (" + threshold.source.Label() + ") is not below " +
                         std::string(ttl_name) + " " + std::to_string(ttl_hours.value) + " h (" +
                         ttl_hours.source.Label() + ")";
  if (Level(threshold.source) > 0 && Level(threshold.source) >= Level(ttl_hours.source)) {
    return Status::InvalidArgument(conflict);
  }
  threshold.value = std::max<int64_t>(60, ttl_seconds - kThresholdMarginSeconds);
  warnings.push_back(conflict + ": lowered to " + std::to_string(threshold.value) + " s");
  return Status::Ok();
}

Json DoubleJson(double v) {
  // 8 rather than 8.0, as the reference's JavaScript would write it.
  if (std::floor(v) == v && std::fabs(v) < 1e15) return Json(static_cast<int64_t>(v));
  return Json(v);
}

Json ValueJson(ExecutionMode m) { return std::string(ExecutionModeName(m)); }
Json ValueJson(int64_t v) { return v; }
Json ValueJson(bool v) { return v; }
Json ValueJson(double v) { return DoubleJson(v); }
Json ValueJson(const std::string& v) { return v; }
Json ValueJson(const std::vector<int>& v) { return v; }
template <typename T>
Json ValueJson(const std::optional<T>& v) {
  return v ? ValueJson(*v) : Json();
}

// Visits every setting with its name, in output order.
template <typename F>
void ForEachSetting(const EffectiveSettings& s, F&& f) {
  f("execution_mode", s.execution_mode);
  f("concurrent_workflow", s.concurrent_workflow);
  f("batch_instance_count", s.batch_instance_count);
  f("parallelism", s.parallelism);
  f("batch_max_parallelism", s.batch_max_parallelism);
  f("workers_per_workflow", s.workers_per_workflow);
  f("batch_workers_per_workflow", s.batch_workers_per_workflow);
  f("shards", s.shards);
  f("batch_prefer_spot", s.batch_prefer_spot);
  f("batch_allow_on_demand_fallback", s.batch_allow_on_demand_fallback);
  f("batch_machine_type", s.batch_machine_type);
  f("batch_vcpu_per_worker", s.batch_vcpu_per_worker);
  f("batch_memory_per_worker_mb", s.batch_memory_per_worker_mb);
  f("batch_memory_buffer_mb", s.batch_memory_buffer_mb);
  f("batch_max_attempts", s.batch_max_attempts);
  f("batch_signed_url_ttl_hours", s.batch_signed_url_ttl_hours);
  f("batch_signed_url_refresh_threshold_seconds", s.batch_signed_url_refresh_threshold_seconds);
  f("signed_url_ttl_hours", s.signed_url_ttl_hours);
  f("signed_url_refresh_threshold_seconds", s.signed_url_refresh_threshold_seconds);
  f("session_max_hours", s.session_max_hours);
  f("send_start_time", s.send_start_time);
  f("send_end_time", s.send_end_time);
  f("send_days_of_week", s.send_days_of_week);
  f("max_daily_sends", s.max_daily_sends);
  f("use_extra_table", s.use_extra_table);
  f("branch", s.branch);
  f("company_cooldown_days", s.company_cooldown_days);
}

}  // namespace

std::string SettingSource::Label() const {
  switch (kind) {
    case Kind::kTargeting:
      return "targeting";
    case Kind::kProperty:
      return "property " + property;
    default:
      return "default";
  }
}

OrderedJson EffectiveSettings::ToJson() const {
  OrderedJson out = OrderedJson::object();
  ForEachSetting(*this, [&](const char* name, const auto& r) {
    OrderedJson entry = OrderedJson::object();
    entry["value"] = OrderedJson::parse(ValueJson(r.value).dump());
    entry["source"] = r.source.Label();
    if (std::string_view(name) == "execution_mode") entry["reason"] = execution_mode_reason;
    out[name] = std::move(entry);
  });
  return out;
}

std::vector<std::string> EffectiveSettings::ToLines() const {
  std::vector<std::string> lines;
  ForEachSetting(*this, [&](const char* name, const auto& r) {
    Json v = ValueJson(r.value);
    // Unset means "the task count" for the parallelism cap and "none" for the branch.
    std::string none = std::string_view(name) == "parallelism" ? "(task count)" : "(none)";
    std::string value = v.is_string() ? v.get<std::string>() : v.is_null() ? none : v.dump();
    std::string line = std::string(name);
    line.resize(std::max<size_t>(line.size() + 1, 44), ' ');
    line += value;
    line.resize(std::max<size_t>(line.size() + 1, 62), ' ');
    line += r.source.Label();
    if (!r.source.origin.empty()) line += " (" + r.source.origin + ")";
    lines.push_back(std::move(line));
  });
  return lines;
}

Result<EffectiveSettings> ResolveSettings(const Targeting& t, const Properties& p) {
  Resolver r(t, p);
  EffectiveSettings s;
  s.targeting_id = t.id;
  FS_ASSIGN_OR_RETURN(s.execution_mode, r.Mode(s.execution_mode_reason));
  s.concurrent_workflow = r.RowOr<int64_t>(t.concurrent_workflow, 1);
  s.batch_instance_count = r.Int(
      t.batch_instance_count,
      {"FORM_SENDER_BATCH_INSTANCE_COUNT_OVERRIDE", "FORM_SENDER_BATCH_INSTANCE_COUNT_DEFAULT"},
      kDefaultInstanceCount);
  {
    auto override_value = p.Int("FORM_SENDER_PARALLELISM_OVERRIDE");
    s.parallelism =
        override_value
            ? Resolved<std::optional<int64_t>>{override_value,
                                               r.FromProperty("FORM_SENDER_PARALLELISM_OVERRIDE")}
            : Resolved<std::optional<int64_t>>{std::nullopt, SettingSource{}};
  }
  s.batch_max_parallelism =
      r.Int(t.batch_max_parallelism, {"FORM_SENDER_BATCH_MAX_PARALLELISM_DEFAULT"},
            kDefaultMaxParallelism);
  s.workers_per_workflow = r.Int(std::nullopt, {"FORM_SENDER_WORKERS_OVERRIDE"}, kDefaultWorkers);
  // The reference's default is min(2, the non-batch workers); Q-2: the column takes effect.
  s.batch_workers_per_workflow =
      r.Int(t.batch_workers_per_workflow,
            {"FORM_SENDER_BATCH_WORKERS_PER_WORKFLOW_OVERRIDE",
             "FORM_SENDER_BATCH_WORKERS_PER_WORKFLOW_DEFAULT"},
            std::min(kDefaultBatchWorkers, s.workers_per_workflow.value));
  s.shards = r.Int(std::nullopt, {"FORM_SENDER_SHARD_COUNT"}, kDefaultShards);
  s.batch_prefer_spot =
      r.Bool(t.batch_prefer_spot, {"FORM_SENDER_BATCH_PREFER_SPOT_DEFAULT"}, true);
  s.batch_allow_on_demand_fallback = r.Bool(t.batch_allow_on_demand_fallback,
                                            {"FORM_SENDER_BATCH_ALLOW_ON_DEMAND_DEFAULT"}, false);
  s.batch_machine_type = r.String(
      t.batch_machine_type,
      {"FORM_SENDER_BATCH_MACHINE_TYPE_OVERRIDE", "FORM_SENDER_BATCH_MACHINE_TYPE_DEFAULT"},
      kDefaultMachineType);
  s.batch_vcpu_per_worker =
      r.Int(t.batch_vcpu_per_worker, {"FORM_SENDER_BATCH_VCPU_PER_WORKER_DEFAULT"},
            kDefaultVcpuPerWorker);
  s.batch_memory_per_worker_mb =
      r.Int(t.batch_memory_per_worker_mb, {"FORM_SENDER_BATCH_MEMORY_PER_WORKER_MB_DEFAULT"},
            kDefaultMemoryPerWorkerMb);
  s.batch_memory_buffer_mb =
      r.Int(t.batch_memory_buffer_mb, {"FORM_SENDER_BATCH_MEMORY_BUFFER_MB_DEFAULT"},
            kDefaultMemoryBufferMb);
  s.batch_max_attempts =
      r.Int(t.batch_max_attempts, {"FORM_SENDER_BATCH_MAX_ATTEMPTS_DEFAULT"}, kDefaultMaxAttempts);
  s.batch_signed_url_ttl_hours =
      r.Int(t.batch_signed_url_ttl_hours, {"FORM_SENDER_SIGNED_URL_TTL_HOURS_BATCH"},
            kDefaultBatchTtlHours);
  s.batch_signed_url_refresh_threshold_seconds =
      r.Int(t.batch_signed_url_refresh_threshold_seconds,
            {"FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD_BATCH"}, kDefaultBatchThresholdSeconds);
  FS_RETURN_IF_ERROR(FitThreshold(
      s.batch_signed_url_refresh_threshold_seconds, s.batch_signed_url_ttl_hours,
      "batch_signed_url_refresh_threshold_seconds", "batch_signed_url_ttl_hours", s.warnings));
  s.signed_url_ttl_hours =
      r.Int(std::nullopt, {"FORM_SENDER_SIGNED_URL_TTL_HOURS"}, kDefaultTtlHours);
  s.signed_url_refresh_threshold_seconds =
      r.Int(std::nullopt, {"FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD"}, kDefaultThresholdSeconds);
  FS_RETURN_IF_ERROR(FitThreshold(s.signed_url_refresh_threshold_seconds, s.signed_url_ttl_hours,
                                  "signed_url_refresh_threshold_seconds", "signed_url_ttl_hours",
                                  s.warnings));
  s.session_max_hours =
      r.Chain<double>(t.session_max_hours, {"FORM_SENDER_MAX_SESSION_HOURS_DEFAULT"},
                      &Properties::Double, kDefaultSessionHours);
  s.send_start_time = r.RowOr<std::string>(t.send_start_time, kDefaultStart);
  s.send_end_time = r.String(t.send_end_time, {"FORM_SENDER_DEFAULT_SEND_END_TIME"}, kDefaultEnd);
  if (s.send_start_time.value > s.send_end_time.value) {  // both "HH:MM"
    return Status::InvalidArgument(
        "targeting " + std::to_string(t.id) + ": send_start_time " + s.send_start_time.value +
        " (" + s.send_start_time.source.Label() + ") is after send_end_time " +
        s.send_end_time.value + " (" + s.send_end_time.source.Label() + ")");
  }
  s.send_days_of_week = r.RowOr<std::vector<int>>(t.send_days_of_week, {0, 1, 2, 3, 4});
  s.max_daily_sends = r.RowOr<int64_t>(t.max_daily_sends, kDefaultMaxDailySends);
  s.use_extra_table = {t.use_extra_table, t.use_extra_table ? r.FromRow() : SettingSource{}};
  s.branch = r.Chain<std::optional<std::string>>(
      t.branch ? std::optional<std::optional<std::string>>(t.branch) : std::nullopt,
      {"FORM_SENDER_GIT_REF_DEFAULT"}, &Properties::String, std::optional<std::string>());
  s.company_cooldown_days = r.Int(std::nullopt, {"company_cooldown_days"}, kDefaultCooldownDays);
  if (!t.active) s.warnings.push_back("targeting " + std::to_string(t.id) + " is not active");
  return s;
}

}  // namespace formsender::settings

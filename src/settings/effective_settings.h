#pragma once
// A campaign's effective settings: every setting of spec §2.7 and guide §7 resolved by the one
// precedence rule — the targeting row, then the property (its *_OVERRIDE first where one
// exists, then its *_DEFAULT), then the built-in default — each with the source it came from.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/status.h"
#include "settings/execution_mode.h"
#include "settings/models.h"
#include "settings/properties.h"

namespace formsender::settings {

struct SettingSource {
  enum class Kind { kTargeting, kProperty, kDefault };
  Kind kind = Kind::kDefault;
  std::string property;  // kProperty: the property's name
  // Where the value was written: "targeting.csv:4", "env USE_GCP_BATCH",
  // "formsender.toml:12"; empty for defaults.
  std::string origin;
  // "targeting", "property NAME" or "default" (the `source` of `formsender plan --json`).
  std::string Label() const;
};

template <typename T>
struct Resolved {
  T value{};
  SettingSource source;
};

struct EffectiveSettings {
  int64_t targeting_id = 0;
  Resolved<ExecutionMode> execution_mode;  // execution_mode.h
  // Why that mode: which value decided and what it overrode (`formsender plan`).
  std::string execution_mode_reason;
  Resolved<int64_t> concurrent_workflow;
  Resolved<int64_t> batch_instance_count;
  // FORM_SENDER_PARALLELISM_OVERRIDE; unset means "the task count".
  Resolved<std::optional<int64_t>> parallelism;
  Resolved<int64_t> batch_max_parallelism;
  Resolved<int64_t> workers_per_workflow;  // serverless mode
  Resolved<int64_t> batch_workers_per_workflow;
  Resolved<int64_t> shards;
  Resolved<bool> batch_prefer_spot;
  Resolved<bool> batch_allow_on_demand_fallback;
  Resolved<std::string> batch_machine_type;
  Resolved<int64_t> batch_vcpu_per_worker;
  Resolved<int64_t> batch_memory_per_worker_mb;
  Resolved<int64_t> batch_memory_buffer_mb;
  Resolved<int64_t> batch_max_attempts;
  Resolved<int64_t> batch_signed_url_ttl_hours;
  Resolved<int64_t> batch_signed_url_refresh_threshold_seconds;
  Resolved<int64_t> signed_url_ttl_hours;                  // serverless mode
  Resolved<int64_t> signed_url_refresh_threshold_seconds;  // serverless mode
  Resolved<double> session_max_hours;
  Resolved<std::string> send_start_time;  // "HH:MM"
  Resolved<std::string> send_end_time;    // "HH:MM"
  Resolved<std::vector<int>> send_days_of_week;
  Resolved<int64_t> max_daily_sends;
  Resolved<bool> use_extra_table;
  Resolved<std::optional<std::string>> branch;
  Resolved<int64_t> company_cooldown_days;
  // Adjustments made and things an operator should know ("refresh threshold lowered …").
  std::vector<std::string> warnings;

  // {"<name>": {"value": …, "source": "targeting" | "property NAME" | "default"}} in the order
  // of the members above; execution_mode also has its "reason".
  OrderedJson ToJson() const;
  // One line per setting: name, value, source and origin.
  std::vector<std::string> ToLines() const;
};

// Errors for combinations no single value can catch: send_start_time after send_end_time,
// a refresh threshold not below the TTL when both were set explicitly, no execution mode
// selected or a Cloud Tasks dispatcher missing settings (where the reference fell back to
// GitHub Actions, execution_mode.h).
Result<EffectiveSettings> ResolveSettings(const Targeting& targeting, const Properties& properties);

}  // namespace formsender::settings

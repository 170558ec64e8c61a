#pragma once
// Everything a runner process needs to know before it starts, resolved once from its flags,
// the task environment (env_contract.h) and the properties: which campaign, day, tables, run id,
// shard, how many workers and forms in flight, where the client_config comes from, the limits.
// Bad values are errors naming the flag or variable; nothing falls back silently.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/env.h"
#include "common/status.h"
#include "common/time.h"
#include "runner/env_contract.h"
#include "settings/properties.h"

namespace formsender::runner {

enum class EngineChoice { kHttp, kBrowser, kAuto };
Result<EngineChoice> ParseEngineChoice(std::string_view text);

// `formsender runner` flags (docs/runner.md). Unset optionals fall back to the environment.
struct RunnerFlags {
  std::optional<int64_t> targeting_id;     // --targeting-id (else FORM_SENDER_TARGETING_ID)
  std::optional<std::string> config_file;  // --config-file (else the signed URL)
  std::optional<std::string> target_date;  // --target-date YYYY-MM-DD (else today, JST)
  std::optional<int64_t> company_id;       // --company-id: that one company, once
  std::optional<int64_t> max_processed;    // --max-processed N companies, then stop
  bool dry_run = false;                    // --dry-run: nothing claimed, written or sent
  std::string engine = "auto";             // --engine http|browser|auto
  std::optional<int> num_workers;          // --num-workers (the reference's H10 flag)
  std::optional<int> shard_id;             // --shard-id
  std::optional<std::string> table_mode;   // --table-mode default|extra|test
  std::optional<int> forms_in_flight;      // --forms-in-flight
  bool allow_private_targets = false;      // --allow-private-targets
};

// The runner's timings and limits (properties runner.*, defaults from the reference's
// config/worker_config.json where it had one).
struct RunnerTuning {
  int forms_in_flight = 32;
  std::chrono::milliseconds backoff_initial{2'000};
  std::chrono::milliseconds backoff_max{60'000};
  double backoff_jitter_ratio = 0.2;
  int empty_exit_attempts = 3;
  std::chrono::seconds empty_exit_after{60};
  std::chrono::seconds idle_exit_after{900};
  std::chrono::seconds requeue_interval{60};
  int requeue_stale_minutes = 5;
  std::chrono::seconds shutdown_grace{25};
  std::chrono::seconds progress_interval{30};  // progress log line and heartbeat
  std::chrono::seconds form_time_limit{120};
  bool skip_holidays = true;
};
Result<RunnerTuning> TuningFromProperties(const settings::Properties& props);

struct RunnerSettings {
  RunEnvironment environment = RunEnvironment::kLocal;
  std::optional<int64_t> targeting_id;  // unset: taken from the client_config
  TableModeChoice tables;
  bool test_mode() const { return tables.mode == sendqueue::TableMode::kTest; }
  CivilDate target_date;
  std::string run_id;
  // A retried task: the run-id prefix of its earlier attempts, whose claims go back at start.
  std::optional<std::string> earlier_attempts_prefix;
  std::optional<ExecutionMeta> meta;
  TaskIdentity task;
  std::optional<int64_t> run_index;
  std::optional<int> shard_id;  // the shard this task prefers
  int total_shards = 8;
  int workers = 4;
  std::string workers_source;
  std::optional<std::string> execution_id;  // JOB_EXECUTION_ID

  // Where the client_config comes from: --config-file, else the signed URL.
  std::optional<std::string> config_file;
  std::optional<std::string> config_url;        // FORM_SENDER_CLIENT_CONFIG_URL
  std::optional<std::string> config_object;     // FORM_SENDER_CLIENT_CONFIG_OBJECT
  std::optional<std::string> config_save_path;  // FORM_SENDER_CLIENT_CONFIG_PATH
  std::string dispatcher_base_url;              // FORM_SENDER_DISPATCHER_BASE_URL (no trailing /)
  std::string dispatcher_audience;              // FORM_SENDER_DISPATCHER_AUDIENCE, else the base
  std::optional<std::string> dispatcher_token;  // FORM_SENDER_DISPATCHER_TOKEN (local dispatcher)

  std::optional<int64_t> company_id;
  std::optional<int64_t> max_processed;
  bool dry_run = false;
  EngineChoice engine = EngineChoice::kAuto;
  bool allow_private_targets = false;           // also FORMSENDER_ALLOW_PRIVATE_TARGETS
  std::optional<double> max_runtime_hours_env;  // FORM_SENDER_MAX_RUNTIME_HOURS
  std::chrono::minutes business_end_grace{2};   // FORM_SENDER_BUSINESS_END_GRACE_MINUTES
  int cooldown_days = 30;                       // company_cooldown_days
  RunnerTuning tuning;
  std::vector<std::string> warnings;
};

// `random_suffix` makes the run id unique (tests pass a fixed one).
Result<RunnerSettings> ResolveRunnerSettings(const RunnerFlags& flags, const Environment& env,
                                             const settings::Properties& props, TimePoint now,
                                             std::string_view random_suffix);

}  // namespace formsender::runner

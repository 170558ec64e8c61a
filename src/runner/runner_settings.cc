#include "runner/runner_settings.h"

#include <algorithm>

#include "common/strings.h"

namespace formsender::runner {
namespace {

constexpr int kMaxWorkers = 16;  // workers_per_workflow 1–16 (Q-1b)

Result<std::optional<int64_t>> EnvInt(const Environment& env, std::string_view name, int64_t min,
                                      int64_t max) {
  auto v = env.GetNonBlank(name);
  if (!v) return std::optional<int64_t>();
  auto n = ParseInt64(*v, name);
  if (!n.ok() || *n < min || *n > max) {
    return Status::InvalidArgument(std::string(name) + "=\"" + *v + "\" is not a whole number " +
                                   std::to_string(min) + "–" + std::to_string(max));
  }
  return std::optional<int64_t>(*n);
}

std::string StripTrailingSlashes(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

// W = the smallest of the values given (flag, meta, env), each 1–16; 4 when none is given.
Status ResolveWorkers(const RunnerFlags& flags, const Environment& env, RunnerSettings& s) {
  std::vector<std::pair<int64_t, std::string>> given;
  auto check = [&](int64_t v, const std::string& source) -> Status {
    if (v < 1 || v > kMaxWorkers) {
      return Status::InvalidArgument(source + " " + std::to_string(v) +
                                     " is outside workers_per_workflow 1–16");
    }
    given.emplace_back(v, source);
    return Status::Ok();
  };
  if (flags.num_workers) FS_RETURN_IF_ERROR(check(*flags.num_workers, "--num-workers"));
  if (s.meta && s.meta->workers_per_workflow) {
    FS_RETURN_IF_ERROR(
        check(*s.meta->workers_per_workflow, "JOB_EXECUTION_META.workers_per_workflow"));
  }
  for (const char* name : {"FORM_SENDER_WORKERS_FROM_META", "FORM_SENDER_MAX_WORKERS"}) {
    FS_ASSIGN_OR_RETURN(std::optional<int64_t> v, EnvInt(env, name, 1, kMaxWorkers));
    if (v) given.emplace_back(*v, name);
  }
  if (given.empty()) {
    s.workers = 4;
    s.workers_source = "default";
  } else {
    auto smallest = std::min_element(given.begin(), given.end());
    s.workers = static_cast<int>(smallest->first);
    s.workers_source = smallest->second;
  }
  if (s.company_id && s.workers != 1) {
    s.workers = 1;
    s.workers_source = "--company-id";
  }
  return Status::Ok();
}

}  // namespace

Result<EngineChoice> ParseEngineChoice(std::string_view text) {
  std::string s = ToLowerAscii(Trim(text));
  if (s == "http") return EngineChoice::kHttp;
  if (s == "browser") return EngineChoice::kBrowser;
  if (s == "auto") return EngineChoice::kAuto;
  return Status::InvalidArgument("--engine \"" + std::string(text) +
                                 "\" is not one of http, browser, auto");
}

Result<RunnerTuning> TuningFromProperties(const settings::Properties& props) {
  RunnerTuning t;
  auto get = [&](std::string_view name, int64_t fallback) {
    return props.Int(name).value_or(fallback);
  };
  t.forms_in_flight = static_cast<int>(get("runner.forms_in_flight", t.forms_in_flight));
  t.backoff_initial =
      std::chrono::milliseconds(get("runner.backoff_initial_ms", t.backoff_initial.count()));
  t.backoff_max = std::chrono::milliseconds(get("runner.backoff_max_ms", t.backoff_max.count()));
  if (t.backoff_max < t.backoff_initial) {
    return Status::InvalidArgument(
        "runner.backoff_max_ms " + std::to_string(t.backoff_max.count()) +
        " is below runner.backoff_initial_ms " + std::to_string(t.backoff_initial.count()));
  }
  t.empty_exit_attempts =
      static_cast<int>(get("runner.empty_exit_attempts", t.empty_exit_attempts));
  t.empty_exit_after =
      std::chrono::seconds(get("runner.empty_exit_seconds", t.empty_exit_after.count()));
  t.requeue_interval =
      std::chrono::seconds(get("runner.requeue_interval_seconds", t.requeue_interval.count()));
  t.requeue_stale_minutes =
      static_cast<int>(get("runner.requeue_stale_minutes", t.requeue_stale_minutes));
  t.shutdown_grace =
      std::chrono::seconds(get("runner.shutdown_grace_seconds", t.shutdown_grace.count()));
  t.progress_interval =
      std::chrono::seconds(get("runner.progress_interval_seconds", t.progress_interval.count()));
  t.form_time_limit =
      std::chrono::seconds(get("runner.form_time_limit_seconds", t.form_time_limit.count()));
  t.skip_holidays = props.Bool("runner.skip_holidays").value_or(true);
  return t;
}

Result<RunnerSettings> ResolveRunnerSettings(const RunnerFlags& flags, const Environment& env,
                                             const settings::Properties& props, TimePoint now,
                                             std::string_view random_suffix) {
  RunnerSettings s;
  FS_ASSIGN_OR_RETURN(s.environment, ResolveRunEnvironment(env));
  FS_ASSIGN_OR_RETURN(s.tuning, TuningFromProperties(props));

  // The campaign.
  if (flags.targeting_id) {
    if (*flags.targeting_id <= 0) {
      return Status::InvalidArgument("--targeting-id " + std::to_string(*flags.targeting_id) +
                                     " is not a positive id");
    }
    s.targeting_id = flags.targeting_id;
  } else {
    FS_ASSIGN_OR_RETURN(s.targeting_id, EnvInt(env, "FORM_SENDER_TARGETING_ID", 1, INT64_MAX));
  }
  if (flags.target_date) {
    auto d = CivilDate::Parse(*flags.target_date);
    if (!d.ok()) {
      return Status::InvalidArgument("--target-date \"" + *flags.target_date +
                                     "\" is not a date YYYY-MM-DD");
    }
    s.target_date = *d;
  } else {
    s.target_date = JstDateOf(now);  // fixed at start: a run never rolls over midnight
  }

  // The task.
  if (auto meta_text = env.GetNonBlank("JOB_EXECUTION_META")) {
    FS_ASSIGN_OR_RETURN(s.meta, DecodeExecutionMeta(*meta_text));
  }
  FS_ASSIGN_OR_RETURN(s.task, ReadTaskIdentity(env));
  FS_ASSIGN_OR_RETURN(s.run_index, ResolveRunIndex(s.meta, s.task, env));
  FS_ASSIGN_OR_RETURN(std::optional<int64_t> total_shards,
                      EnvInt(env, "FORM_SENDER_TOTAL_SHARDS", 1, 100000));
  if (total_shards) {
    s.total_shards = static_cast<int>(*total_shards);
  } else if (s.meta && s.meta->shards && *s.meta->shards > 0) {
    s.total_shards = static_cast<int>(*s.meta->shards);
  } else {
    s.total_shards = 8;
  }
  if (flags.shard_id) {
    if (*flags.shard_id < 0) {
      return Status::InvalidArgument("--shard-id " + std::to_string(*flags.shard_id) +
                                     " is negative");
    }
    s.shard_id = flags.shard_id;
  } else if (s.run_index) {
    s.shard_id = ShardOfRunIndex(*s.run_index, s.total_shards);
  }
  s.execution_id = env.GetNonBlank("JOB_EXECUTION_ID");
  s.run_id = BuildRunId(env, s.run_index, s.task.attempt, now, random_suffix);
  s.earlier_attempts_prefix = EarlierAttemptsRunPrefix(env, s.run_index, s.task.attempt);
  FS_ASSIGN_OR_RETURN(s.tables, ResolveTableMode(flags.table_mode, env, s.meta));
  for (const auto& w : s.tables.warnings) s.warnings.push_back(w);

  // What to do.
  if (flags.company_id && *flags.company_id <= 0) {
    return Status::InvalidArgument("--company-id " + std::to_string(*flags.company_id) +
                                   " is not a positive id");
  }
  s.company_id = flags.company_id;
  if (flags.max_processed && *flags.max_processed <= 0) {
    return Status::InvalidArgument("--max-processed " + std::to_string(*flags.max_processed) +
                                   " must be at least 1");
  }
  s.max_processed = flags.max_processed;
  s.dry_run = flags.dry_run;
  FS_ASSIGN_OR_RETURN(s.engine, ParseEngineChoice(flags.engine));
  s.allow_private_targets = flags.allow_private_targets;
  if (auto v = env.GetNonBlank("FORMSENDER_ALLOW_PRIVATE_TARGETS")) {
    FS_ASSIGN_OR_RETURN(bool allow, ParseBool(*v, "FORMSENDER_ALLOW_PRIVATE_TARGETS"));
    s.allow_private_targets = s.allow_private_targets || allow;
  }
  FS_RETURN_IF_ERROR(ResolveWorkers(flags, env, s));
  if (flags.forms_in_flight) {
    if (*flags.forms_in_flight < 1 || *flags.forms_in_flight > 256) {
      return Status::InvalidArgument("--forms-in-flight " + std::to_string(*flags.forms_in_flight) +
                                     " is outside 1–256");
    }
    s.tuning.forms_in_flight = *flags.forms_in_flight;
  }
  if (s.company_id) s.tuning.forms_in_flight = 1;

  // Limits.
  if (auto v = env.GetNonBlank("FORM_SENDER_MAX_RUNTIME_HOURS")) {
    auto h = ParseDouble(*v, "FORM_SENDER_MAX_RUNTIME_HOURS");
    if (!h.ok() || !(*h > 0) || *h > 168) {
      return Status::InvalidArgument("FORM_SENDER_MAX_RUNTIME_HOURS=\"" + *v +
                                     "\" is not a number of hours above 0 (at most 168)");
    }
    s.max_runtime_hours_env = *h;
  }
  FS_ASSIGN_OR_RETURN(std::optional<int64_t> grace,
                      EnvInt(env, "FORM_SENDER_BUSINESS_END_GRACE_MINUTES", 0, 240));
  if (grace) s.business_end_grace = std::chrono::minutes(*grace);
  s.cooldown_days = static_cast<int>(props.Int("company_cooldown_days").value_or(30));

  // The client_config.
  if (flags.config_file) {
    s.config_file = flags.config_file;
  } else {
    s.config_url = env.GetNonBlank("FORM_SENDER_CLIENT_CONFIG_URL");
    s.config_object = env.GetNonBlank("FORM_SENDER_CLIENT_CONFIG_OBJECT");
    if (!s.config_url) {
      return Status::InvalidArgument(
          "no client_config: give --config-file FILE, or FORM_SENDER_CLIENT_CONFIG_URL (with "
          "FORM_SENDER_CLIENT_CONFIG_OBJECT) as the dispatcher does");
    }
    if (!s.dry_run && s.environment != RunEnvironment::kLocal && !s.config_object) {
      return Status::InvalidArgument(
          "FORM_SENDER_CLIENT_CONFIG_OBJECT is required with FORM_SENDER_CLIENT_CONFIG_URL");
    }
  }
  s.config_save_path = env.GetNonBlank("FORM_SENDER_CLIENT_CONFIG_PATH");
  s.dispatcher_base_url =
      StripTrailingSlashes(env.GetNonBlank("FORM_SENDER_DISPATCHER_BASE_URL").value_or(""));
  s.dispatcher_audience =
      env.GetNonBlank("FORM_SENDER_DISPATCHER_AUDIENCE").value_or(s.dispatcher_base_url);
  s.dispatcher_token = env.GetNonBlank("FORM_SENDER_DISPATCHER_TOKEN");
  return s;
}

}  // namespace formsender::runner

#include "runner/env_contract.h"

#include <cstdio>
#include <ctime>

#include "common/json.h"
#include "common/strings.h"
#include "common/time.h"

namespace formsender::runner {
namespace {

using sendqueue::TableMode;

Result<std::optional<int64_t>> NonNegativeInt(const Environment& env, std::string_view name) {
  auto v = env.GetNonBlank(name);
  if (!v) return std::optional<int64_t>();
  auto n = ParseInt64(*v, name);
  if (!n.ok() || *n < 0) {
    return Status::InvalidArgument(std::string(name) + "=\"" + *v + "\" is not a whole number ≥ 0");
  }
  return std::optional<int64_t>(*n);
}

Result<std::optional<int64_t>> FirstInt(const Environment& env,
                                        std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    FS_ASSIGN_OR_RETURN(std::optional<int64_t> v, NonNegativeInt(env, name));
    if (v) return v;
  }
  return std::optional<int64_t>();
}

// An integer member that may also be written as a numeric string.
Result<std::optional<int64_t>> MetaInt(const Json& meta, const char* key) {
  if (!meta.contains(key) || meta[key].is_null()) return std::optional<int64_t>();
  const Json& v = meta[key];
  if (v.is_number_integer()) return std::optional<int64_t>(v.get<int64_t>());
  if (v.is_number_float()) return std::optional<int64_t>(static_cast<int64_t>(v.get<double>()));
  if (v.is_string()) {
    auto n = ParseInt64(Trim(v.get<std::string>()));
    if (n.ok()) return std::optional<int64_t>(*n);
  }
  return Status::InvalidArgument(std::string("JOB_EXECUTION_META.") + key + " " + DumpJson(v) +
                                 " is not a whole number");
}

std::optional<TableMode> ModeFromTableName(std::string_view name) {
  if (name.ends_with("_test")) return TableMode::kTest;
  if (name.ends_with("_extra")) return TableMode::kExtra;
  return std::nullopt;
}

}  // namespace

std::string_view RunEnvironmentName(RunEnvironment env) {
  switch (env) {
    case RunEnvironment::kLocal:
      return "local";
    case RunEnvironment::kGcpBatch:
      return "gcp_batch";
    case RunEnvironment::kCloudRun:
      return "cloud_run";
  }
  return "local";
}

Result<RunEnvironment> ResolveRunEnvironment(const Environment& env) {
  if (auto v = env.GetNonBlank("FORM_SENDER_ENV")) {
    std::string s = ToLowerAscii(*v);
    if (s == "local") return RunEnvironment::kLocal;
    if (s == "gcp_batch") return RunEnvironment::kGcpBatch;
    if (s == "cloud_run") return RunEnvironment::kCloudRun;
    return Status::InvalidArgument("FORM_SENDER_ENV=\"" + *v +
                                   "\" is not one of local, gcp_batch, cloud_run");
  }
  for (const char* name : {"BATCH_TASK_INDEX", "BATCH_TASK_ATTEMPT", "BATCH_TASK_RETRY_ATTEMPT",
                           "BATCH_TASK_COUNT", "BATCH_JOB_ID", "BATCH_JOB_NAME"}) {
    if (env.GetNonBlank(name)) return RunEnvironment::kGcpBatch;
  }
  for (const char* name : {"CLOUD_RUN_TASK_INDEX", "CLOUD_RUN_EXECUTION", "CLOUD_RUN_JOB"}) {
    if (env.GetNonBlank(name)) return RunEnvironment::kCloudRun;
  }
  return RunEnvironment::kLocal;
}

Result<ExecutionMeta> DecodeExecutionMeta(std::string_view text) {
  auto raw = Base64Decode(Trim(text));
  if (!raw.ok()) return Status::InvalidArgument("JOB_EXECUTION_META is not valid base64");
  auto parsed = ParseJson(*raw, "JOB_EXECUTION_META");
  if (!parsed.ok()) return parsed.status();
  if (!parsed->is_object()) return Status::InvalidArgument("JOB_EXECUTION_META is not an object");
  const Json& j = *parsed;
  ExecutionMeta meta;
  FS_ASSIGN_OR_RETURN(std::optional<int64_t> base, MetaInt(j, "run_index_base"));
  meta.run_index_base = base.value_or(0);
  FS_ASSIGN_OR_RETURN(meta.shards, MetaInt(j, "shards"));
  FS_ASSIGN_OR_RETURN(meta.workers_per_workflow, MetaInt(j, "workers_per_workflow"));
  if (j.contains("test_mode") && !j["test_mode"].is_null()) {
    const Json& t = j["test_mode"];
    if (t.is_boolean()) {
      meta.test_mode = t.get<bool>();
    } else if (t.is_number_integer()) {
      meta.test_mode = t.get<int64_t>() != 0;
    } else if (t.is_string()) {
      FS_ASSIGN_OR_RETURN(meta.test_mode,
                          ParseBool(t.get<std::string>(), "JOB_EXECUTION_META.test_mode"));
    } else {
      return Status::InvalidArgument("JOB_EXECUTION_META.test_mode " + DumpJson(t) +
                                     " is not a boolean");
    }
  }
  if (j.contains("table_mode") && j["table_mode"].is_string()) {
    meta.table_mode = j["table_mode"].get<std::string>();
  }
  return meta;
}

Result<TaskIdentity> ReadTaskIdentity(const Environment& env) {
  TaskIdentity t;
  FS_ASSIGN_OR_RETURN(t.task_index, FirstInt(env, {"BATCH_TASK_INDEX", "CLOUD_RUN_TASK_INDEX"}));
  FS_ASSIGN_OR_RETURN(t.attempt,
                      FirstInt(env, {"BATCH_TASK_RETRY_ATTEMPT", "BATCH_TASK_ATTEMPT",
                                     "CLOUD_RUN_TASK_ATTEMPT", "CLOUD_RUN_TASK_RETRY_ATTEMPT"}));
  FS_ASSIGN_OR_RETURN(t.task_count, FirstInt(env, {"BATCH_TASK_COUNT", "CLOUD_RUN_TASK_COUNT"}));
  if (auto v = env.GetNonBlank("BATCH_JOB_ID")) {
    t.job_id = *v;
  } else if (auto e = env.GetNonBlank("CLOUD_RUN_EXECUTION")) {
    t.job_id = *e;
  }
  return t;
}

Result<std::optional<int64_t>> ResolveRunIndex(const std::optional<ExecutionMeta>& meta,
                                               const TaskIdentity& task, const Environment& env) {
  if (meta && task.task_index) {
    return std::optional<int64_t>(meta->run_index_base + *task.task_index + 1);
  }
  FS_ASSIGN_OR_RETURN(std::optional<int64_t> exported,
                      NonNegativeInt(env, "FORM_SENDER_RUN_INDEX"));
  if (exported) return exported;
  if (task.task_index) return std::optional<int64_t>(*task.task_index + 1);
  if (meta) return std::optional<int64_t>(meta->run_index_base + 1);
  return std::optional<int64_t>();
}

int ShardOfRunIndex(int64_t run_index, int shards) {
  if (shards <= 0) return 0;
  int64_t r = (run_index - 1) % shards;
  if (r < 0) r += shards;
  return static_cast<int>(r);
}

namespace {

// The execution a run belongs to, as its id starts; nullopt for a local run.
std::optional<std::string> RunIdBase(const Environment& env) {
  for (const char* name : {"JOB_EXECUTION_ID", "CLOUD_RUN_EXECUTION", "GITHUB_RUN_ID"}) {
    if (auto v = env.GetNonBlank(name)) return ReplaceAll(*v, " ", "_");
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> EarlierAttemptsRunPrefix(const Environment& env,
                                                    std::optional<int64_t> run_index,
                                                    std::optional<int64_t> attempt) {
  auto base = RunIdBase(env);
  if (!base || !run_index || !attempt || *attempt <= 0) return std::nullopt;
  return *base + "-ri" + std::to_string(*run_index) + "-a";
}

std::string BuildRunId(const Environment& env, std::optional<int64_t> run_index,
                       std::optional<int64_t> attempt, TimePoint now, std::string_view suffix) {
  std::string id = RunIdBase(env).value_or("local");
  if (run_index) id += "-ri" + std::to_string(*run_index);
  if (attempt) id += "-a" + std::to_string(*attempt);
  std::time_t secs = static_cast<std::time_t>(ToUnixSeconds(now));
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
  id += "-";
  id += stamp;
  if (!suffix.empty()) {
    id += "-";
    id += suffix;
  }
  return id;
}

Result<TableModeChoice> ResolveTableMode(const std::optional<std::string>& flag,
                                         const Environment& env,
                                         const std::optional<ExecutionMeta>& meta) {
  TableModeChoice choice;
  bool decided = false;
  if (auto v = env.GetNonBlank("FORM_SENDER_TEST_MODE")) {
    FS_ASSIGN_OR_RETURN(bool test, ParseBool(*v, "FORM_SENDER_TEST_MODE"));
    if (test) {
      choice.mode = TableMode::kTest;
      choice.source = "FORM_SENDER_TEST_MODE";
      decided = true;
    }
  }
  if (!decided && meta && meta->test_mode) {
    choice.mode = TableMode::kTest;
    choice.source = "JOB_EXECUTION_META.test_mode";
    decided = true;
  }
  auto explicit_mode = [&](const std::optional<std::string>& value,
                           const std::string& source) -> Status {
    if (decided || !value || Trim(*value).empty()) return Status::Ok();
    auto mode = sendqueue::ParseTableMode(Trim(*value));
    if (!mode.ok()) {
      return Status::InvalidArgument(source + " \"" + *value +
                                     "\" is not one of default, extra, test");
    }
    choice.mode = *mode;
    choice.source = source;
    decided = true;
    return Status::Ok();
  };
  FS_RETURN_IF_ERROR(explicit_mode(flag, "--table-mode"));
  FS_RETURN_IF_ERROR(
      explicit_mode(env.GetNonBlank("FORM_SENDER_TABLE_MODE"), "FORM_SENDER_TABLE_MODE"));
  FS_RETURN_IF_ERROR(
      explicit_mode(meta ? meta->table_mode : std::nullopt, "JOB_EXECUTION_META.table_mode"));
  const char* kTableVars[] = {"COMPANY_TABLE", "SEND_QUEUE_TABLE", "SUBMISSIONS_TABLE"};
  if (!decided) {
    for (const char* name : kTableVars) {
      auto v = env.GetNonBlank(name);
      if (!v) continue;
      if (auto m = ModeFromTableName(*v)) {
        choice.mode = *m;
        choice.source = std::string("inferred from ") + name + "=" + *v;
        decided = true;
        break;
      }
    }
  }
  if (!decided) choice.source = "default";
  const sendqueue::TableSet& tables = sendqueue::TablesFor(choice.mode);
  const std::string_view expected[] = {tables.companies, tables.send_queue, tables.submissions};
  for (size_t i = 0; i < 3; ++i) {
    auto v = env.GetNonBlank(kTableVars[i]);
    if (!v || *v == expected[i]) continue;
    if (choice.mode == TableMode::kTest) {
      // Test mode forces its tables, as the reference did (case 149).
      choice.warnings.push_back(std::string(kTableVars[i]) + "=" + *v +
                                " is ignored: test mode uses " + std::string(expected[i]));
      continue;
    }
    if (choice.mode == TableMode::kExtra && i == 2 && *v == "submissions") {
      choice.warnings.push_back(
          "SUBMISSIONS_TABLE=submissions is ignored: extra mode records into submissions_extra "
          "(the reference mixed the two, Q-5)");
      continue;
    }
    return Status::InvalidArgument(std::string(kTableVars[i]) + "=" + *v +
                                   " does not belong to table mode " +
                                   std::string(sendqueue::TableModeName(choice.mode)) + " (" +
                                   choice.source + "), which uses " + std::string(expected[i]) +
                                   "; each mode reads and writes its own table set");
  }
  return choice;
}

}  // namespace formsender::runner

#include "batch/job_spec.h"

#include <algorithm>
#include <regex>

#include "common/crypto.h"
#include "common/strings.h"

namespace formsender::batch {
namespace {

constexpr std::string_view kDefaultPrefix = "form-sender";
constexpr size_t kMaxJobIdLength = 63;
constexpr size_t kJobIdSuffixLength = 16;

// Lower-cases, maps [^a-z0-9-] to '-', collapses runs of '-' and trims them.
std::string DashSanitize(std::string_view text) {
  std::string out;
  for (char c : ToLowerAscii(text)) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    char mapped = keep ? c : '-';
    if (mapped == '-' && (out.empty() || out.back() == '-')) continue;
    out.push_back(mapped);
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

bool MatchesNameRule(std::string_view s) {
  static const std::regex kRule("^[a-z][a-z0-9-]*[a-z0-9]$");
  return std::regex_match(s.begin(), s.end(), kRule);
}

Status CheckEnvNames(const std::map<std::string, std::string>& env, std::string_view field) {
  static const std::regex kName("^[A-Za-z_][A-Za-z0-9_]*$");
  for (const auto& [name, value] : env) {
    if (!std::regex_match(name, kName)) {
      return Status::InvalidArgument("job spec: " + std::string(field) + " has an invalid name '" +
                                     name + "' (letters, digits and '_' only)");
    }
    if (value.find('\0') != std::string::npos) {
      return Status::InvalidArgument("job spec: " + std::string(field) + "." + name +
                                     " contains a NUL byte");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string_view ProvisioningModelName(ProvisioningModel m) {
  return m == ProvisioningModel::kSpot ? "SPOT" : "STANDARD";
}

std::string_view ProvisioningModelMetadataName(ProvisioningModel m) {
  return m == ProvisioningModel::kSpot ? "spot" : "standard";
}

Result<ProvisioningModel> ParseProvisioningModel(std::string_view text) {
  std::string t = ToUpperAscii(Trim(text));
  if (t == "SPOT" || t == "PREEMPTIBLE") return ProvisioningModel::kSpot;
  if (t == "STANDARD") return ProvisioningModel::kStandard;
  return Status::InvalidArgument("provisioning model must be SPOT or STANDARD, got '" +
                                 std::string(text) + "'");
}

int64_t JobSpec::effective_parallelism() const {
  return std::max<int64_t>(1, std::min(parallelism, task_count));
}

Status ValidateJobSpec(const JobSpec& spec) {
  auto bad = [](std::string m) { return Status::InvalidArgument("job spec: " + m); };
  if (Trim(spec.execution_id).empty()) return bad("execution_id is empty");
  if (spec.task_count < 1)
    return bad("task_count must be >= 1, got " + std::to_string(spec.task_count));
  if (spec.parallelism < 1) {
    return bad("parallelism must be >= 1, got " + std::to_string(spec.parallelism));
  }
  if (spec.attempts < 1 || spec.attempts > 11) {
    return bad("attempts must be between 1 and 11 (Cloud Batch maxRetryCount 0..10), got " +
               std::to_string(spec.attempts));
  }
  for (int64_t code : spec.retry_exit_codes) {
    if (code < 1 || code > 0x7fffffff) {
      return bad("retry_exit_codes holds " + std::to_string(code) + " (must be a non-zero int32)");
    }
  }
  if (spec.machine.cpu_milli < 0) return bad("machine.cpu_milli is negative");
  if (spec.machine.memory_mb < 0) return bad("machine.memory_mb is negative");
  if (spec.max_run_duration && spec.max_run_duration->count() <= 0) {
    return bad("max_run_duration must be positive");
  }
  FS_RETURN_IF_ERROR(CheckEnvNames(spec.env, "env"));
  FS_RETURN_IF_ERROR(CheckEnvNames(spec.secret_env, "secret_env"));
  for (const auto& [name, value] : spec.secret_env) {
    if (spec.env.count(name)) return bad("'" + name + "' is both in env and in secret_env");
  }
  return Status::Ok();
}

int64_t EffectiveParallelism(int64_t task_count, int64_t parallelism,
                             std::optional<int64_t> max_parallelism,
                             std::optional<int64_t> instance_count) {
  task_count = std::max<int64_t>(1, task_count);
  int64_t eff =
      max_parallelism ? std::max<int64_t>(1, std::min(parallelism, *max_parallelism)) : parallelism;
  int64_t desired = eff;
  if (instance_count) {
    desired = std::max(eff, std::min(task_count, *instance_count));
    if (max_parallelism) desired = std::min(desired, *max_parallelism);
  }
  return std::max<int64_t>(1, std::min(task_count, desired));
}

std::string JobIdPrefix(std::string_view job_template) {
  std::string_view last = job_template;
  if (size_t slash = last.rfind('/'); slash != std::string_view::npos) {
    last = last.substr(slash + 1);
  }
  std::string prefix = DashSanitize(last);
  if (prefix.empty() || !MatchesNameRule(prefix)) return std::string(kDefaultPrefix);
  prefix.resize(std::min(prefix.size(), kMaxJobIdLength - 1 - kJobIdSuffixLength));
  while (!prefix.empty() && prefix.back() == '-') prefix.pop_back();
  return prefix.empty() ? std::string(kDefaultPrefix) : prefix;
}

std::string NewJobId(std::string_view job_template) {
  return JobIdPrefix(job_template) + "-" + RandomHexToken(kJobIdSuffixLength / 2);
}

bool IsValidJobId(std::string_view id) {
  if (id.empty() || id.size() > kMaxJobIdLength) return false;
  if (id.size() == 1) return id[0] >= 'a' && id[0] <= 'z';
  return MatchesNameRule(id);
}

std::string SanitizeTaskGroup(std::string_view group) {
  std::string out = DashSanitize(group);
  if (!MatchesNameRule(out)) out = "group-" + out;
  return out;
}

std::optional<std::string> LabelValue(std::string_view value) {
  std::string lower = ToLowerAscii(Trim(value));
  if (lower.size() > 63) return std::nullopt;
  for (char c : lower) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return std::nullopt;
  }
  return lower;
}

std::map<std::string, std::string> JobLabels(const JobSpec& spec) {
  std::map<std::string, std::string> labels = {{"workload", "form_sender"},
                                               {"targeting_id", std::to_string(spec.targeting_id)}};
  if (!Trim(spec.gcp.job_template).empty()) {
    labels["job_template"] = JobIdPrefix(spec.gcp.job_template);
  }
  if (!Trim(spec.gcp.task_group).empty()) {
    labels["task_group"] = SanitizeTaskGroup(spec.gcp.task_group);
  }
  // Lets the monitor find a job whose name never reached the metadata (a crash mid-submit).
  if (auto v = LabelValue(spec.execution_id); v && *v == spec.execution_id) {
    labels["execution_id"] = *v;
  }
  for (const auto& [k, v] : spec.labels) labels[k] = v;
  return labels;
}

ExitKind ClassifyExitCode(int64_t exit_code) {
  switch (exit_code) {
    case 0:
      return ExitKind::kSuccess;
    case 50000:
      return ExitKind::kPlatformUnknown;
    case 50001:
      return ExitKind::kPreempted;
    case 50002:
    case 50003:
    case 50004:
    case 50006:
      return ExitKind::kPlatformRetryable;
    case 50005:
      return ExitKind::kMaxRunDuration;
    default:
      return ExitKind::kApplicationFailure;
  }
}

std::string_view ExitKindName(ExitKind kind) {
  switch (kind) {
    case ExitKind::kSuccess:
      return "success";
    case ExitKind::kPreempted:
      return "preempted";
    case ExitKind::kPlatformRetryable:
      return "platform_retryable";
    case ExitKind::kMaxRunDuration:
      return "max_run_duration";
    case ExitKind::kPlatformUnknown:
      return "platform_unknown";
    case ExitKind::kApplicationFailure:
      return "application_failure";
  }
  return "unknown";
}

bool ShouldRetry(const JobSpec& spec, int64_t attempts_so_far, int64_t exit_code) {
  if (exit_code == 0) return false;
  if (attempts_so_far > spec.max_retry_count()) return false;
  return spec.retry_exit_codes.count(exit_code) > 0;
}

Json JobSpecToJson(const JobSpec& spec) {
  Json secret_names = Json::array();
  for (const auto& [name, value] : spec.secret_env) secret_names.push_back(name);
  return Json{{"execution_id", spec.execution_id},
              {"targeting_id", spec.targeting_id},
              {"task_count", spec.task_count},
              {"parallelism", spec.parallelism},
              {"attempts", spec.attempts},
              {"retry_exit_codes", spec.retry_exit_codes},
              {"machine",
               {{"machine_type", spec.machine.machine_type},
                {"cpu_milli", spec.machine.cpu_milli},
                {"memory_mb", spec.machine.memory_mb},
                {"provisioning_model", ProvisioningModelName(spec.machine.provisioning_model)},
                {"allow_on_demand_fallback", spec.machine.allow_on_demand_fallback},
                {"metadata", spec.machine.metadata}}},
              {"env", spec.env},
              {"secret_env_names", secret_names},
              {"labels", spec.labels},
              {"max_run_duration_seconds",
               spec.max_run_duration ? Json(spec.max_run_duration->count()) : Json()},
              {"gcp",
               {{"job_template", spec.gcp.job_template},
                {"task_group", spec.gcp.task_group},
                {"container_image", spec.gcp.container_image},
                {"entrypoint", spec.gcp.entrypoint},
                {"service_account", spec.gcp.service_account},
                {"network", spec.gcp.network},
                {"subnetwork", spec.gcp.subnetwork},
                {"no_external_ip", spec.gcp.no_external_ip}}}};
}

Result<JobSpec> JobSpecFromJson(const Json& j) {
  if (!j.is_object()) return Status::InvalidArgument("stored job spec is not a JSON object");
  try {
    JobSpec s;
    s.execution_id = j.at("execution_id").get<std::string>();
    s.targeting_id = j.at("targeting_id").get<int64_t>();
    s.task_count = j.at("task_count").get<int64_t>();
    s.parallelism = j.at("parallelism").get<int64_t>();
    s.attempts = j.at("attempts").get<int64_t>();
    s.retry_exit_codes = j.at("retry_exit_codes").get<std::set<int64_t>>();
    const Json& m = j.at("machine");
    s.machine.machine_type = m.at("machine_type").get<std::string>();
    s.machine.cpu_milli = m.at("cpu_milli").get<int64_t>();
    s.machine.memory_mb = m.at("memory_mb").get<int64_t>();
    FS_ASSIGN_OR_RETURN(s.machine.provisioning_model,
                        ParseProvisioningModel(m.at("provisioning_model").get<std::string>()));
    s.machine.allow_on_demand_fallback = m.at("allow_on_demand_fallback").get<bool>();
    s.machine.metadata = m.value("metadata", Json::object());
    s.env = j.at("env").get<std::map<std::string, std::string>>();
    s.labels = j.value("labels", Json::object()).get<std::map<std::string, std::string>>();
    if (auto it = j.find("max_run_duration_seconds"); it != j.end() && !it->is_null()) {
      s.max_run_duration = std::chrono::seconds(it->get<int64_t>());
    }
    const Json& g = j.at("gcp");
    s.gcp.job_template = g.value("job_template", "");
    s.gcp.task_group = g.value("task_group", "");
    s.gcp.container_image = g.value("container_image", "");
    s.gcp.entrypoint = g.value("entrypoint", "");
    s.gcp.service_account = g.value("service_account", "");
    s.gcp.network = g.value("network", "");
    s.gcp.subnetwork = g.value("subnetwork", "");
    s.gcp.no_external_ip = g.value("no_external_ip", true);
    return s;
  } catch (const Json::exception& e) {
    return Status::InvalidArgument(std::string("stored job spec is malformed: ") + e.what());
  }
}

}  // namespace formsender::batch

#include "dispatcher/task_payload.h"

#include <cctype>
#include <regex>

#include "common/strings.h"
#include "settings/machine_types.h"

namespace formsender::dispatcher {
namespace {

using P = Presence;

// The reference's bounds, plus what a task and a machine can hold (docs/compatibility.md).
constexpr int64_t kMaxWorkersPerTask = 16;
constexpr int64_t kMaxInstanceCount = 16;

Json Opt(const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); }
Json Opt(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(nullptr); }
Json Opt(const std::optional<bool>& v) { return v ? Json(*v) : Json(nullptr); }

void ReadExecutionId(FieldReader& r, FormSenderTask& t) {
  auto raw = r.String("execution_id", P::kNullable);
  if (!raw) return;
  std::string id(Trim(*raw));
  if (id.empty()) return r.Fail("execution_id", "execution_id cannot be blank");
  if (id.size() > 128) return r.Fail("execution_id", "execution_id too long");
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return r.Fail("execution_id", "execution_id must be alphanumeric or hyphenated");
    }
  }
  t.execution_id = id;
}

void ReadConfigRef(FieldReader& r, const PayloadRules& rules, FormSenderTask& t) {
  auto ref = r.String("client_config_ref", P::kRequired);
  if (!ref) return;
  if (Trim(*ref).empty()) {
    return r.Fail("client_config_ref", "client_config_ref must be a non-empty string");
  }
  size_t colon = ref->find("://");
  std::string scheme = colon == std::string::npos ? "" : ToLowerAscii(ref->substr(0, colon));
  bool local_origin =
      scheme == "http" && !rules.http_origin.empty() && ref->starts_with(rules.http_origin + "/");
  if (scheme != "https" && !local_origin) {
    return r.Fail("client_config_ref", "client_config_ref must use https scheme");
  }
  std::string_view rest = std::string_view(*ref).substr(colon + 3);
  if (rest.substr(0, rest.find_first_of("/?#")).empty()) {
    return r.Fail("client_config_ref", "client_config_ref must include host");
  }
  t.client_config_ref = *ref;
}

void ReadConfigObject(FieldReader& r, const PayloadRules& rules, FormSenderTask& t) {
  auto object = r.String("client_config_object", P::kRequired);
  if (!object) return;
  if (!object->starts_with(rules.object_ref_prefix)) {
    return r.Fail("client_config_object",
                  "client_config_object must be a " + rules.object_ref_prefix + " URI");
  }
  t.client_config_object = *object;
}

void ReadTables(FieldReader& body, FormSenderTask& t) {
  auto r = body.Object("tables", P::kDefaulted);
  if (!r) return;
  if (auto v = r->Bool("use_extra_table", P::kDefaulted)) t.tables.use_extra_table = *v;
  if (auto v = r->String("company_table", P::kDefaulted)) t.tables.company_table = *v;
  if (auto v = r->String("send_queue_table", P::kDefaulted)) t.tables.send_queue_table = *v;
  t.tables.submissions_table = r->String("submissions_table", P::kNullable);
  r->ReportUnknownKeys();
}

void ReadExecution(FieldReader& body, FormSenderTask& t) {
  auto r = body.Object("execution", P::kRequired);
  if (!r) return;
  auto run_total = r->Int("run_total", P::kRequired, {.ge = 1});
  auto parallelism = r->Int("parallelism", P::kRequired, {.ge = 1});
  auto base = r->Int("run_index_base", P::kRequired, {.ge = 0});
  auto shards = r->Int("shards", P::kRequired, {.ge = 1});
  auto workers = r->Int("workers_per_workflow", P::kRequired, {.ge = 1, .le = kMaxWorkersPerTask});
  r->ReportUnknownKeys();
  if (r->error_count() > 0) return;
  if (*parallelism > *run_total) {
    return r->FailRoot("parallelism must be less than or equal to run_total");
  }
  t.execution = ExecutionConfig{*run_total, *parallelism, *base, *shards, *workers};
}

void ReadBranch(FieldReader& r, FormSenderTask& t) {
  auto branch = r.String("branch", P::kNullable);
  if (!branch) return;
  static const std::regex kPattern("^[A-Za-z0-9/_.-]+$");
  if (branch->size() > 255) return r.Fail("branch", "branch name too long");
  if (branch->starts_with("-")) return r.Fail("branch", "branch cannot start with hyphen");
  if (!std::regex_match(*branch, kPattern)) {
    return r.Fail("branch", "branch must contain only alphanumeric, /, _, ., - characters");
  }
  t.branch = *branch;
}

void ReadMetadata(FieldReader& body, FormSenderTask& t) {
  auto r = body.Object("metadata", P::kDefaulted);
  if (!r) return;
  t.triggered_at_jst = r->String("triggered_at_jst", P::kNullable);
  t.gas_trigger = r->String("gas_trigger", P::kNullable);
  r->ReportUnknownKeys();
}

void ReadCpuClass(FieldReader& r, FormSenderTask& t) {
  auto cpu = r.String("cpu_class", P::kNullable);
  if (!cpu) return;
  std::string normalized = ToLowerAscii(Trim(*cpu));
  if (normalized != "standard" && normalized != "low" && normalized != "gcp_spot") {
    return r.Fail("cpu_class", "cpu_class must be 'standard', 'low', or 'gcp_spot'");
  }
  t.cpu_class = normalized;
}

void ReadMode(FieldReader& r, FormSenderTask& t) {
  const Json* mode = r.Raw("mode");
  if (!mode) return;  // the default, cloud_run
  if (mode->is_string() && (*mode == "cloud_run" || *mode == "batch")) {
    t.mode = mode->get<std::string>();
    return;
  }
  r.AddError("mode", "unexpected value; permitted: 'cloud_run', 'batch'", "value_error.const",
             Json{{"given", *mode}, {"permitted", {"cloud_run", "batch"}}});
}

void ReadBatch(FieldReader& body, FormSenderTask& t) {
  auto r = body.Object("batch", P::kNullable);
  if (!r) return;
  BatchOptions b;
  if (auto v = r->Bool("enabled", P::kDefaulted)) b.enabled = *v;
  b.max_parallelism = r->Int("max_parallelism", P::kNullable, {.ge = 1});
  b.instance_count = r->Int("instance_count", P::kNullable, {.ge = 1, .le = kMaxInstanceCount});
  if (auto v = r->Bool("prefer_spot", P::kDefaulted)) b.prefer_spot = *v;
  if (auto v = r->Bool("allow_on_demand_fallback", P::kDefaulted)) {
    b.allow_on_demand_fallback = *v;
  }
  b.machine_type = r->String("machine_type", P::kNullable);
  if (b.machine_type) {
    // Only shapes GCP accepts reach a job (Q-31).
    auto shape = settings::ParseMachineType(*b.machine_type);
    if (!shape.ok()) {
      r->Fail("machine_type", shape.status().message());
    } else {
      b.machine_type = shape->name;
    }
  }
  b.signed_url_ttl_hours = r->Int("signed_url_ttl_hours", P::kNullable, {.ge = 1, .le = 168});
  b.signed_url_refresh_threshold_seconds =
      r->Int("signed_url_refresh_threshold_seconds", P::kNullable, {.ge = 60, .le = 604800});
  b.vcpu_per_worker = r->Int("vcpu_per_worker", P::kNullable, {.ge = 1});
  b.memory_per_worker_mb = r->Int("memory_per_worker_mb", P::kNullable, {.ge = 1024});
  b.memory_buffer_mb = r->Int("memory_buffer_mb", P::kNullable, {.ge = 0});
  b.max_attempts = r->Int("max_attempts", P::kNullable, {.ge = 1});
  b.memory_warning = r->Bool("memory_warning", P::kNullable);
  b.computed_memory_mb = r->Int("computed_memory_mb", P::kNullable, {.ge = 0});
  r->ReportUnknownKeys();
  b.enabled = true;  // a batch object means batch mode
  t.batch = b;
}

}  // namespace

Json FormSenderTask::ToJson() const {
  Json batch_json = nullptr;
  if (batch) {
    const BatchOptions& b = *batch;
    batch_json = {
        {"enabled", b.enabled},
        {"max_parallelism", Opt(b.max_parallelism)},
        {"instance_count", Opt(b.instance_count)},
        {"prefer_spot", b.prefer_spot},
        {"allow_on_demand_fallback", b.allow_on_demand_fallback},
        {"machine_type", Opt(b.machine_type)},
        {"signed_url_ttl_hours", Opt(b.signed_url_ttl_hours)},
        {"signed_url_refresh_threshold_seconds", Opt(b.signed_url_refresh_threshold_seconds)},
        {"vcpu_per_worker", Opt(b.vcpu_per_worker)},
        {"memory_per_worker_mb", Opt(b.memory_per_worker_mb)},
        {"memory_buffer_mb", Opt(b.memory_buffer_mb)},
        {"max_attempts", Opt(b.max_attempts)},
        {"memory_warning", Opt(b.memory_warning)},
        {"computed_memory_mb", Opt(b.computed_memory_mb)}};
  }
  Json j = {{"execution_id", Opt(execution_id)},
            {"targeting_id", targeting_id},
            {"client_config_ref", client_config_ref},
            {"client_config_object", client_config_object},
            {"tables",
             {{"use_extra_table", tables.use_extra_table},
              {"company_table", tables.company_table},
              {"send_queue_table", tables.send_queue_table},
              {"submissions_table", Opt(tables.submissions_table)}}},
            {"execution",
             {{"run_total", execution.run_total},
              {"parallelism", execution.parallelism},
              {"run_index_base", execution.run_index_base},
              {"shards", execution.shards},
              {"workers_per_workflow", execution.workers_per_workflow}}},
            {"test_mode", test_mode},
            {"branch", Opt(branch)},
            {"workflow_trigger", workflow_trigger},
            {"metadata",
             {{"triggered_at_jst", Opt(triggered_at_jst)}, {"gas_trigger", Opt(gas_trigger)}}},
            {"cpu_class", Opt(cpu_class)},
            {"mode", mode},
            {"batch", batch_json}};
  if (session_max_hours) j["session_max_hours"] = *session_max_hours;
  return j;
}

TaskParse ParseFormSenderTask(const Json& body, const PayloadRules& rules) {
  TaskParse out;
  if (!body.is_object()) {
    out.errors.push_back(NotADictError(Json::array({"body"})));
    return out;
  }
  FormSenderTask t;
  FieldReader r(body, Json::array({"body"}), out.errors, out.unknown_keys);
  ReadExecutionId(r, t);
  // Targeting ids are the sheet's positive ids; the reference took any int and ran a job that
  // found nothing to send.
  if (auto id = r.Int("targeting_id", P::kRequired, {.ge = 1})) t.targeting_id = *id;
  ReadConfigRef(r, rules, t);
  ReadConfigObject(r, rules, t);
  ReadTables(r, t);
  ReadExecution(r, t);
  if (auto v = r.Bool("test_mode", P::kDefaulted)) t.test_mode = *v;
  ReadBranch(r, t);
  if (auto v = r.String("workflow_trigger", P::kDefaulted)) t.workflow_trigger = *v;
  ReadMetadata(r, t);
  ReadCpuClass(r, t);
  ReadMode(r, t);
  ReadBatch(r, t);
  t.session_max_hours = r.Number("session_max_hours", P::kNullable, 0.0, 24.0);
  r.ReportUnknownKeys();
  if (!out.errors.empty()) return out;
  if (t.batch) t.mode = "batch";  // the reference's root validator
  out.task = std::move(t);
  return out;
}

RefreshParse ParseRefreshRequest(const Json& body) {
  RefreshParse out;
  if (!body.is_object()) {
    out.errors.push_back(NotADictError(Json::array({"body"})));
    return out;
  }
  RefreshRequest req;
  FieldReader r(body, Json::array({"body"}), out.errors, out.unknown_keys);
  if (auto v = r.String("client_config_object", P::kRequired)) req.client_config_object = *v;
  req.execution_id = r.String("execution_id", P::kNullable);
  req.signed_url_ttl_hours = r.Int("signed_url_ttl_hours", P::kNullable, {.ge = 1, .le = 168});
  r.ReportUnknownKeys();
  if (out.errors.empty()) out.request = std::move(req);
  return out;
}

}  // namespace formsender::dispatcher

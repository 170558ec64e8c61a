#include "batch/cloud_backend.h"

#include <regex>

#include "batch/cloud_job.h"
#include "common/strings.h"
#include "common/time.h"

namespace formsender::batch {
namespace {

// "…: HTTP 429 RESOURCE_EXHAUSTED: …" (gcp/api_error.h) → "RESOURCE_EXHAUSTED".
std::string ApiStatusName(const Status& s) {
  static const std::regex kName("HTTP \\d+ ([A-Z_]+)");
  std::smatch m;
  if (std::regex_search(s.message(), m, kName)) return m[1].str();
  return std::string(StatusCodeName(s.code()));
}

std::string LabelFilter(const std::map<std::string, std::string>& labels) {
  std::vector<std::string> clauses;
  for (const auto& [k, v] : labels) clauses.push_back("labels." + k + "=\"" + v + "\"");
  return Join(clauses, " AND ");
}

}  // namespace

bool IsSpotCapacityError(const Status& status) {
  std::string name = ApiStatusName(status);
  bool kind = status.code() == StatusCode::kResourceExhausted ||
              status.code() == StatusCode::kUnavailable || name == "RESOURCE_EXHAUSTED" ||
              name == "FAILED_PRECONDITION" || name == "UNAVAILABLE";
  if (!kind) return false;
  for (std::string_view word :
       {"spot", "preemptible", "capacity", "quota", "unavailable", "exhausted"}) {
    if (ContainsIgnoreCase(status.message(), word)) return true;
  }
  return false;
}

Result<CloudBatchOptions> CloudBatchOptionsFromEnv(const Environment& env) {
  CloudBatchOptions o;
  o.project = env.GetNonBlank("FORM_SENDER_BATCH_PROJECT_ID")
                  .value_or(env.GetNonBlank("DISPATCHER_PROJECT_ID").value_or(""));
  o.location = env.GetNonBlank("FORM_SENDER_BATCH_LOCATION")
                   .value_or(env.GetNonBlank("DISPATCHER_LOCATION").value_or(""));
  std::vector<std::string> missing;
  if (o.project.empty())
    missing.push_back("FORM_SENDER_BATCH_PROJECT_ID (or DISPATCHER_PROJECT_ID)");
  if (o.location.empty()) missing.push_back("FORM_SENDER_BATCH_LOCATION (or DISPATCHER_LOCATION)");
  if (!missing.empty()) {
    return Status::InvalidArgument("Cloud Batch needs " + Join(missing, " and "));
  }
  if (auto v = env.GetNonBlank("FORMSENDER_BATCH_ENDPOINT")) o.api_root = *v;
  return o;
}

CloudBatchBackend::CloudBatchBackend(gcp::BatchClient& client, gcp::RestClient& rest,
                                     const Clock& clock, CloudBatchOptions options, LoggerPtr log)
    : client_(client),
      rest_(rest),
      clock_(clock),
      options_(std::move(options)),
      log_(log ? std::move(log) : MakeNullLogger()) {}

Result<std::optional<Json>> CloudBatchBackend::Template(const std::string& name) {
  std::lock_guard lock(template_mu_);
  if (auto it = templates_.find(name); it != templates_.end()) return it->second;
  auto got = client_.GetJob(name);
  if (got.ok()) return templates_[name] = *got;
  switch (got.status().code()) {
    case StatusCode::kNotFound:
      LogFields(*log_, spdlog::level::warn,
                "Cloud Batch job template not found: jobs are built without it",
                {{"job_template", name}});
      return templates_[name] = std::nullopt;
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated:
      return Status(got.status().code(),
                    "Insufficient permissions to access Cloud Batch job template " + name + ": " +
                        got.status().message());
    default:
      return Status(got.status().code(), "Failed to fetch Cloud Batch job template " + name + ": " +
                                             got.status().message());
  }
}

Result<SubmittedJob> CloudBatchBackend::Create(const std::string& job_id, const Json& job,
                                               ProvisioningModel model) {
  FS_ASSIGN_OR_RETURN(Json created, client_.CreateJob(options_.parent(), job_id, job));
  SubmittedJob out;
  out.job_id = job_id;
  out.name = created.value("name", options_.parent() + "/jobs/" + job_id);
  out.provisioning_model = model;
  out.submitted_at = clock_.Now();
  return out;
}

Result<SubmittedJob> CloudBatchBackend::Submit(const JobSpec& spec) {
  FS_RETURN_IF_ERROR(ValidateJobSpec(spec));
  if (options_.project.empty() || options_.location.empty()) {
    return Status::InvalidArgument("Cloud Batch project and location are not configured");
  }
  std::optional<Json> tmpl;
  if (!Trim(spec.gcp.job_template).empty()) {
    FS_ASSIGN_OR_RETURN(tmpl, Template(spec.gcp.job_template));
  }
  ProvisioningModel model = spec.machine.provisioning_model;
  FS_ASSIGN_OR_RETURN(Json job, BuildCloudBatchJob(spec, tmpl ? &*tmpl : nullptr, model));
  std::string job_id = NewJobId(spec.gcp.job_template);
  auto created = Create(job_id, job, model);
  if (!created.ok() && model == ProvisioningModel::kSpot && IsSpotCapacityError(created.status())) {
    const Status& refused = created.status();
    if (!spec.machine.allow_on_demand_fallback) {
      return Status(refused.code(),
                    "Spot capacity was refused and on-demand fallback is not allowed for "
                    "targeting " +
                        std::to_string(spec.targeting_id) +
                        " (batch_allow_on_demand_fallback): " + refused.message());
    }
    LogFields(*log_, spdlog::level::warn, "Spot refused at submit: creating a STANDARD job",
              {{"execution_id", spec.execution_id}, {"error", refused.message()}});
    FS_ASSIGN_OR_RETURN(Json standard, BuildCloudBatchJob(spec, tmpl ? &*tmpl : nullptr,
                                                          ProvisioningModel::kStandard));
    std::string standard_id = NewJobId(spec.gcp.job_template);
    auto fallback = Create(standard_id, standard, ProvisioningModel::kStandard);
    if (!fallback.ok()) {
      return fallback.status().WithContext("on-demand job after Spot was refused (" +
                                           refused.message() + ")");
    }
    std::string name = ApiStatusName(refused);
    fallback->spot_fallback = Json{{"applied", true},
                                   {"reason", ShortReason(refused.message())},
                                   {"error_type", name},
                                   {"original_job_id", job_id},
                                   {"status_code", name}};
    created = std::move(fallback);
  }
  if (!created.ok()) return created.status();
  created->parallelism = spec.effective_parallelism();
  LogFields(*log_, spdlog::level::info, "Cloud Batch job created",
            {{"execution_id", spec.execution_id},
             {"job_name", created->name},
             {"provisioning_model", ProvisioningModelName(created->provisioning_model)},
             {"task_count", spec.task_count}});
  return created;
}

Result<std::vector<Json>> CloudBatchBackend::ListTasks(const std::string& job_name) {
  std::string group = job_name + "/taskGroups/group0";
  std::vector<Json> tasks;
  std::string page_token;
  for (int page = 0; page < 50; ++page) {
    gcp::RestRequest request;
    request.url =
        gcp::JoinUrl(options_.api_root, "v1/" + gcp::EncodeResourceName(group) + "/tasks");
    request.query.emplace_back("pageSize", "1000");
    if (!page_token.empty()) request.query.emplace_back("pageToken", page_token);
    request.operation = "batch.tasks.list " + group;
    FS_ASSIGN_OR_RETURN(Json body, rest_.Call(request));
    if (body.is_object() && body.contains("tasks") && body["tasks"].is_array()) {
      for (const Json& t : body["tasks"]) tasks.push_back(t);
    }
    page_token = body.is_object() ? body.value("nextPageToken", "") : "";
    if (page_token.empty()) return tasks;
  }
  return Status::ResourceExhausted("batch.tasks.list " + group + ": too many pages");
}

Result<JobStatus> CloudBatchBackend::Get(const std::string& job_name) {
  FS_ASSIGN_OR_RETURN(Json job, client_.GetJob(job_name));
  std::optional<std::vector<Json>> tasks;
  if (options_.list_tasks) {
    auto listed = ListTasks(job_name);
    if (listed.ok()) {
      tasks = std::move(listed).value();
    } else {
      LogFields(*log_, spdlog::level::debug, "Cloud Batch tasks.list failed: job-level view",
                {{"job_name", job_name}, {"error", listed.status().ToString()}});
    }
  }
  return ParseCloudJob(job, tasks ? &*tasks : nullptr);
}

Status CloudBatchBackend::Delete(const std::string& job_name, const std::string& reason) {
  auto op = client_.DeleteJob(job_name, reason);
  if (!op.ok()) return op.status();
  LogFields(*log_, spdlog::level::info, "Cloud Batch job deleted",
            {{"job_name", job_name}, {"reason", reason}, {"operation", op->name}});
  return Status::Ok();
}

Result<std::vector<JobSummary>> CloudBatchBackend::List(const ListFilter& filter) {
  gcp::ListJobsOptions options;
  options.filter = LabelFilter(filter.labels);
  options.order_by = "create_time desc";
  FS_ASSIGN_OR_RETURN(std::vector<Json> jobs, client_.ListAllJobs(options_.parent(), options));
  std::vector<JobSummary> out;
  for (const Json& j : jobs) {
    JobStatus s = ParseCloudJob(j, nullptr);
    bool wanted = filter.states.empty();
    for (JobState w : filter.states) wanted |= w == s.state;
    if (wanted) out.push_back(JobSummary{s.name, s.state, s.labels, s.create_time});
  }
  return out;
}

Result<SubmittedJob> CloudBatchBackend::Resubmit(const std::string& job_name,
                                                 ProvisioningModel model) {
  FS_ASSIGN_OR_RETURN(Json old, client_.GetJob(job_name));
  Json job = ResubmittableJob(old, model);
  std::string prefix;
  if (job.contains("labels") && job["labels"].is_object())
    prefix = job["labels"].value("job_template", "");
  auto created = Create(NewJobId(prefix), job, model);
  if (!created.ok()) return created.status();
  Json groups = job.value("taskGroups", Json::array());
  if (!groups.empty() && groups[0].is_object()) {
    created->parallelism = ParseInt64(groups[0].value("parallelism", "1")).value_or(1);
  }
  LogFields(*log_, spdlog::level::info, "Cloud Batch job resubmitted",
            {{"original_job_name", job_name},
             {"job_name", created->name},
             {"provisioning_model", ProvisioningModelName(model)}});
  return created;
}

}  // namespace formsender::batch

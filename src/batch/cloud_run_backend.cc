#include "batch/cloud_run_backend.h"

#include "batch/cloud_run_execution.h"
#include "common/json.h"
#include "common/strings.h"
#include "common/time.h"

namespace formsender::batch {
namespace {

std::string LastSegment(std::string_view name) {
  size_t slash = name.rfind('/');
  return std::string(slash == std::string_view::npos ? name : name.substr(slash + 1));
}

// Cloud Run answers a cancel of a finished execution with FAILED_PRECONDITION (kConflict) or
// INVALID_ARGUMENT.
bool MayBeFinished(const Status& s) {
  return s.code() == StatusCode::kConflict || s.code() == StatusCode::kInvalidArgument;
}

}  // namespace

bool IsRunOperationName(std::string_view name) {
  return name.find("/operations/") != std::string_view::npos;
}

std::string CloudRunJobsOptions::job_name() const {
  if (job.starts_with("projects/")) return job;
  return "projects/" + project + "/locations/" + location + "/jobs/" + job;
}

Result<CloudRunJobsOptions> CloudRunJobsOptionsFromEnv(const Environment& env) {
  CloudRunJobsOptions o;
  o.project = env.GetNonBlank("DISPATCHER_PROJECT_ID").value_or("");
  o.location = env.GetNonBlank("DISPATCHER_LOCATION").value_or("");
  o.job = env.GetNonBlank("FORM_SENDER_CLOUD_RUN_JOB").value_or("");
  std::vector<std::string> missing;
  if (o.job.empty()) missing.push_back("FORM_SENDER_CLOUD_RUN_JOB");
  if (!o.job.starts_with("projects/")) {
    if (o.project.empty()) missing.push_back("DISPATCHER_PROJECT_ID");
    if (o.location.empty()) missing.push_back("DISPATCHER_LOCATION");
  }
  if (!missing.empty()) {
    return Status::InvalidArgument("Cloud Run Jobs (serverless mode) needs " + Join(missing, ", ") +
                                   " in the dispatcher's environment");
  }
  std::string name = o.job_name();
  std::vector<std::string> parts = Split(name, '/');
  if (parts.size() != 6 || parts[0] != "projects" || parts[2] != "locations" ||
      parts[4] != "jobs" || parts[1].empty() || parts[3].empty() || parts[5].empty()) {
    return Status::InvalidArgument(
        "FORM_SENDER_CLOUD_RUN_JOB must be a job id or "
        "projects/<project>/locations/<region>/jobs/<job>, got '" +
        o.job + "'");
  }
  return o;
}

gcp::RunJobOverrides RunOverridesFor(const JobSpec& spec) {
  gcp::RunJobOverrides o;
  o.task_count = static_cast<int>(spec.task_count);
  if (spec.max_run_duration) o.timeout = *spec.max_run_duration;
  gcp::RunContainerOverride container;
  for (const auto& [name, value] : spec.env) container.env.push_back({name, value});
  o.container_overrides.push_back(std::move(container));
  return o;
}

CloudRunJobsBackend::CloudRunJobsBackend(gcp::CloudRunClient& client, const Clock& clock,
                                         CloudRunJobsOptions options, LoggerPtr log)
    : client_(client),
      clock_(clock),
      options_(std::move(options)),
      log_(log ? std::move(log) : MakeNullLogger()) {}

Result<SubmittedJob> CloudRunJobsBackend::Submit(const JobSpec& spec) {
  FS_RETURN_IF_ERROR(ValidateJobSpec(spec));
  // Cloud Run Jobs run at most 10,000 tasks per execution.
  if (spec.task_count > 10000) {
    return Status::InvalidArgument("Cloud Run Jobs run at most 10000 tasks, asked for " +
                                   std::to_string(spec.task_count));
  }
  std::string job = options_.job_name();
  if (!spec.secret_env.empty()) {
    std::vector<std::string> names;
    for (const auto& [name, value] : spec.secret_env) names.push_back(name);
    LogFields(*log_, spdlog::level::info,
              "Cloud Run Jobs get plain env only: these secrets come from the job's own "
              "configuration",
              {{"job", job}, {"secrets", Join(names, ",")}});
  }
  FS_ASSIGN_OR_RETURN(gcp::Operation op, client_.RunJob(job, RunOverridesFor(spec)));
  std::string execution = gcp::ExecutionNameFromRunOperation(op);
  if (execution.empty() && !op.name.empty()) {
    auto resolved = ExecutionOf(op.name);
    if (resolved.ok()) {
      execution = *resolved;
    } else {
      // The execution runs; the monitor resolves the operation on its next pass.
      LogFields(*log_, spdlog::level::warn, "Cloud Run operation not resolved at submit",
                {{"operation", op.name}, {"error", resolved.status().ToString()}});
    }
  }
  if (execution.empty() && op.name.empty()) {
    return Status::Internal("run.jobs.run " + job +
                            " answered neither an operation nor an execution");
  }
  SubmittedJob out;
  out.operation = op.name;
  out.name = execution.empty() ? op.name : execution;
  out.job_id = execution.empty() ? "" : LastSegment(execution);
  out.provisioning_model = ProvisioningModel::kStandard;
  out.submitted_at = clock_.Now();
  out.parallelism = spec.effective_parallelism();
  // The operation's metadata is the execution when Cloud Run names it; an anonymous one (the
  // execution not known yet) carries no parallelism and the spec's stands.
  if (op.metadata.is_object()) {
    auto got = GetOptionalInt(op.metadata, "parallelism");
    if (got.ok() && got->value_or(0) > 0) out.parallelism = std::min(**got, spec.task_count);
  }
  if (out.parallelism != spec.effective_parallelism()) {
    LogFields(
        *log_, spdlog::level::info, "Cloud Run runs the execution with the job's own parallelism",
        {{"job", job}, {"asked", spec.effective_parallelism()}, {"parallelism", out.parallelism}});
  }
  LogFields(*log_, spdlog::level::info, "Cloud Run job started",
            {{"execution_id", spec.execution_id},
             {"job", job},
             {"execution", execution},
             {"operation", op.name},
             {"task_count", spec.task_count}});
  return out;
}

Result<std::string> CloudRunJobsBackend::ExecutionOf(const std::string& operation_name) {
  FS_ASSIGN_OR_RETURN(gcp::Operation op, client_.GetOperation(operation_name));
  return gcp::ExecutionNameFromRunOperation(op);
}

Result<std::string> CloudRunJobsBackend::Resolve(const std::string& name) {
  if (!IsRunOperationName(name)) return name;
  return ExecutionOf(name);
}

Result<JobStatus> CloudRunJobsBackend::Get(const std::string& job_name) {
  FS_ASSIGN_OR_RETURN(std::string execution_name, Resolve(job_name));
  if (execution_name.empty()) {
    JobStatus pending;
    pending.name = job_name;
    pending.state = JobState::kQueued;
    return pending;
  }
  FS_ASSIGN_OR_RETURN(Json execution, client_.GetExecution(execution_name));
  std::optional<std::vector<Json>> tasks;
  if (options_.list_tasks) {
    auto listed = client_.ListTasks(execution_name);
    if (listed.ok()) {
      tasks = std::move(listed).value();
    } else {
      LogFields(*log_, spdlog::level::debug, "Cloud Run tasks.list failed: execution-level view",
                {{"execution", execution_name}, {"error", listed.status().ToString()}});
    }
  }
  JobStatus status = ParseRunExecution(execution, tasks ? &*tasks : nullptr);
  if (status.name.empty()) status.name = execution_name;
  return status;
}

Status CloudRunJobsBackend::Delete(const std::string& job_name, const std::string& reason) {
  FS_ASSIGN_OR_RETURN(std::string execution, Resolve(job_name));
  if (execution.empty()) {
    return Status::Unavailable("Cloud Run operation " + job_name +
                               " has not named its execution yet: cancel it again later");
  }
  auto op = client_.CancelExecution(execution);
  if (!op.ok()) {
    if (!MayBeFinished(op.status())) return op.status();
    auto current = client_.GetExecution(execution);
    if (current.ok() && current->is_object() && current->contains("completionTime")) {
      return Status::Ok();  // already finished: nothing to cancel
    }
    return op.status();
  }
  LogFields(*log_, spdlog::level::info, "Cloud Run execution cancelled",
            {{"execution", execution}, {"reason", reason}, {"operation", op->name}});
  return Status::Ok();
}

Result<std::vector<JobSummary>> CloudRunJobsBackend::List(const ListFilter& filter) {
  static const std::map<std::string, std::string> kLabelEnv = {
      {"execution_id", "JOB_EXECUTION_ID"}, {"targeting_id", "FORM_SENDER_TARGETING_ID"}};
  FS_ASSIGN_OR_RETURN(std::vector<Json> executions, client_.ListExecutions(options_.job_name()));
  std::vector<JobSummary> out;
  for (const Json& e : executions) {
    JobStatus s = ParseRunExecution(e, nullptr);
    std::map<std::string, std::string> env = RunExecutionEnv(e);
    std::map<std::string, std::string> labels = s.labels;
    labels["workload"] = "form_sender";
    for (const auto& [label, var] : kLabelEnv) {
      if (auto it = env.find(var); it != env.end()) labels[label] = ToLowerAscii(it->second);
    }
    bool match = true;
    for (const auto& [k, v] : filter.labels) {
      auto it = labels.find(k);
      match &= it != labels.end() && it->second == v;
    }
    bool wanted = filter.states.empty();
    for (JobState w : filter.states) wanted |= w == s.state;
    if (match && wanted) out.push_back(JobSummary{s.name, s.state, labels, s.create_time});
  }
  return out;
}

Result<SubmittedJob> CloudRunJobsBackend::Resubmit(const std::string& job_name,
                                                   ProvisioningModel model) {
  return Status::InvalidArgument("Cloud Run Jobs have no provisioning model: execution " +
                                 job_name + " cannot be rerun as " +
                                 std::string(ProvisioningModelName(model)));
}

Json CloudRunSubmissionMetadata(const JobSpec& spec, const SubmittedJob& job,
                                std::string_view job_name, std::string_view backend_name) {
  Json m = Json::object();
  if (!job.operation.empty()) m["operation"] = job.operation;
  if (!job.name.empty() && !IsRunOperationName(job.name)) m["execution"] = job.name;
  m["job"] = job_name;
  m["backend"] = backend_name;
  m["task_count"] = spec.task_count;
  m["parallelism"] = job.parallelism;
  m["submitted_at"] = FormatUtcIso(job.submitted_at);
  m["monitor"] = Json{{"state", "scheduled"}};
  return m;
}

}  // namespace formsender::batch

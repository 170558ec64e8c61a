#include "batch/noop_backend.h"

#include <algorithm>

#include "common/crypto.h"

namespace formsender::batch {

Result<SubmittedJob> NoopBatchBackend::Add(const JobSpec& spec, ProvisioningModel model) {
  FS_RETURN_IF_ERROR(ValidateJobSpec(spec));
  Job job;
  job.spec = spec;
  job.submitted.job_id = NewJobId("noop");
  job.submitted.name = "noop/jobs/" + job.submitted.job_id;
  job.submitted.provisioning_model = model;
  job.submitted.parallelism = spec.effective_parallelism();
  job.submitted.submitted_at = clock_.Now();
  std::lock_guard lock(mu_);
  jobs_[job.submitted.name] = job;
  return job.submitted;
}

Result<SubmittedJob> NoopBatchBackend::Submit(const JobSpec& spec) {
  return Add(spec, spec.machine.provisioning_model);
}

Result<JobStatus> NoopBatchBackend::Get(const std::string& job_name) {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(job_name);
  if (it == jobs_.end()) return Status::NotFound("noop job " + job_name + " not found");
  const Job& job = it->second;
  JobStatus s;
  s.name = job_name;
  s.state = job.deleted ? JobState::kCancelled : JobState::kSucceeded;
  s.labels = JobLabels(job.spec);
  s.provisioning_model =
      std::string(ProvisioningModelMetadataName(job.submitted.provisioning_model));
  s.machine_type = job.spec.machine.machine_type;
  s.create_time = job.submitted.submitted_at;
  for (int64_t i = 0; i < job.spec.task_count; ++i) {
    TaskInfo task;
    task.index = i;
    task.state = job.deleted ? TaskState::kUnexecuted : TaskState::kSucceeded;
    if (!job.deleted) {
      TaskAttempt attempt;
      attempt.task_index = i;
      attempt.outcome = AttemptOutcome::kSucceeded;
      attempt.exit_code = 0;
      attempt.started_at = job.submitted.submitted_at;
      attempt.ended_at = job.submitted.submitted_at;
      attempt.provisioning_model = s.provisioning_model;
      attempt.machine_type = s.machine_type;
      attempt.details = Json{{"noop", true}};
      task.attempts.push_back(attempt);
    }
    s.tasks.push_back(task);
  }
  s.task_counts[std::string(TaskStateName(
      job.deleted ? TaskState::kUnexecuted : TaskState::kSucceeded))] = job.spec.task_count;
  return s;
}

Status NoopBatchBackend::Delete(const std::string& job_name, const std::string&) {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(job_name);
  if (it == jobs_.end()) return Status::NotFound("noop job " + job_name + " not found");
  it->second.deleted = true;
  return Status::Ok();
}

Result<std::vector<JobSummary>> NoopBatchBackend::List(const ListFilter& filter) {
  std::lock_guard lock(mu_);
  std::vector<JobSummary> out;
  for (const auto& [name, job] : jobs_) {
    auto labels = JobLabels(job.spec);
    bool match = true;
    for (const auto& [k, v] : filter.labels) {
      auto it = labels.find(k);
      match = match && it != labels.end() && it->second == v;
    }
    JobState state = job.deleted ? JobState::kCancelled : JobState::kSucceeded;
    if (!filter.states.empty() &&
        std::find(filter.states.begin(), filter.states.end(), state) == filter.states.end()) {
      match = false;
    }
    if (match) out.push_back(JobSummary{name, state, labels, job.submitted.submitted_at});
  }
  return out;
}

Result<SubmittedJob> NoopBatchBackend::Resubmit(const std::string& job_name,
                                                ProvisioningModel model) {
  JobSpec spec;
  {
    std::lock_guard lock(mu_);
    auto it = jobs_.find(job_name);
    if (it == jobs_.end()) return Status::NotFound("noop job " + job_name + " not found");
    spec = it->second.spec;
  }
  spec.machine.provisioning_model = model;
  return Add(spec, model);
}

size_t NoopBatchBackend::submitted() const {
  std::lock_guard lock(mu_);
  return jobs_.size();
}

}  // namespace formsender::batch

#pragma once
// A BatchBackend whose jobs' statuses the test sets, for the monitor's decision tests (the real
// backends are tested with real processes and a fake Batch API elsewhere).

#include <map>
#include <string>
#include <vector>

#include "batch/backend.h"

namespace formsender::batch::testing {

class ScriptedBackend final : public BatchBackend {
 public:
  explicit ScriptedBackend(std::string name = "gcp") : name_(std::move(name)) {}

  std::string_view backend_name() const override { return name_; }

  Result<SubmittedJob> Submit(const JobSpec& spec) override {
    SubmittedJob job;
    job.job_id = "job-" + std::to_string(++counter_);
    job.name = "projects/p/locations/l/jobs/" + job.job_id;
    job.provisioning_model = spec.machine.provisioning_model;
    job.parallelism = spec.effective_parallelism();
    JobStatus s;
    s.name = job.name;
    s.state = JobState::kQueued;
    s.provisioning_model = std::string(ProvisioningModelMetadataName(job.provisioning_model));
    s.labels = JobLabels(spec);
    jobs[job.name] = s;
    return job;
  }
  Result<JobStatus> Get(const std::string& job_name) override {
    ++gets;
    if (!get_error.ok()) return get_error;
    auto it = jobs.find(job_name);
    if (it == jobs.end()) return Status::NotFound("job " + job_name + " not found");
    return it->second;
  }
  Status Delete(const std::string& job_name, const std::string& reason) override {
    deleted.push_back(job_name + " (" + reason + ")");
    auto it = jobs.find(job_name);
    if (it == jobs.end()) return Status::NotFound("job " + job_name + " not found");
    it->second.state = JobState::kDeletionInProgress;
    return Status::Ok();
  }
  Result<std::vector<JobSummary>> List(const ListFilter& filter) override {
    std::vector<JobSummary> out;
    for (const auto& [name, s] : jobs) {
      bool match = true;
      for (const auto& [k, v] : filter.labels) {
        auto it = s.labels.find(k);
        match &= it != s.labels.end() && it->second == v;
      }
      if (match) out.push_back(JobSummary{name, s.state, s.labels, s.create_time});
    }
    return out;
  }
  Result<SubmittedJob> Resubmit(const std::string& job_name, ProvisioningModel model) override {
    if (!resubmit_error.ok()) return resubmit_error;
    auto it = jobs.find(job_name);
    if (it == jobs.end()) return Status::NotFound("job " + job_name + " not found");
    resubmitted.push_back(job_name);
    JobSpec spec;
    spec.machine.provisioning_model = model;
    auto job = Submit(spec);
    if (job.ok()) jobs[job->name].labels = it->second.labels;
    return job;
  }

  // Sets a job's state and tasks (each task: its attempts' exit codes; -1 = still running).
  void SetJob(const std::string& job_name, JobState state,
              const std::vector<std::vector<int64_t>>& task_exit_codes,
              std::string provisioning_model = "spot") {
    JobStatus& s = jobs[job_name];
    s.name = job_name;
    s.state = state;
    s.provisioning_model = provisioning_model;
    s.tasks.clear();
    s.task_counts.clear();
    for (size_t i = 0; i < task_exit_codes.size(); ++i) {
      TaskInfo t;
      t.index = static_cast<int64_t>(i);
      for (size_t a = 0; a < task_exit_codes[i].size(); ++a) {
        int64_t code = task_exit_codes[i][a];
        TaskAttempt at;
        at.task_index = t.index;
        at.attempt = static_cast<int64_t>(a);
        at.provisioning_model = provisioning_model;
        if (code < 0) {
          at.outcome = AttemptOutcome::kRunning;
        } else {
          at.exit_code = code;
          at.outcome = code == 0       ? AttemptOutcome::kSucceeded
                       : code == 50001 ? AttemptOutcome::kPreempted
                                       : AttemptOutcome::kFailed;
          at.ended_at = TimePoint{} + std::chrono::hours(24 * 365 * 56) + std::chrono::minutes(a);
        }
        t.attempts.push_back(at);
      }
      if (t.attempts.empty()) {
        t.state = TaskState::kPending;
      } else if (t.attempts.back().outcome == AttemptOutcome::kRunning) {
        t.state = TaskState::kRunning;
      } else if (t.attempts.back().outcome == AttemptOutcome::kSucceeded) {
        t.state = TaskState::kSucceeded;
      } else {
        t.state = state == JobState::kRunning ? TaskState::kPending : TaskState::kFailed;
      }
      s.task_counts[std::string(TaskStateName(t.state))]++;
      s.tasks.push_back(t);
    }
  }

  std::map<std::string, JobStatus> jobs;
  std::vector<std::string> deleted;
  std::vector<std::string> resubmitted;
  Status get_error;
  Status resubmit_error;
  int gets = 0;

 private:
  std::string name_;
  int counter_ = 0;
};

}  // namespace formsender::batch::testing

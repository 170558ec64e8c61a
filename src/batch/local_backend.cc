#include "batch/local_backend.h"

#include <signal.h>

#include "batch/local_state.h"
#include "batch/local_supervisor.h"
#include "common/strings.h"

namespace formsender::batch {
namespace {

bool HasLabels(const std::map<std::string, std::string>& have,
               const std::map<std::string, std::string>& want) {
  for (const auto& [k, v] : want) {
    auto it = have.find(k);
    if (it == have.end() || it->second != v) return false;
  }
  return true;
}

bool StateWanted(JobState s, const std::vector<JobState>& states) {
  if (states.empty()) return true;
  for (JobState w : states) {
    if (w == s) return true;
  }
  return false;
}

}  // namespace

LocalBatchBackend::LocalBatchBackend(store::Database& db, const Clock& clock,
                                     LocalBatchOptions options, LoggerPtr log)
    : db_(db),
      clock_(clock),
      options_(std::move(options)),
      log_(log ? std::move(log) : MakeNullLogger()),
      store_(db_, clock_) {}

LocalBatchBackend::~LocalBatchBackend() { Stop(); }

void LocalBatchBackend::SetChangeListener(ChangeListener listener) {
  listener_ = std::move(listener);
}

Status LocalBatchBackend::Start() {
  if (supervisor_) return Status::Conflict("the local batch supervisor is already running");
  if (options_.log_dir.empty()) {
    return Status::InvalidArgument("batch.local.log_dir is not set (the task log directory)");
  }
  auto on_change = [this](const std::string& job_id, const std::string& execution_id) {
    { std::lock_guard lock(wait_mu_); }
    wait_cv_.notify_all();
    if (listener_) listener_(LocalJobName(job_id), execution_id);
  };
  supervisor_ = std::make_unique<Supervisor>(store_, clock_, options_, log_, on_change);
  Status s = supervisor_->Start();
  if (!s.ok()) supervisor_.reset();
  return s;
}

void LocalBatchBackend::Stop() {
  if (!supervisor_) return;
  supervisor_->Stop();
  supervisor_.reset();
}

Result<SubmittedJob> LocalBatchBackend::Submit(const JobSpec& spec) {
  return Insert(spec, spec.secret_env);
}

Result<SubmittedJob> LocalBatchBackend::Insert(JobSpec spec,
                                               std::map<std::string, std::string> secret_env) {
  FS_RETURN_IF_ERROR(ValidateJobSpec(spec));
  LocalJobRow row;
  row.job_id = NewJobId(spec.gcp.job_template);
  row.execution_id = spec.execution_id;
  row.state = JobState::kQueued;
  row.labels = JobLabels(spec);
  row.secret_env = std::move(secret_env);
  spec.secret_env.clear();  // kept in their own column
  row.spec = std::move(spec);
  row.created_at = clock_.Now();
  FS_RETURN_IF_ERROR(store_.InsertJob(row).WithContext("local batch submit"));
  if (supervisor_) supervisor_->Wake();
  SubmittedJob out;
  out.name = LocalJobName(row.job_id);
  out.job_id = row.job_id;
  out.provisioning_model = row.spec.machine.provisioning_model;
  out.parallelism = row.spec.effective_parallelism();
  out.submitted_at = row.created_at;
  LogFields(*log_, spdlog::level::info, "local batch job submitted",
            {{"job_name", out.name},
             {"execution_id", row.execution_id},
             {"task_count", row.spec.task_count},
             {"parallelism", out.parallelism},
             {"provisioning_model", ProvisioningModelName(out.provisioning_model)}});
  return out;
}

Result<JobStatus> LocalBatchBackend::Get(const std::string& job_name) {
  FS_ASSIGN_OR_RETURN(std::string job_id, LocalJobIdFromName(job_name));
  FS_ASSIGN_OR_RETURN(LocalJobRow row, store_.GetJob(job_id));
  FS_ASSIGN_OR_RETURN(std::vector<LocalAttemptRow> attempts, store_.ListAttempts(job_id));
  return DeriveJobStatus(row, attempts);
}

Status LocalBatchBackend::Delete(const std::string& job_name, const std::string& reason) {
  FS_ASSIGN_OR_RETURN(std::string job_id, LocalJobIdFromName(job_name));
  FS_ASSIGN_OR_RETURN(LocalJobRow row, store_.GetJob(job_id));
  FS_ASSIGN_OR_RETURN(bool marked, store_.RequestDelete(job_id, reason));
  if (!marked) return Status::Ok();  // already finished
  LogFields(*log_, spdlog::level::info, "local batch job deletion requested",
            {{"job_name", job_name}, {"reason", reason}});
  if (supervisor_) {
    supervisor_->Wake();
    return Status::Ok();
  }
  // No supervisor here. A live one elsewhere finishes the delete at its next scan; a job
  // nobody runs is cancelled now, after its leftover processes (if any) are killed.
  bool owner_alive = false;
  if (row.owner_id && row.heartbeat_at &&
      *row.heartbeat_at + options_.lease_timeout >= clock_.Now()) {
    owner_alive = true;
    if (row.owner_pid && row.owner_host) {
      auto start = ProcessStartTime(static_cast<pid_t>(*row.owner_pid));
      owner_alive = start && *start == row.owner_start.value_or("");
    }
  }
  if (owner_alive) return Status::Ok();
  FS_ASSIGN_OR_RETURN(std::vector<LocalAttemptRow> attempts, store_.ListAttempts(job_id));
  for (LocalAttemptRow& a : attempts) {
    if (a.outcome != AttemptOutcome::kRunning) continue;
    for (pid_t pid : FindProcessesWithEnv(std::string(kAttemptTokenEnv) + "=" + a.token)) {
      kill(pid, SIGKILL);
    }
    a.outcome = AttemptOutcome::kCancelled;
    a.reason = "cancelled";
    a.ended_at = clock_.Now();
    FS_RETURN_IF_ERROR(store_.FinishAttempt(a));
  }
  return store_.SetJobState(job_id, JobState::kCancelled, clock_.Now());
}

Result<std::vector<JobSummary>> LocalBatchBackend::List(const ListFilter& filter) {
  FS_ASSIGN_OR_RETURN(std::vector<LocalJobRow> rows, store_.ListJobs(/*only_active=*/false));
  std::vector<JobSummary> out;
  for (const LocalJobRow& row : rows) {
    if (!HasLabels(row.labels, filter.labels)) continue;
    JobState state = row.state;
    if (!IsTerminal(state)) {
      FS_ASSIGN_OR_RETURN(JobStatus status, Get(LocalJobName(row.job_id)));
      state = status.state;
    }
    if (!StateWanted(state, filter.states)) continue;
    out.push_back(JobSummary{LocalJobName(row.job_id), state, row.labels, row.created_at});
  }
  return out;
}

Result<SubmittedJob> LocalBatchBackend::Resubmit(const std::string& job_name,
                                                 ProvisioningModel model) {
  FS_ASSIGN_OR_RETURN(std::string job_id, LocalJobIdFromName(job_name));
  FS_ASSIGN_OR_RETURN(LocalJobRow row, store_.GetJob(job_id));
  JobSpec spec = row.spec;
  spec.machine.provisioning_model = model;
  if (model == ProvisioningModel::kStandard) spec.machine.allow_on_demand_fallback = false;
  return Insert(std::move(spec), row.secret_env);
}

Status LocalBatchBackend::Preempt(const std::string& job_name, int64_t task_index) {
  FS_ASSIGN_OR_RETURN(std::string job_id, LocalJobIdFromName(job_name));
  if (!supervisor_) return Status::NotFound("the local batch supervisor is not running");
  return supervisor_->Preempt(job_id, task_index);
}

Result<JobStatus> LocalBatchBackend::WaitForJob(const std::string& job_name,
                                                std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    FS_ASSIGN_OR_RETURN(JobStatus status, Get(job_name));
    if (IsTerminal(status.state)) return status;
    std::unique_lock lock(wait_mu_);
    // The supervisor notifies on every change; the bound covers a supervisor in another
    // process.
    if (wait_cv_.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() +
                                                         std::chrono::milliseconds(200))) ==
            std::cv_status::timeout &&
        std::chrono::steady_clock::now() >= deadline) {
      return Status::DeadlineExceeded("job " + job_name + " is still " +
                                      std::string(JobStateName(status.state)));
    }
  }
}

Result<LocalBatchOptions> LocalBatchOptionsFromConfig(const Environment& config,
                                                      const std::filesystem::path& data_dir) {
  LocalBatchOptions o;
  o.log_dir = data_dir / "batch" / "logs";
  o.working_dir = data_dir;
  // The runner's own default data directory is relative to its working directory (which is
  // `data_dir` itself): name it, so a task opens the supervisor's store, not a new one inside.
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(data_dir, ec);
  o.extra_env["FORMSENDER_DATA_DIR"] = (ec ? data_dir : absolute).string();
  auto number = [&](std::string_view key) -> Result<std::optional<double>> {
    auto v = config.GetNonBlank(key);
    if (!v) return std::optional<double>();
    FS_ASSIGN_OR_RETURN(double d, ParseDouble(*v, key));
    if (d < 0)
      return Status::InvalidArgument(std::string(key) + " must not be negative, got " + *v);
    return std::optional<double>(d);
  };
  auto millis = [](double seconds) {
    return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
  };
  if (auto v = config.GetNonBlank("batch.local.command")) {
    o.command = Split(*v, ' ');
    std::erase_if(o.command, [](const std::string& s) { return s.empty(); });
  }
  if (auto v = config.GetNonBlank("batch.local.log_dir")) o.log_dir = *v;
  FS_ASSIGN_OR_RETURN(auto rate, number("batch.local.preemption_rate"));
  if (rate) o.preemption_rate_per_hour = *rate;
  FS_ASSIGN_OR_RETURN(auto preempt_grace, number("batch.local.preemption_grace_seconds"));
  if (preempt_grace) o.preemption_grace = millis(*preempt_grace);
  FS_ASSIGN_OR_RETURN(auto cancel_grace, number("batch.local.cancel_grace_seconds"));
  if (cancel_grace) o.cancel_grace = millis(*cancel_grace);
  FS_ASSIGN_OR_RETURN(auto max_running, number("batch.local.max_running_tasks"));
  if (max_running) o.max_running_tasks = static_cast<int>(*max_running);
  if (auto v = config.GetNonBlank("batch.local.preemption_seed")) {
    FS_ASSIGN_OR_RETURN(int64_t seed, ParseInt64(*v, "batch.local.preemption_seed"));
    o.preemption_seed = static_cast<uint64_t>(seed);
  }
  return o;
}

}  // namespace formsender::batch

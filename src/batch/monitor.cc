#include "batch/monitor.h"

#include <algorithm>
#include <set>

#include "batch/local_state.h"
#include "batch/monitor_util.h"
#include "common/crypto.h"
#include "common/process.h"
#include "common/strings.h"
#include "common/time.h"

namespace formsender::batch {

using namespace monitor_internal;

namespace {

// API failures that will not heal by polling again (reference: batch_monitor_permanent_error).
bool IsPermanent(const Status& s) {
  return s.code() == StatusCode::kInvalidArgument || s.code() == StatusCode::kPermissionDenied ||
         s.code() == StatusCode::kUnauthenticated;
}

bool IsActive(const store::JobExecution& e) {
  return e.status == store::kExecutionRunning || e.status == store::kExecutionQueued;
}

Result<std::chrono::seconds> SecondsVar(const Environment& env, std::string_view name,
                                        std::chrono::seconds fallback) {
  auto v = env.GetNonBlank(name);
  if (!v) return fallback;
  auto n = ParseInt64(*v, name);
  if (!n.ok())
    return Status::InvalidArgument(std::string(name) + " must be an integer, got '" + *v + "'");
  if (*n < 0) return Status::InvalidArgument(std::string(name) + " must not be negative");
  return std::chrono::seconds(*n);
}

}  // namespace

Result<MonitorOptions> MonitorOptionsFromEnv(const Environment& env) {
  MonitorOptions o;
  FS_ASSIGN_OR_RETURN(o.interval,
                      SecondsVar(env, "FORM_SENDER_BATCH_MONITOR_INTERVAL_SECONDS", o.interval));
  o.interval = std::max(o.interval, std::chrono::seconds(30));
  if (env.GetNonBlank("FORM_SENDER_BATCH_MONITOR_TIMEOUT_SECONDS")) {
    FS_ASSIGN_OR_RETURN(auto floor, SecondsVar(env, "FORM_SENDER_BATCH_MONITOR_TIMEOUT_SECONDS",
                                               std::chrono::seconds(0)));
    o.timeout_floor = std::max(floor, o.interval);
  }
  FS_ASSIGN_OR_RETURN(
      o.timeout_margin,
      SecondsVar(env, "FORM_SENDER_BATCH_MONITOR_TIMEOUT_MARGIN_SECONDS", o.timeout_margin));
  FS_ASSIGN_OR_RETURN(
      o.spot_queue_timeout,
      SecondsVar(env, "FORM_SENDER_BATCH_SPOT_QUEUE_TIMEOUT_SECONDS", o.spot_queue_timeout));
  if (auto v = env.GetNonBlank("FORM_SENDER_MAX_RUNTIME_HOURS")) {
    auto h = ParseDouble(*v, "FORM_SENDER_MAX_RUNTIME_HOURS");
    if (h.ok() && *h > 0) o.default_session_max_hours = *h;
  }
  if (auto v = env.GetNonBlank("FORMSENDER_BATCH_BACKEND")) o.default_backend = *v;
  return o;
}

BatchMonitor::BatchMonitor(store::Database& db, const Clock& clock,
                           std::map<std::string, BatchBackend*> backends, MonitorOptions options,
                           LoggerPtr log, TerminalHook hook)
    : db_(db),
      clock_(clock),
      backends_(std::move(backends)),
      options_(std::move(options)),
      log_(log ? std::move(log) : MakeNullLogger()),
      hook_(std::move(hook)),
      executions_(db_, clock_),
      attempts_(db_),
      state_(db_, clock_),
      owner_id_(RandomHexToken(8)) {}

Result<bool> BatchMonitor::AcquireLease() {
  TimePoint now = clock_.Now();
  bool mine = false;
  auto updated = state_.Update(
      kLeaseKey, [&](const std::optional<std::string>& current) -> Result<std::string> {
        if (current) {
          auto lease = ParseJson(*current, "monitor lease");
          if (lease.ok() && lease->value("owner", "") != owner_id_) {
            auto expires = ParseIsoTimestamp(lease->value("expires_at", ""));
            // A holder of this host whose process is gone (a crashed serve) is not waited for.
            auto holder = ProcessIdentity::Parse(lease->value("process", ""));
            bool dead = holder && holder->IsDeadOnThisHost();
            if (expires.ok() && *expires > now && !dead) return *current;  // still valid
          }
        }
        mine = true;
        return DumpJson(Json{{"owner", owner_id_},
                             {"process", ProcessIdentity::Current().ToString()},
                             {"expires_at", FormatUtcIso(now + 3 * options_.interval)}});
      });
  if (!updated.ok()) return updated.status();
  return mine;
}

void BatchMonitor::ReleaseLease() {
  TimePoint now = clock_.Now();
  (void)state_.Update(
      kLeaseKey, [&](const std::optional<std::string>& current) -> Result<std::string> {
        if (!current) return std::string("{}");
        auto lease = ParseJson(*current, "monitor lease");
        if (!lease.ok() || lease->value("owner", "") != owner_id_) return *current;
        return DumpJson(Json{{"owner", owner_id_}, {"expires_at", FormatUtcIso(now)}});
      });
}

Result<BatchMonitor::TickReport> BatchMonitor::Tick() {
  TickReport report;
  FS_ASSIGN_OR_RETURN(report.lease_held, AcquireLease());
  if (!report.lease_held) return report;
  std::vector<store::JobExecution> todo;
  std::set<std::string> seen;
  for (const std::string& status : ActiveStatuses()) {
    FS_ASSIGN_OR_RETURN(auto rows, executions_.List(status, std::nullopt, 1000));
    for (auto& e : rows) {
      if (seen.insert(e.execution_id).second) todo.push_back(std::move(e));
    }
  }
  // Finished executions whose job may still run (cancelled by the user, failed by a task's
  // entry): followed until the job ends, for the attempts and the terminal hook.
  FS_ASSIGN_OR_RETURN(auto recent,
                      executions_.ListStartedSince(clock_.Now() - options_.follow_window));
  for (auto& e : recent) {
    std::string_view section = SectionOf(e);
    Json data = SectionJson(e, section);
    if (section.empty() || IsActive(e) || JobNameOf(e, data, section).empty() ||
        MonitorOf(data).contains("finalized_at")) {
      continue;
    }
    if (seen.insert(e.execution_id).second) todo.push_back(std::move(e));
  }
  for (const store::JobExecution& e : todo) {
    if (!Follows(e)) continue;
    ++report.executions;
    if (Status s = Process(e, report); !s.ok()) {
      report.errors.push_back(e.execution_id + ": " + s.ToString());
      LogFields(*log_, spdlog::level::warn, "batch monitor could not process an execution",
                {{"execution_id", e.execution_id}, {"error", s.ToString()}});
    }
  }
  return report;
}

Result<BatchMonitor::TickReport> BatchMonitor::TickExecution(const std::string& execution_id) {
  TickReport report;
  FS_ASSIGN_OR_RETURN(report.lease_held, AcquireLease());
  if (!report.lease_held) return report;
  FS_ASSIGN_OR_RETURN(store::JobExecution e, executions_.Get(execution_id));
  if (!Follows(e)) return report;
  ++report.executions;
  if (Status s = Process(e, report); !s.ok()) report.errors.push_back(s.ToString());
  return report;
}

bool BatchMonitor::Follows(const store::JobExecution& e) {
  std::string_view section = SectionOf(e);
  if (section.empty()) return false;
  // Cloud Run executions only where Cloud Run Jobs are configured: a deployment without them
  // cannot look, and rows of the reference's runner-only path are left as they are.
  return section == kBatchSection || BackendFor(section, SectionJson(e, section)) != nullptr;
}

BatchBackend* BatchMonitor::BackendFor(std::string_view section, const Json& batch) {
  std::string name =
      section == kCloudRunSection ? std::string(kCloudRunSection) : options_.default_backend;
  if (auto it = batch.find("backend"); it != batch.end() && it->is_string()) {
    name = it->get<std::string>();
  } else if (section != kBatchSection) {
    // Cloud Run Jobs: one backend.
  } else if (auto job = batch.find("job_name"); job != batch.end() && job->is_string()) {
    // Rows written before the backend was recorded (or by the reference): the name tells.
    std::string job_name = job->get<std::string>();
    if (job_name.starts_with(kLocalJobNamePrefix)) name = "local";
    if (job_name.starts_with("projects/")) name = "gcp";
  }
  auto found = backends_.find(name);
  return found == backends_.end() ? nullptr : found->second;
}

TimePoint BatchMonitor::Deadline(const store::JobExecution& e) const {
  Json batch = SectionJson(e, SectionOf(e));
  TimePoint base = e.started_at;
  // A fallback job gets a fresh timeout from its own submission.
  if (auto it = batch.find("submitted_at"); it != batch.end() && it->is_string()) {
    if (auto t = ParseIsoTimestamp(it->get<std::string>()); t.ok()) base = std::max(base, *t);
  }
  double hours = SessionMaxHours(e).value_or(options_.default_session_max_hours);
  auto timeout = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::duration<double>(hours * 3600.0)) +
                 options_.timeout_margin;
  if (options_.timeout_floor) timeout = std::max(timeout, *options_.timeout_floor);
  return base + timeout;
}

Status BatchMonitor::Process(const store::JobExecution& e, TickReport& report) {
  std::string_view section = SectionOf(e);
  Json batch = SectionJson(e, section);
  Json monitor = MonitorOf(batch);
  if (monitor.contains("finalized_at")) return Status::Ok();
  std::string job_name = JobNameOf(e, batch, section);
  if (job_name.empty()) return IsActive(e) ? ProcessWithoutJobName(e, batch) : Status::Ok();
  BatchBackend* backend = BackendFor(section, batch);
  if (!backend) {
    return Status::InvalidArgument("no batch backend '" +
                                   batch.value("backend", section == kCloudRunSection
                                                              ? std::string(kCloudRunSection)
                                                              : options_.default_backend) +
                                   "' is configured for job " + job_name);
  }
  std::string state = monitor.value("state", "");
  if (IsActive(e) && (state.empty() || state == "scheduled")) {
    FS_RETURN_IF_ERROR(executions_.MergeMetadata(
        e.execution_id,
        SectionPatch(
            section,
            {{"monitor", {{"state", "monitoring"}, {"started_at", FormatJstIso(clock_.Now())}}}})));
  }

  auto got = backend->Get(job_name);
  if (!got.ok() && got.status().code() == StatusCode::kNotFound) {
    if (IsActive(e)) {
      FS_RETURN_IF_ERROR(RecordTerminal(e, store::kExecutionCancelled, "CANCELLED",
                                        Reason(section, "job_not_found"), nullptr, Json::object(),
                                        report));
    }
    return Finalize(e);
  }
  if (!got.ok()) {
    if (IsPermanent(got.status()) && IsActive(e)) {
      FS_RETURN_IF_ERROR(RecordTerminal(e, store::kExecutionFailed,
                                        StatusCodeName(got.status().code()),
                                        Reason(section, "monitor_permanent_error"), nullptr,
                                        Json{{"error", got.status().message()}}, report));
      return Finalize(e);
    }
    if (IsActive(e) && clock_.Now() > Deadline(e)) {
      FS_RETURN_IF_ERROR(RecordTerminal(e, store::kExecutionFailed, "TIMEOUT",
                                        Reason(section, "timeout"), nullptr, Json::object(),
                                        report));
    }
    return got.status();
  }
  const JobStatus& job = *got;
  if (section == kCloudRunSection && job.name != job_name && !job.name.empty()) {
    // The execution of a RunJob operation became known: follow it by its own name from now on.
    FS_RETURN_IF_ERROR(executions_.MergeMetadata(e.execution_id,
                                                 SectionPatch(section, {{"execution", job.name}})));
    job_name = job.name;
  }
  FS_RETURN_IF_ERROR(RecordAttempts(e, job_name, job));

  Json progress = {{"job_state", JobStateName(job.state)}, {"task_counts", job.task_counts}};
  if (monitor.value("job_state", "") != progress["job_state"] ||
      monitor.value("task_counts", Json::object()) != progress["task_counts"]) {
    FS_RETURN_IF_ERROR(
        executions_.MergeMetadata(e.execution_id, SectionPatch(section, {{"monitor", progress}})));
  }

  switch (job.state) {
    case JobState::kSucceeded: {
      bool all = true;
      for (const TaskInfo& t : job.tasks) all &= t.state == TaskState::kSucceeded;
      if (all) {
        FS_RETURN_IF_ERROR(RecordTerminal(e, store::kExecutionSucceeded, "SUCCEEDED",
                                          Reason(section, "succeeded"), &job, Json::object(),
                                          report));
      } else {
        FS_RETURN_IF_ERROR(
            RecordTerminal(e, store::kExecutionFailed, "FAILED", Reason(section, "failed"), &job,
                           Json{{"failures", AnalyzeFailures(job).details}}, report));
      }
      return Finalize(e);
    }
    case JobState::kFailed: {
      FailureAnalysis analysis = AnalyzeFailures(job);
      std::string events = job.EventText();
      bool capacity = analysis.only_capacity_failures() ||
                      (analysis.application_failures == 0 && MentionsCapacity(events));
      if (IsActive(e) && capacity) {
        std::string reason = events.empty() ? "tasks lost to Spot preemption" : events;
        FS_ASSIGN_OR_RETURN(bool resubmitted,
                            TryFallback(e, *backend, job_name, reason, /*delete_old=*/false));
        if (resubmitted) return Status::Ok();
      }
      FS_RETURN_IF_ERROR(RecordTerminal(e, store::kExecutionFailed, "FAILED",
                                        Reason(section, "failed"), &job,
                                        Json{{"failures", analysis.details}}, report));
      return Finalize(e);
    }
    case JobState::kCancelled:
      FS_RETURN_IF_ERROR(RecordTerminal(e, store::kExecutionCancelled, "CANCELLED",
                                        Reason(section, "cancelled"), &job, Json::object(),
                                        report));
      return Finalize(e);
    case JobState::kCancellationInProgress:
      // The status is final now; the hook waits for the job to be gone.
      if (state != "CANCELLATION_IN_PROGRESS") {
        FS_RETURN_IF_ERROR(RecordTerminal(e, store::kExecutionCancelled, "CANCELLATION_IN_PROGRESS",
                                          Reason(section, "cancelled"), &job, Json::object(),
                                          report));
      }
      return Status::Ok();
    case JobState::kDeletionInProgress:
      if (state != "DELETION_IN_PROGRESS") {
        FS_RETURN_IF_ERROR(executions_.MergeMetadata(
            e.execution_id,
            SectionPatch(section, {{"monitor",
                                    {{"state", "DELETION_IN_PROGRESS"},
                                     {"recorded_at", FormatJstIso(clock_.Now())}}}})));
      }
      return Status::Ok();
    default:
      break;
  }

  // Still queued or running.
  if (e.status == store::kExecutionCancelled && !monitor.contains("delete_requested_at")) {
    // The cancel did not reach the job (or raced its creation): delete it again.
    FS_RETURN_IF_ERROR(backend->Delete(job_name, "execution cancelled"));
    FS_RETURN_IF_ERROR(executions_.MergeMetadata(
        e.execution_id,
        SectionPatch(section,
                     {{"monitor", {{"delete_requested_at", FormatUtcIso(clock_.Now())}}}})));
    return Status::Ok();
  }
  if (!IsActive(e)) return Status::Ok();
  if (clock_.Now() > Deadline(e)) {
    if (Status s = backend->Delete(job_name, "batch monitor timeout"); !s.ok()) {
      log_->warn("could not delete timed-out job {}: {}", job_name, s.ToString());
    }
    return RecordTerminal(e, store::kExecutionFailed, "TIMEOUT", Reason(section, "timeout"), &job,
                          Json::object(), report);
  }
  bool waiting = job.state == JobState::kQueued || job.state == JobState::kScheduled;
  if (waiting && options_.spot_queue_timeout.count() > 0) {
    TimePoint since = e.started_at;
    if (auto t = ParseIsoTimestamp(batch.value("submitted_at", "")); t.ok()) since = *t;
    if (clock_.Now() - since >= options_.spot_queue_timeout) {
      FS_ASSIGN_OR_RETURN(
          bool moved, TryFallback(e, *backend, job_name,
                                  "no Spot capacity: the job waited in " +
                                      std::string(JobStateName(job.state)) + " for " +
                                      std::to_string(options_.spot_queue_timeout.count()) + " s",
                                  /*delete_old=*/true));
      (void)moved;
    }
  }
  return Status::Ok();
}

Status BatchMonitor::ProcessWithoutJobName(const store::JobExecution& e, const Json& batch) {
  if (clock_.Now() - e.started_at < options_.missing_job_grace) return Status::Ok();
  std::string_view section = SectionOf(e);
  BatchBackend* backend = BackendFor(section, batch);
  if (backend && LabelValue(e.execution_id) == e.execution_id) {
    FS_ASSIGN_OR_RETURN(auto jobs,
                        backend->List(ListFilter{{{"execution_id", e.execution_id}}, {}}));
    if (!jobs.empty()) {
      auto newest = std::max_element(jobs.begin(), jobs.end(), [](const auto& a, const auto& b) {
        return a.create_time.value_or(TimePoint{}) < b.create_time.value_or(TimePoint{});
      });
      LogFields(*log_, spdlog::level::warn, "found the batch job of an execution by its label",
                {{"execution_id", e.execution_id}, {"job_name", newest->name}});
      Json found = {{"backend", backend->backend_name()}};
      found[section == kCloudRunSection ? "execution" : "job_name"] = newest->name;
      return executions_.MergeMetadata(e.execution_id, SectionPatch(section, std::move(found)));
    }
  }
  TickReport ignored;
  FS_RETURN_IF_ERROR(RecordTerminal(e, store::kExecutionFailed, "FAILED",
                                    Reason(section, "job_missing"), nullptr, Json::object(),
                                    ignored));
  return Finalize(e);
}

}  // namespace formsender::batch

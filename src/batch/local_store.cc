#include "batch/local_store.h"

namespace formsender::batch {
namespace {

using store::Row;
using store::SqlValue;

constexpr std::string_view kJobColumns =
    "job_id, execution_id, state, spec, secret_env, labels, owner_id, owner_host, owner_pid, "
    "owner_start, heartbeat_at, delete_requested_at, delete_reason, created_at, ended_at";
constexpr std::string_view kAttemptColumns =
    "job_id, task_index, attempt, outcome, exit_code, process_exit_code, reason, "
    "provisioning_model, machine_type, guard_pid, task_pid, token, stdout_path, stderr_path, "
    "started_at, ended_at";
constexpr std::string_view kActiveStates = "('QUEUED', 'RUNNING', 'DELETION_IN_PROGRESS')";

std::map<std::string, std::string> StringMap(const Json& j) {
  std::map<std::string, std::string> out;
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items()) {
    if (v.is_string()) out[k] = v.get<std::string>();
  }
  return out;
}

Result<LocalJobRow> JobFromRow(const Row& r) {
  LocalJobRow j;
  j.job_id = r.Text("job_id");
  j.execution_id = r.Text("execution_id");
  j.state = ParseJobState(r.Text("state"));
  auto spec = JobSpecFromJson(r.JsonValue("spec"));
  if (!spec.ok()) return spec.status().WithContext("local batch job " + j.job_id);
  j.spec = std::move(spec).value();
  j.secret_env = StringMap(r.JsonValue("secret_env"));
  j.labels = StringMap(r.JsonValue("labels"));
  j.owner_id = r.Get("owner_id");
  j.owner_host = r.Get("owner_host");
  j.owner_pid = r.OptInt("owner_pid");
  j.owner_start = r.Get("owner_start");
  j.heartbeat_at = r.OptTime("heartbeat_at");
  j.delete_requested_at = r.OptTime("delete_requested_at");
  j.delete_reason = r.Get("delete_reason");
  j.created_at = r.OptTime("created_at").value_or(TimePoint{});
  j.ended_at = r.OptTime("ended_at");
  return j;
}

AttemptOutcome ParseOutcome(std::string_view s) {
  for (AttemptOutcome o :
       {AttemptOutcome::kRunning, AttemptOutcome::kSucceeded, AttemptOutcome::kFailed,
        AttemptOutcome::kPreempted, AttemptOutcome::kCancelled}) {
    if (AttemptOutcomeName(o) == s) return o;
  }
  return AttemptOutcome::kFailed;
}

LocalAttemptRow AttemptFromRow(const Row& r) {
  LocalAttemptRow a;
  a.job_id = r.Text("job_id");
  a.task_index = r.Int("task_index");
  a.attempt = r.Int("attempt");
  a.outcome = ParseOutcome(r.Text("outcome"));
  a.exit_code = r.OptInt("exit_code");
  a.process_exit_code = r.OptInt("process_exit_code");
  a.reason = r.Get("reason");
  a.provisioning_model = r.Text("provisioning_model");
  a.machine_type = r.Text("machine_type");
  a.guard_pid = r.OptInt("guard_pid");
  a.task_pid = r.OptInt("task_pid");
  a.token = r.Text("token");
  a.stdout_path = r.Text("stdout_path");
  a.stderr_path = r.Text("stderr_path");
  a.started_at = r.OptTime("started_at").value_or(TimePoint{});
  a.ended_at = r.OptTime("ended_at");
  return a;
}

SqlValue OptTime(const std::optional<TimePoint>& t) { return t ? SqlValue::Time(*t) : SqlValue(); }

}  // namespace

Status LocalJobStore::InsertJob(const LocalJobRow& job) {
  TimePoint now = clock_.Now();
  return db_
      .Execute(
          "INSERT INTO batch_local_jobs (" + std::string(kJobColumns) +
              ", updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
              "$14, $15, $16)",
          {job.job_id, job.execution_id, std::string(JobStateName(job.state)),
           SqlValue::JsonText(JobSpecToJson(job.spec)), SqlValue::JsonText(Json(job.secret_env)),
           SqlValue::JsonText(Json(job.labels)), job.owner_id, job.owner_host, job.owner_pid,
           job.owner_start, OptTime(job.heartbeat_at), OptTime(job.delete_requested_at),
           job.delete_reason, SqlValue::Time(job.created_at == TimePoint{} ? now : job.created_at),
           OptTime(job.ended_at), SqlValue::Time(now)})
      .status();
}

Result<LocalJobRow> LocalJobStore::GetJob(const std::string& job_id) {
  FS_ASSIGN_OR_RETURN(
      store::QueryResult r,
      db_.Query("SELECT " + std::string(kJobColumns) + " FROM batch_local_jobs WHERE job_id = $1",
                {job_id}));
  if (r.empty()) return Status::NotFound("local batch job " + job_id + " not found");
  return JobFromRow(r.front());
}

Result<std::vector<LocalJobRow>> LocalJobStore::ListJobs(bool only_active) {
  std::string sql = "SELECT " + std::string(kJobColumns) + " FROM batch_local_jobs";
  if (only_active) sql += " WHERE state IN " + std::string(kActiveStates);
  sql += " ORDER BY created_at, job_id";
  FS_ASSIGN_OR_RETURN(store::QueryResult r, db_.Query(sql));
  std::vector<LocalJobRow> out;
  for (Row row : r) {
    FS_ASSIGN_OR_RETURN(LocalJobRow job, JobFromRow(row));
    out.push_back(std::move(job));
  }
  return out;
}

Result<std::vector<LocalAttemptRow>> LocalJobStore::ListAttempts(const std::string& job_id) {
  FS_ASSIGN_OR_RETURN(store::QueryResult r,
                      db_.Query("SELECT " + std::string(kAttemptColumns) +
                                    " FROM batch_local_attempts WHERE job_id = $1 "
                                    "ORDER BY task_index, attempt",
                                {job_id}));
  std::vector<LocalAttemptRow> out;
  for (Row row : r) out.push_back(AttemptFromRow(row));
  return out;
}

Status LocalJobStore::InsertAttempt(const LocalAttemptRow& a) {
  return db_
      .Execute("INSERT INTO batch_local_attempts (" + std::string(kAttemptColumns) +
                   ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
                   "$16)",
               {a.job_id, a.task_index, a.attempt, std::string(AttemptOutcomeName(a.outcome)),
                a.exit_code, a.process_exit_code, a.reason, a.provisioning_model, a.machine_type,
                a.guard_pid, a.task_pid, a.token, a.stdout_path, a.stderr_path,
                SqlValue::Time(a.started_at), OptTime(a.ended_at)})
      .status();
}

Status LocalJobStore::SetAttemptProcess(const LocalAttemptRow& a) {
  return db_
      .Execute(
          "UPDATE batch_local_attempts SET guard_pid = $1, task_pid = $2 WHERE job_id = $3 "
          "AND task_index = $4 AND attempt = $5",
          {a.guard_pid, a.task_pid, a.job_id, a.task_index, a.attempt})
      .status();
}

Status LocalJobStore::FinishAttempt(const LocalAttemptRow& a) {
  return db_
      .Execute(
          "UPDATE batch_local_attempts SET outcome = $1, exit_code = $2, process_exit_code = $3, "
          "reason = $4, ended_at = $5 WHERE job_id = $6 AND task_index = $7 AND attempt = $8",
          {std::string(AttemptOutcomeName(a.outcome)), a.exit_code, a.process_exit_code, a.reason,
           OptTime(a.ended_at), a.job_id, a.task_index, a.attempt})
      .status();
}

Status LocalJobStore::SetJobState(const std::string& job_id, JobState state,
                                  std::optional<TimePoint> ended_at) {
  return db_
      .Execute(
          "UPDATE batch_local_jobs SET state = $1, ended_at = COALESCE($2, ended_at), "
          "updated_at = $3 WHERE job_id = $4",
          {std::string(JobStateName(state)), OptTime(ended_at), SqlValue::Time(clock_.Now()),
           job_id})
      .status();
}

Result<bool> LocalJobStore::ClaimJob(const std::string& job_id,
                                     const std::optional<std::string>& expected_owner_id,
                                     const LocalOwner& owner) {
  TimePoint now = clock_.Now();
  FS_ASSIGN_OR_RETURN(
      int64_t n,
      db_.Execute("UPDATE batch_local_jobs SET owner_id = $1, owner_host = $2, owner_pid = $3, "
                  "owner_start = $4, heartbeat_at = $5, updated_at = $5 WHERE job_id = $6 AND "
                  "state IN " +
                      std::string(kActiveStates) +
                      " AND (($7::text IS NULL AND owner_id IS NULL) OR owner_id = $7::text)",
                  {owner.id, owner.host, owner.pid, owner.start, SqlValue::Time(now), job_id,
                   expected_owner_id}));
  return n > 0;
}

Status LocalJobStore::Heartbeat(const std::string& owner_id) {
  return db_
      .Execute("UPDATE batch_local_jobs SET heartbeat_at = $1 WHERE owner_id = $2 AND state IN " +
                   std::string(kActiveStates),
               {SqlValue::Time(clock_.Now()), owner_id})
      .status();
}

Status LocalJobStore::Release(const std::string& owner_id) {
  return db_
      .Execute(
          "UPDATE batch_local_jobs SET owner_id = NULL, owner_host = NULL, owner_pid = NULL, "
          "owner_start = NULL, updated_at = $1 WHERE owner_id = $2",
          {SqlValue::Time(clock_.Now()), owner_id})
      .status();
}

Result<bool> LocalJobStore::RequestDelete(const std::string& job_id, const std::string& reason) {
  TimePoint now = clock_.Now();
  FS_ASSIGN_OR_RETURN(
      int64_t n,
      db_.Execute("UPDATE batch_local_jobs SET delete_requested_at = COALESCE(delete_requested_at, "
                  "$1), delete_reason = COALESCE(delete_reason, $2), updated_at = $1 WHERE "
                  "job_id = $3 AND state IN " +
                      std::string(kActiveStates),
                  {SqlValue::Time(now), reason, job_id}));
  return n > 0;
}

}  // namespace formsender::batch

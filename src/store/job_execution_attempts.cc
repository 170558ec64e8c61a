#include "store/job_execution_attempts.h"

namespace formsender::store {
namespace {

constexpr std::string_view kAttemptColumns =
    "id, execution_id, job_name, task_index, attempt, status, machine_type, provisioning_model, "
    "preempted, exit_code, started_at, ended_at, metadata";

JobExecutionAttempt AttemptFromRow(const Row& r) {
  JobExecutionAttempt a;
  a.id = r.Int("id");
  a.execution_id = r.Text("execution_id");
  a.job_name = r.Text("job_name");
  a.task_index = r.Int("task_index");
  a.attempt = r.Int("attempt");
  a.status = r.Text("status");
  a.machine_type = r.Get("machine_type");
  a.provisioning_model = r.Get("provisioning_model");
  a.preempted = r.Bool("preempted");
  a.exit_code = r.OptInt("exit_code");
  a.started_at = r.OptTime("started_at");
  a.ended_at = r.OptTime("ended_at");
  a.metadata = r.JsonValue("metadata");
  if (a.metadata.is_null()) a.metadata = Json::object();
  return a;
}

}  // namespace

Result<JobExecutionAttempt> JobExecutionAttemptRepository::Upsert(const JobExecutionAttempt& a) {
  Json meta = StripNulls(a.metadata.is_object() ? a.metadata : Json::object());
  std::string merge = db_.dialect() == Dialect::kPostgres
                          ? "fs_jsonb_deep_merge(COALESCE(job_execution_attempts.metadata, "
                            "'{}'::jsonb), excluded.metadata)"
                          : "json_patch(COALESCE(job_execution_attempts.metadata, '{}'), "
                            "excluded.metadata)";
  FS_ASSIGN_OR_RETURN(
      QueryResult r,
      db_.Query(
          "INSERT INTO job_execution_attempts (execution_id, job_name, task_index, attempt, "
          "status, machine_type, provisioning_model, preempted, exit_code, started_at, ended_at, "
          "metadata) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
          "ON CONFLICT (execution_id, job_name, task_index, attempt) DO UPDATE SET "
          "status = excluded.status, "
          "machine_type = COALESCE(excluded.machine_type, job_execution_attempts.machine_type), "
          "provisioning_model = COALESCE(excluded.provisioning_model, "
          "job_execution_attempts.provisioning_model), "
          "preempted = excluded.preempted OR job_execution_attempts.preempted, "
          "exit_code = COALESCE(excluded.exit_code, job_execution_attempts.exit_code), "
          "started_at = COALESCE(job_execution_attempts.started_at, excluded.started_at), "
          "ended_at = COALESCE(excluded.ended_at, job_execution_attempts.ended_at), "
          "metadata = " +
              merge + " RETURNING " + std::string(kAttemptColumns),
          {a.execution_id, a.job_name, a.task_index, a.attempt, a.status, a.machine_type,
           a.provisioning_model, a.preempted, a.exit_code,
           a.started_at ? SqlValue::Time(*a.started_at) : SqlValue(),
           a.ended_at ? SqlValue::Time(*a.ended_at) : SqlValue(), SqlValue::JsonText(meta)}));
  if (r.empty()) return Status::Internal("attempt upsert returned no row");
  return AttemptFromRow(r.front());
}

Result<std::vector<JobExecutionAttempt>> JobExecutionAttemptRepository::ListForExecution(
    std::string_view execution_id) {
  FS_ASSIGN_OR_RETURN(QueryResult r,
                      db_.Query("SELECT " + std::string(kAttemptColumns) +
                                    " FROM job_execution_attempts WHERE execution_id = $1 "
                                    "ORDER BY task_index, attempt, id",
                                {std::string(execution_id)}));
  std::vector<JobExecutionAttempt> out;
  for (Row row : r) out.push_back(AttemptFromRow(row));
  return out;
}

}  // namespace formsender::store

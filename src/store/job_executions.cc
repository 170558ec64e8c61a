#include "store/job_executions.h"

#include "common/time.h"

namespace formsender::store {
namespace {

constexpr std::string_view kExecutionColumns =
    "id, execution_id, job_type, targeting_id, run_index_base, task_count, parallelism, shards, "
    "workers_per_workflow, status, execution_mode, started_at, ended_at, last_error, metadata";

JobExecution ExecutionFromRow(const Row& r) {
  JobExecution e;
  e.id = r.Int("id");
  e.execution_id = r.Text("execution_id");
  e.job_type = r.Text("job_type");
  e.targeting_id = r.Int("targeting_id");
  e.run_index_base = r.Int("run_index_base");
  e.task_count = r.Int("task_count");
  e.parallelism = r.Int("parallelism");
  e.shards = r.Int("shards");
  e.workers_per_workflow = r.Int("workers_per_workflow");
  e.status = r.Text("status");
  e.execution_mode = r.Text("execution_mode");
  e.started_at = r.OptTime("started_at").value_or(TimePoint{});
  e.ended_at = r.OptTime("ended_at");
  e.last_error = r.Get("last_error");
  e.metadata = r.JsonValue("metadata");
  if (e.metadata.is_null()) e.metadata = Json::object();
  return e;
}

std::string Select(std::string_view where_and_rest) {
  return "SELECT " + std::string(kExecutionColumns) + " FROM job_executions " +
         std::string(where_and_rest);
}

}  // namespace

Json JobExecution::ToPublicJson() const {
  std::string mode = execution_mode.empty() ? "cloud_run" : execution_mode;
  if (metadata.is_object()) {
    auto it = metadata.find("execution_mode");
    if (it != metadata.end() && it->is_string() && !it->get<std::string>().empty()) {
      mode = it->get<std::string>();
    }
  }
  return Json{{"execution_id", execution_id},
              {"targeting_id", targeting_id},
              {"run_index_base", run_index_base},
              {"status", status},
              {"started_at", FormatUtcIso(started_at, true)},
              {"ended_at", ended_at ? Json(FormatUtcIso(*ended_at, true)) : Json()},
              {"task_count", task_count},
              {"parallelism", parallelism},
              {"shards", shards},
              {"workers_per_workflow", workers_per_workflow},
              {"metadata", metadata},
              {"execution_mode", mode}};
}

Result<JobExecutionRepository::InsertResult> JobExecutionRepository::Insert(const JobExecution& e) {
  TimePoint started = e.started_at == TimePoint{} ? clock_.Now() : e.started_at;
  auto inserted = db_.Query(
      "INSERT INTO job_executions (execution_id, job_type, targeting_id, run_index_base, "
      "task_count, parallelism, shards, workers_per_workflow, status, execution_mode, started_at, "
      "ended_at, last_error, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
      "$13, $14) ON CONFLICT (execution_id) DO NOTHING RETURNING " +
          std::string(kExecutionColumns),
      {e.execution_id, e.job_type, e.targeting_id, e.run_index_base, e.task_count, e.parallelism,
       e.shards, e.workers_per_workflow, e.status, e.execution_mode, SqlValue::Time(started),
       e.ended_at ? SqlValue::Time(*e.ended_at) : SqlValue(), e.last_error,
       SqlValue::JsonText(e.metadata.is_null() ? Json::object() : e.metadata)});
  if (!inserted.ok()) return inserted.status();
  if (!inserted->empty()) return InsertResult{ExecutionFromRow(inserted->front()), true};
  FS_ASSIGN_OR_RETURN(JobExecution existing, Get(e.execution_id));
  return InsertResult{std::move(existing), false};
}

Result<JobExecution> JobExecutionRepository::Get(std::string_view execution_id) {
  FS_ASSIGN_OR_RETURN(QueryResult r,
                      db_.Query(Select("WHERE execution_id = $1"), {std::string(execution_id)}));
  if (r.empty()) return Status::NotFound("execution " + std::string(execution_id) + " not found");
  return ExecutionFromRow(r.front());
}

Result<std::optional<JobExecution>> JobExecutionRepository::FindActive(int64_t targeting_id,
                                                                       int64_t run_index_base) {
  FS_ASSIGN_OR_RETURN(
      QueryResult r,
      db_.Query(Select("WHERE targeting_id = $1 AND run_index_base = $2 AND status IN "
                       "('running', 'queued') ORDER BY started_at DESC LIMIT 1"),
                {targeting_id, run_index_base}));
  if (r.empty()) return std::optional<JobExecution>();
  return std::optional<JobExecution>(ExecutionFromRow(r.front()));
}

Result<std::vector<JobExecution>> JobExecutionRepository::List(std::optional<std::string> status,
                                                               std::optional<int64_t> targeting_id,
                                                               int limit) {
  if (status && status->empty()) status.reset();
  FS_ASSIGN_OR_RETURN(
      QueryResult r,
      db_.Query(Select("WHERE ($1::text IS NULL OR status = $1) AND ($2::bigint IS NULL OR "
                       "targeting_id = $2) ORDER BY started_at DESC, id DESC LIMIT $3"),
                {status, targeting_id, limit}));
  std::vector<JobExecution> out;
  for (Row row : r) out.push_back(ExecutionFromRow(row));
  return out;
}

Result<std::vector<JobExecution>> JobExecutionRepository::ListStartedSince(TimePoint since) {
  FS_ASSIGN_OR_RETURN(QueryResult r,
                      db_.Query(Select("WHERE started_at >= $1 ORDER BY started_at DESC, id DESC"),
                                {SqlValue::Time(since)}));
  std::vector<JobExecution> out;
  for (Row row : r) out.push_back(ExecutionFromRow(row));
  return out;
}

Result<std::map<std::string, int64_t>> JobExecutionRepository::CountByStatusSince(TimePoint since) {
  FS_ASSIGN_OR_RETURN(QueryResult r, db_.Query("SELECT status, count(*) AS n FROM job_executions "
                                               "WHERE started_at >= $1 GROUP BY status",
                                               {SqlValue::Time(since)}));
  std::map<std::string, int64_t> out;
  for (Row row : r) out[row.Text("status")] = row.Int("n");
  return out;
}

Status JobExecutionRepository::MergeMetadata(std::string_view execution_id, const Json& patch) {
  if (!patch.is_object()) return Status::InvalidArgument("metadata patch must be a JSON object");
  Json clean = StripNulls(patch);
  std::optional<std::string> mode;
  if (auto it = clean.find("execution_mode"); it != clean.end() && it->is_string()) {
    mode = it->get<std::string>();
  }
  std::string sql =
      db_.dialect() == Dialect::kPostgres
          ? "UPDATE job_executions SET metadata = fs_jsonb_deep_merge(COALESCE(metadata, "
            "'{}'::jsonb), $1::jsonb), execution_mode = COALESCE($2::text, execution_mode) "
            "WHERE execution_id = $3"
          // json_patch is RFC 7396; with the nulls stripped it is the same merge.
          : "UPDATE job_executions SET metadata = json_patch(CASE WHEN json_valid(metadata) "
            "THEN metadata ELSE '{}' END, $1), execution_mode = COALESCE($2, execution_mode) "
            "WHERE execution_id = $3";
  FS_ASSIGN_OR_RETURN(
      int64_t n, db_.Execute(sql, {SqlValue::JsonText(clean), mode, std::string(execution_id)}));
  if (n == 0) return Status::NotFound("execution " + std::string(execution_id) + " not found");
  return Status::Ok();
}

Result<bool> JobExecutionRepository::UpdateStatus(
    std::string_view execution_id, std::string_view status, std::optional<TimePoint> ended_at,
    const std::vector<std::string>& only_if_current_in) {
  // The guard list is passed as one comma-joined parameter so the statement text is fixed.
  std::string guard;
  for (const auto& s : only_if_current_in) guard += "," + s;
  if (!guard.empty()) guard += ",";
  FS_ASSIGN_OR_RETURN(
      int64_t n,
      db_.Execute("UPDATE job_executions SET status = $1, ended_at = COALESCE($2, ended_at) "
                  "WHERE execution_id = $3 AND ($4::text IS NULL OR "
                  "$4::text LIKE '%,' || status || ',%')",
                  {std::string(status), ended_at ? SqlValue::Time(*ended_at) : SqlValue(),
                   std::string(execution_id), guard.empty() ? SqlValue() : SqlValue(guard)}));
  return n > 0;
}

Status JobExecutionRepository::UpdateParallelism(std::string_view execution_id,
                                                 int64_t parallelism) {
  return db_
      .Execute("UPDATE job_executions SET parallelism = $1 WHERE execution_id = $2",
               {parallelism, std::string(execution_id)})
      .status();
}

Status JobExecutionRepository::SetLastError(std::string_view execution_id, std::string_view error) {
  return db_
      .Execute("UPDATE job_executions SET last_error = $1 WHERE execution_id = $2",
               {std::string(error), std::string(execution_id)})
      .status();
}

}  // namespace formsender::store

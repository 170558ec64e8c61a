#include "dashboard/queries.h"

#include <chrono>

#include "common/time.h"

namespace formsender::dashboard {
namespace {

using std::chrono::seconds;

Json ParseJsonColumn(const store::Row& row, std::string_view column) {
  return row.JsonValue(column);
}

Status LoadAttempts(store::Database& db, RunningExecution& r) {
  FS_ASSIGN_OR_RETURN(
      store::QueryResult rows,
      db.Query("SELECT task_index, status, machine_type, provisioning_model, preempted "
               "FROM job_execution_attempts WHERE execution_id = $1 ORDER BY id",
               {r.execution.execution_id}));
  std::map<int64_t, bool> done;
  for (store::Row row : rows) {
    if (row.Text("status") == "succeeded") done[row.Int("task_index")] = true;
    if (row.Bool("preempted") || row.Text("status") == "preempted") ++r.preemptions;
    if (!row.Text("machine_type").empty()) r.machine_type = row.Text("machine_type");
    if (!row.Text("provisioning_model").empty()) r.provisioning = row.Text("provisioning_model");
  }
  r.tasks_done = static_cast<int64_t>(done.size());
  // Before the monitor has recorded attempts, metadata.batch says what was asked for.
  const Json& batch =
      r.execution.metadata.contains("batch") ? r.execution.metadata["batch"] : Json::object();
  if (r.machine_type.empty() && batch.is_object() && batch.contains("machine_type") &&
      batch["machine_type"].is_string()) {
    r.machine_type = batch["machine_type"].get<std::string>();
  }
  if (r.provisioning.empty() && batch.is_object() && batch.contains("prefer_spot") &&
      batch["prefer_spot"].is_boolean()) {
    r.provisioning = batch["prefer_spot"].get<bool>() ? "SPOT" : "STANDARD";
  }
  return Status::Ok();
}

std::optional<TimePoint> Eta(const RunningExecution& r, TimePoint now) {
  if (r.tasks_done <= 0 || r.execution.task_count <= 0) return std::nullopt;
  auto elapsed = now - r.execution.started_at;
  auto per_task = elapsed / r.tasks_done;
  int64_t left = std::max<int64_t>(0, r.execution.task_count - r.tasks_done);
  return now + per_task * left;
}

Result<std::vector<TargetingToday>> LoadTargetings(store::Database& db, const Clock& clock,
                                                   std::optional<int64_t> only) {
  std::string today = JstDateOf(clock.Now()).ToString();
  std::string sql = "SELECT id, description, active, max_daily_sends FROM targeting" +
                    std::string(only ? " WHERE id = $1" : "") + " ORDER BY id";
  store::Params params;
  if (only) params.push_back(*only);
  FS_ASSIGN_OR_RETURN(store::QueryResult rows, db.Query(sql, params));
  FS_ASSIGN_OR_RETURN(
      store::QueryResult sent,
      db.Query("SELECT targeting_id, COUNT(*) AS n FROM send_ledger WHERE state = 'sent' AND "
               "target_date_jst = $1::date GROUP BY targeting_id",
               {today}));
  std::map<int64_t, int64_t> sent_by_targeting;
  for (store::Row row : sent) sent_by_targeting[row.Int("targeting_id")] = row.Int("n");
  std::vector<TargetingToday> out;
  for (store::Row row : rows) {
    TargetingToday t;
    t.targeting_id = row.Int("id");
    t.description = row.Text("description");
    t.active = row.Bool("active");
    t.max_daily_sends = row.OptInt("max_daily_sends");
    t.sent_today = sent_by_targeting[t.targeting_id];
    out.push_back(std::move(t));
  }
  return out;
}

SubmissionRow SubmissionFromRow(const store::Row& row) {
  SubmissionRow s;
  s.id = row.Int("id");
  s.targeting_id = row.Int("targeting_id");
  s.company_id = row.Int("company_id");
  s.company_name = row.Text("company_name");
  s.error_type = row.Text("error_type");
  s.success = row.OptBool("success");
  s.submitted_at = row.OptTime("submitted_at");
  s.classify_detail = ParseJsonColumn(row, "classify_detail");
  s.field_mapping = ParseJsonColumn(row, "field_mapping");
  return s;
}

constexpr std::string_view kSubmissionColumns =
    "s.id, s.targeting_id, s.company_id, s.error_type, s.submitted_at, s.success, "
    "s.classify_detail, s.field_mapping, c.company_name";

std::string OutcomeCode(const store::Row& row) {
  if (row.Bool("success")) return "SUCCESS";
  std::string code = row.Text("error_type");
  return code.empty() ? "UNKNOWN" : code;
}

}  // namespace

bool IsRefusalOrCaptchaCode(std::string_view code) {
  return code == "PROHIBITION_DETECTED" || code == "BOT_DETECTED" || code == "WAF_CHALLENGE" ||
         code.find("CAPTCHA") != std::string_view::npos;
}

std::string EvidenceUrl(const Json& detail) {
  if (!detail.is_object() || !detail.contains("evidence")) return "";
  const Json& ev = detail["evidence"];
  for (const char* key : {"final_url", "original_url", "url"}) {
    if (ev.is_object() && ev.contains(key) && ev[key].is_string())
      return ev[key].get<std::string>();
  }
  return "";
}

std::vector<std::string> MatchedWords(const Json& detail) {
  std::vector<std::string> out;
  if (!detail.is_object() || !detail.contains("evidence")) return out;
  const Json& ev = detail["evidence"];
  if (!ev.is_object()) return out;
  for (const char* key : {"prohibition_phrases", "matched_words"}) {
    if (!ev.contains(key) || !ev[key].is_array()) continue;
    for (const Json& w : ev[key]) {
      if (w.is_string()) out.push_back(w.get<std::string>());
    }
  }
  return out;
}

Result<Overview> LoadOverview(store::Database& db, const Clock& clock) {
  Overview o;
  TimePoint now = clock.Now();
  store::JobExecutionRepository executions(db, clock);
  for (const char* status : {"running", "queued"}) {
    FS_ASSIGN_OR_RETURN(std::vector<store::JobExecution> list,
                        executions.List(std::string(status), std::nullopt, 200));
    for (auto& e : list) {
      RunningExecution r;
      r.execution = std::move(e);
      FS_RETURN_IF_ERROR(LoadAttempts(db, r));
      r.eta = Eta(r, now);
      o.running.push_back(std::move(r));
    }
  }
  FS_ASSIGN_OR_RETURN(o.executions_by_status_24h,
                      executions.CountByStatusSince(now - std::chrono::hours(24)));

  FS_ASSIGN_OR_RETURN(
      store::QueryResult queues,
      db.Query(
          "SELECT queue_name, COUNT(*) AS n, MIN(schedule_time) AS oldest FROM task_queue "
          "WHERE state IN ('pending', 'dispatching') GROUP BY queue_name ORDER BY queue_name"));
  for (store::Row row : queues) {
    QueueStat q{row.Text("queue_name"), row.Int("n"), 0};
    if (auto oldest = row.OptTime("oldest"); oldest && *oldest < now) {
      q.oldest_wait_seconds = std::chrono::duration_cast<seconds>(now - *oldest).count();
    }
    o.queues.push_back(std::move(q));
  }
  FS_ASSIGN_OR_RETURN(o.targetings, LoadTargetings(db, clock, std::nullopt));

  auto ping_start = std::chrono::steady_clock::now();
  auto ping = db.Query("SELECT 1 AS one");
  auto ping_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - ping_start)
                     .count();
  o.health.push_back({"database (" + std::string(store::DialectName(db.dialect())) + ")", ping.ok(),
                      ping.ok() ? std::to_string(ping_ms) + " ms" : ping.status().message()});
  FS_ASSIGN_OR_RETURN(
      store::QueryResult failed_tasks,
      db.Query("SELECT COUNT(*) AS n FROM task_queue WHERE state = 'failed' AND finished_at >= $1",
               {store::SqlValue::Time(now - std::chrono::hours(24))}));
  int64_t failed = failed_tasks.empty() ? 0 : failed_tasks.front().Int("n");
  o.health.push_back(
      {"task queue", failed == 0, std::to_string(failed) + " task(s) failed for good in 24 h"});
  int64_t failed_jobs = o.executions_by_status_24h["failed"];
  o.health.push_back(
      {"batch", failed_jobs == 0, std::to_string(failed_jobs) + " execution(s) failed in 24 h"});
  return o;
}

Result<Campaign> LoadCampaign(store::Database& db, const Clock& clock, int64_t targeting_id) {
  Campaign c;
  FS_ASSIGN_OR_RETURN(std::vector<TargetingToday> ts, LoadTargetings(db, clock, targeting_id));
  if (ts.empty()) {
    return Status::NotFound("targeting " + std::to_string(targeting_id) + " does not exist");
  }
  c.targeting = ts.front();
  TimePoint now = clock.Now();
  CivilDate today = JstDateOf(now);
  FS_ASSIGN_OR_RETURN(
      store::QueryResult queue,
      db.Query("SELECT status, COUNT(*) AS n FROM send_queue WHERE target_date_jst = $1::date "
               "AND targeting_id = $2 GROUP BY status",
               {today.ToString(), targeting_id}));
  for (store::Row row : queue) c.queue_by_status[row.Text("status")] = row.Int("n");

  FS_ASSIGN_OR_RETURN(
      store::QueryResult subs,
      db.Query("SELECT submitted_at, success, error_type FROM submissions WHERE targeting_id = $1 "
               "AND submitted_at >= $2",
               {targeting_id, store::SqlValue::Time(JstMidnight(today))}));
  for (store::Row row : subs) {
    auto at = row.OptTime("submitted_at");
    if (!at) continue;
    std::string code = OutcomeCode(row);
    ++c.outcomes_by_hour[ToJst(*at).time.hour][code];
    ++c.attempts_today;
    if (code == "SUCCESS") ++c.successes_today;
    if (IsRefusalOrCaptchaCode(code)) ++c.skips[code];
  }
  FS_ASSIGN_OR_RETURN(
      store::QueryResult failures,
      db.Query("SELECT " + std::string(kSubmissionColumns) +
                   " FROM submissions s LEFT JOIN companies c ON c.id = s.company_id "
                   "WHERE s.targeting_id = $1 AND COALESCE(s.success, false) = false "
                   "ORDER BY s.submitted_at DESC, s.id DESC LIMIT 20",
               {targeting_id}));
  for (store::Row row : failures) c.recent_failures.push_back(SubmissionFromRow(row));
  return c;
}

Result<SubmissionRow> LoadSubmission(store::Database& db, int64_t submission_id) {
  FS_ASSIGN_OR_RETURN(
      store::QueryResult rows,
      db.Query("SELECT " + std::string(kSubmissionColumns) +
                   " FROM submissions s LEFT JOIN companies c ON c.id = s.company_id "
                   "WHERE s.id = $1",
               {submission_id}));
  if (rows.empty()) {
    return Status::NotFound("submission " + std::to_string(submission_id) + " does not exist");
  }
  return SubmissionFromRow(rows.front());
}

}  // namespace formsender::dashboard

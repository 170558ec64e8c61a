#include "tasks/store_task_queue.h"

#include <algorithm>

#include "common/crypto.h"
#include "common/strings.h"
#include "common/time.h"
#include "tasks/backoff.h"

namespace formsender::tasks {
namespace {

using store::Row;
using store::SqlValue;

constexpr std::string_view kColumns =
    "id, task_name, state, url, http_method, headers, body, schedule_time, create_time, "
    "dispatch_count, response_count, first_attempt_at, last_attempt_at, last_response_status, "
    "last_error, finished_at, lease_owner, auth_mode, oidc_service_account, oidc_audience, "
    "dispatch_deadline_seconds";

TaskInfo InfoFromRow(const Row& r, const std::string& queue_name) {
  TaskInfo t;
  t.task_id = r.Text("task_name");
  t.name = queue_name + "/tasks/" + t.task_id;
  t.state = ParseTaskState(r.Text("state")).value_or(TaskState::kPending);
  t.url = r.Text("url");
  t.http_method = r.Text("http_method");
  t.schedule_time = r.OptTime("schedule_time").value_or(TimePoint{});
  t.create_time = r.OptTime("create_time").value_or(TimePoint{});
  t.dispatch_count = r.Int("dispatch_count");
  t.response_count = r.Int("response_count");
  t.first_attempt_at = r.OptTime("first_attempt_at");
  t.last_attempt_at = r.OptTime("last_attempt_at");
  if (auto s = r.OptInt("last_response_status")) t.last_response_status = static_cast<int>(*s);
  t.last_error = r.Text("last_error");
  t.finished_at = r.OptTime("finished_at");
  return t;
}

TaskAuth AuthFromRow(const Row& r) {
  TaskAuth auth;
  std::string mode = r.Text("auth_mode");
  if (mode == "embedded_token") auth.kind = TaskAuth::Kind::kEmbeddedToken;
  if (mode == "oidc") auth.kind = TaskAuth::Kind::kOidc;
  auth.service_account_email = r.Text("oidc_service_account");
  auth.audience = r.Text("oidc_audience");
  return auth;
}

std::string AlreadyExists(const std::string& name) {
  return "ALREADY_EXISTS: task " + name +
         " already exists (or ended within the "
         "de-duplication window)";
}

}  // namespace

StoreTaskQueue::StoreTaskQueue(store::Database& db, const Clock& clock, QueueConfig config)
    : db_(db), clock_(clock), config_(std::move(config)) {}

Result<TaskInfo> StoreTaskQueue::Create(const NewTask& task) {
  TimePoint now = clock_.Now();
  FS_RETURN_IF_ERROR(ValidateNewTask(task, now));
  const bool named = !task.task_id.empty();
  // Cloud Tasks picks ids for unnamed tasks; random ones never collide with a name in use.
  const std::string id = named ? task.task_id : RandomHexToken(12);
  const std::string full_name = config_.name + "/tasks/" + id;
  Json headers = Json::object();
  for (const auto& [k, v] : task.headers) headers[k] = v;
  std::optional<TaskInfo> created;
  Status s = db_.Transaction([&](store::Connection& c) -> Status {
    FS_ASSIGN_OR_RETURN(store::QueryResult existing,
                        c.Query("SELECT state, finished_at FROM task_queue WHERE queue_name = $1 "
                                "AND task_name = $2",
                                {config_.name, id}));
    if (!existing.empty()) {
      Row r = existing.front();
      std::string state = r.Text("state");
      auto finished = r.OptTime("finished_at");
      bool live = state == "pending" || state == "dispatching";
      if (live || !finished || *finished + config_.dedup_window > now) {
        return Status::Conflict(AlreadyExists(full_name));
      }
      // The id's reservation has lapsed: the old row goes, the name is free again.
      FS_RETURN_IF_ERROR(c.Execute("DELETE FROM task_queue WHERE queue_name = $1 AND "
                                   "task_name = $2",
                                   {config_.name, id})
                             .status());
    }
    FS_ASSIGN_OR_RETURN(
        store::QueryResult inserted,
        c.Query(
            "INSERT INTO task_queue (queue_name, task_name, is_named, http_method, url, "
            "headers, body, schedule_time, create_time, auth_mode, oidc_service_account, "
            "oidc_audience, dispatch_deadline_seconds) VALUES ($1, $2, $3, $4, $5, $6, $7, "
            "$8, $9, $10, $11, $12, $13) RETURNING " +
                std::string(kColumns),
            {config_.name, id, named, ToUpperAscii(task.http_method), task.url,
             SqlValue::JsonText(headers), task.body,
             SqlValue::Time(task.schedule_time.value_or(now)), SqlValue::Time(now),
             std::string(TaskAuthKindName(task.auth.kind)),
             task.auth.service_account_email.empty() ? SqlValue()
                                                     : SqlValue(task.auth.service_account_email),
             task.auth.audience.empty() ? SqlValue() : SqlValue(task.auth.audience),
             task.dispatch_deadline
                 ? SqlValue(static_cast<int64_t>(task.dispatch_deadline->count()))
                 : SqlValue()}));
    if (inserted.empty()) return Status::Internal("task insert returned no row");
    created = InfoFromRow(inserted.front(), config_.name);
    return Status::Ok();
  });
  if (!s.ok()) {
    // A concurrent create of the same name loses on the unique constraint.
    if (s.code() == StatusCode::kConflict) return Status::Conflict(AlreadyExists(full_name));
    return s;
  }
  return *created;
}

Status StoreTaskQueue::Delete(std::string_view task_id) {
  FS_ASSIGN_OR_RETURN(
      int64_t n,
      db_.Execute("UPDATE task_queue SET state = 'deleted', finished_at = $3, lease_owner = NULL, "
                  "lease_expires_at = NULL WHERE queue_name = $1 AND task_name = $2 AND state IN "
                  "('pending', 'dispatching')",
                  {config_.name, std::string(task_id), SqlValue::Time(clock_.Now())}));
  if (n == 0) {
    return Status::NotFound("task " + config_.name + "/tasks/" + std::string(task_id) +
                            " not found (or already finished)");
  }
  return Status::Ok();
}

Result<std::vector<TaskInfo>> StoreTaskQueue::List(const ListOptions& options) {
  FS_ASSIGN_OR_RETURN(
      store::QueryResult rows,
      db_.Query("SELECT " + std::string(kColumns) +
                    " FROM task_queue WHERE queue_name = $1 AND ($2 = 0 OR state IN "
                    "('pending', 'dispatching')) AND substr(task_name, 1, $3) = $4 "
                    "ORDER BY schedule_time, id LIMIT $5",
                {config_.name, options.only_live ? 1 : 0,
                 static_cast<int64_t>(options.task_id_prefix.size()), options.task_id_prefix,
                 std::max<int64_t>(1, options.limit)}));
  std::vector<TaskInfo> out;
  for (Row r : rows) out.push_back(InfoFromRow(r, config_.name));
  return out;
}

Result<std::vector<LeasedTask>> StoreTaskQueue::LeaseDue(const std::string& owner,
                                                         int64_t max_count) {
  std::vector<LeasedTask> leased;
  if (max_count <= 0) return leased;
  TimePoint now = clock_.Now();
  Status s = db_.Transaction([&](store::Connection& c) -> Status {
    leased.clear();
    FS_ASSIGN_OR_RETURN(
        store::QueryResult due,
        c.Query("SELECT id, dispatch_deadline_seconds FROM task_queue WHERE queue_name = $1 AND "
                "state = 'pending' AND schedule_time <= $2 ORDER BY schedule_time, id LIMIT $3",
                {config_.name, SqlValue::Time(now), max_count}));
    for (Row d : due) {
      auto deadline = std::chrono::seconds(
          d.OptInt("dispatch_deadline_seconds").value_or(config_.dispatch_deadline.count()));
      // Another deliverer may have taken the row since the SELECT: the state guard decides.
      FS_ASSIGN_OR_RETURN(
          store::QueryResult taken,
          c.Query("UPDATE task_queue SET state = 'dispatching', lease_owner = $1, "
                  "lease_expires_at = $2, dispatch_count = dispatch_count + 1, "
                  "first_attempt_at = COALESCE(first_attempt_at, $3), last_attempt_at = $3 "
                  "WHERE id = $4 AND state = 'pending' RETURNING " +
                      std::string(kColumns),
                  {owner, SqlValue::Time(now + deadline + kLeaseMargin), SqlValue::Time(now),
                   d.Int("id")}));
      if (taken.empty()) continue;
      Row r = taken.front();
      LeasedTask t;
      t.row_id = r.Int("id");
      t.info = InfoFromRow(r, config_.name);
      Json headers = r.JsonValue("headers");
      if (headers.is_object()) {
        for (auto it = headers.begin(); it != headers.end(); ++it) {
          if (it->is_string()) t.headers[it.key()] = it->get<std::string>();
        }
      }
      t.body = r.Text("body");
      t.auth = AuthFromRow(r);
      t.dispatch_deadline = deadline;
      t.lease_owner = owner;
      leased.push_back(std::move(t));
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return leased;
}

Result<bool> StoreTaskQueue::FinishAttempt(store::Connection& c, int64_t row_id,
                                           const std::string& owner, int64_t dispatch_count,
                                           const TaskInfo& info, const AttemptOutcome& outcome) {
  TimePoint now = clock_.Now();
  SqlValue status = outcome.http_status > 0 ? SqlValue(outcome.http_status) : SqlValue();
  const int64_t answered = outcome.http_status > 0 ? 1 : 0;
  int64_t n = 0;
  if (outcome.succeeded()) {
    FS_ASSIGN_OR_RETURN(
        n, c.Execute("UPDATE task_queue SET state = 'succeeded', response_count = response_count "
                     "+ 1, last_response_status = $1, last_error = NULL, finished_at = $2, "
                     "lease_owner = NULL, lease_expires_at = NULL WHERE id = $3 AND lease_owner "
                     "= $4 AND dispatch_count = $5 AND state = 'dispatching'",
                     {status, SqlValue::Time(now), row_id, owner, dispatch_count}));
    return n > 0;
  }
  TimePoint first = info.first_attempt_at.value_or(now);
  bool retained = now < info.create_time + kRetention;
  bool retry = retained && MayRetry(config_.retry, dispatch_count, now - first);
  std::string error = outcome.error;
  if (!retained) error += (error.empty() ? "" : "; ") + std::string("retention of 31 days ended");
  SqlValue next_schedule;
  if (retry) {
    Duration wait = RetryInterval(config_.retry, dispatch_count);
    if (outcome.retry_after) wait = std::max(wait, *outcome.retry_after);
    next_schedule = SqlValue::Time(now + wait);
  }
  FS_ASSIGN_OR_RETURN(
      n, c.Execute("UPDATE task_queue SET state = $1, schedule_time = COALESCE($2, "
                   "schedule_time), response_count = response_count + $3, last_response_status "
                   "= $4, last_error = $5, finished_at = $6, lease_owner = NULL, "
                   "lease_expires_at = NULL WHERE id = $7 AND lease_owner = $8 AND "
                   "dispatch_count = $9 AND state = 'dispatching'",
                   {retry ? "pending" : "failed", next_schedule, answered, status, error,
                    retry ? SqlValue() : SqlValue::Time(now), row_id, owner, dispatch_count}));
  return n > 0;
}

Result<bool> StoreTaskQueue::RecordAttempt(const LeasedTask& task, const AttemptOutcome& outcome) {
  bool recorded = false;
  Status s = db_.Transaction([&](store::Connection& c) -> Status {
    FS_ASSIGN_OR_RETURN(recorded, FinishAttempt(c, task.row_id, task.lease_owner,
                                                task.info.dispatch_count, task.info, outcome));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return recorded;
}

Result<bool> StoreTaskQueue::Release(const LeasedTask& task) {
  FS_ASSIGN_OR_RETURN(
      int64_t n,
      db_.Execute("UPDATE task_queue SET state = 'pending', dispatch_count = dispatch_count - 1, "
                  "first_attempt_at = CASE WHEN dispatch_count = 1 THEN NULL ELSE "
                  "first_attempt_at END, lease_owner = NULL, lease_expires_at = NULL WHERE id = "
                  "$1 AND lease_owner = $2 AND dispatch_count = $3 AND state = 'dispatching'",
                  {task.row_id, task.lease_owner, task.info.dispatch_count}));
  return n > 0;
}

Result<int64_t> StoreTaskQueue::ReclaimLeases(
    const std::function<bool(const std::string& owner)>& is_dead_owner) {
  FS_ASSIGN_OR_RETURN(store::QueryResult rows,
                      db_.Query("SELECT " + std::string(kColumns) +
                                    ", lease_expires_at FROM task_queue WHERE queue_name = $1 "
                                    "AND state = 'dispatching'",
                                {config_.name}));
  TimePoint now = clock_.Now();
  int64_t reclaimed = 0;
  for (Row r : rows) {
    std::string owner = r.Text("lease_owner");
    bool expired = r.OptTime("lease_expires_at").value_or(TimePoint{}) < now;
    bool dead = !expired && is_dead_owner && is_dead_owner(owner);
    if (!expired && !dead) continue;
    TaskInfo info = InfoFromRow(r, config_.name);
    AttemptOutcome lost;
    lost.error = expired ? "no answer within the dispatch deadline (lease expired)"
                         : "the deliverer stopped during the delivery";
    bool recorded = false;
    FS_RETURN_IF_ERROR(db_.Transaction([&](store::Connection& c) -> Status {
      FS_ASSIGN_OR_RETURN(recorded,
                          FinishAttempt(c, r.Int("id"), owner, info.dispatch_count, info, lost));
      return Status::Ok();
    }));
    if (recorded) ++reclaimed;
  }
  return reclaimed;
}

Result<int64_t> StoreTaskQueue::PurgeFinished() {
  return db_.Execute(
      "DELETE FROM task_queue WHERE queue_name = $1 AND state IN ('succeeded', 'failed', "
      "'deleted') AND finished_at < $2",
      {config_.name, SqlValue::Time(clock_.Now() - config_.dedup_window)});
}

Result<QueueStats> StoreTaskQueue::Stats() {
  QueueStats stats;
  FS_ASSIGN_OR_RETURN(store::QueryResult counts,
                      db_.Query("SELECT state, COUNT(*) AS n FROM task_queue WHERE queue_name = "
                                "$1 GROUP BY state",
                                {config_.name}));
  for (Row r : counts) {
    std::string state = r.Text("state");
    int64_t n = r.Int("n");
    if (state == "pending") stats.pending = n;
    if (state == "dispatching") stats.dispatching = n;
    if (state == "succeeded") stats.succeeded = n;
    if (state == "failed") stats.failed = n;
    if (state == "deleted") stats.deleted = n;
  }
  FS_ASSIGN_OR_RETURN(store::QueryResult oldest,
                      db_.Query("SELECT MIN(schedule_time) AS oldest FROM task_queue WHERE "
                                "queue_name = $1 AND state = 'pending' AND schedule_time <= $2",
                                {config_.name, SqlValue::Time(clock_.Now())}));
  if (!oldest.empty()) stats.oldest_due = oldest.front().OptTime("oldest");
  return stats;
}

}  // namespace formsender::tasks

#include "scheduler/triggers.h"

#include "common/crypto.h"
#include "common/time.h"

namespace formsender::scheduler {
namespace {

using store::QueryResult;
using store::Row;
using store::SqlValue;

constexpr std::string_view kColumns =
    "id, trigger_uid, handler, execute_at, state, created_at, fired_at, source, result";

Trigger FromRow(const Row& row) {
  Trigger t;
  t.id = row.Int("id");
  t.uid = row.Text("trigger_uid");
  t.handler = row.Text("handler");
  t.execute_at = row.OptTime("execute_at").value_or(TimePoint{});
  t.state = row.Text("state");
  t.created_at = row.OptTime("created_at").value_or(TimePoint{});
  t.fired_at = row.OptTime("fired_at");
  t.source = row.Text("source");
  t.result = row.JsonValue("result");
  return t;
}

std::vector<Trigger> FromResult(const QueryResult& r) {
  std::vector<Trigger> out;
  for (Row row : r) out.push_back(FromRow(row));
  return out;
}

}  // namespace

bool IsLegacyHandler(std::string_view handler) {
  return handler == kLegacy7Handler || handler == kLegacy13Handler;
}

bool IsKnownHandler(std::string_view handler) {
  return handler == kDailyStartHandler || IsLegacyHandler(handler);
}

Json Trigger::ToJson() const {
  Json j = {{"id", id},
            {"uid", uid},
            {"handler", handler},
            {"execute_at", FormatUtcIso(execute_at)},
            {"execute_at_jst", FormatJstIso(execute_at)},
            {"state", state},
            {"created_at", FormatUtcIso(created_at)},
            {"fired_at", fired_at ? Json(FormatUtcIso(*fired_at)) : Json(nullptr)},
            {"source", source},
            {"details", {{"type", "specific_time"}}}};
  if (!result.is_null()) j["result"] = result;
  return j;
}

Result<Trigger> TriggerRepository::Create(std::string_view handler, TimePoint execute_at,
                                          std::string_view source, bool allow_legacy) {
  if (!IsKnownHandler(handler)) {
    return Status::InvalidArgument("unknown trigger handler '" + std::string(handler) +
                                   "' (known: " + std::string(kDailyStartHandler) + ", " +
                                   std::string(kLegacy7Handler) + ", " +
                                   std::string(kLegacy13Handler) + ")");
  }
  if (IsLegacyHandler(handler) && !allow_legacy) {
    return Status::InvalidArgument("handler " + std::string(handler) +
                                   " is a legacy GitHub Actions handler and is not created in "
                                   "batch operation (guide §3.2)");
  }
  TimePoint now = clock_.Now();
  if (execute_at <= now) {
    return Status::InvalidArgument("trigger time " + FormatJstIso(execute_at) +
                                   " is not in the future (now " + FormatJstIso(now) + ")");
  }
  std::string uid = "trg-" + RandomHexToken(8);
  FS_ASSIGN_OR_RETURN(
      QueryResult r,
      db_.Query(
          "INSERT INTO triggers (trigger_uid, handler, execute_at, state, created_at, source) "
          "VALUES ($1, $2, $3, 'pending', $4, $5) RETURNING " +
              std::string(kColumns),
          {uid, std::string(handler), SqlValue::Time(execute_at), SqlValue::Time(now),
           std::string(source)}));
  if (r.empty()) return Status::Internal("insert into triggers returned no row");
  return FromRow(r.front());
}

Result<std::vector<Trigger>> TriggerRepository::List(bool include_finished, int64_t history) {
  FS_ASSIGN_OR_RETURN(QueryResult live,
                      db_.Query("SELECT " + std::string(kColumns) +
                                " FROM triggers WHERE state IN ('pending', 'running') "
                                "ORDER BY execute_at, trigger_uid"));
  std::vector<Trigger> out = FromResult(live);
  if (include_finished) {
    FS_ASSIGN_OR_RETURN(QueryResult done,
                        db_.Query("SELECT " + std::string(kColumns) +
                                      " FROM triggers WHERE state NOT IN ('pending', 'running') "
                                      "ORDER BY id DESC LIMIT $1",
                                  {history}));
    std::vector<Trigger> finished = FromResult(done);
    out.insert(out.end(), finished.rbegin(), finished.rend());
  }
  return out;
}

Result<int64_t> TriggerRepository::DeleteByHandler(std::string_view handler) {
  return db_.Execute(
      "UPDATE triggers SET state = 'deleted' WHERE handler = $1 AND state = 'pending'",
      {std::string(handler)});
}

Result<std::optional<Trigger>> TriggerRepository::DeleteCurrent() {
  FS_ASSIGN_OR_RETURN(std::optional<Trigger> next, NextDailyStart());
  if (!next) return next;
  FS_ASSIGN_OR_RETURN(int64_t n, db_.Execute("UPDATE triggers SET state = 'deleted' "
                                             "WHERE id = $1 AND state = 'pending'",
                                             {next->id}));
  if (n == 0) return std::optional<Trigger>();  // fired or deleted meanwhile
  next->state = "deleted";
  return next;
}

Result<std::optional<Trigger>> TriggerRepository::NextDailyStart() {
  FS_ASSIGN_OR_RETURN(QueryResult r,
                      db_.Query("SELECT " + std::string(kColumns) +
                                    " FROM triggers WHERE handler = $1 AND state = 'pending' "
                                    "ORDER BY execute_at, trigger_uid LIMIT 1",
                                {std::string(kDailyStartHandler)}));
  if (r.empty()) return std::optional<Trigger>();
  return std::optional<Trigger>(FromRow(r.front()));
}

Result<std::optional<Trigger>> TriggerRepository::ClaimNextDue(TimePoint now) {
  std::optional<Trigger> claimed;
  Status s = db_.Transaction([&](store::Connection& c) -> Status {
    claimed.reset();
    std::string lock = c.dialect() == store::Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
    FS_ASSIGN_OR_RETURN(QueryResult r,
                        c.Query("SELECT " + std::string(kColumns) +
                                    " FROM triggers WHERE state = 'pending' AND execute_at <= $1 "
                                    "ORDER BY execute_at, trigger_uid LIMIT 1" +
                                    lock,
                                {SqlValue::Time(now)}));
    if (r.empty()) return Status::Ok();
    Trigger t = FromRow(r.front());
    FS_ASSIGN_OR_RETURN(int64_t n, c.Execute("UPDATE triggers SET state = 'running', fired_at = $2 "
                                             "WHERE id = $1 AND state = 'pending'",
                                             {t.id, SqlValue::Time(now)}));
    if (n == 1) {
      t.state = "running";
      t.fired_at = now;
      claimed = std::move(t);
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return claimed;
}

Status TriggerRepository::Finish(int64_t id, bool ok, const Json& result) {
  FS_ASSIGN_OR_RETURN(int64_t n, db_.Execute("UPDATE triggers SET state = $2, result = $3 "
                                             "WHERE id = $1 AND state = 'running'",
                                             {id, std::string(ok ? "fired" : "failed"),
                                              SqlValue::JsonText(result)}));
  if (n == 0) return Status::NotFound("trigger " + std::to_string(id) + " is not running");
  return Status::Ok();
}

Result<int64_t> TriggerRepository::FailStaleRunning(Duration stale_after) {
  Json result = {{"success", false}, {"message", "the process running this trigger stopped"}};
  return db_.Execute(
      "UPDATE triggers SET state = 'failed', result = $2 WHERE state = 'running' AND fired_at < $1",
      {SqlValue::Time(clock_.Now() - stale_after), SqlValue::JsonText(result)});
}

}  // namespace formsender::scheduler

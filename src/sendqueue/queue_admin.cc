// SendQueue::ResetAll, ClearTargeting (§3.8) and Status.
#include "sendqueue/queue_sql.h"
#include "sendqueue/send_queue.h"

namespace formsender::sendqueue {

using internal::QueueSql;

Result<int64_t> SendQueue::ResetAll(TableMode mode) {
  const TableSet& t = TablesFor(mode);
  int64_t deleted = 0;
  Status s = db_.Transaction([&](store::Connection& conn) -> Status {
    FS_ASSIGN_OR_RETURN(store::QueryResult count,
                        conn.Query(QueueSql("SELECT count(*) AS n FROM {queue}", t)));
    deleted = count.front().Int("n");
    if (conn.dialect() == store::Dialect::kPostgres) {
      FS_RETURN_IF_ERROR(conn.Query(QueueSql("TRUNCATE {queue} RESTART IDENTITY", t)).status());
    } else {
      // An INTEGER PRIMARY KEY without AUTOINCREMENT starts again at 1 once the table is empty.
      FS_RETURN_IF_ERROR(conn.Query(QueueSql("DELETE FROM {queue}", t)).status());
    }
    return internal::ReleaseClaims(conn, mode, std::nullopt, std::nullopt, std::nullopt, "reset",
                                   clock_.Now());
  });
  if (!s.ok()) return s;
  return deleted;
}

Result<int64_t> SendQueue::ClearTargeting(TableMode mode, int64_t targeting_id) {
  if (targeting_id <= 0) return Status::InvalidArgument("p_targeting_id is required");
  const TableSet& t = TablesFor(mode);
  int64_t deleted = 0;
  Status s = db_.Transaction([&](store::Connection& conn) -> Status {
    FS_ASSIGN_OR_RETURN(deleted, conn.Execute(QueueSql("DELETE FROM {queue} WHERE targeting_id = "
                                                       "$1",
                                                       t),
                                              {targeting_id}));
    return internal::ReleaseClaims(conn, mode, std::nullopt, targeting_id, std::nullopt, "cleared",
                                   clock_.Now());
  });
  if (!s.ok()) return s;
  return deleted;
}

Result<QueueStatus> SendQueue::ReadStatus(const QueueKey& key,
                                          std::optional<int> max_daily_sends) const {
  if (key.targeting_id <= 0) return Status::InvalidArgument("targeting id is required");
  const TableSet& t = TablesFor(key.mode);
  QueueStatus st;
  st.key = key;
  st.max_daily_sends = max_daily_sends;
  for (const char* s : {"pending", "assigned", "done", "failed"}) st.by_status[s] = 0;
  FS_ASSIGN_OR_RETURN(
      store::QueryResult groups,
      db_.Query(QueueSql("SELECT status, shard_id, count(*) AS n FROM {queue} WHERE "
                         "target_date_jst = $1::date AND targeting_id = $2 GROUP BY status, "
                         "shard_id ORDER BY shard_id, status",
                         t),
                {key.date.ToString(), key.targeting_id}));
  for (auto row : groups) {
    int64_t n = row.Int("n");
    st.total += n;
    st.by_status[row.Text("status")] += n;
    st.by_shard[static_cast<int>(row.Int("shard_id"))][row.Text("status")] += n;
  }
  FS_ASSIGN_OR_RETURN(
      store::QueryResult oldest,
      db_.Query(QueueSql("SELECT assigned_at, assigned_by FROM {queue} WHERE target_date_jst = "
                         "$1::date AND targeting_id = $2 AND status = 'assigned' AND "
                         "assigned_at IS NOT NULL ORDER BY assigned_at, id LIMIT 1",
                         t),
                {key.date.ToString(), key.targeting_id}));
  if (!oldest.empty()) {
    st.oldest_assigned_at = oldest.front().OptTime("assigned_at");
    st.oldest_assigned_by = oldest.front().Get("assigned_by");
  }
  FS_ASSIGN_OR_RETURN(internal::CapUsage usage, internal::ReadCapUsage(db_, key));
  st.successes_today = usage.successes;
  st.in_flight = usage.in_flight;
  st.unknown_today = usage.unknown;
  for (const char* s : {"intent", "sent", "failed", "unknown"}) st.ledger[s] = 0;
  FS_ASSIGN_OR_RETURN(
      store::QueryResult ledger,
      db_.Query("SELECT state, count(*) AS n FROM send_ledger WHERE table_mode = $1 AND "
                "targeting_id = $2 AND target_date_jst = $3::date GROUP BY state",
                {std::string(TableModeName(key.mode)), key.targeting_id, key.date.ToString()}));
  for (auto row : ledger) st.ledger[row.Text("state")] = row.Int("n");
  return st;
}

Json QueueStatus::ToJson() const {
  Json shards = Json::array();
  for (const auto& [shard, counts] : by_shard) {
    Json c = {{"shard_id", shard}};
    for (const auto& [status, n] : counts) c[status] = n;
    shards.push_back(c);
  }
  Json j = {
      {"table_mode", TableModeName(key.mode)},
      {"target_date_jst", key.date.ToString()},
      {"targeting_id", key.targeting_id},
      {"total", total},
      {"by_status", by_status},
      {"by_shard", shards},
      {"oldest_assigned_at", oldest_assigned_at ? Json(FormatUtcIso(*oldest_assigned_at)) : Json()},
      {"oldest_assigned_by", oldest_assigned_by ? Json(*oldest_assigned_by) : Json()},
      {"successes_today", successes_today},
      {"in_flight", in_flight},
      {"unknown_today", unknown_today},
      {"max_daily_sends", max_daily_sends ? Json(*max_daily_sends) : Json()},
      {"ledger", ledger}};
  if (max_daily_sends) {
    int64_t used = successes_today + in_flight + unknown_today;
    j["remaining_today"] = std::max<int64_t>(0, *max_daily_sends - used);
  }
  return j;
}

}  // namespace formsender::sendqueue

// SendQueue::Release and ListPending: what the runner needs besides claim and mark_done.
#include "sendqueue/queue_sql.h"
#include "sendqueue/send_queue.h"

namespace formsender::sendqueue {

using internal::QueueSql;

Result<bool> SendQueue::Release(const QueueKey& key, int64_t company_id,
                                const std::string& run_id) {
  if (key.targeting_id <= 0) return Status::InvalidArgument("targeting id is required");
  if (company_id <= 0) return Status::InvalidArgument("company id is required");
  if (run_id.empty()) return Status::InvalidArgument("run_id is required to release");
  const TableSet& t = TablesFor(key.mode);
  const std::string mode(TableModeName(key.mode));
  const std::string date = key.date.ToString();
  bool released = false;
  Status s = db_.Transaction([&](store::Connection& conn) -> Status {
    released = false;
    std::string lock = conn.dialect() == store::Dialect::kPostgres ? " FOR UPDATE" : "";
    FS_ASSIGN_OR_RETURN(
        store::QueryResult rows,
        conn.Query(QueueSql("SELECT id, status, assigned_by FROM {queue} WHERE target_date_jst = "
                            "$1::date AND targeting_id = $2 AND company_id = $3" +
                                lock,
                            t),
                   store::Params{date, key.targeting_id, company_id}));
    // A final submission was attempted: the company must stay out of every queue of the
    // targeting, whatever happens to this run.
    FS_ASSIGN_OR_RETURN(store::QueryResult ledger,
                        conn.Query("SELECT state FROM send_ledger WHERE table_mode = $1 AND "
                                   "targeting_id = $2 AND company_id = $3",
                                   store::Params{mode, key.targeting_id, company_id}));
    if (!ledger.empty()) {
      return Status::Conflict("company " + std::to_string(company_id) + " of targeting " +
                              std::to_string(key.targeting_id) + " has a send_ledger entry (" +
                              ledger.front().Text("state") + "): it is not released");
    }
    FS_ASSIGN_OR_RETURN(store::QueryResult live,
                        conn.Query("SELECT run_id FROM send_claims WHERE table_mode = $1 AND "
                                   "target_date_jst = $2::date AND targeting_id = $3 AND "
                                   "company_id = $4 AND released_at IS NULL",
                                   store::Params{mode, date, key.targeting_id, company_id}));
    bool holds_claim = !live.empty() && live.front().Text("run_id") == run_id;
    if (!rows.empty()) {
      auto row = rows.front();
      if (row.Text("status") != "assigned" || row.Text("assigned_by") != run_id) {
        return Status::Ok();  // someone else's now (or completed): nothing of ours to give back
      }
      FS_RETURN_IF_ERROR(
          conn.Query(QueueSql("UPDATE {queue} SET status = 'pending', assigned_by = NULL, "
                              "assigned_at = NULL WHERE id = $1",
                              t),
                     {row.Int("id")})
              .status());
      released = true;
    } else if (!holds_claim) {
      return Status::Ok();
    }
    return internal::ReleaseClaims(conn, key.mode, key.date, key.targeting_id, company_id,
                                   "released", clock_.Now());
  });
  if (!s.ok()) return s;
  return released;
}

Result<std::vector<Claim>> SendQueue::ListPending(const QueueKey& key, std::optional<int> shard_id,
                                                  int limit) const {
  if (key.targeting_id <= 0) return Status::InvalidArgument("targeting id is required");
  if (limit < 1) return Status::InvalidArgument("limit must be at least 1");
  const TableSet& t = TablesFor(key.mode);
  // This shard's rows first (shard_id = $3 sorts false before true), then the others; without a
  // shard, -1 matches no row and the order is plain priority, id.
  const std::string date = key.date.ToString();
  const int64_t shard = shard_id ? *shard_id : -1;
  FS_ASSIGN_OR_RETURN(
      store::QueryResult rows,
      db_.Query(QueueSql("SELECT id, company_id, shard_id, priority FROM {queue} WHERE "
                         "target_date_jst = $1::date AND targeting_id = $2 AND status = 'pending' "
                         "ORDER BY (shard_id <> $3), priority, id LIMIT $4",
                         t),
                store::Params{date, key.targeting_id, shard, static_cast<int64_t>(limit)}));
  std::vector<sendqueue::Claim> out;
  for (auto row : rows) {
    sendqueue::Claim c;
    c.queue_id = row.Int("id");
    c.company_id = row.Int("company_id");
    c.shard_id = static_cast<int>(row.Int("shard_id"));
    c.priority = static_cast<int>(row.Int("priority"));
    out.push_back(c);
  }
  return out;
}

}  // namespace formsender::sendqueue

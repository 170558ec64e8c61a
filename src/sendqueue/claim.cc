// SendQueue::Claim and ClaimCompany (orchestration §3.5, Q-8/Q-21/Q-28 fixed).
#include <algorithm>

#include "common/strings.h"
#include "sendqueue/queue_sql.h"
#include "sendqueue/send_queue.h"

namespace formsender::sendqueue {

using internal::ParamList;
using internal::QueueSql;

namespace {

// Assigns up to `limit` pending rows of `shard` (any shard when unset) to the run.
Result<std::vector<Claim>> PickRows(store::Connection& conn, const ClaimRequest& r,
                                    std::optional<int> shard, int limit, TimePoint now) {
  const TableSet& t = TablesFor(r.mode);
  ParamList p;
  std::string date = p.Add(r.date.ToString(), "date");
  std::string targeting = p.Add(r.targeting_id, "bigint");
  std::string where =
      "target_date_jst = " + date + " AND targeting_id = " + targeting + " AND status = 'pending'";
  if (shard) where += " AND shard_id = " + p.Add(*shard, "integer");
  std::string limit_param = p.Add(limit, "integer");
  std::string run = p.Add(r.run_id, "text");
  std::string at = p.Add(store::SqlValue::Time(now), "timestamptz");
  // A pending row has no owner, so a claim still live on it (left by a path that moved the
  // row without releasing it) is stale: it is released here rather than blocking the row.
  auto release = [&](const std::string& mode) {
    return "UPDATE send_claims SET released_at = " + at +
           ", release_reason = 'superseded' WHERE released_at IS NULL AND "
           "table_mode = " +
           mode + " AND target_date_jst = " + date + " AND targeting_id = " + targeting;
  };
  std::string sql;
  if (conn.dialect() == store::Dialect::kPostgres) {
    sql = "WITH picked AS (SELECT id FROM {queue} WHERE " + where +
          " ORDER BY priority, id LIMIT " + limit_param +
          " FOR UPDATE SKIP LOCKED), claimed AS (UPDATE {queue} q SET status = 'assigned', "
          "assigned_by = " +
          run + ", assigned_at = " + at +
          " FROM picked WHERE q.id = picked.id RETURNING q.id, q.company_id, q.shard_id, "
          "q.priority), released AS (" +
          release(p.Add(std::string(TableModeName(r.mode)), "text")) +
          " AND company_id IN (SELECT company_id FROM claimed)) SELECT id, company_id, "
          "shard_id, priority FROM claimed";
  } else {
    sql = "UPDATE {queue} SET status = 'assigned', assigned_by = " + run + ", assigned_at = " + at +
          " WHERE id IN (SELECT id FROM {queue} WHERE " + where + " ORDER BY priority, id LIMIT " +
          limit_param + ") RETURNING id, company_id, shard_id, priority";
  }
  FS_ASSIGN_OR_RETURN(store::QueryResult rows, conn.Query(QueueSql(sql, t), p.params()));
  std::vector<Claim> claims;
  for (auto row : rows) {
    Claim c;
    c.queue_id = row.Int("id");
    c.company_id = row.Int("company_id");
    c.shard_id = static_cast<int>(row.Int("shard_id"));
    c.priority = static_cast<int>(row.Int("priority"));
    c.assigned_at = now;
    claims.push_back(c);
  }
  std::sort(claims.begin(), claims.end(), [](const Claim& a, const Claim& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.queue_id < b.queue_id;
  });
  if (conn.dialect() == store::Dialect::kSqlite && !claims.empty()) {
    std::string mode = p.Add(std::string(TableModeName(r.mode)), "text");
    std::vector<std::string> companies;
    for (const Claim& c : claims) companies.push_back(p.Add(c.company_id, "bigint"));
    // SQLite numbers parameters by position: the unused ones in `release` are still bound.
    FS_RETURN_IF_ERROR(
        conn.Query(release(mode) + " AND company_id IN (" + Join(companies, ", ") + ")", p.params())
            .status());
  }
  return claims;
}

// Records one live claim per row; the generated ids are the fencing tokens.
Status InsertClaims(store::Connection& conn, const QueueKey& key, const std::string& run_id,
                    TimePoint now, std::vector<Claim>& claims) {
  if (claims.empty()) return Status::Ok();
  ParamList p;
  std::string mode = p.Add(std::string(TableModeName(key.mode)), "text");
  std::string date = p.Add(key.date.ToString(), "date");
  std::string targeting = p.Add(key.targeting_id, "bigint");
  std::string run = p.Add(run_id, "text");
  std::string at = p.Add(store::SqlValue::Time(now), "timestamptz");
  std::string sql =
      "INSERT INTO send_claims (table_mode, target_date_jst, targeting_id, company_id, queue_id, "
      "run_id, claimed_at) VALUES ";
  for (size_t i = 0; i < claims.size(); ++i) {
    if (i) sql += ", ";
    sql += "(" + mode + ", " + date + ", " + targeting + ", " +
           p.Add(claims[i].company_id, "bigint") + ", " +
           (claims[i].queue_id ? p.Add(claims[i].queue_id, "bigint") : "NULL") + ", " + run + ", " +
           at + ")";
  }
  sql += " RETURNING fencing_token, company_id";
  auto rows = conn.Query(sql, p.params());
  if (!rows.ok()) {
    if (rows.status().code() == StatusCode::kConflict) {
      // The live-claim index caught a row that is claimed twice: an invariant is broken
      // somewhere (a path moved a row out of 'assigned' without releasing its claim).
      return Status::Conflict("a company of targeting " + std::to_string(key.targeting_id) +
                              " already has a live claim: " + rows.status().message());
    }
    return rows.status();
  }
  std::map<int64_t, int64_t> token_by_company;
  for (auto row : *rows) token_by_company[row.Int("company_id")] = row.Int("fencing_token");
  for (Claim& c : claims) c.fencing_token = token_by_company[c.company_id];
  return Status::Ok();
}

Status ValidateKey(const QueueKey& key, const std::string& run_id) {
  if (key.targeting_id <= 0) return Status::InvalidArgument("targeting id is required");
  if (!key.date.IsValid()) return Status::InvalidArgument("target date is not a valid date");
  if (run_id.empty()) return Status::InvalidArgument("run_id is required to claim");
  return Status::Ok();
}

}  // namespace

Result<std::optional<int>> ValidateMaxDaily(std::optional<int> max_daily_sends) {
  if (!max_daily_sends || *max_daily_sends <= 0) return std::optional<int>();
  if (*max_daily_sends > kMaxDailyLimit) {
    return Status::InvalidArgument("max_daily_sends " + std::to_string(*max_daily_sends) +
                                   " exceeds the maximum allowed value (" +
                                   std::to_string(kMaxDailyLimit) + ")");
  }
  return max_daily_sends;
}

Result<ClaimResult> SendQueue::Claim(const ClaimRequest& r) {
  QueueKey key{r.mode, r.date, r.targeting_id};
  FS_RETURN_IF_ERROR(ValidateKey(key, r.run_id));
  if (r.limit < 1 || r.limit > kMaxDailyLimit) {
    return Status::InvalidArgument("claim limit " + std::to_string(r.limit) +
                                   " is outside 1..10000");
  }
  if (r.shard_id && *r.shard_id < 0) {
    return Status::InvalidArgument("shard id " + std::to_string(*r.shard_id) + " is negative");
  }
  FS_ASSIGN_OR_RETURN(std::optional<int> cap, ValidateMaxDaily(r.max_daily_sends));
  ClaimResult result;
  Status s = db_.Transaction([&](store::Connection& conn) -> Status {
    result = ClaimResult();
    TimePoint now = clock_.Now();
    int limit = r.limit;
    if (cap) {
      // Serialises the claims of one targeting and day, so the count below stays true until
      // this transaction commits its assignments.
      FS_RETURN_IF_ERROR(internal::LockForTransaction(
          conn, "claim:" + std::string(TableModeName(r.mode)) + ":" +
                    std::to_string(r.targeting_id) + ":" + r.date.ToString()));
      FS_ASSIGN_OR_RETURN(internal::CapUsage usage, internal::ReadCapUsage(conn, key));
      int64_t room = *cap - usage.used();
      if (room <= 0) {
        result.cap_reached = true;
        return Status::Ok();
      }
      limit = static_cast<int>(std::min<int64_t>(limit, room));
    }
    FS_ASSIGN_OR_RETURN(result.claims, PickRows(conn, r, r.shard_id, limit, now));
    if (r.shard_id && r.any_shard_fallback && static_cast<int>(result.claims.size()) < limit) {
      FS_ASSIGN_OR_RETURN(
          std::vector<sendqueue::Claim> more,
          PickRows(conn, r, std::nullopt, limit - static_cast<int>(result.claims.size()), now));
      result.claims.insert(result.claims.end(), more.begin(), more.end());
    }
    return InsertClaims(conn, key, r.run_id, now, result.claims);
  });
  if (!s.ok()) return s;
  return result;
}

Result<Claim> SendQueue::ClaimCompany(const QueueKey& key, int64_t company_id,
                                      const std::string& run_id) {
  FS_RETURN_IF_ERROR(ValidateKey(key, run_id));
  const TableSet& t = TablesFor(key.mode);
  sendqueue::Claim claim;
  Status s = db_.Transaction([&](store::Connection& conn) -> Status {
    TimePoint now = clock_.Now();
    claim = sendqueue::Claim();
    claim.company_id = company_id;
    claim.assigned_at = now;
    std::string lock = conn.dialect() == store::Dialect::kPostgres ? " FOR UPDATE" : "";
    FS_ASSIGN_OR_RETURN(
        store::QueryResult rows,
        conn.Query(QueueSql("SELECT id, status, assigned_by, shard_id, priority FROM {queue} "
                            "WHERE target_date_jst = $1::date AND targeting_id = $2 AND "
                            "company_id = $3" +
                                lock,
                            t),
                   {key.date.ToString(), key.targeting_id, company_id}));
    if (!rows.empty()) {
      auto row = rows.front();
      std::string status = row.Text("status");
      std::string holder = row.Text("assigned_by");
      if (status != "pending" && !(status == "assigned" && holder == run_id)) {
        return Status::Conflict("company " + std::to_string(company_id) + " is " + status +
                                " in the " + key.date.ToString() + " queue of targeting " +
                                std::to_string(key.targeting_id) +
                                (holder.empty() ? "" : " (run " + holder + ")"));
      }
      claim.queue_id = row.Int("id");
      claim.shard_id = static_cast<int>(row.Int("shard_id"));
      claim.priority = static_cast<int>(row.Int("priority"));
      // Re-claiming a row this run already holds replaces its claim with a fresh token.
      FS_RETURN_IF_ERROR(internal::ReleaseClaims(conn, key.mode, key.date, key.targeting_id,
                                                 company_id, "reclaimed", now));
      FS_RETURN_IF_ERROR(
          conn.Query(QueueSql("UPDATE {queue} SET status = 'assigned', assigned_by = $1, "
                              "assigned_at = $2::timestamptz WHERE id = $3",
                              t),
                     {run_id, store::SqlValue::Time(now), claim.queue_id})
              .status());
    } else {
      FS_ASSIGN_OR_RETURN(
          store::QueryResult live,
          conn.Query("SELECT run_id FROM send_claims WHERE table_mode = $1 AND "
                     "target_date_jst = $2::date AND targeting_id = $3 AND company_id = $4 AND "
                     "released_at IS NULL",
                     {std::string(TableModeName(key.mode)), key.date.ToString(), key.targeting_id,
                      company_id}));
      if (!live.empty() && live.front().Text("run_id") != run_id) {
        return Status::Conflict("company " + std::to_string(company_id) + " of targeting " +
                                std::to_string(key.targeting_id) + " is claimed by run " +
                                live.front().Text("run_id"));
      }
      FS_RETURN_IF_ERROR(internal::ReleaseClaims(conn, key.mode, key.date, key.targeting_id,
                                                 company_id, "reclaimed", now));
    }
    std::vector<sendqueue::Claim> claims{claim};
    FS_RETURN_IF_ERROR(InsertClaims(conn, key, run_id, now, claims));
    claim = claims.front();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return claim;
}

}  // namespace formsender::sendqueue

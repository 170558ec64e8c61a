#include "sendqueue/queue_builder.h"

#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/strings.h"
#include "sendqueue/filter.h"
#include "sendqueue/queue_sql.h"

namespace formsender::sendqueue {

using internal::ParamList;
using internal::QueueSql;

namespace {

constexpr int kPageRows = 2000;
constexpr size_t kInsertBatchRows = 500;
constexpr int kClaimHistoryDays = 30;

struct Candidate {
  int64_t company_id = 0;
  int stage = 1;
};

// A request after validation, with its parsed filter and name rules.
struct Plan {
  const BuildRequest& request;
  const TableSet& tables;
  Filter filter;
  NgCompanyList ng;
  NamePolicy policy;
  int shards = kDefaultShards;
  std::string client;
};

// The WHERE clause both stages share (§3.3 base filters plus formsender's own exclusions).
std::string CommonConditions(const Plan& plan, ParamList& p) {
  const BuildRequest& r = plan.request;
  std::string t = p.Add(r.targeting_id, "bigint");
  std::string mode = p.Add(std::string(TableModeName(r.mode)), "text");
  std::string sql =
      " AND c.form_url IS NOT NULL AND c.black IS NULL"
      " AND COALESCE(c.prohibition_detected, false) = false AND c.duplication IS NULL"
      " AND c.company_name IS NOT NULL";
  if (r.mode == TableMode::kExtra) sql += " AND c.client = " + p.Add(plan.client, "text");
  if (r.recent_failure_days > 0) {
    TimePoint from = JstMidnight(r.date.AddDays(-r.recent_failure_days));
    TimePoint to = JstMidnight(r.date.AddDays(1));
    sql +=
        " AND NOT EXISTS (SELECT 1 FROM {submissions} s WHERE s.company_id = c.id"
        " AND COALESCE(s.success, false) = false AND s.submitted_at >= " +
        p.Add(store::SqlValue::Time(from), "timestamptz") + " AND s.submitted_at < " +
        p.Add(store::SqlValue::Time(to), "timestamptz") + ")";
  }
  // Any ledger entry for this targeting: a final submission was attempted, never again.
  sql += " AND NOT EXISTS (SELECT 1 FROM send_ledger l WHERE l.table_mode = " + mode +
         " AND l.targeting_id = " + t + " AND l.company_id = c.id)";
  if (r.company_cooldown_days > 0) {
    std::string from =
        p.Add(store::SqlValue::Time(JstMidnight(r.date.AddDays(-r.company_cooldown_days))),
              "timestamptz");
    sql += " AND NOT EXISTS (SELECT 1 FROM send_ledger l WHERE l.table_mode = " + mode +
           " AND l.company_id = c.id AND l.state IN ('intent', 'sent', 'unknown')"
           " AND l.intent_at >= " +
           from + ")";
    sql +=
        " AND NOT EXISTS (SELECT 1 FROM {submissions} s WHERE s.company_id = c.id"
        " AND s.success = true AND s.submitted_at >= " +
        from + ")";
  }
  return sql;
}

// One page of stage-1 or stage-2 candidates after `after_id`, in id order.
std::pair<std::string, store::Params> CandidatePage(const Plan& plan, int stage, int64_t after_id,
                                                    store::Dialect dialect) {
  const BuildRequest& r = plan.request;
  ParamList p;
  std::string t = p.Add(r.targeting_id, "bigint");
  std::string sql =
      "SELECT c.id, c.company_name FROM {companies} c WHERE c.id > " + p.Add(after_id, "bigint");
  if (stage == 1) {
    sql += " AND NOT EXISTS (SELECT 1 FROM {submissions} s WHERE s.targeting_id = " + t +
           " AND s.company_id = c.id)";
  } else {
    TimePoint recent_from = JstMidnight(r.date.AddDays(-14));
    TimePoint day_end = JstMidnight(r.date.AddDays(1));
    sql += " AND c.id IN (SELECT s.company_id FROM {submissions} s WHERE s.targeting_id = " + t +
           ")"
           " AND NOT EXISTS (SELECT 1 FROM {submissions} s WHERE s.targeting_id = " +
           t +
           " AND s.company_id = c.id AND s.success = true)"
           " AND NOT EXISTS (SELECT 1 FROM {submissions} s WHERE s.targeting_id = " +
           t + " AND s.company_id = c.id AND s.submitted_at >= " +
           p.Add(store::SqlValue::Time(recent_from), "timestamptz") + " AND s.submitted_at < " +
           p.Add(store::SqlValue::Time(day_end), "timestamptz") + ")";
  }
  sql += CommonConditions(plan, p);
  CompiledFilter f = plan.filter.Compile(dialect, p.next());
  if (!plan.filter.empty()) sql += " AND " + f.sql;
  p.Append(std::move(f.params));
  sql += " ORDER BY c.id LIMIT " + p.Add(kPageRows, "integer");
  return {QueueSql(sql, plan.tables), std::move(p.params())};
}

Result<Plan> Validate(const BuildRequest& r) {
  if (r.targeting_id <= 0) return Status::InvalidArgument("targeting id is required");
  if (!r.date.IsValid()) return Status::InvalidArgument("target date is not a valid date");
  int shards = r.shards.value_or(0);
  if (shards < 0 || shards > 1024) {
    return Status::InvalidArgument("shards " + std::to_string(shards) + " is outside 1..1024");
  }
  if (shards == 0) shards = kDefaultShards;
  if (r.queue_cap < 1 || r.queue_cap > 10000) {
    return Status::InvalidArgument("queue cap " + std::to_string(r.queue_cap) +
                                   " is outside 1..10000");
  }
  if (r.company_cooldown_days < 0 || r.company_cooldown_days > 3650) {
    return Status::InvalidArgument("company_cooldown_days " +
                                   std::to_string(r.company_cooldown_days) + " is outside 0..3650");
  }
  if (r.recent_failure_days < 0 || r.recent_failure_days > 3650) {
    return Status::InvalidArgument("recent failure window " +
                                   std::to_string(r.recent_failure_days) +
                                   " days is outside 0..3650");
  }
  std::string client(Trim(r.client_name));
  if (r.mode == TableMode::kExtra && client.empty()) {
    return Status::InvalidArgument(
        "extra mode needs the client's company_name (companies_extra.client is matched against "
        "it), and it is empty");
  }
  FS_ASSIGN_OR_RETURN(Filter filter, Filter::Parse(r.targeting_sql, r.mode));
  return Plan{r,
              TablesFor(r.mode),
              std::move(filter),
              NgCompanyList::Parse(r.ng_companies),
              NamePolicy(r.name_policy_keywords),
              shards,
              client};
}

// Appends accepted candidates of `stage` to `out` until it holds `need` of them.
// `in_progress` holds the companies whose row of the day is assigned, done or failed: they
// stay as they are (filtered here rather than in SQL, where a fresh table's missing
// statistics once made PostgreSQL scan the queue for every candidate).
Status Scan(store::Connection& conn, const Plan& plan, int stage, size_t need,
            const std::unordered_set<int64_t>& in_progress, std::vector<Candidate>& out,
            BuildResult& result) {
  int64_t after_id = 0;
  int64_t read = 0;
  // Keyset pages in id order; a short page means the id space is exhausted (the reference's
  // chunked builder kept scanning empty windows, Q-9).
  while (out.size() < need) {
    auto [sql, params] = CandidatePage(plan, stage, after_id, conn.dialect());
    FS_ASSIGN_OR_RETURN(store::QueryResult rows, conn.Query(sql, params));
    read += static_cast<int64_t>(rows.size());
    for (auto row : rows) {
      after_id = row.Int("id");
      if (in_progress.count(after_id)) continue;
      std::string name = NormalizeCompanyName(row.Text("company_name"));
      if (name.empty() || plan.policy.Match(name) || plan.ng.Contains(name)) {
        ++result.excluded_by_name;
        continue;
      }
      out.push_back({after_id, stage});
      if (out.size() >= need) break;
    }
    if (plan.request.progress) {
      plan.request.progress("stage " + std::to_string(stage) + ": " + std::to_string(read) +
                            " companies read, " + std::to_string(std::min(out.size(), need)) +
                            " of " + std::to_string(need) + " chosen");
    }
    if (rows.size() < static_cast<size_t>(kPageRows)) break;
  }
  return Status::Ok();
}

Status DeleteRows(store::Connection& conn, const TableSet& t, const std::vector<int64_t>& ids,
                  int64_t& deleted) {
  for (size_t i = 0; i < ids.size(); i += kInsertBatchRows) {
    ParamList p;
    std::vector<std::string> placeholders;
    for (size_t k = i; k < std::min(ids.size(), i + kInsertBatchRows); ++k) {
      placeholders.push_back(p.Add(ids[k], "bigint"));
    }
    // A row a claimer took meanwhile is no longer pending and stays.
    FS_ASSIGN_OR_RETURN(int64_t n,
                        conn.Execute(QueueSql("DELETE FROM {queue} WHERE status = 'pending' AND "
                                              "id IN (" +
                                                  Join(placeholders, ", ") + ")",
                                              t),
                                     p.params()));
    deleted += n;
  }
  return Status::Ok();
}

Status InsertRows(store::Connection& conn, const Plan& plan, const std::vector<Candidate>& rows,
                  int64_t first_priority, TimePoint now, BuildResult& result) {
  const BuildRequest& r = plan.request;
  for (size_t i = 0; i < rows.size(); i += kInsertBatchRows) {
    ParamList p;
    std::string date = p.Add(r.date.ToString(), "date");
    std::string targeting = p.Add(r.targeting_id, "bigint");
    std::string at = p.Add(store::SqlValue::Time(now), "timestamptz");
    std::string sql =
        "INSERT INTO {queue} (target_date_jst, targeting_id, company_id, priority, shard_id, "
        "status, attempts, created_at) VALUES ";
    size_t end = std::min(rows.size(), i + kInsertBatchRows);
    for (size_t k = i; k < end; ++k) {
      const Candidate& c = rows[k];
      if (k > i) sql += ", ";
      sql += "(" + date + ", " + targeting + ", " + p.Add(c.company_id, "bigint") + ", " +
             p.Add(first_priority + static_cast<int64_t>(k), "integer") + ", " +
             p.Add(static_cast<int64_t>(c.company_id % plan.shards), "integer") +
             ", 'pending', 0, " + at + ")";
    }
    sql += " ON CONFLICT (target_date_jst, targeting_id, company_id) DO NOTHING";
    FS_RETURN_IF_ERROR(conn.Query(QueueSql(sql, plan.tables), p.params()).status());
    for (size_t k = i; k < end; ++k)
      ++(rows[k].stage == 1 ? result.inserted_stage1 : result.inserted_stage2);
    if (r.progress) {
      r.progress(std::to_string(end) + " of " + std::to_string(rows.size()) + " new rows written");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<BuildResult> QueueBuilder::Build(const BuildRequest& r) {
  FS_ASSIGN_OR_RETURN(Plan plan, Validate(r));
  const TableSet& t = plan.tables;
  std::string mode(TableModeName(r.mode));
  BuildResult result;
  Status s = db_.Transaction([&](store::Connection& conn) -> Status {
    result = BuildResult();
    result.shards = plan.shards;
    TimePoint now = clock_.Now();
    FS_RETURN_IF_ERROR(
        internal::LockForTransaction(conn, "build:" + mode + ":" + std::to_string(r.targeting_id)));
    if (conn.dialect() == store::Dialect::kPostgres) {
      // The candidate pages reuse one prepared statement; a generic plan (chosen after five
      // runs) cannot see the filter's values or the page position.
      FS_RETURN_IF_ERROR(conn.ExecScript("SET LOCAL plan_cache_mode = force_custom_plan"));
    }
    if (r.clear_earlier_dates) {
      FS_ASSIGN_OR_RETURN(result.removed_earlier_dates,
                          conn.Execute(QueueSql("DELETE FROM {queue} WHERE targeting_id = $1 AND "
                                                "target_date_jst < $2::date",
                                                t),
                                       {r.targeting_id, r.date.ToString()}));
      FS_RETURN_IF_ERROR(
          conn.Query("UPDATE send_claims SET released_at = $1::timestamptz, release_reason = "
                     "'cleared' WHERE released_at IS NULL AND table_mode = $2 AND targeting_id = "
                     "$3 AND target_date_jst < $4::date",
                     {store::SqlValue::Time(now), mode, r.targeting_id, r.date.ToString()})
              .status());
      // Released claims are an audit trail for a while, then go (tokens are never reused).
      FS_RETURN_IF_ERROR(
          conn.Query("DELETE FROM send_claims WHERE released_at IS NOT NULL AND table_mode = $1 "
                     "AND targeting_id = $2 AND target_date_jst < $3::date",
                     {mode, r.targeting_id, r.date.AddDays(-kClaimHistoryDays).ToString()})
              .status());
    }
    FS_ASSIGN_OR_RETURN(
        store::QueryResult existing,
        conn.Query(QueueSql("SELECT id, company_id, status, priority FROM {queue} WHERE "
                            "target_date_jst = $1::date AND targeting_id = $2",
                            t),
                   {r.date.ToString(), r.targeting_id}));
    std::unordered_map<int64_t, int64_t> pending;  // company → queue id
    std::unordered_set<int64_t> in_progress;
    int64_t max_priority = 0;
    for (auto row : existing) {
      max_priority = std::max(max_priority, row.Int("priority"));
      if (row.Text("status") == "pending") {
        pending[row.Int("company_id")] = row.Int("id");
      } else {
        in_progress.insert(row.Int("company_id"));
      }
    }
    result.kept_in_progress = static_cast<int64_t>(in_progress.size());
    size_t need = static_cast<size_t>(std::max<int64_t>(0, r.queue_cap - result.kept_in_progress));
    std::vector<Candidate> wanted;
    FS_RETURN_IF_ERROR(Scan(conn, plan, 1, need, in_progress, wanted, result));
    if (wanted.size() < need) {
      FS_RETURN_IF_ERROR(Scan(conn, plan, 2, need, in_progress, wanted, result));
    }

    std::set<int64_t> wanted_ids;
    std::vector<Candidate> to_insert;
    for (const Candidate& c : wanted) {
      wanted_ids.insert(c.company_id);
      if (pending.count(c.company_id)) {
        ++result.kept_pending;
      } else {
        to_insert.push_back(c);
      }
    }
    std::vector<int64_t> to_delete;
    for (const auto& [company, id] : pending) {
      if (!wanted_ids.count(company)) to_delete.push_back(id);
    }
    FS_RETURN_IF_ERROR(DeleteRows(conn, t, to_delete, result.removed_pending));
    // A changed shard count moves the pending rows that stay.
    FS_RETURN_IF_ERROR(
        conn.Query(QueueSql("UPDATE {queue} SET shard_id = company_id % $1 WHERE "
                            "target_date_jst = $2::date AND targeting_id = $3 AND status = "
                            "'pending' AND shard_id <> company_id % $1",
                            t),
                   {plan.shards, r.date.ToString(), r.targeting_id})
            .status());
    FS_RETURN_IF_ERROR(InsertRows(conn, plan, to_insert, max_priority + 1, now, result));
    FS_ASSIGN_OR_RETURN(store::QueryResult total,
                        conn.Query(QueueSql("SELECT count(*) AS n FROM {queue} WHERE "
                                            "target_date_jst = $1::date AND targeting_id = $2",
                                            t),
                                   {r.date.ToString(), r.targeting_id}));
    result.total = total.front().Int("n");
    result.cap_reached = result.total >= r.queue_cap;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return result;
}

Json BuildResult::ToJson() const {
  return {{"shards", shards},
          {"kept_in_progress", kept_in_progress},
          {"kept_pending", kept_pending},
          {"inserted_stage1", inserted_stage1},
          {"inserted_stage2", inserted_stage2},
          {"inserted", inserted_stage1 + inserted_stage2},
          {"removed_pending", removed_pending},
          {"removed_earlier_dates", removed_earlier_dates},
          {"excluded_by_name", excluded_by_name},
          {"total", total},
          {"cap_reached", cap_reached}};
}

}  // namespace formsender::sendqueue

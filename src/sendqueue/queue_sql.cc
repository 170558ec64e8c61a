#include "sendqueue/queue_sql.h"

#include "common/strings.h"

namespace formsender::sendqueue::internal {

std::string QueueSql(std::string_view sql, const TableSet& tables) {
  std::string out(sql);
  out = ReplaceAll(std::move(out), "{companies}", tables.companies);
  out = ReplaceAll(std::move(out), "{queue}", tables.send_queue);
  out = ReplaceAll(std::move(out), "{submissions}", tables.submissions);
  return out;
}

std::string ParamList::Add(store::SqlValue value, std::string_view pg_cast) {
  params_.push_back(std::move(value));
  std::string p = "$" + std::to_string(next_++);
  if (!pg_cast.empty()) p += "::" + std::string(pg_cast);
  return p;
}

JstDay DayOf(CivilDate date) { return {JstMidnight(date), JstMidnight(date.AddDays(1))}; }

template <typename Queryable>
Result<CapUsage> ReadCapUsage(Queryable& q, const QueueKey& key) {
  const TableSet& t = TablesFor(key.mode);
  JstDay day = DayOf(key.date);
  // One statement, so the counts come from one snapshot. Each company counts once: by its
  // ledger entry of the day when it has one (sent, intent, unknown; failed frees its place),
  // else as an assigned row, else by a successful submission of the JST day (sends recorded
  // without the ledger: the reference, direct runs).
  static constexpr std::string_view kSql = R"sql(
SELECT
  (SELECT count(*) FROM send_ledger l
    WHERE l.table_mode = $5 AND l.targeting_id = $1 AND l.target_date_jst = $4::date
      AND l.state = 'sent')
  + (SELECT count(*) FROM {submissions} s
      WHERE s.targeting_id = $1 AND s.success = true
        AND s.submitted_at >= $2::timestamptz AND s.submitted_at < $3::timestamptz
        AND NOT EXISTS (SELECT 1 FROM send_ledger l WHERE l.table_mode = $5
                          AND l.targeting_id = s.targeting_id AND l.company_id = s.company_id))
    AS successes,
  (SELECT count(*) FROM {queue} q
    WHERE q.target_date_jst = $4::date AND q.targeting_id = $1 AND q.status = 'assigned'
      AND NOT EXISTS (SELECT 1 FROM send_ledger l WHERE l.table_mode = $5
                        AND l.targeting_id = q.targeting_id AND l.company_id = q.company_id))
  + (SELECT count(*) FROM send_ledger l
      WHERE l.table_mode = $5 AND l.targeting_id = $1 AND l.target_date_jst = $4::date
        AND l.state = 'intent') AS in_flight,
  (SELECT count(*) FROM send_ledger l
    WHERE l.table_mode = $5 AND l.targeting_id = $1 AND l.target_date_jst = $4::date
      AND l.state = 'unknown') AS unknown)sql";
  FS_ASSIGN_OR_RETURN(
      store::QueryResult r,
      q.Query(QueueSql(kSql, t),
              {key.targeting_id, store::SqlValue::Time(day.start), store::SqlValue::Time(day.end),
               key.date.ToString(), std::string(TableModeName(key.mode))}));
  CapUsage usage;
  usage.successes = r.front().Int("successes");
  usage.in_flight = r.front().Int("in_flight");
  usage.unknown = r.front().Int("unknown");
  return usage;
}

template Result<CapUsage> ReadCapUsage(store::Database&, const QueueKey&);
template Result<CapUsage> ReadCapUsage(store::Connection&, const QueueKey&);

Status ReleaseClaims(store::Connection& conn, TableMode mode, std::optional<CivilDate> date,
                     std::optional<int64_t> targeting_id, std::optional<int64_t> company_id,
                     std::string_view reason, TimePoint now) {
  ParamList p;
  std::string sql =
      "UPDATE send_claims SET released_at = " + p.Add(store::SqlValue::Time(now), "timestamptz") +
      ", release_reason = " + p.Add(std::string(reason), "text") +
      " WHERE released_at IS NULL AND table_mode = " +
      p.Add(std::string(TableModeName(mode)), "text");
  if (date) sql += " AND target_date_jst = " + p.Add(date->ToString(), "date");
  if (targeting_id) sql += " AND targeting_id = " + p.Add(*targeting_id, "bigint");
  if (company_id) sql += " AND company_id = " + p.Add(*company_id, "bigint");
  return conn.Query(sql, p.params()).status();
}

int64_t AdvisoryLockKey(std::string_view text) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<int64_t>(h >> 1);
}

Status LockForTransaction(store::Connection& conn, std::string_view text) {
  if (conn.dialect() != store::Dialect::kPostgres) return Status::Ok();
  return conn.Query("SELECT pg_advisory_xact_lock($1::bigint)", {AdvisoryLockKey(text)}).status();
}

}  // namespace formsender::sendqueue::internal

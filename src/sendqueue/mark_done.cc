// SendQueue::MarkDone (§3.6) and RequeueStale (§3.7, made ledger-aware).
#include "sendqueue/queue_sql.h"
#include "sendqueue/send_queue.h"

namespace formsender::sendqueue {

using internal::QueueSql;

namespace {

struct SubmissionRow {
  int64_t targeting_id = 0;
  int64_t company_id = 0;
  bool success = false;
  std::optional<std::string> error_type;
  Json classify_detail;
  Json field_mapping;
  TimePoint submitted_at;
};

Status InsertSubmission(store::Connection& conn, const TableSet& t, const SubmissionRow& s) {
  return conn
      .Query(QueueSql("INSERT INTO {submissions} (targeting_id, company_id, success, error_type, "
                      "classify_detail, field_mapping, submitted_at) VALUES ($1, $2, $3, $4, "
                      "$5::jsonb, $6::jsonb, $7::timestamptz)",
                      t),
             {s.targeting_id, s.company_id, s.success, s.error_type,
              store::SqlValue::JsonText(s.classify_detail),
              store::SqlValue::JsonText(s.field_mapping), store::SqlValue::Time(s.submitted_at)})
      .status();
}

Status CompleteRow(store::Connection& conn, const TableSet& t, int64_t queue_id, bool success) {
  return conn
      .Query(QueueSql("UPDATE {queue} SET status = $1, attempts = attempts + 1 WHERE id = $2", t),
             {success ? "done" : "failed", queue_id})
      .status();
}

// The classify_detail of a submission recovered from the ledger after its worker vanished.
Json RecoveredDetail(bool sent, const std::string& code, const std::string& run_id) {
  return {{"code", sent ? "SUCCESS" : (code.empty() ? "UNKNOWN" : code)},
          {"category", sent ? "SUBMISSION" : "SYSTEM"},
          {"retryable", false},
          {"cooldown_seconds", 0},
          {"confidence", sent ? 0.8 : 0.0},
          {"evidence", {{"recovered_from", "send_ledger"}, {"run_id", run_id}}}};
}

}  // namespace

Result<MarkDoneResult> SendQueue::MarkDone(const MarkDoneRequest& r) {
  if (r.targeting_id <= 0) return Status::InvalidArgument("targeting id is required");
  if (r.company_id <= 0) return Status::InvalidArgument("company id is required");
  if (!r.date.IsValid()) return Status::InvalidArgument("target date is not a valid date");
  const TableSet& t = TablesFor(r.mode);
  MarkDoneResult result;
  Status s = db_.Transaction([&](store::Connection& conn) -> Status {
    result = MarkDoneResult();
    TimePoint now = clock_.Now();
    std::string lock = conn.dialect() == store::Dialect::kPostgres ? " FOR UPDATE" : "";
    // The row, locked, with how this run's latest claim on it ended (NULL: live or none).
    FS_ASSIGN_OR_RETURN(
        store::QueryResult rows,
        conn.Query(QueueSql("SELECT q.id, q.assigned_by, (SELECT k.release_reason FROM "
                            "send_claims k WHERE k.table_mode = $4 AND k.target_date_jst = "
                            "q.target_date_jst AND k.targeting_id = q.targeting_id AND "
                            "k.company_id = q.company_id AND k.run_id = $5 ORDER BY "
                            "k.fencing_token DESC LIMIT 1) AS last_release FROM {queue} q "
                            "WHERE q.target_date_jst = $1::date AND q.targeting_id = $2 AND "
                            "q.company_id = $3" +
                                lock,
                            t),
                   {r.date.ToString(), r.targeting_id, r.company_id,
                    std::string(TableModeName(r.mode)), r.run_id}));
    if (!rows.empty()) {
      auto row = rows.front();
      auto holder = row.Get("assigned_by");
      if (holder && *holder != r.run_id) {
        result.note = "the row is held by run " + *holder + ", not " + r.run_id;
        return Status::Ok();
      }
      // A retried call (the first one committed but its answer was lost), or a row the
      // stale requeue already completed from the ledger, must not record twice.
      std::string reason = row.Text("last_release");
      if (reason == "completed" || reason == "recovered") {
        result.note = "already recorded (" + reason + ")";
        return Status::Ok();
      }
      FS_RETURN_IF_ERROR(CompleteRow(conn, t, row.Int("id"), r.success));
      FS_RETURN_IF_ERROR(internal::ReleaseClaims(conn, r.mode, r.date, r.targeting_id, r.company_id,
                                                 "completed", now));
      result.updated = 1;
    }
    FS_RETURN_IF_ERROR(InsertSubmission(
        conn, t,
        {r.targeting_id, r.company_id, r.success, r.success ? std::nullopt : r.error_type,
         r.classify_detail, r.field_mapping, r.submitted_at.value_or(now)}));
    result.recorded = true;
    if (r.bot_protection && r.mode != TableMode::kTest) {
      FS_RETURN_IF_ERROR(
          conn.Query(QueueSql("UPDATE {companies} SET bot_protection_detected = true WHERE id = $1",
                              t),
                     {r.company_id})
              .status());
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return result;
}

namespace {

// Rows still assigned to runs that are gone: back to pending when no final submission was
// attempted, completed from the ledger when it knows the outcome, else failed as
// outcome-unknown (never sent again). `rows` has id, company_id, target_date_jst, assigned_by,
// and the ledger's state and outcome_code.
Status ResolveHeldRows(store::Connection& conn, const TableSet& t, TableMode mode,
                       int64_t targeting_id, const store::QueryResult& rows, TimePoint now,
                       RequeueResult& result) {
  for (auto row : rows) {
    int64_t id = row.Int("id");
    int64_t company = row.Int("company_id");
    FS_ASSIGN_OR_RETURN(CivilDate date,
                        CivilDate::Parse(row.Text("target_date_jst").substr(0, 10)));
    std::optional<std::string> state = row.Get("state");
    std::string reason;
    if (!state) {
      FS_RETURN_IF_ERROR(
          conn.Query(QueueSql("UPDATE {queue} SET status = 'pending', assigned_by = NULL, "
                              "assigned_at = NULL WHERE id = $1",
                              t),
                     {id})
              .status());
      reason = "stale";
      ++result.requeued;
    } else if (*state == "sent" || *state == "failed") {
      bool sent = *state == "sent";
      std::string code = row.Text("outcome_code");
      FS_RETURN_IF_ERROR(CompleteRow(conn, t, id, sent));
      FS_RETURN_IF_ERROR(InsertSubmission(
          conn, t,
          {targeting_id, company, sent,
           sent ? std::nullopt : std::optional<std::string>(code.empty() ? "UNKNOWN" : code),
           RecoveredDetail(sent, code, row.Text("assigned_by")), Json(), now}));
      reason = "recovered";
      ++(sent ? result.recovered_sent : result.recovered_failed);
    } else {
      // The final submission may or may not have reached the company: never again.
      FS_RETURN_IF_ERROR(
          conn.Query(QueueSql("UPDATE {queue} SET status = 'failed' WHERE id = $1", t), {id})
              .status());
      reason = "outcome_unknown";
      ++result.outcome_unknown;
    }
    FS_RETURN_IF_ERROR(
        internal::ReleaseClaims(conn, mode, date, targeting_id, company, reason, now));
  }
  return Status::Ok();
}

}  // namespace

Result<RequeueResult> SendQueue::ResolveAssigned(TableMode mode, int64_t targeting_id,
                                                 const std::string& where, store::Params params) {
  const TableSet& t = TablesFor(mode);
  params.insert(params.begin(), {std::string(TableModeName(mode)), targeting_id});
  RequeueResult result;
  Status s = db_.Transaction([&](store::Connection& conn) -> Status {
    result = RequeueResult();
    // Rows another transaction holds (a mark_done in progress) are left for the next pass.
    std::string lock =
        conn.dialect() == store::Dialect::kPostgres ? " FOR UPDATE OF q SKIP LOCKED" : "";
    FS_ASSIGN_OR_RETURN(
        store::QueryResult rows,
        conn.Query(QueueSql("SELECT q.id, q.company_id, q.target_date_jst, q.assigned_by, "
                            "l.state, l.outcome_code "
                            "FROM {queue} q LEFT JOIN send_ledger l ON l.table_mode = $1 AND "
                            "l.targeting_id = q.targeting_id AND l.company_id = q.company_id "
                            "WHERE q.targeting_id = $2 AND q.status = 'assigned' AND " +
                                where + " ORDER BY q.id" + lock,
                            t),
                   params));
    return ResolveHeldRows(conn, t, mode, targeting_id, rows, clock_.Now(), result);
  });
  if (!s.ok()) return s;
  return result;
}

Result<RequeueResult> SendQueue::RequeueStale(const QueueKey& key, int stale_minutes) {
  if (key.targeting_id <= 0) return Status::InvalidArgument("targeting id is required");
  if (stale_minutes < 0) {
    return Status::InvalidArgument("stale minutes " + std::to_string(stale_minutes) +
                                   " is negative");
  }
  TimePoint cutoff = clock_.Now() - std::chrono::minutes(stale_minutes);
  return ResolveAssigned(key.mode, key.targeting_id,
                         "q.target_date_jst = $3::date AND q.assigned_at IS NOT NULL AND "
                         "q.assigned_at < $4::timestamptz",
                         {key.date.ToString(), store::SqlValue::Time(cutoff)});
}

Result<RequeueResult> SendQueue::ReleaseRunsOf(TableMode mode, int64_t targeting_id,
                                               const std::string& run_prefix) {
  if (targeting_id <= 0) return Status::InvalidArgument("targeting id is required");
  if (run_prefix.size() < 8) {
    return Status::InvalidArgument("run prefix \"" + run_prefix +
                                   "\" is too short to name one execution's runs");
  }
  return ResolveAssigned(mode, targeting_id, "substr(q.assigned_by, 1, $3::integer) = $4",
                         {static_cast<int64_t>(run_prefix.size()), run_prefix});
}

}  // namespace formsender::sendqueue

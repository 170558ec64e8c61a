#include "sendqueue/send_ledger.h"

#include "sendqueue/queue_sql.h"

namespace formsender::sendqueue {

using internal::QueueSql;

namespace {

constexpr std::string_view kAlreadySent = "already_sent: ";
constexpr std::string_view kClaimLost = "claim_lost: ";
constexpr std::string_view kCooldown = "cooldown: ";

constexpr std::string_view kEntryColumns =
    "id, table_mode, targeting_id, company_id, target_date_jst, run_id, fencing_token, "
    "execution_id, state, outcome_code, intent_at, outcome_at, detail";

Result<LedgerState> ParseState(std::string_view s) {
  if (s == "intent") return LedgerState::kIntent;
  if (s == "sent") return LedgerState::kSent;
  if (s == "failed") return LedgerState::kFailed;
  if (s == "unknown") return LedgerState::kUnknown;
  return Status::Internal("send_ledger: unknown state \"" + std::string(s) + "\"");
}

Result<LedgerEntry> EntryFromRow(const store::Row& row) {
  LedgerEntry e;
  e.id = row.Int("id");
  FS_ASSIGN_OR_RETURN(e.key.mode, ParseTableMode(row.Text("table_mode")));
  e.key.targeting_id = row.Int("targeting_id");
  e.key.company_id = row.Int("company_id");
  FS_ASSIGN_OR_RETURN(e.date, CivilDate::Parse(row.Text("target_date_jst")));
  e.run_id = row.Text("run_id");
  e.fencing_token = row.Int("fencing_token");
  e.execution_id = row.Get("execution_id");
  FS_ASSIGN_OR_RETURN(e.state, ParseState(row.Text("state")));
  e.outcome_code = row.Get("outcome_code");
  e.intent_at = row.OptTime("intent_at").value_or(TimePoint());
  e.outcome_at = row.OptTime("outcome_at");
  e.detail = row.JsonValue("detail");
  return e;
}

std::string KeyText(const LedgerKey& k) {
  return "targeting " + std::to_string(k.targeting_id) + " company " +
         std::to_string(k.company_id) + " (" + std::string(TableModeName(k.mode)) + ")";
}

Status Refuse(std::string_view kind, std::string message) {
  return Status::Conflict(std::string(kind) + std::move(message));
}

// The claim behind `token` must be live, belong to this run and key, and its queue row (when
// there is one) must still be assigned to the run. Locks that row on PostgreSQL first, in the
// same order as mark_done and the stale requeue.
Status CheckClaim(store::Connection& conn, const IntentRequest& r) {
  const TableSet& t = TablesFor(r.key.mode);
  std::string lock = conn.dialect() == store::Dialect::kPostgres ? " FOR UPDATE" : "";
  FS_ASSIGN_OR_RETURN(
      store::QueryResult queue,
      conn.Query(QueueSql("SELECT status, assigned_by FROM {queue} WHERE target_date_jst = "
                          "$1::date AND targeting_id = $2 AND company_id = $3" +
                              lock,
                          t),
                 {r.date.ToString(), r.key.targeting_id, r.key.company_id}));
  FS_ASSIGN_OR_RETURN(
      store::QueryResult claim,
      conn.Query("SELECT table_mode, target_date_jst, targeting_id, company_id, run_id, "
                 "released_at, release_reason FROM send_claims WHERE fencing_token = $1",
                 {r.fencing_token}));
  std::string who = KeyText(r.key);
  if (claim.empty()) {
    return Refuse(kClaimLost, "fencing token " + std::to_string(r.fencing_token) +
                                  " is not a claim (" + who + ")");
  }
  auto c = claim.front();
  if (c.Text("table_mode") != TableModeName(r.key.mode) ||
      c.Int("targeting_id") != r.key.targeting_id || c.Int("company_id") != r.key.company_id ||
      c.Text("target_date_jst") != r.date.ToString()) {
    return Refuse(kClaimLost, "fencing token " + std::to_string(r.fencing_token) +
                                  " is a claim on something else than " + who + " on " +
                                  r.date.ToString());
  }
  if (c.Text("run_id") != r.run_id) {
    return Refuse(kClaimLost, "fencing token " + std::to_string(r.fencing_token) +
                                  " belongs to run " + c.Text("run_id") + ", not " + r.run_id);
  }
  if (!c.IsNull("released_at")) {
    return Refuse(kClaimLost, "the claim of run " + r.run_id + " on " + who + " was released (" +
                                  c.Text("release_reason") + ")");
  }
  if (!queue.empty()) {
    auto q = queue.front();
    if (q.Text("status") != "assigned" || q.Text("assigned_by") != r.run_id) {
      return Refuse(kClaimLost,
                    "the queue row of " + who + " is " + q.Text("status") +
                        (q.IsNull("assigned_by") ? "" : " for run " + q.Text("assigned_by")));
    }
  }
  return Status::Ok();
}

// No entry for the key, no success for this targeting, no contact by another within the
// cooldown. Runs under a per-company lock so two campaigns cannot pass it together.
Status CheckHistory(store::Connection& conn, const IntentRequest& r, TimePoint now) {
  const TableSet& t = TablesFor(r.key.mode);
  std::string mode(TableModeName(r.key.mode));
  FS_RETURN_IF_ERROR(internal::LockForTransaction(
      conn, "contact:" + mode + ":" + std::to_string(r.key.company_id)));
  // Without a cooldown the window starts in the far future and finds nothing.
  TimePoint since = r.cooldown_days > 0 ? now - std::chrono::hours(24) * r.cooldown_days
                                        : JstMidnight({9999, 1, 1});
  // One round trip for the four questions.
  static constexpr std::string_view kSql = R"sql(
SELECT
  (SELECT state || ', run ' || run_id FROM send_ledger
    WHERE table_mode = $1 AND targeting_id = $2 AND company_id = $3) AS existing,
  (SELECT min(submitted_at) FROM {submissions}
    WHERE targeting_id = $2 AND company_id = $3 AND success = true) AS sent_at,
  (SELECT targeting_id FROM send_ledger
    WHERE company_id = $3 AND table_mode = $1 AND targeting_id <> $2
      AND state IN ('intent', 'sent', 'unknown') AND intent_at >= $4::timestamptz
    ORDER BY intent_at DESC LIMIT 1) AS ledger_contact,
  (SELECT targeting_id FROM {submissions}
    WHERE company_id = $3 AND success = true AND targeting_id <> $2
      AND submitted_at >= $4::timestamptz
    ORDER BY submitted_at DESC LIMIT 1) AS submission_contact)sql";
  FS_ASSIGN_OR_RETURN(store::QueryResult rows,
                      conn.Query(QueueSql(kSql, t), {mode, r.key.targeting_id, r.key.company_id,
                                                     store::SqlValue::Time(since)}));
  auto row = rows.front();
  if (auto existing = row.Get("existing")) {
    return Refuse(kAlreadySent, KeyText(r.key) + " already has a ledger entry (" + *existing + ")");
  }
  if (auto sent_at = row.Get("sent_at")) {
    return Refuse(kAlreadySent, KeyText(r.key) + " has a successful submission (" + *sent_at + ")");
  }
  auto other = row.Get("ledger_contact");
  if (!other) other = row.Get("submission_contact");
  if (other) {
    return Refuse(kCooldown, "company " + std::to_string(r.key.company_id) +
                                 " was contacted by targeting " + *other + " within the " +
                                 std::to_string(r.cooldown_days) + "-day cooldown");
  }
  return Status::Ok();
}

}  // namespace

std::string_view LedgerStateName(LedgerState state) {
  switch (state) {
    case LedgerState::kIntent:
      return "intent";
    case LedgerState::kSent:
      return "sent";
    case LedgerState::kFailed:
      return "failed";
    case LedgerState::kUnknown:
      return "unknown";
  }
  return "unknown";
}

Json LedgerEntry::ToJson() const {
  return {{"id", id},
          {"table_mode", TableModeName(key.mode)},
          {"targeting_id", key.targeting_id},
          {"company_id", key.company_id},
          {"target_date_jst", date.ToString()},
          {"run_id", run_id},
          {"fencing_token", fencing_token},
          {"execution_id", execution_id ? Json(*execution_id) : Json()},
          {"state", LedgerStateName(state)},
          {"outcome_code", outcome_code ? Json(*outcome_code) : Json()},
          {"intent_at", FormatUtcIso(intent_at)},
          {"outcome_at", outcome_at ? Json(FormatUtcIso(*outcome_at)) : Json()},
          {"detail", detail}};
}

IntentConflict IntentConflictOf(const Status& status) {
  if (status.code() != StatusCode::kConflict) return IntentConflict::kNone;
  const std::string& m = status.message();
  if (m.starts_with(kAlreadySent)) return IntentConflict::kAlreadySent;
  if (m.starts_with(kClaimLost)) return IntentConflict::kClaimLost;
  if (m.starts_with(kCooldown)) return IntentConflict::kCooldown;
  return IntentConflict::kNone;
}

Result<LedgerEntry> SendLedger::RecordIntent(const IntentRequest& r) {
  if (r.key.targeting_id <= 0 || r.key.company_id <= 0) {
    return Status::InvalidArgument("a ledger intent needs a targeting id and a company id");
  }
  if (r.run_id.empty()) return Status::InvalidArgument("a ledger intent needs the run_id");
  if (r.fencing_token <= 0) {
    return Status::InvalidArgument("a ledger intent needs the fencing token of the claim");
  }
  if (!r.date.IsValid()) return Status::InvalidArgument("a ledger intent needs the queue date");
  LedgerEntry entry;
  Status s = db_.Transaction([&](store::Connection& conn) -> Status {
    TimePoint now = clock_.Now();
    FS_RETURN_IF_ERROR(CheckClaim(conn, r));
    FS_RETURN_IF_ERROR(CheckHistory(conn, r, now));
    FS_ASSIGN_OR_RETURN(
        store::QueryResult inserted,
        conn.Query("INSERT INTO send_ledger (table_mode, targeting_id, company_id, "
                   "target_date_jst, run_id, fencing_token, execution_id, state, intent_at, "
                   "detail) VALUES ($1, $2, $3, $4::date, $5, $6, $7, 'intent', "
                   "$8::timestamptz, $9::jsonb) ON CONFLICT (table_mode, targeting_id, "
                   "company_id) DO NOTHING RETURNING " +
                       std::string(kEntryColumns),
                   {std::string(TableModeName(r.key.mode)), r.key.targeting_id, r.key.company_id,
                    r.date.ToString(), r.run_id, r.fencing_token, r.execution_id,
                    store::SqlValue::Time(now), store::SqlValue::JsonText(r.detail)}));
    if (inserted.empty()) {
      return Refuse(kAlreadySent, KeyText(r.key) + " already has a ledger entry");
    }
    FS_ASSIGN_OR_RETURN(entry, EntryFromRow(inserted.front()));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return entry;
}

Status SendLedger::RecordOutcome(const OutcomeRequest& r) {
  if (r.outcome_code.empty()) return Status::InvalidArgument("an outcome needs its code");
  std::string mode(TableModeName(r.key.mode));
  std::string state = r.sent ? "sent" : "failed";
  // The common case is one statement; only a refused update reads the entry to say why.
  FS_ASSIGN_OR_RETURN(
      int64_t updated,
      db_.Execute("UPDATE send_ledger SET state = $1, outcome_code = $2, outcome_at = "
                  "$3::timestamptz, detail = COALESCE($4::jsonb, detail) WHERE table_mode = $5 "
                  "AND targeting_id = $6 AND company_id = $7 AND fencing_token = $8 AND state IN "
                  "('intent', 'unknown')",
                  {state, r.outcome_code, store::SqlValue::Time(clock_.Now()),
                   store::SqlValue::JsonText(r.detail), mode, r.key.targeting_id, r.key.company_id,
                   r.fencing_token}));
  if (updated == 1) return Status::Ok();
  FS_ASSIGN_OR_RETURN(store::QueryResult rows,
                      db_.Query("SELECT fencing_token, state, outcome_code FROM send_ledger "
                                "WHERE table_mode = $1 AND targeting_id = $2 AND company_id = $3",
                                {mode, r.key.targeting_id, r.key.company_id}));
  if (rows.empty()) return Status::NotFound("no ledger intent for " + KeyText(r.key));
  auto row = rows.front();
  if (row.Int("fencing_token") != r.fencing_token) {
    return Status::Conflict(
        "the ledger intent for " + KeyText(r.key) + " was recorded under fencing token " +
        std::to_string(row.Int("fencing_token")) + ", not " + std::to_string(r.fencing_token));
  }
  std::string current = row.Text("state");
  if (current == state && row.Text("outcome_code") == r.outcome_code) return Status::Ok();
  return Status::Conflict("the ledger entry for " + KeyText(r.key) + " already has outcome " +
                          current + " (" + row.Text("outcome_code") + ")");
}

Result<int64_t> SendLedger::MarkUnknown() {
  return db_.Execute(
      "UPDATE send_ledger SET state = 'unknown' WHERE state = 'intent' AND intent_at < "
      "$1::timestamptz",
      {store::SqlValue::Time(clock_.Now() - unknown_after_)});
}

Result<std::vector<LedgerEntry>> SendLedger::ListUnknown(std::optional<TableMode> mode) {
  FS_RETURN_IF_ERROR(MarkUnknown().status());
  std::string sql =
      "SELECT " + std::string(kEntryColumns) + " FROM send_ledger WHERE state = 'unknown'";
  if (mode) sql += " AND table_mode = $1";
  store::Params params = mode ? store::Params{std::string(TableModeName(*mode))} : store::Params{};
  sql += " ORDER BY intent_at, id";
  FS_ASSIGN_OR_RETURN(store::QueryResult rows, db_.Query(sql, params));
  std::vector<LedgerEntry> out;
  for (auto row : rows) {
    FS_ASSIGN_OR_RETURN(LedgerEntry e, EntryFromRow(row));
    out.push_back(std::move(e));
  }
  return out;
}

Status SendLedger::Resolve(const LedgerKey& key, LedgerResolution resolution,
                           const std::string& note) {
  FS_RETURN_IF_ERROR(MarkUnknown().status());
  std::string mode(TableModeName(key.mode));
  return db_.Transaction([&](store::Connection& conn) -> Status {
    FS_ASSIGN_OR_RETURN(store::QueryResult rows,
                        conn.Query("SELECT id, state, detail FROM send_ledger WHERE table_mode = "
                                   "$1 AND targeting_id = $2 AND company_id = $3",
                                   {mode, key.targeting_id, key.company_id}));
    if (rows.empty()) return Status::NotFound("no ledger entry for " + KeyText(key));
    if (rows.front().Text("state") != "unknown") {
      return Status::Conflict("the ledger entry for " + KeyText(key) + " is " +
                              rows.front().Text("state") + ", not unknown");
    }
    int64_t id = rows.front().Int("id");
    if (resolution == LedgerResolution::kRelease) {
      return conn.Query("DELETE FROM send_ledger WHERE id = $1", {id}).status();
    }
    bool sent = resolution == LedgerResolution::kSent;
    Json detail = rows.front().JsonValue("detail");
    if (!detail.is_object()) detail = Json::object();
    detail["resolved_by_operator"] = note;
    return conn
        .Query(
            "UPDATE send_ledger SET state = $1, outcome_code = $2, outcome_at = "
            "$3::timestamptz, detail = $4::jsonb WHERE id = $5",
            {sent ? "sent" : "failed",
             sent ? "OPERATOR_CONFIRMED_SENT" : "OPERATOR_CONFIRMED_FAILED",
             store::SqlValue::Time(clock_.Now()), store::SqlValue::JsonText(detail), id})
        .status();
  });
}

Result<std::optional<LedgerEntry>> SendLedger::Find(const LedgerKey& key) const {
  FS_ASSIGN_OR_RETURN(
      store::QueryResult rows,
      db_.Query("SELECT " + std::string(kEntryColumns) +
                    " FROM send_ledger WHERE table_mode = $1 AND targeting_id = "
                    "$2 AND company_id = $3",
                {std::string(TableModeName(key.mode)), key.targeting_id, key.company_id}));
  if (rows.empty()) return std::optional<LedgerEntry>();
  FS_ASSIGN_OR_RETURN(LedgerEntry e, EntryFromRow(rows.front()));
  return std::optional<LedgerEntry>(std::move(e));
}

}  // namespace formsender::sendqueue

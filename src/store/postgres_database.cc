#include "store/postgres_database.h"

#include <charconv>
#include <map>
#include <thread>

#include "common/handles.h"
#include "common/redact.h"
#include "common/strings.h"
#include "store/sql_text.h"

namespace formsender::store {
namespace {

Status MapPgError(const PGresult* res, PGconn* conn, std::string_view sql) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string detail = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  std::string msg = "PostgreSQL: " + StatementLabel(sql) + ": " + std::string(Trim(detail));
  std::string code = state ? state : "";
  if (code == "23505") return Status::Conflict(msg);
  if (code.starts_with("23") || code.starts_with("22")) return Status::InvalidArgument(msg);
  if (code == "40001" || code == "40P01" || code == "55P03") return Status::Unavailable(msg);
  if (code == "57014") return Status::DeadlineExceeded(msg);
  if (code.starts_with("08") || code.starts_with("57") || code.starts_with("53") ||
      PQstatus(conn) == CONNECTION_BAD) {
    return Status::Unavailable(msg);
  }
  return Status::Internal(msg);
}

}  // namespace

class PostgresConnection final : public Connection {
 public:
  PostgresConnection(PgConnPtr conn, bool prepared) : conn_(std::move(conn)), prepared_(prepared) {}
  Dialect dialect() const override { return Dialect::kPostgres; }
  Result<QueryResult> Query(std::string_view sql, const Params& params) override;
  Status ExecScript(std::string_view sql) override;
  bool healthy() const { return PQstatus(conn_.get()) == CONNECTION_OK; }
  bool in_transaction() const { return PQtransactionStatus(conn_.get()) != PQTRANS_IDLE; }

 private:
  PgConnPtr conn_;
  bool prepared_;
  std::map<std::string, std::string, std::less<>> statements_;  // sql → prepared name
};

Result<QueryResult> PostgresConnection::Query(std::string_view sql, const Params& params) {
  std::vector<std::string> storage(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (size_t i = 0; i < params.size(); ++i) {
    const auto& v = params[i].get();
    if (std::holds_alternative<std::monostate>(v)) continue;
    if (auto* i64 = std::get_if<int64_t>(&v))
      storage[i] = std::to_string(*i64);
    else if (auto* d = std::get_if<double>(&v)) {
      char buf[64];
      auto res = std::to_chars(buf, buf + sizeof buf, *d);
      storage[i] = std::string(buf, res.ptr);
    } else if (auto* b = std::get_if<bool>(&v))
      storage[i] = *b ? "true" : "false";
    else
      storage[i] = std::get<std::string>(v);
    values[i] = storage[i].c_str();
  }
  int n = static_cast<int>(params.size());
  PgResultPtr res;
  if (prepared_) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      std::string name = "fs_" + std::to_string(statements_.size() + 1);
      std::string text(sql);
      PgResultPtr prep(PQprepare(conn_.get(), name.c_str(), text.c_str(), n, nullptr));
      if (PQresultStatus(prep.get()) != PGRES_COMMAND_OK) {
        return MapPgError(prep.get(), conn_.get(), sql);
      }
      it = statements_.emplace(std::string(sql), name).first;
    }
    res.reset(
        PQexecPrepared(conn_.get(), it->second.c_str(), n, values.data(), nullptr, nullptr, 0));
  } else {
    std::string text(sql);
    res.reset(
        PQexecParams(conn_.get(), text.c_str(), n, nullptr, values.data(), nullptr, nullptr, 0));
  }
  ExecStatusType st = PQresultStatus(res.get());
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
    return MapPgError(res.get(), conn_.get(), sql);
  QueryResult result;
  int ncols = PQnfields(res.get());
  int nrows = PQntuples(res.get());
  for (int c = 0; c < ncols; ++c) result.columns.emplace_back(PQfname(res.get(), c));
  result.rows.reserve(static_cast<size_t>(nrows));
  for (int r = 0; r < nrows; ++r) {
    std::vector<std::optional<std::string>> row;
    row.reserve(static_cast<size_t>(ncols));
    for (int c = 0; c < ncols; ++c) {
      if (PQgetisnull(res.get(), r, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(PQgetvalue(res.get(), r, c),
                                     static_cast<size_t>(PQgetlength(res.get(), r, c))));
      }
    }
    result.rows.push_back(std::move(row));
  }
  const char* tuples = PQcmdTuples(res.get());
  if (tuples && *tuples) result.affected_rows = std::atoll(tuples);
  return result;
}

Status PostgresConnection::ExecScript(std::string_view sql) {
  std::string text(sql);
  PgResultPtr res(PQexec(conn_.get(), text.c_str()));
  ExecStatusType st = PQresultStatus(res.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
    return MapPgError(res.get(), conn_.get(), sql);
  }
  return Status::Ok();
}

PostgresDatabase::PostgresDatabase(std::string conninfo, std::string described,
                                   DatabaseOptions options)
    : conninfo_(std::move(conninfo)), described_(std::move(described)), options_(options) {}

PostgresDatabase::~PostgresDatabase() = default;

Result<std::unique_ptr<Database>> PostgresDatabase::Open(std::string_view url,
                                                         const DatabaseOptions& options) {
  // Our own parameter is removed before libpq sees the URL (libpq rejects unknown ones).
  std::string conninfo(url);
  DatabaseOptions opts = options;
  for (std::string_view param : {"prepared_statements=false", "prepared_statements=0"}) {
    size_t pos = conninfo.find(param);
    if (pos == std::string::npos) continue;
    opts.prepared_statements = false;
    size_t start = pos;
    size_t end = pos + param.size();
    if (start > 0 && (conninfo[start - 1] == '&'))
      --start;
    else if (end < conninfo.size() && conninfo[end] == '&')
      ++end;
    conninfo.erase(start, end - start);
    if (!conninfo.empty() && conninfo.back() == '?') conninfo.pop_back();
  }
  std::unique_ptr<PostgresDatabase> db(
      new PostgresDatabase(conninfo, RedactSecrets(conninfo), opts));
  FS_ASSIGN_OR_RETURN(auto conn, db->Acquire());
  db->Release(std::move(conn));
  return std::unique_ptr<Database>(std::move(db));
}

std::string PostgresDatabase::Describe() const { return described_; }

Result<std::unique_ptr<PostgresConnection>> PostgresDatabase::Acquire() {
  {
    std::unique_lock lock(mu_);
    bool ready = cv_.wait_for(lock, std::chrono::seconds(60), [&] {
      return !idle_.empty() || open_ < std::max(1, options_.pool_size);
    });
    if (!ready) return Status::Unavailable("PostgreSQL: no free connection after 60 s");
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_;
  }
  PgConnPtr conn(PQconnectdb(conninfo_.c_str()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    std::string msg = conn ? PQerrorMessage(conn.get()) : "out of memory";
    std::lock_guard lock(mu_);
    --open_;
    cv_.notify_one();
    return Status::Unavailable("PostgreSQL: cannot connect to " + described_ + ": " +
                               RedactSecrets(std::string(Trim(msg))));
  }
  auto c = std::make_unique<PostgresConnection>(std::move(conn), options_.prepared_statements);
  Status s = c->ExecScript("SET TimeZone = 'UTC'; SET client_min_messages = warning");
  if (!s.ok()) {
    std::lock_guard lock(mu_);
    --open_;
    cv_.notify_one();
    return s;
  }
  return c;
}

void PostgresDatabase::Release(std::unique_ptr<PostgresConnection> c) {
  std::lock_guard lock(mu_);
  if (c->healthy() && !c->in_transaction()) {
    idle_.push_back(std::move(c));
  } else {
    --open_;  // a broken or dirty connection is dropped; the next Acquire opens a new one
  }
  cv_.notify_one();
}

Result<QueryResult> PostgresDatabase::Query(std::string_view sql, const Params& params) {
  Status last;
  for (int attempt = 0; attempt < 2; ++attempt) {
    FS_ASSIGN_OR_RETURN(auto conn, Acquire());
    auto result = conn->Query(sql, params);
    bool broken = !conn->healthy();
    Release(std::move(conn));
    if (result.ok() || !broken) return result;
    last = result.status();  // the server closed the connection: try once on a fresh one
  }
  return last;
}

Status PostgresDatabase::Transaction(const std::function<Status(Connection&)>& fn) {
  Status last;
  for (int attempt = 0; attempt < 5; ++attempt) {
    FS_ASSIGN_OR_RETURN(auto conn, Acquire());
    Status s = conn->ExecScript("BEGIN");
    if (s.ok()) {
      s = fn(*conn);
      if (s.ok()) {
        s = conn->ExecScript("COMMIT");
      } else {
        (void)conn->ExecScript("ROLLBACK");
      }
    }
    if (conn->in_transaction()) (void)conn->ExecScript("ROLLBACK");
    Release(std::move(conn));
    if (s.ok() || s.code() != StatusCode::kUnavailable) return s;
    last = s;
    std::this_thread::sleep_for(std::chrono::milliseconds(10 << attempt));
  }
  return last;
}

}  // namespace formsender::store

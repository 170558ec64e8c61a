#include "store/sqlite_database.h"

#include <charconv>
#include <filesystem>
#include <map>
#include <thread>

#include "common/handles.h"
#include "common/strings.h"
#include "store/sql_text.h"

namespace formsender::store {

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(SqlitePtr db) : db_(std::move(db)) {}
  Dialect dialect() const override { return Dialect::kSqlite; }
  Result<QueryResult> Query(std::string_view sql, const Params& params) override;
  Status ExecScript(std::string_view sql) override;

 private:
  Status Error(int rc, std::string_view sql) const;
  Result<sqlite3_stmt*> Prepare(std::string_view sql);

  SqlitePtr db_;
  std::map<std::string, SqliteStmtPtr, std::less<>> cache_;
};

Status SqliteConnection::Error(int rc, std::string_view sql) const {
  std::string msg = "SQLite: " + StatementLabel(sql) + ": " + sqlite3_errmsg(db_.get());
  int extended = sqlite3_extended_errcode(db_.get());
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable(msg);
    case SQLITE_CONSTRAINT:
      if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Status::Conflict(msg);
      }
      return Status::InvalidArgument(msg);
    case SQLITE_FULL:
    case SQLITE_IOERR:
      return Status::Unavailable(msg);
    default:
      return Status::Internal(msg);
  }
}

Result<sqlite3_stmt*> SqliteConnection::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second.get();
  if (cache_.size() >= 256) cache_.clear();
  std::string translated = TranslateForSqlite(sql);
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_.get(), translated.c_str(), static_cast<int>(translated.size()),
                              SQLITE_PREPARE_PERSISTENT, &raw, &tail);
  if (rc != SQLITE_OK) return Error(rc, sql);
  if (!raw) return Status::InvalidArgument("SQLite: empty statement");
  SqliteStmtPtr stmt(raw);
  if (tail && !Trim(tail).empty()) {
    return Status::Internal("SQLite: " + StatementLabel(sql) +
                            ": more than one statement (use ExecScript)");
  }
  sqlite3_stmt* p = stmt.get();
  cache_.emplace(std::string(sql), std::move(stmt));
  return p;
}

Result<QueryResult> SqliteConnection::Query(std::string_view sql, const Params& params) {
  FS_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
  struct Resetter {
    sqlite3_stmt* s;
    ~Resetter() {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  } resetter{stmt};
  int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(params.size())) {
    return Status::Internal("SQLite: " + StatementLabel(sql) + ": expects " +
                            std::to_string(expected) + " parameters, got " +
                            std::to_string(params.size()));
  }
  for (size_t i = 0; i < params.size(); ++i) {
    int idx = static_cast<int>(i) + 1;
    int rc = std::visit(
        [&](const auto& v) -> int {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            return sqlite3_bind_null(stmt, idx);
          } else if constexpr (std::is_same_v<T, int64_t>) {
            return sqlite3_bind_int64(stmt, idx, v);
          } else if constexpr (std::is_same_v<T, double>) {
            return sqlite3_bind_double(stmt, idx, v);
          } else if constexpr (std::is_same_v<T, bool>) {
            return sqlite3_bind_int(stmt, idx, v ? 1 : 0);
          } else {
            return sqlite3_bind_text(stmt, idx, v.data(), static_cast<int>(v.size()),
                                     SQLITE_TRANSIENT);
          }
        },
        params[i].get());
    if (rc != SQLITE_OK) return Error(rc, sql);
  }
  QueryResult result;
  int ncols = sqlite3_column_count(stmt);
  for (int c = 0; c < ncols; ++c) result.columns.emplace_back(sqlite3_column_name(stmt, c));
  while (true) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return Error(rc, sql);
    std::vector<std::optional<std::string>> row;
    row.reserve(static_cast<size_t>(ncols));
    for (int c = 0; c < ncols; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_NULL:
          row.emplace_back(std::nullopt);
          break;
        case SQLITE_INTEGER:
          row.emplace_back(std::to_string(sqlite3_column_int64(stmt, c)));
          break;
        case SQLITE_FLOAT: {
          char buf[64];
          auto res = std::to_chars(buf, buf + sizeof buf, sqlite3_column_double(stmt, c));
          row.emplace_back(std::string(buf, res.ptr));
          break;
        }
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_blob(stmt, c));
          int len = sqlite3_column_bytes(stmt, c);
          row.emplace_back(text ? std::string(text, static_cast<size_t>(len)) : std::string());
        }
      }
    }
    result.rows.push_back(std::move(row));
  }
  if (!sqlite3_stmt_readonly(stmt)) result.affected_rows = sqlite3_changes64(db_.get());
  return result;
}

Status SqliteConnection::ExecScript(std::string_view sql) {
  char* err = nullptr;
  std::string script(sql);
  int rc = sqlite3_exec(db_.get(), script.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return Status::Internal("SQLite script failed: " + msg);
  }
  return Status::Ok();
}

SqliteDatabase::SqliteDatabase(std::string path, DatabaseOptions options)
    : path_(std::move(path)),
      options_(options),
      max_connections_(path_ == ":memory:" ? 1 : std::max(1, options.pool_size)) {}

SqliteDatabase::~SqliteDatabase() = default;

Result<std::unique_ptr<Database>> SqliteDatabase::Open(const std::string& path,
                                                       const DatabaseOptions& options) {
  if (path != ":memory:") {
    std::filesystem::path p(path);
    std::error_code ec;
    if (p.has_parent_path() && !std::filesystem::exists(p.parent_path(), ec)) {
      return Status::NotFound("SQLite: directory " + p.parent_path().string() + " does not exist");
    }
  }
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(path, options));
  // Open one connection now so a bad path fails here, not at first use.
  FS_ASSIGN_OR_RETURN(auto conn, db->Acquire());
  db->Release(std::move(conn));
  return std::unique_ptr<Database>(std::move(db));
}

std::string SqliteDatabase::Describe() const {
  return path_ == ":memory:" ? "sqlite::memory:" : "sqlite://" + path_;
}

Result<std::unique_ptr<SqliteConnection>> SqliteDatabase::Acquire() {
  {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < max_connections_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_;
  }
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  int rc = sqlite3_open_v2(path_.c_str(), &raw, flags, nullptr);
  SqlitePtr handle(raw);
  auto fail = [&](std::string msg) -> Status {
    std::lock_guard lock(mu_);
    --open_;
    cv_.notify_one();
    return Status::Unavailable("SQLite: cannot open " + path_ + ": " + msg);
  };
  if (rc != SQLITE_OK) return fail(raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
  sqlite3_busy_timeout(raw, static_cast<int>(options_.busy_timeout.count()));
  auto conn = std::make_unique<SqliteConnection>(std::move(handle));
  std::string pragmas = "PRAGMA foreign_keys = ON;";
  if (path_ != ":memory:") pragmas += "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
  Status s = conn->ExecScript(pragmas);
  if (!s.ok()) return fail(s.message());
  return conn;
}

void SqliteDatabase::Release(std::unique_ptr<SqliteConnection> c) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(c));
  cv_.notify_one();
}

Result<QueryResult> SqliteDatabase::Query(std::string_view sql, const Params& params) {
  FS_ASSIGN_OR_RETURN(auto conn, Acquire());
  auto result = conn->Query(sql, params);
  Release(std::move(conn));
  return result;
}

Status SqliteDatabase::Transaction(const std::function<Status(Connection&)>& fn) {
  Status last;
  for (int attempt = 0; attempt < 5; ++attempt) {
    FS_ASSIGN_OR_RETURN(auto conn, Acquire());
    Status s = conn->ExecScript("BEGIN IMMEDIATE");
    if (s.ok()) {
      s = fn(*conn);
      if (s.ok()) {
        s = conn->ExecScript("COMMIT");
        if (!s.ok()) (void)conn->ExecScript("ROLLBACK");
      } else {
        (void)conn->ExecScript("ROLLBACK");
      }
    } else {
      s = Status::Unavailable("SQLite: cannot take the write lock: " + s.message());
    }
    Release(std::move(conn));
    if (s.ok() || s.code() != StatusCode::kUnavailable) return s;
    last = s;
    std::this_thread::sleep_for(std::chrono::milliseconds(10 << attempt));
  }
  return last;
}

}  // namespace formsender::store

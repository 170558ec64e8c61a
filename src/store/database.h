#pragma once
// The store's one seam: a Database that is either SQLite (embedded default) or PostgreSQL
// (production / Supabase). Repositories write SQL once with `$1`-style parameters and
// PostgreSQL `::type` casts; the SQLite backend rewrites both. Values are always bound, never
// spliced into SQL text.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "common/status.h"

namespace formsender::store {

enum class Dialect { kSqlite, kPostgres };
std::string_view DialectName(Dialect d);

// A bound parameter. Times are written in one fixed UTC format so that SQLite's text
// comparison orders them correctly.
class SqlValue {
 public:
  SqlValue() = default;                                 // NULL
  SqlValue(std::nullptr_t) {}                           // NOLINT
  SqlValue(int64_t v) : v_(v) {}                        // NOLINT
  SqlValue(int v) : v_(static_cast<int64_t>(v)) {}      // NOLINT
  SqlValue(double v) : v_(v) {}                         // NOLINT
  SqlValue(bool v) : v_(v) {}                           // NOLINT
  SqlValue(std::string v) : v_(std::move(v)) {}         // NOLINT
  SqlValue(std::string_view v) : v_(std::string(v)) {}  // NOLINT
  SqlValue(const char* v) : v_(std::string(v)) {}       // NOLINT
  template <typename T>
  SqlValue(const std::optional<T>& v) {  // NOLINT
    if (v) *this = SqlValue(*v);
  }
  static SqlValue Time(TimePoint t);
  static SqlValue JsonText(const Json& j);

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  const std::variant<std::monostate, int64_t, double, bool, std::string>& get() const { return v_; }

 private:
  std::variant<std::monostate, int64_t, double, bool, std::string> v_;
};
using Params = std::vector<SqlValue>;

// The text form of a stored timestamp.
std::string FormatSqlTime(TimePoint t);

class QueryResult;

// One row of a QueryResult. Values are kept in their text form; accessors parse them.
// Asking for a column the query did not return is a programmer error (asserts; nullopt in
// release builds).
class Row {
 public:
  Row(const QueryResult* result, size_t index) : result_(result), index_(index) {}
  std::optional<std::string> Get(std::string_view column) const;
  bool IsNull(std::string_view column) const { return !Get(column).has_value(); }
  std::string Text(std::string_view column) const { return Get(column).value_or(""); }
  std::optional<int64_t> OptInt(std::string_view column) const;
  int64_t Int(std::string_view column, int64_t if_null = 0) const {
    return OptInt(column).value_or(if_null);
  }
  std::optional<double> OptDouble(std::string_view column) const;
  // Accepts PostgreSQL's t/f and SQLite's 1/0.
  std::optional<bool> OptBool(std::string_view column) const;
  bool Bool(std::string_view column, bool if_null = false) const {
    return OptBool(column).value_or(if_null);
  }
  std::optional<TimePoint> OptTime(std::string_view column) const;
  // NULL → JSON null; unparseable text → the text as a JSON string.
  Json JsonValue(std::string_view column) const;

 private:
  const QueryResult* result_;
  size_t index_;
};

class QueryResult {
 public:
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
  int64_t affected_rows = 0;

  size_t size() const { return rows.size(); }
  bool empty() const { return rows.empty(); }
  Row row(size_t i) const { return Row(this, i); }
  Row front() const { return Row(this, 0); }
  int ColumnIndex(std::string_view name) const;

  class Iterator {
   public:
    Iterator(const QueryResult* r, size_t i) : r_(r), i_(i) {}
    Row operator*() const { return Row(r_, i_); }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator!=(const Iterator& o) const { return i_ != o.i_; }

   private:
    const QueryResult* r_;
    size_t i_;
  };
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, rows.size()); }
};

// One connection, used by one thread at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Errors name the statement (its first line) and the database's message. A unique or
  // check violation is kConflict; a busy/locked/serialization failure is kUnavailable.
  virtual Result<QueryResult> Query(std::string_view sql, const Params& params = {}) = 0;
  Result<int64_t> Execute(std::string_view sql, const Params& params = {});
  // Runs a parameterless multi-statement script (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
};

struct DatabaseOptions {
  // PostgreSQL: connections kept open at most. SQLite file: reader connections.
  int pool_size = 4;
  // SQLite: how long a writer waits for the lock.
  std::chrono::milliseconds busy_timeout{30'000};
  // PostgreSQL: use named prepared statements (off for transaction-mode poolers).
  bool prepared_statements = true;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement in its own implicit transaction on a pooled connection.
  virtual Result<QueryResult> Query(std::string_view sql, const Params& params = {}) = 0;
  Result<int64_t> Execute(std::string_view sql, const Params& params = {});
  // Runs `fn` in a transaction: committed when it returns OK, rolled back otherwise.
  // SQLite takes the write lock up front (BEGIN IMMEDIATE: one writer at a time); PostgreSQL
  // uses READ COMMITTED. When the database reports a transient conflict (busy, deadlock,
  // serialization failure) the whole function is run again, up to 5 times, so `fn` must only
  // touch the database. On PostgreSQL a failed statement aborts the transaction: write
  // `ON CONFLICT …` instead of catching a constraint error inside `fn`.
  virtual Status Transaction(const std::function<Status(Connection&)>& fn) = 0;
  // "sqlite:///abs/path.db" or the PostgreSQL URL with its password redacted.
  virtual std::string Describe() const = 0;
};

// Opens `url`: `sqlite:///absolute/path.db`, `sqlite://relative.db`, `sqlite::memory:`, or
// `postgresql://…` / `postgres://…` (any libpq URL, Supabase's included; the extra query
// parameter `prepared_statements=false` turns named prepared statements off).
Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url,
                                               const DatabaseOptions& options = {});

// The default embedded database URL for a data directory: sqlite://<dir>/formsender.db.
std::string DefaultDatabaseUrl(std::string_view data_dir);

}  // namespace formsender::store

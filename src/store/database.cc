#include "store/database.h"

#include <cassert>
#include <cmath>
#include <filesystem>

#include "common/redact.h"
#include "common/strings.h"
#include "common/time.h"
#include "store/postgres_database.h"
#include "store/sqlite_database.h"

namespace formsender::store {

std::string_view DialectName(Dialect d) { return d == Dialect::kSqlite ? "sqlite" : "postgres"; }

std::string FormatSqlTime(TimePoint t) { return FormatUtcIso(t, /*with_micros=*/true); }

SqlValue SqlValue::Time(TimePoint t) { return SqlValue(FormatSqlTime(t)); }

SqlValue SqlValue::JsonText(const Json& j) {
  if (j.is_null()) return SqlValue();
  return SqlValue(DumpJson(j));
}

int QueryResult::ColumnIndex(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::optional<std::string> Row::Get(std::string_view column) const {
  int idx = result_->ColumnIndex(column);
  assert(idx >= 0 && "column not in result");
  if (idx < 0) return std::nullopt;
  return result_->rows[index_][static_cast<size_t>(idx)];
}

std::optional<int64_t> Row::OptInt(std::string_view column) const {
  auto v = Get(column);
  if (!v) return std::nullopt;
  auto parsed = ParseInt64(*v);
  if (parsed.ok()) return *parsed;
  auto d = ParseDouble(*v);  // SQLite may hand back 3.0 for an integer-affinity expression
  // Only whole numbers a bigint holds: casting NaN, inf or 1e30 would be undefined.
  if (d.ok() && *d == std::floor(*d) && std::fabs(*d) < 9.2e18) return static_cast<int64_t>(*d);
  return std::nullopt;
}

std::optional<double> Row::OptDouble(std::string_view column) const {
  auto v = Get(column);
  if (!v) return std::nullopt;
  auto parsed = ParseDouble(*v);
  if (!parsed.ok()) return std::nullopt;
  return *parsed;
}

std::optional<bool> Row::OptBool(std::string_view column) const {
  auto v = Get(column);
  if (!v) return std::nullopt;
  if (*v == "t" || *v == "1" || *v == "true") return true;
  if (*v == "f" || *v == "0" || *v == "false") return false;
  return std::nullopt;
}

std::optional<TimePoint> Row::OptTime(std::string_view column) const {
  auto v = Get(column);
  if (!v) return std::nullopt;
  auto parsed = ParseIsoTimestamp(*v);
  if (!parsed.ok()) return std::nullopt;
  return *parsed;
}

Json Row::JsonValue(std::string_view column) const {
  auto v = Get(column);
  if (!v) return Json();
  auto parsed = ParseJson(*v);
  if (!parsed.ok()) return Json(*v);
  return *parsed;
}

Result<int64_t> Connection::Execute(std::string_view sql, const Params& params) {
  FS_ASSIGN_OR_RETURN(QueryResult r, Query(sql, params));
  return r.affected_rows;
}

Result<int64_t> Database::Execute(std::string_view sql, const Params& params) {
  FS_ASSIGN_OR_RETURN(QueryResult r, Query(sql, params));
  return r.affected_rows;
}

Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url,
                                               const DatabaseOptions& options) {
  std::string_view u = Trim(url);
  if (u.starts_with("postgresql://") || u.starts_with("postgres://")) {
    return PostgresDatabase::Open(u, options);
  }
  if (u == "sqlite::memory:" || u == "sqlite://:memory:") {
    return SqliteDatabase::Open(":memory:", options);
  }
  if (u.starts_with("sqlite://")) {
    std::string path(u.substr(9));  // sqlite:///abs → "/abs"; sqlite://rel → "rel"
    if (path.empty())
      return Status::InvalidArgument("database_url \"" + std::string(u) + "\" has no file path");
    return SqliteDatabase::Open(path, options);
  }
  return Status::InvalidArgument("database_url \"" + RedactSecrets(std::string(u)) +
                                 "\" is not sqlite:///path, sqlite::memory: or postgresql://…");
}

std::string DefaultDatabaseUrl(std::string_view data_dir) {
  std::filesystem::path p = std::filesystem::path(std::string(data_dir)) / "formsender.db";
  return "sqlite://" + std::filesystem::absolute(p).lexically_normal().string();
}

}  // namespace formsender::store

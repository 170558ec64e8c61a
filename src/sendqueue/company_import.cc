#include "sendqueue/company_import.h"

#include <cmath>
#include <limits>
#include <unordered_map>

#include "common/csv.h"
#include "common/strings.h"
#include "common/time.h"
#include "sendqueue/company_columns.h"

namespace formsender::sendqueue {
namespace {

// SQLite binds at most 32766 values per statement and PostgreSQL 65535.
constexpr size_t kMaxParamsPerStatement = 30000;
constexpr size_t kMaxBatchRows = 500;

// Converts one field; the error says what is wrong with the value (the caller adds where).
Result<store::SqlValue> ConvertValue(const CompanyColumn& column, const std::string& field) {
  if (column.type == ColumnType::kText) {
    if (field.empty()) return store::SqlValue();
    return store::SqlValue(field);
  }
  std::string_view v = Trim(field);
  if (v.empty()) return store::SqlValue();
  std::string quoted = "\"" + std::string(v) + "\"";
  switch (column.type) {
    case ColumnType::kBigint:
    case ColumnType::kInteger:
    case ColumnType::kSmallint: {
      auto n = ParseInt64(v);
      if (!n.ok()) return Status::InvalidArgument(quoted + " is not a whole number");
      int64_t lo = column.type == ColumnType::kSmallint  ? -32768
                   : column.type == ColumnType::kInteger ? std::numeric_limits<int32_t>::min()
                                                         : std::numeric_limits<int64_t>::min();
      int64_t hi = column.type == ColumnType::kSmallint  ? 32767
                   : column.type == ColumnType::kInteger ? std::numeric_limits<int32_t>::max()
                                                         : std::numeric_limits<int64_t>::max();
      if (*n < lo || *n > hi) {
        return Status::InvalidArgument(quoted + " is out of range for a " +
                                       std::string(ColumnTypeName(column.type)));
      }
      return store::SqlValue(*n);
    }
    case ColumnType::kReal: {
      auto d = ParseDouble(v);
      if (!d.ok() || !std::isfinite(*d))
        return Status::InvalidArgument(quoted + " is not a number");
      return store::SqlValue(*d);
    }
    case ColumnType::kBoolean: {
      auto b = ParseBool(v);
      if (!b.ok()) return Status::InvalidArgument(quoted + " is not true or false");
      return store::SqlValue(*b);
    }
    case ColumnType::kTimestamp: {
      auto t = ParseIsoTimestamp(v);
      if (!t.ok()) {
        return Status::InvalidArgument(quoted +
                                       " is not a timestamp with a time zone "
                                       "(2025-04-01T09:00:00+09:00)");
      }
      return store::SqlValue::Time(*t);
    }
    case ColumnType::kText:
      break;
  }
  return store::SqlValue(field);
}

struct Header {
  std::vector<const CompanyColumn*> columns;  // per CSV field; null = ignored
  std::vector<const CompanyColumn*> written;  // in field order
  size_t id_field = 0;
};

Result<Header> ReadHeader(CsvReader& reader, const std::vector<std::string>& fields,
                          const ImportOptions& options, ImportReport& report) {
  Header h;
  bool has_id = false;
  std::string table(TablesFor(options.mode).companies);
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string name(Trim(fields[i]));
    const CompanyColumn* column = FindCompanyColumn(name, options.mode);
    if (!column) {
      if (options.ignore_unknown_columns) {
        h.columns.push_back(nullptr);
        report.ignored.push_back(name);
        continue;
      }
      return Status::InvalidArgument(reader.Where(reader.field_position(i)) + ": \"" + name +
                                     "\" is not a column of " + table +
                                     " (use --ignore-unknown-columns to skip it)");
    }
    for (const CompanyColumn* seen : h.written) {
      if (seen == column) {
        return Status::InvalidArgument(reader.Where(reader.field_position(i)) + ": column \"" +
                                       name + "\" appears twice");
      }
    }
    if (column->name == "id") {
      has_id = true;
      h.id_field = i;
    }
    h.columns.push_back(column);
    h.written.push_back(column);
    report.columns.emplace_back(column->name);
  }
  if (!has_id) {
    return Status::InvalidArgument(reader.source_name() +
                                   " line 1: the header has no \"id\" column (rows are upserted "
                                   "by id)");
  }
  return h;
}

// Writes the pending rows as one INSERT … ON CONFLICT (id) DO UPDATE.
Status FlushBatch(store::Connection& conn, const std::string& table, const Header& h,
                  std::vector<store::Params>& rows) {
  if (rows.empty()) return Status::Ok();
  std::vector<std::string> names;
  for (const CompanyColumn* c : h.written) names.emplace_back(c->name);
  std::string sql = "INSERT INTO " + table + " (" + Join(names, ", ") + ") VALUES ";
  store::Params params;
  params.reserve(rows.size() * names.size());
  int n = 1;
  for (size_t r = 0; r < rows.size(); ++r) {
    sql += r ? ", (" : "(";
    for (size_t c = 0; c < h.written.size(); ++c) {
      if (c) sql += ", ";
      sql += "$" + std::to_string(n++) + "::" + std::string(ColumnTypeName(h.written[c]->type));
      params.push_back(std::move(rows[r][c]));
    }
    sql += ")";
  }
  std::vector<std::string> updates;
  for (const std::string& name : names) {
    if (name != "id") updates.push_back(name + " = excluded." + name);
  }
  sql += updates.empty() ? " ON CONFLICT (id) DO NOTHING"
                         : " ON CONFLICT (id) DO UPDATE SET " + Join(updates, ", ");
  rows.clear();
  return conn.Query(sql, params).status();
}

Status ImportOnce(store::Connection& conn, std::istream& in, const std::string& source_name,
                  const ImportOptions& options, ImportReport& report) {
  std::string table(TablesFor(options.mode).companies);
  CsvReader reader(in, source_name);
  std::vector<std::string> fields;
  FS_ASSIGN_OR_RETURN(bool has_header, reader.Next(fields));
  if (!has_header) return Status::InvalidArgument(source_name + " is empty (no header row)");
  FS_ASSIGN_OR_RETURN(Header h, ReadHeader(reader, fields, options, report));
  size_t batch_rows = std::max<size_t>(
      1, std::min(kMaxBatchRows, kMaxParamsPerStatement / std::max<size_t>(1, h.written.size())));
  std::vector<store::Params> batch;
  std::unordered_map<int64_t, size_t> batch_index;  // id → position in batch
  std::vector<std::string> errors;
  auto add_error = [&](CsvPosition where, size_t field, const std::string& message) {
    std::string column = field < h.columns.size() && h.columns[field]
                             ? " (" + std::string(h.columns[field]->name) + ")"
                             : "";
    errors.push_back(reader.Where(where) + column + ": " + message);
  };
  while (errors.size() < options.max_errors) {
    FS_ASSIGN_OR_RETURN(bool more, reader.Next(fields));
    if (!more) break;
    ++report.rows;
    if (fields.size() != h.columns.size()) {
      add_error({reader.record_line(), 0}, h.columns.size(),
                std::to_string(fields.size()) + " fields, but the header has " +
                    std::to_string(h.columns.size()));
      continue;
    }
    store::Params row;
    row.reserve(h.written.size());
    int64_t id = 0;
    bool row_ok = true;
    for (size_t i = 0; i < fields.size(); ++i) {
      const CompanyColumn* column = h.columns[i];
      if (!column) continue;
      Result<store::SqlValue> v = ConvertValue(*column, fields[i]);
      if (!v.ok()) {
        add_error(reader.field_position(i), i, v.status().message());
        row_ok = false;
        continue;
      }
      if (i == h.id_field) {
        if (v->is_null() || std::get<int64_t>(v->get()) <= 0) {
          add_error(reader.field_position(i), i, "id must be a positive whole number");
          row_ok = false;
          continue;
        }
        id = std::get<int64_t>(v->get());
      }
      row.push_back(std::move(*v));
    }
    if (!row_ok || !errors.empty()) continue;  // keep reading only to report more errors
    // One statement may not touch a row twice: a repeated id replaces its earlier row.
    if (auto it = batch_index.find(id); it != batch_index.end()) {
      batch[it->second] = std::move(row);
      continue;
    }
    batch_index[id] = batch.size();
    batch.push_back(std::move(row));
    if (batch.size() >= batch_rows) {
      FS_RETURN_IF_ERROR(FlushBatch(conn, table, h, batch));
      batch_index.clear();
      if (options.progress) options.progress(report.rows);
    }
  }
  if (!errors.empty()) {
    std::string message = Join(errors, "\n");
    if (errors.size() >= options.max_errors)
      message += "\n(stopped after " + std::to_string(errors.size()) + " errors)";
    return Status::InvalidArgument(message + "\nnothing was imported");
  }
  FS_RETURN_IF_ERROR(FlushBatch(conn, table, h, batch));
  if (options.progress) options.progress(report.rows);
  return Status::Ok();
}

}  // namespace

Result<ImportReport> ImportCompanies(store::Database& db, std::istream& in,
                                     const std::string& source_name, const ImportOptions& options) {
  std::string table(TablesFor(options.mode).companies);
  ImportReport report;
  int64_t before = 0;
  Status s = db.Transaction([&](store::Connection& conn) -> Status {
    report = ImportReport();
    in.clear();
    in.seekg(0);
    if (!in) return Status::Internal(source_name + ": cannot rewind the input");
    FS_ASSIGN_OR_RETURN(store::QueryResult count, conn.Query("SELECT count(*) AS n FROM " + table));
    before = count.front().Int("n");
    FS_RETURN_IF_ERROR(ImportOnce(conn, in, source_name, options, report));
    FS_ASSIGN_OR_RETURN(store::QueryResult after, conn.Query("SELECT count(*) AS n FROM " + table));
    report.inserted = after.front().Int("n") - before;
    report.updated = report.rows - report.inserted;
    if (conn.dialect() == store::Dialect::kPostgres) {
      // Fresh statistics, so the next queue build walks the id index instead of sorting the
      // whole table for every page (autovacuum would catch up only later).
      FS_RETURN_IF_ERROR(conn.ExecScript("ANALYZE " + table));
    }
    if (conn.dialect() == store::Dialect::kPostgres && options.mode == TableMode::kExtra) {
      // Explicit ids do not advance the identity; later rows without an id must not collide.
      FS_RETURN_IF_ERROR(
          conn.Query("SELECT setval(pg_get_serial_sequence('companies_extra', 'id'), "
                     "GREATEST((SELECT max(id) FROM companies_extra), 1))")
              .status());
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return report;
}

}  // namespace formsender::sendqueue

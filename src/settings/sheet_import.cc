#include "settings/sheet_import.h"

#include <map>
#include <set>

#include "common/strings.h"
#include "settings/csv.h"
#include "settings/encoding.h"
#include "settings/sheet_columns.h"

namespace formsender::settings {
namespace {

// Collects problems "label:line: text", in order, and turns them into one Status.
class Problems {
 public:
  explicit Problems(std::string_view label) : label_(label) {}
  void Add(int line, const std::string& text) {
    ++count_;
    if (lines_.size() < kMaxReportedProblems) {
      lines_.push_back(label_ + ":" + std::to_string(line) + ": " + text);
    }
  }
  bool empty() const { return count_ == 0; }
  Status ToStatus() const {
    std::string msg = Join(lines_, "\n");
    if (count_ > lines_.size()) {
      msg += "\n… and " + std::to_string(count_ - lines_.size()) + " more";
    }
    return Status::InvalidArgument(msg);
  }

 private:
  std::string label_;
  std::vector<std::string> lines_;
  size_t count_ = 0;
};

// A header row mapped to columns of the sheet's catalog.
template <typename Column>
struct HeaderMap {
  std::vector<const Column*> columns;      // per cell: the column, or null (extra / blank)
  std::vector<std::string> extra_headers;  // per cell: the original header of an extra column
};

// Builds the header map; `find` looks a header up in the catalog. A header equal to `reserved`
// is read by the caller (the client id) and is neither a catalog column nor an extra one.
template <typename Column, typename Find>
HeaderMap<Column> MapHeader(const CsvRecord& header, Find find, std::string_view reserved,
                            Problems& problems, std::vector<std::string>& warnings) {
  HeaderMap<Column> map;
  std::map<const Column*, size_t> seen;
  std::vector<std::string> extras, unnamed;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string& raw = header.fields[i];
    const Column* col = find(raw);
    map.columns.push_back(nullptr);
    map.extra_headers.push_back("");
    if (Trim(raw).empty()) {
      unnamed.push_back(std::to_string(i + 1));
      continue;
    }
    if (!reserved.empty() && ToLowerAscii(Trim(raw)) == reserved) continue;
    if (!col) {
      map.extra_headers.back() = std::string(Trim(raw));
      extras.push_back(map.extra_headers.back());
      continue;
    }
    if (auto it = seen.find(col); it != seen.end()) {
      problems.Add(header.line, "headers \"" + header.fields[it->second] + "\" (column " +
                                    std::to_string(it->second + 1) + ") and \"" + raw +
                                    "\" (column " + std::to_string(i + 1) + ") both name " +
                                    std::string(col->name));
      continue;
    }
    seen[col] = i;
    map.columns.back() = col;
  }
  if (!extras.empty()) {
    warnings.push_back("columns formsender does not read (kept as extra_columns): " +
                       Join(extras, ", "));
  }
  if (!unnamed.empty()) {
    warnings.push_back("columns without a header are ignored: " + Join(unnamed, ", "));
  }
  return map;
}

Result<std::vector<CsvRecord>> ReadRecords(std::string_view bytes, std::string_view label,
                                           std::string& encoding) {
  FS_ASSIGN_OR_RETURN(DecodedText decoded, DecodeSheetBytes(bytes, label));
  encoding = decoded.encoding;
  FS_ASSIGN_OR_RETURN(auto records, ParseCsv(decoded.text, label));
  if (records.empty() || records.front().IsBlank()) {
    return Status::InvalidArgument(std::string(label) + ":1: the first row must be the header row");
  }
  return records;
}

// Cells beyond the header must be blank (a row wider than its header lost its column names).
void CheckWidth(const CsvRecord& record, size_t header_size, Problems& problems) {
  for (size_t i = header_size; i < record.fields.size(); ++i) {
    if (!Trim(record.fields[i]).empty()) {
      problems.Add(record.line, "cell " + std::to_string(i + 1) +
                                    " has a value but the header has " +
                                    std::to_string(header_size) + " columns");
      return;
    }
  }
}

std::string_view Cell(const CsvRecord& record, size_t i) {
  return i < record.fields.size() ? std::string_view(record.fields[i]) : std::string_view();
}

// Reports the catalog columns `required` says the header must have.
template <typename Column, typename Required>
void CheckRequiredHeaders(const std::vector<Column>& catalog, const HeaderMap<Column>& header,
                          int line, Required required, Problems& problems) {
  std::set<const Column*> present(header.columns.begin(), header.columns.end());
  for (const auto& col : catalog) {
    if (required(col) && !present.count(&col)) {
      problems.Add(line, "missing column " + std::string(col.name));
    }
  }
}

// The loop both sheets share: every non-blank data record becomes a row with its provenance
// and extra columns; `read` fills the catalog columns and returns false when the row is
// unusable (its problems already added); ids must be unique.
template <typename Row, typename Column, typename Read>
void ReadRows(const std::vector<CsvRecord>& records, const HeaderMap<Column>& header,
              std::string_view label, TimePoint imported_at, Problems& problems,
              std::vector<Row>& rows, Read read) {
  std::map<int64_t, int> id_lines;
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& record = records[r];
    if (record.IsBlank()) continue;
    CheckWidth(record, header.columns.size(), problems);
    Row row;
    row.source = std::string(label);
    row.sheet_row = record.line;
    row.imported_at = imported_at;
    for (size_t i = 0; i < header.columns.size(); ++i) {
      if (!header.columns[i] && !header.extra_headers[i].empty() && !Cell(record, i).empty()) {
        row.extra_columns[header.extra_headers[i]] = std::string(Cell(record, i));
      }
    }
    if (!read(record, row)) continue;
    if (auto [it, inserted] = id_lines.emplace(row.id, record.line); !inserted) {
      problems.Add(record.line, "id " + std::to_string(row.id) + " is also on line " +
                                    std::to_string(it->second));
    }
    rows.push_back(std::move(row));
  }
}

}  // namespace

Result<ParsedSheet<Targeting>> ParseTargetingSheet(std::string_view bytes, std::string_view label,
                                                   TimePoint imported_at) {
  ParsedSheet<Targeting> out;
  FS_ASSIGN_OR_RETURN(auto records, ReadRecords(bytes, label, out.encoding));
  Problems problems(label);
  auto header =
      MapHeader<TargetingColumn>(records.front(), FindTargetingColumn, "", problems, out.warnings);
  CheckRequiredHeaders(
      TargetingColumns(), header, records.front().line,
      [](const TargetingColumn& c) { return c.required_header; }, problems);
  if (!problems.empty()) return problems.ToStatus();

  ReadRows(records, header, label, imported_at, problems, out.rows,
           [&](const CsvRecord& record, Targeting& row) {
             bool row_ok = true;
             for (size_t i = 0; i < header.columns.size(); ++i) {
               if (!header.columns[i]) continue;
               Status s = SetTargetingCell(row, *header.columns[i], Cell(record, i));
               if (!s.ok()) {
                 problems.Add(record.line, s.message());
                 row_ok = false;
               }
             }
             if (!row_ok || !row.active) return row_ok;
             std::vector<std::string> missing;
             for (const auto& col : TargetingColumns()) {
               if (col.required_when_active && IsTargetingCellBlank(row, col)) {
                 missing.push_back(std::string(col.name));
               }
             }
             if (!missing.empty()) {
               problems.Add(record.line,
                            "targeting " + std::to_string(row.id) +
                                " is active but these columns are blank: " + Join(missing, ", "));
             }
             return true;
           });
  if (!problems.empty()) return problems.ToStatus();
  return out;
}

Result<ParsedSheet<Client>> ParseClientSheet(std::string_view bytes, std::string_view label,
                                             TimePoint imported_at) {
  ParsedSheet<Client> out;
  FS_ASSIGN_OR_RETURN(auto records, ReadRecords(bytes, label, out.encoding));
  Problems problems(label);
  int id_index = -1;
  for (size_t i = 0; i < records.front().fields.size(); ++i) {
    if (ToLowerAscii(Trim(records.front().fields[i])) == "id") {
      if (id_index >= 0) problems.Add(records.front().line, "two id columns");
      id_index = static_cast<int>(i);
    }
  }
  auto header =
      MapHeader<ClientColumn>(records.front(), FindClientColumn, "id", problems, out.warnings);
  if (id_index < 0) problems.Add(records.front().line, "missing column id");
  CheckRequiredHeaders(
      ClientColumns(), header, records.front().line,
      [](const ClientColumn& c) { return c.required; }, problems);
  if (!problems.empty()) return problems.ToStatus();

  ReadRows(records, header, label, imported_at, problems, out.rows,
           [&](const CsvRecord& record, Client& row) {
             std::string_view id_cell = Trim(Cell(record, id_index));
             auto id = ParseIntInRange(id_cell, IntRange{1, INT64_MAX});
             if (!id.ok()) {
               problems.Add(record.line, id_cell.empty() ? "column id: blank"
                                                         : "column id: \"" + std::string(id_cell) +
                                                               "\" is not a positive whole number");
               return false;
             }
             row.id = *id;
             std::vector<std::string> missing;
             for (size_t i = 0; i < header.columns.size(); ++i) {
               const ClientColumn* col = header.columns[i];
               if (!col) continue;
               row.*(col->member) = std::string(Trim(Cell(record, i)));
               if (col->required && (row.*(col->member)).empty()) {
                 missing.push_back(std::string(col->name));
               }
             }
             if (!missing.empty()) {
               problems.Add(record.line,
                            "client " + std::to_string(row.id) +
                                ": these required columns are blank: " + Join(missing, ", "));
             }
             return true;
           });
  if (!problems.empty()) return problems.ToStatus();
  return out;
}

}  // namespace formsender::settings

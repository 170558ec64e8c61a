#pragma once
// `formsender import companies FILE.csv|URL [--extra]`: loads rows of `companies` (or
// `companies_extra`) from a CSV whose header names reference columns (any subset in any
// order; `id` is required) and upserts them by id. All or nothing: the whole file is written in
// one transaction, in multi-row batches, and any bad value rolls everything back with errors
// naming the file, line and column. The input is streamed, so its size is not bounded by
// memory.

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "common/status.h"
#include "sendqueue/tables.h"
#include "store/database.h"

namespace formsender::sendqueue {

struct ImportOptions {
  // kDefault (and kTest, whose companies table is the same) → companies; kExtra →
  // companies_extra (which also has `client`).
  TableMode mode = TableMode::kDefault;
  // Header names that are not columns of the table are skipped instead of being an error.
  bool ignore_unknown_columns = false;
  // How many errors to collect before giving up.
  size_t max_errors = 20;
  // Called after each written batch with the number of data rows read so far.
  std::function<void(int64_t rows)> progress{};
};

struct ImportReport {
  int64_t rows = 0;      // data rows in the file
  int64_t inserted = 0;  // ids that were new
  int64_t updated = 0;   // rows that replaced an existing id (or an earlier row of the file)
  std::vector<std::string> columns;  // the columns written
  std::vector<std::string> ignored;  // header names skipped (ignore_unknown_columns)
};

// Imports from `in`, which must be seekable: a transient database conflict re-runs the import
// from the start of the stream. `source_name` names the input in errors ("companies.csv").
Result<ImportReport> ImportCompanies(store::Database& db, std::istream& in,
                                     const std::string& source_name,
                                     const ImportOptions& options = {});

}  // namespace formsender::sendqueue

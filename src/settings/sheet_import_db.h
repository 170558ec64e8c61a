#pragma once
// `formsender import targeting|clients FILE|URL`: reads the sheet (a CSV file, or a Google
// Sheets CSV export URL fetched over HTTPS), validates every row and replaces the table in one
// transaction. Nothing is written when any row is wrong.

#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/http_client.h"
#include "common/status.h"
#include "settings/repositories.h"
#include "store/database.h"

namespace formsender::settings {

enum class SheetKind { kTargeting, kClients };
std::string_view SheetKindName(SheetKind kind);  // "targeting" / "clients"

struct SheetSource {
  std::string bytes;
  std::string label;   // names the sheet in errors: the file path, or "sheet <id>#gid=<gid>"
  std::string source;  // stored with the rows: the path or the URL
};

// A Google Sheets URL (…/spreadsheets/d/<id>/edit#gid=<gid>, …/export?…) as its CSV export
// URL; other URLs unchanged.
std::string SheetExportUrl(std::string_view url);

// Reads a file, or fetches an http(s) URL with `http` (redirects followed). Errors say what to
// fix: a missing file, an HTTP status, an HTML sign-in page instead of CSV.
Result<SheetSource> ReadSheetSource(std::string_view file_or_url, HttpClient& http);

struct ImportSummary {
  SheetKind kind = SheetKind::kTargeting;
  std::string source;
  std::string encoding;
  size_t rows = 0;
  size_t active_rows = 0;  // targeting only
  ReplaceCounts counts;    // zero on a dry run
  bool dry_run = false;
  std::vector<std::string> warnings;
};

// Parses `sheet` and, unless `dry_run`, replaces the table. Warnings include references the
// other sheet cannot satisfy (a targeting's client_id with no client row).
Result<ImportSummary> ImportSheet(store::Database& db, SheetKind kind, const SheetSource& sheet,
                                  const Clock& clock, bool dry_run = false);

}  // namespace formsender::settings

#include "settings/sheet_import_db.h"

#include <fstream>
#include <set>
#include <sstream>

#include "common/strings.h"
#include "settings/sheet_import.h"

namespace formsender::settings {
namespace {

constexpr std::string_view kSheetsPrefix = "https://docs.google.com/spreadsheets/d/";

bool IsUrl(std::string_view s) { return s.starts_with("http://") || s.starts_with("https://"); }

// The spreadsheet id and gid of a Google Sheets URL; empty id when it is not one.
std::pair<std::string, std::string> SheetIdAndGid(std::string_view url) {
  if (!url.starts_with(kSheetsPrefix)) return {};
  std::string_view rest = url.substr(kSheetsPrefix.size());
  std::string id(rest.substr(0, rest.find_first_of("/?#")));
  std::string gid = "0";
  if (auto at = rest.find("gid="); at != std::string_view::npos) {
    std::string_view v = rest.substr(at + 4);
    gid = std::string(v.substr(0, v.find_first_of("&#")));
  }
  return {id, gid};
}

template <typename Row>
std::set<int64_t> Ids(const std::vector<Row>& rows) {
  std::set<int64_t> ids;
  for (const auto& r : rows) ids.insert(r.id);
  return ids;
}

}  // namespace

std::string_view SheetKindName(SheetKind kind) {
  return kind == SheetKind::kTargeting ? "targeting" : "clients";
}

std::string SheetExportUrl(std::string_view url) {
  auto [id, gid] = SheetIdAndGid(url);
  if (id.empty()) return std::string(url);
  return std::string(kSheetsPrefix) + id + "/export?format=csv&gid=" + gid;
}

Result<SheetSource> ReadSheetSource(std::string_view file_or_url, HttpClient& http) {
  SheetSource out;
  if (!IsUrl(file_or_url)) {
    std::ifstream in{std::string(file_or_url), std::ios::binary};
    if (!in) return Status::NotFound("cannot read " + std::string(file_or_url));
    std::ostringstream bytes;
    bytes << in.rdbuf();
    out.bytes = bytes.str();
    out.label = std::string(file_or_url);
    out.source = std::string(file_or_url);
    return out;
  }
  HttpClientRequest request;
  request.url = SheetExportUrl(file_or_url);
  request.follow_redirects = true;  // Google answers the export URL with a redirect
  request.timeout = std::chrono::seconds(60);
  auto [id, gid] = SheetIdAndGid(request.url);
  out.label = id.empty() ? request.url : "sheet " + id + "#gid=" + gid;
  out.source = request.url;
  auto response = http.Send(request);
  if (!response.ok()) return response.status().WithContext("fetching " + out.label);
  if (response->status != 200) {
    std::string hint = response->status == 401 || response->status == 403 || response->status == 404
                           ? " (is the sheet shared with \"anyone with the link\"?)"
                           : "";
    Status s(response->status >= 500 ? StatusCode::kUnavailable : StatusCode::kInvalidArgument,
             "fetching " + out.label + ": HTTP " + std::to_string(response->status) + hint);
    return s;
  }
  std::string type = ToLowerAscii(response->headers.Get("Content-Type").value_or(""));
  if (type.starts_with("text/html")) {
    return Status::InvalidArgument("fetching " + out.label +
                                   ": got an HTML page instead of CSV (a sign-in page: share the "
                                   "sheet with \"anyone with the link\" or use a CSV file)");
  }
  out.bytes = std::move(response->body);
  return out;
}

Result<ImportSummary> ImportSheet(store::Database& db, SheetKind kind, const SheetSource& sheet,
                                  const Clock& clock, bool dry_run) {
  ImportSummary summary;
  summary.kind = kind;
  summary.source = sheet.source;
  summary.dry_run = dry_run;
  TimePoint now = clock.Now();
  if (kind == SheetKind::kTargeting) {
    FS_ASSIGN_OR_RETURN(auto parsed, ParseTargetingSheet(sheet.bytes, sheet.label, now));
    for (auto& row : parsed.rows) row.source = sheet.source;
    summary.encoding = parsed.encoding;
    summary.warnings = parsed.warnings;
    summary.rows = parsed.rows.size();
    FS_ASSIGN_OR_RETURN(auto clients, ClientRepository(db).List());
    std::set<int64_t> client_ids = Ids(clients);
    for (const auto& t : parsed.rows) {
      summary.active_rows += t.active ? 1 : 0;
      if (t.active && !client_ids.count(t.client_id)) {
        summary.warnings.push_back(sheet.label + ":" + std::to_string(t.sheet_row) +
                                   ": targeting " + std::to_string(t.id) + " uses client " +
                                   std::to_string(t.client_id) +
                                   ", which the client sheet does not have (yet)");
      }
    }
    if (!dry_run) {
      FS_ASSIGN_OR_RETURN(summary.counts, TargetingRepository(db).ReplaceAll(parsed.rows));
    }
    return summary;
  }
  FS_ASSIGN_OR_RETURN(auto parsed, ParseClientSheet(sheet.bytes, sheet.label, now));
  for (auto& row : parsed.rows) row.source = sheet.source;
  summary.encoding = parsed.encoding;
  summary.warnings = parsed.warnings;
  summary.rows = parsed.rows.size();
  FS_ASSIGN_OR_RETURN(auto targetings, TargetingRepository(db).List(/*active_only=*/true));
  std::set<int64_t> client_ids = Ids(parsed.rows);
  for (const auto& t : targetings) {
    if (!client_ids.count(t.client_id)) {
      summary.warnings.push_back("active targeting " + std::to_string(t.id) + " uses client " +
                                 std::to_string(t.client_id) + ", which this sheet does not have");
    }
  }
  if (!dry_run) {
    FS_ASSIGN_OR_RETURN(summary.counts, ClientRepository(db).ReplaceAll(parsed.rows));
  }
  return summary;
}

}  // namespace formsender::settings

// formsender import companies (docs/queue.md, docs/cli.md).
#include <fstream>
#include <sstream>

#include "cli/sendqueue_cli.h"
#include "common/http_client.h"
#include "common/strings.h"
#include "sendqueue/company_import.h"

namespace formsender::cli::sendqueue_cli {
namespace {

struct CompanyImportFlags {
  std::string source;
  bool extra = false;
  bool ignore_unknown = false;
};

Result<std::unique_ptr<std::istream>> OpenSource(const std::string& source) {
  if (source.starts_with("http://") || source.starts_with("https://")) {
    CurlHttpClient http;
    HttpClientRequest request;
    request.url = source;
    request.follow_redirects = true;  // Sheets CSV export URLs redirect
    request.timeout = std::chrono::minutes(10);
    request.max_response_bytes = size_t{4} << 30;
    FS_ASSIGN_OR_RETURN(HttpClientResponse response, http.Send(request));
    if (response.status < 200 || response.status >= 300) {
      return Status::Unavailable("GET " + source + " answered HTTP " +
                                 std::to_string(response.status));
    }
    return std::unique_ptr<std::istream>(
        std::make_unique<std::istringstream>(std::move(response.body)));
  }
  auto file = std::make_unique<std::ifstream>(source, std::ios::binary);
  if (!*file) return Status::NotFound("cannot open " + source);
  return std::unique_ptr<std::istream>(std::move(file));
}

int RunImportCompanies(Context& ctx, const CompanyImportFlags& flags) {
  auto db = ctx.Database();
  if (!db.ok()) return ctx.Fail(db.status());
  auto in = OpenSource(flags.source);
  if (!in.ok()) return ctx.Fail(in.status());
  sendqueue::ImportOptions options;
  options.mode = flags.extra ? TableMode::kExtra : TableMode::kDefault;
  options.ignore_unknown_columns = flags.ignore_unknown;
  int64_t next_report = 100'000;
  if (!ctx.flags().json) {
    options.progress = [&](int64_t rows) {
      if (rows >= next_report) {
        ctx.err() << "import: " << rows << " rows read\n";
        next_report = rows + 100'000;
      }
    };
  }
  std::string name = flags.source;
  auto report = sendqueue::ImportCompanies(**db, **in, name, options);
  if (!report.ok()) return ctx.Fail(report.status());
  std::string table(sendqueue::TablesFor(options.mode).companies);
  if (ctx.flags().json) {
    ctx.out() << DumpJson(Json{{"table", table},
                               {"rows", report->rows},
                               {"inserted", report->inserted},
                               {"updated", report->updated},
                               {"columns", report->columns},
                               {"ignored_columns", report->ignored}})
              << "\n";
  } else {
    ctx.out() << "imported " << report->rows << " rows into " << table << " (" << report->inserted
              << " new, " << report->updated << " updated)\n";
    if (!report->ignored.empty()) {
      ctx.out() << "ignored columns: " << Join(report->ignored, ", ") << "\n";
    }
  }
  return kExitOk;
}

}  // namespace

void RegisterImportCompanies(CLI::App& app, CommandRegistry& registry) {
  auto import_flags = std::make_shared<CompanyImportFlags>();
  CLI::App* import = SubcommandGroup(
      app, "import", "Import data: the targeting and client sheets, companies (all or nothing)");
  CLI::App* companies = import->add_subcommand(
      "companies", "Upsert companies (or companies_extra) by id from a CSV file or URL");
  companies->add_option("SOURCE", import_flags->source, "CSV file, or an http(s) URL")->required();
  companies->add_flag("--extra", import_flags->extra, "Import into companies_extra");
  companies->add_flag("--ignore-unknown-columns", import_flags->ignore_unknown,
                      "Skip header names that are not columns instead of failing");
  registry.On(companies,
              [import_flags](Context& ctx) { return RunImportCompanies(ctx, *import_flags); });
}

}  // namespace formsender::cli::sendqueue_cli

// formsender import targeting|clients FILE|URL, formsender plan TARGETING_ID
#include <ostream>

#include "cli/commands.h"
#include "common/http_client.h"
#include "settings/resolve.h"
#include "settings/sheet_import_db.h"
#include "store/migrations.h"

namespace formsender::cli {
namespace {

struct ImportFlags {
  std::string kind;
  std::string source;
  bool dry_run = false;
};

// The settings tables come with the migrations; say so instead of "no such table".
Result<store::Database*> MigratedDatabase(Context& ctx) {
  auto db = ctx.Database();
  if (!db.ok()) return db.status();
  auto states = store::MigrationStatus(**db, store::BuiltinMigrations((*db)->dialect()));
  if (!states.ok()) return states.status();
  for (const auto& s : *states) {
    if (!s.applied) {
      return Status::Conflict("the database schema is not current (" + s.migration.name +
                              " is pending): run formsender db migrate");
    }
  }
  return *db;
}

int RunImport(const ImportFlags& flags, Context& ctx) {
  auto db = MigratedDatabase(ctx);
  if (!db.ok()) return ctx.Fail(db.status());
  CurlHttpClient http;
  auto sheet = settings::ReadSheetSource(flags.source, http);
  if (!sheet.ok()) return ctx.Fail(sheet.status());
  auto kind =
      flags.kind == "targeting" ? settings::SheetKind::kTargeting : settings::SheetKind::kClients;
  auto summary = settings::ImportSheet(**db, kind, *sheet, ctx.clock(), flags.dry_run);
  if (!summary.ok()) return ctx.Fail(summary.status());
  const auto& s = *summary;
  if (ctx.flags().json) {
    Json j = {{"sheet", settings::SheetKindName(kind)},
              {"source", s.source},
              {"encoding", s.encoding},
              {"rows", s.rows},
              {"inserted", s.counts.inserted},
              {"updated", s.counts.updated},
              {"deleted", s.counts.deleted},
              {"dry_run", s.dry_run},
              {"warnings", s.warnings}};
    if (kind == settings::SheetKind::kTargeting) j["active_rows"] = s.active_rows;
    ctx.out() << DumpJson(j) << "\n";
    return kExitOk;
  }
  ctx.out() << (s.dry_run ? "checked " : "imported ") << s.rows << " "
            << settings::SheetKindName(kind) << " row(s)";
  if (kind == settings::SheetKind::kTargeting) ctx.out() << " (" << s.active_rows << " active)";
  ctx.out() << " from " << s.source;
  if (s.encoding != "UTF-8") ctx.out() << " [" << s.encoding << "]";
  if (s.dry_run) {
    ctx.out() << ": valid, nothing written\n";
  } else {
    ctx.out() << ": " << s.counts.inserted << " new, " << s.counts.updated << " replaced, "
              << s.counts.deleted << " removed\n";
  }
  for (const auto& w : s.warnings) ctx.out() << "warning: " << w << "\n";
  return kExitOk;
}

int RunPlan(int64_t targeting_id, Context& ctx) {
  auto db = MigratedDatabase(ctx);
  if (!db.ok()) return ctx.Fail(db.status());
  auto props = ctx.Properties();
  if (!props.ok()) return ctx.Fail(props.status());
  auto resolved = settings::ResolveTargeting(**db, **props, targeting_id);
  if (!resolved.ok()) return ctx.Fail(resolved.status());
  if (ctx.flags().json) {
    ctx.out() << DumpJson(settings::PlanToJson(*resolved)) << "\n";
  } else {
    ctx.out() << settings::PlanToText(*resolved);
  }
  return kExitOk;
}

}  // namespace

void RegisterSettingsCommands(CLI::App& app, CommandRegistry& registry) {
  auto import_flags = std::make_shared<ImportFlags>();
  CLI::App* import = app.add_subcommand(
      "import",
      "Import the targeting or client sheet from a CSV file or a Google Sheets URL; replaces the "
      "table, all or nothing");
  import->add_option("sheet", import_flags->kind, "targeting or clients")
      ->required()
      ->check(CLI::IsMember({"targeting", "clients"}));
  import
      ->add_option("source", import_flags->source,
                   "CSV file, or https://docs.google.com/spreadsheets/d/<id>/… (shared with "
                   "anyone with the link)")
      ->required();
  import->add_flag("--dry-run", import_flags->dry_run, "Validate only; write nothing");
  registry.On(import, [import_flags](Context& ctx) { return RunImport(*import_flags, ctx); });

  auto targeting_id = std::make_shared<int64_t>(0);
  CLI::App* plan = app.add_subcommand(
      "plan",
      "Show what a campaign will do and why: every setting with its source, the execution "
      "plan, the machine, warnings");
  plan->add_option("targeting_id", *targeting_id, "Targeting id")
      ->required()
      ->check(CLI::PositiveNumber);
  registry.On(plan, [targeting_id](Context& ctx) { return RunPlan(*targeting_id, ctx); });
}

}  // namespace formsender::cli

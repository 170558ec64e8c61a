// formsender db migrate|status
#include <iomanip>
#include <ostream>

#include "cli/commands.h"
#include "common/time.h"
#include "store/migrations.h"

namespace formsender::cli {
namespace {

int RunMigrate(Context& ctx) {
  auto db = ctx.Database();
  if (!db.ok()) return ctx.Fail(db.status());
  auto migrations = store::BuiltinMigrations((*db)->dialect());
  auto applied = store::Migrate(**db, migrations, ctx.clock());
  if (!applied.ok()) return ctx.Fail(applied.status());
  if (ctx.flags().json) {
    Json j = {{"database", (*db)->Describe()}, {"applied", Json::array()}};
    for (const auto& m : *applied) j["applied"].push_back(m.name);
    ctx.out() << DumpJson(j) << "\n";
  } else if (applied->empty()) {
    ctx.out() << "schema is current (" << migrations.size() << " migrations) on "
              << (*db)->Describe() << "\n";
  } else {
    for (const auto& m : *applied) ctx.out() << "applied " << m.name << "\n";
    ctx.out() << applied->size() << " migration(s) applied on " << (*db)->Describe() << "\n";
  }
  return kExitOk;
}

int RunStatus(Context& ctx) {
  auto db = ctx.Database();
  if (!db.ok()) return ctx.Fail(db.status());
  auto states = store::MigrationStatus(**db, store::BuiltinMigrations((*db)->dialect()));
  if (!states.ok()) return ctx.Fail(states.status());
  size_t pending = 0;
  for (const auto& s : *states) pending += s.applied ? 0 : 1;
  if (ctx.flags().json) {
    Json j = {{"database", (*db)->Describe()},
              {"dialect", store::DialectName((*db)->dialect())},
              {"pending", pending},
              {"migrations", Json::array()}};
    for (const auto& s : *states) {
      j["migrations"].push_back(
          {{"version", s.migration.version},
           {"name", s.migration.name},
           {"applied", s.applied},
           {"applied_at", s.applied_at ? Json(FormatUtcIso(*s.applied_at)) : Json()}});
    }
    ctx.out() << DumpJson(j) << "\n";
  } else {
    ctx.out() << "database: " << (*db)->Describe() << "\n";
    for (const auto& s : *states) {
      ctx.out() << "  " << std::left << std::setw(40) << s.migration.name
                << (s.applied ? "applied " + FormatUtcIso(*s.applied_at) : std::string("pending"))
                << "\n";
    }
    ctx.out() << pending << " pending\n";
  }
  return kExitOk;
}

}  // namespace

void RegisterDbCommands(CLI::App& app, CommandRegistry& registry) {
  CLI::App* db = app.add_subcommand("db", "Database schema: migrate, status");
  db->require_subcommand(1);
  registry.On(db->add_subcommand("migrate", "Apply pending schema migrations (idempotent)"),
              RunMigrate);
  registry.On(db->add_subcommand("status", "List migrations and whether each is applied"),
              RunStatus);
}

}  // namespace formsender::cli

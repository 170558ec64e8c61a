#pragma once
// Shared by the sendqueue commands (import companies, queue, ledger): table-mode flags and
// what every command opens first. Internal to src/cli.

#include <string>

#include "cli/commands.h"
#include "common/time.h"
#include "sendqueue/tables.h"

namespace formsender::cli::sendqueue_cli {

using sendqueue::TableMode;

struct ModeFlags {
  bool test_mode = false;
  bool extra = false;
};

void AddModeFlags(CLI::App* sub, ModeFlags& flags);
// --test-mode → test, --extra (or `default_extra`) → extra; both at once is an error.
Result<TableMode> ModeOf(const ModeFlags& flags, bool default_extra = false);
// --date, or today in JST.
Result<CivilDate> DateOf(const std::string& flag, const Clock& clock);

// What every queue and ledger command starts from.
struct Target {
  store::Database* db = nullptr;
  TableMode mode = TableMode::kDefault;
  CivilDate date;
};
Result<Target> OpenTarget(Context& ctx, const ModeFlags& mode_flags, const std::string& date_flag);

void RegisterImportCompanies(CLI::App& app, CommandRegistry& registry);
void RegisterLedgerCommands(CLI::App& app, CommandRegistry& registry);

}  // namespace formsender::cli::sendqueue_cli

#pragma once
// Subcommand registration. Each component's commands live in one <area>_commands.cc with a
// Register function; main() calls them all. A subcommand's callback only records which action
// to run: actions run after every flag is parsed and the Context is finalised.

#include <functional>

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace formsender::cli {

using Action = std::function<int(Context&)>;

struct CommandRegistry {
  Action selected;
  // Records `action` as the one to run when `sub` is given on the command line.
  void On(CLI::App* sub, Action action) {
    sub->callback([this, action = std::move(action)] { selected = action; });
  }
};

// Prints `text` and returns kExitOk, or returns the failure's exit code.
void RegisterVersionCommand(CLI::App& app, CommandRegistry& registry);
void RegisterDbCommands(CLI::App& app, CommandRegistry& registry);
// formsender import targeting|clients, formsender plan (settings_commands.cc).
void RegisterSettingsCommands(CLI::App& app, CommandRegistry& registry);
// formsender calendar holidays|next-trigger (calendar_commands.cc).
void RegisterCalendarCommands(CLI::App& app, CommandRegistry& registry);
void RegisterSitesCommands(CLI::App& app, CommandRegistry& registry);

}  // namespace formsender::cli

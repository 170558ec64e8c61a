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

// The subcommand `name` of `app`, created on first use: several areas add verbs under one
// group (`import companies`, `import targeting`, …) without knowing about each other.
inline CLI::App* SubcommandGroup(CLI::App& app, const std::string& name,
                                 const std::string& description) {
  for (CLI::App* sub : app.get_subcommands([&](CLI::App* s) { return s->get_name() == name; })) {
    return sub;
  }
  CLI::App* sub = app.add_subcommand(name, description);
  sub->require_subcommand(1);
  return sub;
}

// Prints `text` and returns kExitOk, or returns the failure's exit code.
void RegisterVersionCommand(CLI::App& app, CommandRegistry& registry);
void RegisterDbCommands(CLI::App& app, CommandRegistry& registry);
// formsender import targeting|clients, formsender plan (settings_commands.cc).
void RegisterSettingsCommands(CLI::App& app, CommandRegistry& registry);
// formsender calendar holidays|next-trigger (calendar_commands.cc).
void RegisterCalendarCommands(CLI::App& app, CommandRegistry& registry);
// formsender analyze, formsender send (engine_commands.cc).
void RegisterEngineCommands(CLI::App& app, CommandRegistry& registry);
// formsender runner (runner_commands.cc).
void RegisterRunnerCommands(CLI::App& app, CommandRegistry& registry);
void RegisterSitesCommands(CLI::App& app, CommandRegistry& registry);
// import companies, queue …, ledger … (src/cli/sendqueue_commands.cc).
void RegisterSendqueueCommands(CLI::App& app, CommandRegistry& registry);
// formsender demo (demo_commands.cc).
void RegisterDemoCommands(CLI::App& app, CommandRegistry& registry);
// formsender serve: the dispatcher service (src/cli/serve_commands.cc).
void RegisterServeCommands(CLI::App& app, CommandRegistry& registry);

}  // namespace formsender::cli

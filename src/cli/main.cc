// formsender: one binary, one subcommand per operation (docs/cli.md).
#include <iostream>

#include "cli/commands.h"
#include "cli/version.h"
#include "common/http_client.h"

namespace formsender::cli {
namespace {

int Main(int argc, char** argv) {
  CurlGlobal curl;
  ProcessEnvironment env;
  GlobalFlags flags;
  CLI::App app{
      "formsender: delivers a campaign's message through the contact forms of target "
      "companies, inside Japanese business hours, never twice.",
      "formsender"};
  app.set_version_flag("--version", std::string(kVersion));
  app.require_subcommand(1);
  app.fallthrough();
  app.option_defaults()->always_capture_default();
  app.add_option("--data-dir", flags.data_dir,
                 "Data directory for the embedded mode (env FORMSENDER_DATA_DIR; default "
                 "./formsender-data)");
  app.add_option("--database-url", flags.database_url,
                 "sqlite:///path.db or postgresql://… (env FORMSENDER_DATABASE_URL; default "
                 "sqlite in the data directory)");
  app.add_option("--config", flags.config_file,
                 "formsender.toml with properties (env FORMSENDER_CONFIG)");
  app.add_option("--log-level", flags.log_level, "debug, info, warning or error")
      ->check(CLI::IsMember({"debug", "info", "warning", "warn", "error"}));
  app.add_flag("--json", flags.json, "Machine-readable JSON output");

  CommandRegistry registry;
  RegisterVersionCommand(app, registry);
  RegisterDbCommands(app, registry);
  RegisterSettingsCommands(app, registry);
  RegisterCalendarCommands(app, registry);
  RegisterEngineCommands(app, registry);
  RegisterRunnerCommands(app, registry);
  RegisterSitesCommands(app, registry);
  RegisterSendqueueCommands(app, registry);
  RegisterDemoCommands(app, registry);
  RegisterServeCommands(app, registry);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e, std::cout, std::cerr);
    return kExitUsage;
  }
  Context ctx(flags, env, std::cout, std::cerr);
  if (Status s = ctx.Finalize(); !s.ok()) return ctx.Fail(s);
  if (!registry.selected) {
    std::cerr << app.help();
    return kExitUsage;
  }
  return registry.selected(ctx);
}

}  // namespace
}  // namespace formsender::cli

int main(int argc, char** argv) { return formsender::cli::Main(argc, argv); }

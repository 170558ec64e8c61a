// formsender version
#include <ostream>

#include "cli/commands.h"
#include "cli/version.h"

namespace formsender::cli {

void RegisterVersionCommand(CLI::App& app, CommandRegistry& registry) {
  registry.On(app.add_subcommand("version", "Print the version"), [](Context& ctx) {
    if (ctx.flags().json) {
      ctx.out() << DumpJson(Json{{"version", kVersion}}) << "\n";
    } else {
      ctx.out() << "formsender " << kVersion << "\n";
    }
    return kExitOk;
  });
}

}  // namespace formsender::cli

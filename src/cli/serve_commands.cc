// formsender serve: the dispatcher service (the reference's Cloud Run service) with the
// embedded task queue's deliverer, the local batch supervisor and the batch monitor.
//
// Later components plug in here, in AddServeExtensions below: a background service (the
// scheduler's run loop) through ServeApp::AddServiceFactory, pages (the dashboard) through
// ServeApp::AddRoutes. docs/dispatcher.md shows both.
#include <pthread.h>
#include <signal.h>

#include <ostream>

#include "cli/commands.h"
#include "cli/scheduler_service.h"
#include "common/strings.h"
#include "dashboard/dashboard.h"
#include "store/migrations.h"
#include "web/serve_app.h"
#include "web/serve_config.h"

namespace formsender::cli {
namespace {

struct ServeFlags {
  std::string listen;  // empty: serve.listen (FORMSENDER_LISTEN), default 127.0.0.1:8080
};

// Everything later components add to `formsender serve`, in one place.
void AddServeExtensions(web::ServeApp& app, Context& ctx) {
  app.AddServiceFactory(SchedulerServiceFactory(ctx.flags().data_dir, ctx.env()));
  app.AddRoutes(dashboard::AddDashboardRoutes);
}

int RunServe(Context& ctx, const ServeFlags& flags) {
  if (Status s = ctx.EnsureDataDir(); !s.ok()) return ctx.Fail(s);
  auto props = ctx.Properties();
  if (!props.ok()) return ctx.Fail(props.status());
  auto listen = web::ParseListenAddress(
      flags.listen.empty() ? (*props)->String("serve.listen").value_or("127.0.0.1:8080")
                           : flags.listen);
  if (!listen.ok()) return ctx.Fail(listen.status());
  auto db = ctx.Database();
  if (!db.ok()) return ctx.Fail(db.status());
  std::vector<std::string> problems =
      web::CheckServeConfiguration(**props, ctx.env(), ctx.flags().database_url);
  if (!problems.empty()) {
    return ctx.Fail(Status::InvalidArgument("serve: the configuration has " +
                                            std::to_string(problems.size()) + " problem(s):\n  " +
                                            Join(problems, "\n  ")));
  }
  auto applied = store::Migrate(**db, store::BuiltinMigrations((*db)->dialect()), ctx.clock());
  if (!applied.ok()) return ctx.Fail(applied.status());

  // Block the stop signals before any thread exists, so only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto app = web::ServeApp::Create({*props, &ctx.env(), *db, ctx.flags().database_url,
                                    ctx.flags().data_dir, *listen, ctx.log_ptr(), ctx.redactor(),
                                    &ctx.clock()});
  if (!app.ok()) return ctx.Fail(app.status());
  AddServeExtensions(**app, ctx);
  if (Status s = (*app)->Start(); !s.ok()) return ctx.Fail(s);
  if (ctx.flags().json) {
    ctx.out() << DumpJson(
                     Json{{"base_url", (*app)->base_url()}, {"data_dir", ctx.flags().data_dir}})
              << std::endl;
  } else {
    ctx.out() << "formsender serve: listening on " << (*app)->base_url() << " (data in "
              << ctx.flags().data_dir << "); Ctrl-C stops." << std::endl;
  }
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  (*app)->Stop();
  return kExitOk;
}

}  // namespace

void RegisterServeCommands(CLI::App& app, CommandRegistry& registry) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* serve = app.add_subcommand(
      "serve", "Run the dispatcher service (task intake, executions, cancel) until SIGTERM");
  serve->add_option(
      "--listen", flags->listen,
      "HOST:PORT to listen on (default serve.listen, 127.0.0.1:8080; port 0: any free port)");
  registry.On(serve, [flags](Context& ctx) { return RunServe(ctx, *flags); });
}

}  // namespace formsender::cli

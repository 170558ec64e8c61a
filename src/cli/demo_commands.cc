// formsender demo: a whole campaign on this machine against the bundled sample sites
// (docs/demo.md).
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "demo/demo_run.h"

namespace formsender::cli {
namespace {

struct DemoFlags {
  std::string forms_dir = "tests/forms";
  int companies = 300;
  int duration_seconds = 600;
  int latency_ms = 20;
  bool no_wait = false;
  bool real_time = false;
  std::string listen = "127.0.0.1:0";
  int kill_serve_at = 0;
  double preemptions_per_hour = 0;
  std::string scenario = "demo";
  int window_seconds = 20;
};

std::string SelfExecutable() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("formsender") : path.string();
}

int RunDemoCommand(Context& ctx, const DemoFlags& flags) {
  if (flags.companies < 1 || flags.companies > 100000) {
    return ctx.Fail(Status::InvalidArgument("--companies must be 1-100000, got " +
                                            std::to_string(flags.companies)));
  }
  if (flags.duration_seconds < 1) {
    return ctx.Fail(Status::InvalidArgument("--duration must be at least 1 second"));
  }
  if (flags.latency_ms < 0) return ctx.Fail(Status::InvalidArgument("--latency-ms must be >= 0"));
  demo::DemoOptions options;
  options.binary = SelfExecutable();
  options.forms_dir = flags.forms_dir;
  // Only an explicit --data-dir / --database-url is used: the demo never runs in a directory
  // that holds real data by default.
  options.data_dir = ctx.flags().data_dir == "./formsender-data" ? "" : ctx.flags().data_dir;
  options.database_url = ctx.flags().database_url;
  options.companies = flags.companies;
  options.sites_latency_ms = flags.latency_ms;
  options.duration = std::chrono::seconds(flags.duration_seconds);
  options.wait = !flags.no_wait;
  options.real_time = flags.real_time;
  options.listen = flags.listen;
  options.kill_serve_at = flags.kill_serve_at;
  options.preemptions_per_hour = flags.preemptions_per_hour;
  options.system_scenario = flags.scenario == "system";
  options.window_seconds = flags.window_seconds;
  auto report = demo::RunDemo(options, ctx.out());
  if (!report.ok()) return ctx.Fail(report.status());
  bool clean = report->finished && report->duplicate_sites == 0 && report->forbidden_finals == 0 &&
               report->late_submissions == 0 && report->cap_excess == 0 &&
               report->test_mode_leaks == 0 && report->multiple_states == 0;
  return clean ? kExitOk : kExitCheckFailed;
}

}  // namespace

void RegisterDemoCommands(CLI::App& app, CommandRegistry& registry) {
  auto flags = std::make_shared<DemoFlags>();
  CLI::App* demo = app.add_subcommand(
      "demo", "Run a whole campaign on this machine against the bundled sample sites");
  demo->add_option("--forms", flags->forms_dir, "Folder of sample-site cases (tests/forms)");
  demo->add_option("--companies", flags->companies, "Number of sample companies (default 300)");
  demo->add_option("--duration", flags->duration_seconds,
                   "Longest the campaign may run, in seconds (default 600)");
  demo->add_option("--latency-ms", flags->latency_ms,
                   "Delay of every sample-site response (default 20)");
  demo->add_option("--listen", flags->listen, "serve's HOST:PORT (default: a free loopback port)");
  demo->add_flag("--no-wait", flags->no_wait, "Exit after the report instead of serving");
  demo->add_flag("--real-time", flags->real_time,
                 "Use the real date and time (the window and calendar may stop the campaign)");
  demo->add_option("--kill-serve-at", flags->kill_serve_at,
                   "SIGKILL serve once N companies are done, then restart it (whole-system test)");
  demo->add_option("--preemptions-per-hour", flags->preemptions_per_hour,
                   "Simulated Spot preemptions of local batch tasks per task-hour");
  demo->add_option("--scenario", flags->scenario,
                   "demo (two targetings) or system: three targetings, one whose window closes "
                   "mid-run, one capped below its queue, one in test mode")
      ->check(CLI::IsMember({"demo", "system"}));
  demo->add_option("--window-seconds", flags->window_seconds,
                   "system scenario: seconds after serve starts at which the first targeting's "
                   "send window closes (default 20)");
  registry.On(demo, [flags](Context& ctx) { return RunDemoCommand(ctx, *flags); });
}

}  // namespace formsender::cli

// formsender runner: the process a Batch task runs (docs/runner.md). Parses flags, resolves the
// database and the Google Cloud pieces, and hands over to runner::Runner.
#include <iostream>

#include "cli/commands.h"
#include "common/crypto.h"
#include "common/http_client.h"
#include "common/strings.h"
#include "gcp/metadata_client.h"
#include "runner/runner.h"
#include "runner/watchers.h"

namespace formsender::cli {
namespace {

struct RunnerCliFlags {
  int64_t targeting_id = 0;
  std::string config_file;
  std::string target_date;
  int64_t company_id = 0;
  int64_t max_processed = 0;
  bool dry_run = false;
  std::string engine = "auto";
  int num_workers = 0;
  int shard_id = -1;
  std::string table_mode;
  int forms_in_flight = 0;
  bool allow_private_targets = false;
  std::string headless;
  CLI::Option* targeting_opt = nullptr;
  CLI::Option* company_opt = nullptr;
  CLI::Option* max_processed_opt = nullptr;
  CLI::Option* workers_opt = nullptr;
  CLI::Option* shard_opt = nullptr;
  CLI::Option* fif_opt = nullptr;
};

runner::RunnerFlags ToRunnerFlags(const RunnerCliFlags& f) {
  runner::RunnerFlags r;
  if (f.targeting_opt->count()) r.targeting_id = f.targeting_id;
  if (!f.config_file.empty()) r.config_file = f.config_file;
  if (!f.target_date.empty()) r.target_date = f.target_date;
  if (f.company_opt->count()) r.company_id = f.company_id;
  if (f.max_processed_opt->count()) r.max_processed = f.max_processed;
  r.dry_run = f.dry_run;
  r.engine = f.engine;
  if (f.workers_opt->count()) r.num_workers = f.num_workers;
  if (f.shard_opt->count()) r.shard_id = f.shard_id;
  if (!f.table_mode.empty()) r.table_mode = f.table_mode;
  if (f.fif_opt->count()) r.forms_in_flight = f.forms_in_flight;
  r.allow_private_targets = f.allow_private_targets;
  return r;
}

// The store a runner works on: --database-url / FORMSENDER_DATABASE_URL / database_url, else a
// PostgreSQL connection string in SUPABASE_URL (SUPABASE_URL_TEST in test mode, the secrets the
// dispatcher passes to Batch), else — only for local runs — the data directory's SQLite file.
Result<std::string> RunnerDatabaseUrl(Context& ctx, const runner::RunnerSettings& s) {
  if (!ctx.flags().database_url.empty()) return ctx.flags().database_url;
  FS_ASSIGN_OR_RETURN(const settings::Properties* props, ctx.Properties());
  if (auto url = props->String("database_url")) return *url;
  const char* name = s.test_mode() ? "SUPABASE_URL_TEST" : "SUPABASE_URL";
  if (auto url = ctx.env().GetNonBlank(name)) {
    if (url->starts_with("postgres://") || url->starts_with("postgresql://")) return *url;
    return Status::InvalidArgument(
        std::string(name) +
        " is not a PostgreSQL connection string: formsender talks to the "
        "database directly, so give it the project's postgresql://… URL (or set "
        "FORMSENDER_DATABASE_URL)");
  }
  if (s.environment != runner::RunEnvironment::kLocal) {
    return Status::InvalidArgument(
        "no database for a " + std::string(runner::RunEnvironmentName(s.environment)) +
        " task: set FORMSENDER_DATABASE_URL (or SUPABASE_URL to a postgresql:// URL); a task "
        "never falls back to a local file");
  }
  FS_RETURN_IF_ERROR(ctx.EnsureDataDir());
  return store::DefaultDatabaseUrl(ctx.flags().data_dir);
}

int RunRunner(const RunnerCliFlags& cli, Context& ctx) {
  auto props = ctx.Properties();
  if (!props.ok()) return ctx.Fail(props.status());
  auto settings = runner::ResolveRunnerSettings(ToRunnerFlags(cli), ctx.env(), **props,
                                                ctx.clock().Now(), RandomHexToken(3));
  if (!settings.ok()) return ctx.Fail(settings.status());
  if (auto token = settings->dispatcher_token) ctx.redactor()->AddSecret(*token);
  auto url = RunnerDatabaseUrl(ctx, *settings);
  if (!url.ok()) return ctx.Fail(url.status());
  auto db = store::OpenDatabase(*url, {.pool_size = settings->workers + 2});
  if (!db.ok()) return ctx.Fail(db.status());

  CurlHttpClient http;
  gcp::MetadataClient metadata(http, ctx.clock(), gcp::MetadataOptionsFromEnvironment(ctx.env()),
                               ctx.log_ptr());
  bool on_gcp = settings->environment != runner::RunEnvironment::kLocal;
  runner::RunnerDeps deps{.db = **db,
                          .clock = ctx.clock(),
                          .http = http,
                          .log = ctx.log_ptr(),
                          .calendar = (*props)->Calendar(),
                          .preemption_probe = {},
                          .dispatcher_token = {},
                          .after_form = {}};
  if (settings->environment == runner::RunEnvironment::kGcpBatch) {
    deps.preemption_probe = [&metadata] { return metadata.IsPreempted(); };
  }
  std::string static_token = settings->dispatcher_token.value_or("");
  std::string audience = settings->dispatcher_audience;
  deps.dispatcher_token = [&metadata, static_token, audience, on_gcp]() -> Result<std::string> {
    if (!static_token.empty()) return static_token;
    if (!on_gcp || audience.empty()) return std::string();
    FS_ASSIGN_OR_RETURN(gcp::Token token, metadata.IdentityToken(audience));
    return token.value;
  };
  if (cli.dry_run) deps.results = &ctx.out();

  runner::Runner run(std::move(*settings), std::move(deps));
  // Signals are watched from here on (blocked before any worker thread exists).
  runner::SignalWatcher signals([&run](int signo) { run.OnSignal(signo); });
  if (!signals.status().ok()) return ctx.Fail(signals.status());
  runner::RunReport report = run.Run();
  if (ctx.flags().json) ctx.out() << DumpJson(report.ToJson()) << std::endl;
  if (!report.failure.ok()) {
    ctx.err() << "formsender: runner: " << ctx.redactor()->Redact(report.failure.message()) << "\n";
  }
  return report.exit_code;
}

}  // namespace

void RegisterRunnerCommands(CLI::App& app, CommandRegistry& registry) {
  auto flags = std::make_shared<RunnerCliFlags>();
  CLI::App* sub = app.add_subcommand(
      "runner",
      "Run one runner task: claim the day's companies and send their forms (docs/runner.md). "
      "Reads the task environment of a Batch job, or the flags for a local run.");
  flags->targeting_opt = sub->add_option("--targeting-id", flags->targeting_id,
                                         "Targeting (else FORM_SENDER_TARGETING_ID, else the "
                                         "client_config's)");
  sub->add_option("--config-file", flags->config_file,
                  "client_config JSON file (else downloaded from FORM_SENDER_CLIENT_CONFIG_URL)");
  sub->add_option("--target-date", flags->target_date,
                  "Queue day YYYY-MM-DD (default: today, JST)");
  flags->company_opt =
      sub->add_option("--company-id", flags->company_id,
                      "Process this one company once, with or without a queue row");
  flags->max_processed_opt = sub->add_option("--max-processed", flags->max_processed,
                                             "Stop after claiming this many companies");
  sub->add_flag("--dry-run", flags->dry_run,
                "Claim nothing, write nothing, send nothing: run the pending companies up to "
                "the final click and print each result as a JSON line");
  sub->add_option("--engine", flags->engine, "http, browser or auto (default auto)")
      ->check(CLI::IsMember({"http", "browser", "auto"}));
  flags->workers_opt = sub->add_option("--num-workers", flags->num_workers,
                                       "Workers (1-16; else JOB_EXECUTION_META / "
                                       "FORM_SENDER_MAX_WORKERS, default 4)");
  flags->shard_opt = sub->add_option("--shard-id", flags->shard_id,
                                     "Preferred shard (else (run_index - 1) mod shards)");
  sub->add_option("--table-mode", flags->table_mode, "default, extra or test");
  flags->fif_opt = sub->add_option("--forms-in-flight", flags->forms_in_flight,
                                   "Forms each worker drives at once (default 32)");
  sub->add_flag("--allow-private-targets", flags->allow_private_targets,
                "Allow forms on loopback/private addresses (the sample sites)");
  sub->add_option("--headless", flags->headless,
                  "Accepted for the reference's command line; has no effect");
  registry.On(sub, [flags](Context& ctx) { return RunRunner(*flags, ctx); });
}

}  // namespace formsender::cli

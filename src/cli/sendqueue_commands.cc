// formsender queue build|status|reset|clear|requeue-stale (docs/queue.md, docs/cli.md); the
// sendqueue area's registration, which also adds import companies and ledger.
#include <iomanip>
#include <sstream>

#include "cli/sendqueue_cli.h"
#include "common/strings.h"
#include "sendqueue/queue_builder.h"
#include "sendqueue/send_queue.h"
#include "sendqueue/targeting_lookup.h"
#include "settings/repositories.h"

namespace formsender::cli {
namespace sendqueue_cli {

void AddModeFlags(CLI::App* sub, ModeFlags& flags) {
  sub->add_flag("--test-mode", flags.test_mode, "Use the _test tables (send_queue_test, …)");
  sub->add_flag("--extra", flags.extra,
                "Use the _extra tables (companies_extra, send_queue_extra, submissions_extra)");
}

Result<TableMode> ModeOf(const ModeFlags& flags, bool default_extra) {
  if (flags.test_mode && flags.extra) {
    return Status::InvalidArgument("--test-mode and --extra cannot be used together");
  }
  if (flags.test_mode) return TableMode::kTest;
  if (flags.extra || default_extra) return TableMode::kExtra;
  return TableMode::kDefault;
}

Result<CivilDate> DateOf(const std::string& flag, const Clock& clock) {
  if (flag.empty()) return JstDateOf(clock.Now());
  auto d = CivilDate::Parse(flag);
  if (!d.ok()) return d.status().WithContext("--date");
  return d;
}

Result<Target> OpenTarget(Context& ctx, const ModeFlags& mode_flags, const std::string& date_flag) {
  Target t;
  FS_ASSIGN_OR_RETURN(t.db, ctx.Database());
  FS_ASSIGN_OR_RETURN(t.mode, ModeOf(mode_flags));
  FS_ASSIGN_OR_RETURN(t.date, DateOf(date_flag, ctx.clock()));
  return t;
}

}  // namespace sendqueue_cli

namespace {

using namespace sendqueue_cli;  // NOLINT: this file's own helpers

struct QueueFlags {
  int64_t targeting_id = 0;
  std::string date;
  ModeFlags mode;
  int shards = 0;
  int cooldown_days = 30;
  int stale_minutes = 15;
  bool yes = false;
  bool all = false;
};

// One targeting's queue; `line` gets the human-readable summary. The JSON is the build's
// counts with the targeting, date and table mode.
Result<Json> BuildQueue(Context& ctx, store::Database& db, const QueueFlags& flags,
                        int64_t targeting_id, std::string* line) {
  FS_ASSIGN_OR_RETURN(auto targeting, sendqueue::LookupQueueTargeting(db, targeting_id));
  // As the reference: test mode never uses the extra tables; otherwise the targeting's flag.
  FS_ASSIGN_OR_RETURN(TableMode mode,
                      ModeOf(flags.mode, !flags.mode.test_mode && targeting.use_extra_table));
  FS_ASSIGN_OR_RETURN(CivilDate date, DateOf(flags.date, ctx.clock()));
  sendqueue::BuildRequest request;
  request.mode = mode;
  request.date = date;
  request.targeting_id = targeting_id;
  request.targeting_sql = targeting.targeting_sql;
  request.ng_companies = targeting.ng_companies;
  request.client_name = targeting.client_company_name;
  if (flags.shards > 0) {
    request.shards = flags.shards;
  } else if (auto env = ctx.env().GetNonBlank("FORM_SENDER_SHARD_COUNT")) {
    auto n = ParseInt64(*env, "FORM_SENDER_SHARD_COUNT");
    if (!n.ok() || *n <= 0) {
      return Status::InvalidArgument("FORM_SENDER_SHARD_COUNT \"" + *env +
                                     "\" is not a positive whole number");
    }
    request.shards = static_cast<int>(*n);
  }
  request.company_cooldown_days = flags.cooldown_days;
  sendqueue::QueueBuilder builder(db, ctx.clock());
  FS_ASSIGN_OR_RETURN(auto built, builder.Build(request));
  Json j = built.ToJson();
  j["targeting_id"] = targeting_id;
  j["target_date_jst"] = date.ToString();
  j["table_mode"] = sendqueue::TableModeName(mode);
  std::ostringstream out;
  out << "queue " << sendqueue::TablesFor(mode).send_queue << " for targeting " << targeting_id
      << " on " << date.ToString() << ": " << built.total << " rows (" << built.inserted_stage1
      << " new from stage 1, " << built.inserted_stage2 << " from stage 2, " << built.kept_pending
      << " pending kept, " << built.kept_in_progress << " in progress kept, "
      << built.removed_pending << " pending removed, " << built.excluded_by_name
      << " excluded by name, " << built.shards << " shards)";
  *line = out.str();
  return j;
}

int RunQueueBuild(Context& ctx, const QueueFlags& flags) {
  if (flags.all == (flags.targeting_id > 0)) {
    return ctx.Fail(Status::InvalidArgument(
        "queue build: give either a TARGETING_ID or --all (every active targeting)"));
  }
  auto db = ctx.Database();
  if (!db.ok()) return ctx.Fail(db.status());
  if (!flags.all) {
    std::string line;
    auto built = BuildQueue(ctx, **db, flags, flags.targeting_id, &line);
    if (!built.ok()) return ctx.Fail(built.status());
    ctx.out() << (ctx.flags().json ? DumpJson(*built) : line) << "\n";
    return kExitOk;
  }
  // Every active targeting, each in its own mode (Q-4: the reference's extra variant failed
  // every targeting); one targeting's failure is reported and the others still build.
  auto targetings = settings::TargetingRepository(**db).List(/*active_only=*/true);
  if (!targetings.ok()) return ctx.Fail(targetings.status());
  Json details = Json::array();
  int64_t failed = 0, total = 0;
  for (const auto& t : *targetings) {
    std::string line;
    auto built = BuildQueue(ctx, **db, flags, t.id, &line);
    if (built.ok()) {
      total += built->value("total", int64_t{0});
      details.push_back(*built);
      if (!ctx.flags().json) ctx.out() << line << "\n";
    } else {
      ++failed;
      details.push_back({{"targeting_id", t.id}, {"error", built.status().ToString()}});
      if (!ctx.flags().json) {
        ctx.out() << "targeting " << t.id << ": " << built.status().ToString() << "\n";
      }
    }
  }
  auto date = DateOf(flags.date, ctx.clock());
  if (!date.ok()) return ctx.Fail(date.status());
  int64_t processed = static_cast<int64_t>(targetings->size());
  if (ctx.flags().json) {
    ctx.out() << DumpJson(Json{{"success", failed == 0},
                               {"date_jst", date->ToString()},
                               {"processed", processed},
                               {"failed", failed},
                               {"total_rows", total},
                               {"details", details}})
              << "\n";
  } else {
    ctx.out() << processed << " active targetings, " << failed << " failed, " << total
              << " queue rows\n";
  }
  return failed == 0 ? kExitOk : kExitFailure;
}

int RunQueueStatus(Context& ctx, const QueueFlags& flags) {
  auto target = OpenTarget(ctx, flags.mode, flags.date);
  if (!target.ok()) return ctx.Fail(target.status());
  store::Database& db = *target->db;
  TableMode mode = target->mode;
  CivilDate date = target->date;
  std::optional<int> cap;
  auto targeting = sendqueue::LookupQueueTargeting(db, flags.targeting_id);
  if (targeting.ok()) {
    cap = targeting->max_daily_sends;
  } else if (targeting.status().code() != StatusCode::kNotFound) {
    return ctx.Fail(targeting.status());
  }
  sendqueue::SendQueue queue(db, ctx.clock());
  auto st = queue.ReadStatus({mode, date, flags.targeting_id}, cap);
  if (!st.ok()) return ctx.Fail(st.status());
  if (ctx.flags().json) {
    ctx.out() << DumpJson(st->ToJson()) << "\n";
    return kExitOk;
  }
  std::ostream& o = ctx.out();
  o << "targeting " << flags.targeting_id << ", " << date.ToString() << " ("
    << sendqueue::TablesFor(mode).send_queue << "): " << st->total << " rows\n";
  for (const auto& [status, n] : st->by_status)
    o << "  " << std::left << std::setw(9) << status << n << "\n";
  o << "  by shard:\n";
  for (const auto& [shard, counts] : st->by_shard) {
    o << "    shard " << shard << ":";
    for (const auto& [status, n] : counts) o << " " << status << "=" << n;
    o << "\n";
  }
  if (st->oldest_assigned_at) {
    o << "  oldest assignment: " << FormatJstIso(*st->oldest_assigned_at) << " by "
      << st->oldest_assigned_by.value_or("?") << "\n";
  }
  o << "  today: " << st->successes_today << " sent, " << st->in_flight << " in flight, "
    << st->unknown_today << " unknown";
  if (st->max_daily_sends) o << " (cap " << *st->max_daily_sends << ")";
  o << "\n  ledger: ";
  for (const auto& [state, n] : st->ledger) o << state << "=" << n << " ";
  o << "\n";
  return kExitOk;
}

int RunQueueReset(Context& ctx, const QueueFlags& flags) {
  if (!flags.yes) {
    return ctx.Fail(Status::InvalidArgument(
        "queue reset deletes every row of every targeting; add --yes to confirm"));
  }
  auto target = OpenTarget(ctx, flags.mode, "");
  if (!target.ok()) return ctx.Fail(target.status());
  store::Database& db = *target->db;
  TableMode mode = target->mode;
  sendqueue::SendQueue queue(db, ctx.clock());
  auto n = queue.ResetAll(mode);
  if (!n.ok()) return ctx.Fail(n.status());
  std::string table(sendqueue::TablesFor(mode).send_queue);
  if (ctx.flags().json) {
    ctx.out() << DumpJson(Json{{"table", table}, {"deleted", *n}}) << "\n";
  } else {
    ctx.out() << "deleted " << *n << " rows from " << table << "\n";
  }
  return kExitOk;
}

int RunQueueClear(Context& ctx, const QueueFlags& flags) {
  auto target = OpenTarget(ctx, flags.mode, "");
  if (!target.ok()) return ctx.Fail(target.status());
  store::Database& db = *target->db;
  TableMode mode = target->mode;
  sendqueue::SendQueue queue(db, ctx.clock());
  auto n = queue.ClearTargeting(mode, flags.targeting_id);
  if (!n.ok()) return ctx.Fail(n.status());
  std::string table(sendqueue::TablesFor(mode).send_queue);
  if (ctx.flags().json) {
    ctx.out() << DumpJson(
                     Json{{"table", table}, {"targeting_id", flags.targeting_id}, {"deleted", *n}})
              << "\n";
  } else {
    ctx.out() << "deleted " << *n << " rows of targeting " << flags.targeting_id << " from "
              << table << "\n";
  }
  return kExitOk;
}

int RunQueueRequeue(Context& ctx, const QueueFlags& flags) {
  auto target = OpenTarget(ctx, flags.mode, flags.date);
  if (!target.ok()) return ctx.Fail(target.status());
  store::Database& db = *target->db;
  TableMode mode = target->mode;
  CivilDate date = target->date;
  sendqueue::SendQueue queue(db, ctx.clock());
  auto r = queue.RequeueStale({mode, date, flags.targeting_id}, flags.stale_minutes);
  if (!r.ok()) return ctx.Fail(r.status());
  Json j = {{"requeued", r->requeued},
            {"recovered_sent", r->recovered_sent},
            {"recovered_failed", r->recovered_failed},
            {"outcome_unknown", r->outcome_unknown}};
  if (ctx.flags().json) {
    ctx.out() << DumpJson(j) << "\n";
  } else {
    ctx.out() << r->requeued << " rows back to pending, " << r->recovered_sent
              << " completed as sent and " << r->recovered_failed << " as failed from the ledger, "
              << r->outcome_unknown << " with an unknown outcome (see formsender ledger unknown)\n";
  }
  return kExitOk;
}

}  // namespace

void RegisterSendqueueCommands(CLI::App& app, CommandRegistry& registry) {
  // Flags are shared_ptrs captured by the actions: they must outlive parsing.
  sendqueue_cli::RegisterImportCompanies(app, registry);
  auto q = std::make_shared<QueueFlags>();
  CLI::App* queue = SubcommandGroup(app, "queue", "The day queue: build, status, reset, clear");
  auto targeting_arg = [&](CLI::App* sub) {
    sub->add_option("TARGETING_ID", q->targeting_id, "Targeting id")
        ->required()
        ->check(CLI::PositiveNumber);
  };
  auto date_flag = [&](CLI::App* sub) {
    sub->add_option("--date", q->date, "Target date YYYY-MM-DD (default: today in JST)");
  };

  CLI::App* build = queue->add_subcommand("build", "Build (or rebuild) a targeting's queue");
  build->add_option("TARGETING_ID", q->targeting_id, "Targeting id")->check(CLI::PositiveNumber);
  build->add_flag("--all", q->all, "Every active targeting, each in its own table mode");
  date_flag(build);
  AddModeFlags(build, q->mode);
  build->add_option("--shards", q->shards, "Shard count (default: FORM_SENDER_SHARD_COUNT, else 8)")
      ->check(CLI::Range(1, 1024));
  build
      ->add_option("--cooldown-days", q->cooldown_days,
                   "company_cooldown_days: skip companies any campaign contacted this recently "
                   "(0 turns it off)")
      ->check(CLI::Range(0, 3650));
  registry.On(build, [q](Context& ctx) { return RunQueueBuild(ctx, *q); });

  CLI::App* status = queue->add_subcommand("status", "Counts by status and shard, cap usage");
  targeting_arg(status);
  date_flag(status);
  AddModeFlags(status, q->mode);
  registry.On(status, [q](Context& ctx) { return RunQueueStatus(ctx, *q); });

  CLI::App* reset = queue->add_subcommand("reset", "Delete every row of the queue table");
  AddModeFlags(reset, q->mode);
  reset->add_flag("--yes", q->yes, "Confirm");
  registry.On(reset, [q](Context& ctx) { return RunQueueReset(ctx, *q); });

  CLI::App* clear = queue->add_subcommand("clear", "Delete every date of one targeting");
  targeting_arg(clear);
  AddModeFlags(clear, q->mode);
  registry.On(clear, [q](Context& ctx) { return RunQueueClear(ctx, *q); });

  CLI::App* requeue =
      queue->add_subcommand("requeue-stale", "Put rows assigned too long ago back (ledger-aware)");
  targeting_arg(requeue);
  date_flag(requeue);
  AddModeFlags(requeue, q->mode);
  requeue->add_option("--minutes", q->stale_minutes, "Stale after this many minutes")
      ->check(CLI::Range(0, 100000));
  registry.On(requeue, [q](Context& ctx) { return RunQueueRequeue(ctx, *q); });

  sendqueue_cli::RegisterLedgerCommands(app, registry);
}

}  // namespace formsender::cli

// formsender ledger unknown|resolve (docs/queue.md, docs/cli.md).
#include "cli/sendqueue_cli.h"
#include "sendqueue/send_ledger.h"

namespace formsender::cli::sendqueue_cli {
namespace {

struct LedgerFlags {
  ModeFlags mode;
  int unknown_after_minutes = 30;
  int64_t targeting_id = 0;
  int64_t company_id = 0;
  std::string resolution;
  std::string note;
};

int RunLedgerUnknown(Context& ctx, const LedgerFlags& flags) {
  auto target = OpenTarget(ctx, flags.mode, "");
  if (!target.ok()) return ctx.Fail(target.status());
  store::Database& db = *target->db;
  TableMode mode = target->mode;
  bool narrowed = flags.mode.test_mode || flags.mode.extra;
  if (flags.unknown_after_minutes < 1) {
    return ctx.Fail(Status::InvalidArgument("--unknown-after-minutes must be at least 1"));
  }
  sendqueue::SendLedger ledger(db, ctx.clock(), std::chrono::minutes(flags.unknown_after_minutes));
  auto entries = ledger.ListUnknown(narrowed ? std::optional<TableMode>(mode) : std::nullopt);
  if (!entries.ok()) return ctx.Fail(entries.status());
  if (ctx.flags().json) {
    Json list = Json::array();
    for (const auto& e : *entries) list.push_back(e.ToJson());
    ctx.out() << DumpJson(Json{{"unknown", list}}) << "\n";
    return kExitOk;
  }
  if (entries->empty()) {
    ctx.out() << "no send of unknown outcome\n";
    return kExitOk;
  }
  ctx.out() << entries->size()
            << " send(s) of unknown outcome (never retried; resolve with formsender ledger "
               "resolve):\n";
  for (const auto& e : *entries) {
    ctx.out() << "  " << sendqueue::TableModeName(e.key.mode) << " targeting " << e.key.targeting_id
              << " company " << e.key.company_id << "  intent " << FormatJstIso(e.intent_at)
              << "  run " << e.run_id << "\n";
  }
  return kExitOk;
}

int RunLedgerResolve(Context& ctx, const LedgerFlags& flags) {
  auto target = OpenTarget(ctx, flags.mode, "");
  if (!target.ok()) return ctx.Fail(target.status());
  store::Database& db = *target->db;
  TableMode mode = target->mode;
  sendqueue::LedgerResolution resolution;
  if (flags.resolution == "sent") {
    resolution = sendqueue::LedgerResolution::kSent;
  } else if (flags.resolution == "failed") {
    resolution = sendqueue::LedgerResolution::kFailed;
  } else {
    resolution = sendqueue::LedgerResolution::kRelease;
  }
  sendqueue::SendLedger ledger(db, ctx.clock(), std::chrono::minutes(flags.unknown_after_minutes));
  Status s = ledger.Resolve({mode, flags.targeting_id, flags.company_id}, resolution, flags.note);
  if (!s.ok()) return ctx.Fail(s);
  if (ctx.flags().json) {
    ctx.out() << DumpJson(Json{{"resolved", flags.resolution}}) << "\n";
  } else {
    ctx.out() << "targeting " << flags.targeting_id << " company " << flags.company_id
              << " resolved as " << flags.resolution << "\n";
  }
  return kExitOk;
}

}  // namespace

void RegisterLedgerCommands(CLI::App& app, CommandRegistry& registry) {
  auto l = std::make_shared<LedgerFlags>();
  CLI::App* ledger = SubcommandGroup(app, "ledger", "The send ledger: unknown outcomes");
  CLI::App* unknown = ledger->add_subcommand(
      "unknown", "List sends whose outcome never arrived (never retried automatically)");
  AddModeFlags(unknown, l->mode);
  unknown->add_option("--unknown-after-minutes", l->unknown_after_minutes,
                      "An intent without outcome is unknown after this long");
  registry.On(unknown, [l](Context& ctx) { return RunLedgerUnknown(ctx, *l); });

  CLI::App* resolve = ledger->add_subcommand(
      "resolve", "Decide an unknown send: sent, failed, or release (allow a new attempt)");
  resolve->add_option("TARGETING_ID", l->targeting_id, "Targeting id")->required();
  resolve->add_option("COMPANY_ID", l->company_id, "Company id")->required();
  resolve->add_option("--as", l->resolution, "sent, failed or release")
      ->required()
      ->check(CLI::IsMember({"sent", "failed", "release"}));
  resolve->add_option("--note", l->note, "Why (kept in the ledger entry)");
  AddModeFlags(resolve, l->mode);
  registry.On(resolve, [l](Context& ctx) { return RunLedgerResolve(ctx, *l); });
}

}  // namespace formsender::cli::sendqueue_cli

// formsender triggers create-next-day|list|delete|delete-current (guide §3.1–3.3).
#include <iomanip>
#include <ostream>
#include <sstream>

#include "cli/commands.h"
#include "common/time.h"
#include "scheduler/scheduler.h"
#include "scheduler/triggers.h"

namespace formsender::cli {
namespace {

using scheduler::Trigger;
using scheduler::TriggerRepository;

std::string TriggerLine(const Trigger& t) {
  std::ostringstream line;
  line << std::left << std::setw(21) << t.uid << " " << std::setw(30) << t.handler << " "
       << FormatJstIso(t.execute_at) << "  " << t.state;
  if (!t.source.empty()) line << "  (" << t.source << ")";
  if (t.result.is_object() && t.result.contains("message")) {
    line << "  " << t.result["message"].get<std::string>();
  }
  return line.str();
}

int RunCreateNextDay(Context& ctx) {
  auto db = ctx.Database();
  if (!db.ok()) return ctx.Fail(db.status());
  auto props = ctx.Properties();
  if (!props.ok()) return ctx.Fail(props.status());
  TriggerRepository triggers(**db, ctx.clock());
  auto created =
      scheduler::CreateNextDayTrigger(triggers, (*props)->Calendar(), (*props)->DailyTriggerTime(),
                                      ctx.clock().Now(), "create-next-day");
  if (!created.ok()) return ctx.Fail(created.status());
  if (ctx.flags().json) {
    Json j = created->ToJson();
    j["success"] = true;
    j["trigger_id"] = created->uid;
    ctx.out() << DumpJson(j) << "\n";
  } else {
    ctx.out() << "created " << created->uid << ": " << created->handler << " at "
              << FormatJstIso(created->execute_at) << "\n";
  }
  return kExitOk;
}

int RunList(bool all, Context& ctx) {
  auto db = ctx.Database();
  if (!db.ok()) return ctx.Fail(db.status());
  auto list = TriggerRepository(**db, ctx.clock()).List(all);
  if (!list.ok()) return ctx.Fail(list.status());
  if (ctx.flags().json) {
    Json items = Json::array();
    for (const auto& t : *list) items.push_back(t.ToJson());
    ctx.out() << DumpJson(Json{{"success", true},
                               {"trigger_count", static_cast<int64_t>(list->size())},
                               {"triggers", items}})
              << "\n";
    return kExitOk;
  }
  if (list->empty()) ctx.out() << "no triggers\n";
  for (const auto& t : *list) ctx.out() << TriggerLine(t) << "\n";
  return kExitOk;
}

int RunDelete(const std::string& handler, Context& ctx) {
  if (!scheduler::IsKnownHandler(handler)) {
    return ctx.Fail(Status::InvalidArgument("--handler: unknown handler '" + handler + "'"));
  }
  auto db = ctx.Database();
  if (!db.ok()) return ctx.Fail(db.status());
  auto n = TriggerRepository(**db, ctx.clock()).DeleteByHandler(handler);
  if (!n.ok()) return ctx.Fail(n.status());
  if (ctx.flags().json) {
    ctx.out() << DumpJson(Json{{"success", true}, {"handler", handler}, {"deleted_count", *n}})
              << "\n";
  } else {
    ctx.out() << "deleted " << *n << " " << handler << " trigger(s)\n";
  }
  return kExitOk;
}

int RunDeleteCurrent(Context& ctx) {
  auto db = ctx.Database();
  if (!db.ok()) return ctx.Fail(db.status());
  auto deleted = TriggerRepository(**db, ctx.clock()).DeleteCurrent();
  if (!deleted.ok()) return ctx.Fail(deleted.status());
  if (ctx.flags().json) {
    Json j = {{"success", true}, {"deletedCount", deleted->has_value() ? 1 : 0}};
    if (*deleted) j["deletedTriggerId"] = (*deleted)->uid;
    ctx.out() << DumpJson(j) << "\n";
  } else if (*deleted) {
    ctx.out() << "deleted " << TriggerLine(**deleted) << "\n";
  } else {
    ctx.out() << "no pending " << scheduler::kDailyStartHandler << " trigger\n";
  }
  return kExitOk;
}

}  // namespace

void RegisterTriggerCommands(CLI::App& app, CommandRegistry& registry) {
  CLI::App* triggers = app.add_subcommand(
      "triggers", "The persistent daily trigger (guide §3.1–3.3): list, create, delete");
  triggers->require_subcommand(1);

  CLI::App* create = triggers->add_subcommand(
      "create-next-day",
      "Create the startFormSenderFromTrigger trigger for the next business day at "
      "DAILY_TRIGGER_HOUR:DAILY_TRIGGER_MINUTE JST (createNextDayTrigger)");
  registry.On(create, [](Context& ctx) { return RunCreateNextDay(ctx); });

  auto all = std::make_shared<bool>(false);
  CLI::App* list = triggers->add_subcommand(
      "list", "Pending and running triggers of every handler (listFormSenderTriggers)");
  list->add_flag("--all", *all, "Also the fired, failed and deleted ones, with their results");
  registry.On(list, [all](Context& ctx) { return RunList(*all, ctx); });

  auto handler = std::make_shared<std::string>(scheduler::kDailyStartHandler);
  CLI::App* del = triggers->add_subcommand(
      "delete",
      "Delete every pending trigger of a handler (deleteFormSenderTriggers / "
      "deleteTriggersByHandler)");
  del->add_option("--handler", *handler,
                  "startFormSenderFromTrigger (default), startFormSenderFromTriggerAt7 or "
                  "startFormSenderFromTriggerAt13");
  registry.On(del, [handler](Context& ctx) { return RunDelete(*handler, ctx); });

  CLI::App* current = triggers->add_subcommand(
      "delete-current",
      "Delete the pending daily trigger that fires next (deleteCurrentFormSenderTrigger)");
  registry.On(current, [](Context& ctx) { return RunDeleteCurrent(ctx); });
}

}  // namespace formsender::cli

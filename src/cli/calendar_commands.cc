// formsender calendar holidays|next-trigger
#include <ostream>

#include "calendar/holidays.h"
#include "calendar/send_window.h"
#include "cli/commands.h"
#include "common/time.h"

namespace formsender::cli {
namespace {

struct HolidayFlags {
  int from_year = 0;  // 0: this year (JST)
  int to_year = 0;
};

int RunHolidays(const HolidayFlags& flags, Context& ctx) {
  int this_year = JstDateOf(ctx.clock().Now()).year;
  int from = flags.from_year ? flags.from_year : this_year;
  int to = flags.to_year ? flags.to_year : (flags.from_year ? flags.from_year : this_year);
  auto holidays = calendar::HolidaysBetweenYears(from, to);
  if (!holidays.ok()) return ctx.Fail(holidays.status());
  if (ctx.flags().json) {
    Json list = Json::array();
    for (const auto& h : *holidays) list.push_back({{"date", h.date.ToString()}, {"name", h.name}});
    ctx.out() << DumpJson(list) << "\n";
  } else {
    for (const auto& h : *holidays) ctx.out() << h.date.ToString() << " " << h.name << "\n";
  }
  return kExitOk;
}

int RunNextTrigger(const std::string& now_text, Context& ctx) {
  TimePoint now = ctx.clock().Now();
  if (!now_text.empty()) {
    auto parsed = ParseIsoTimestamp(now_text);
    if (!parsed.ok()) return ctx.Fail(parsed.status().WithContext("--now"));
    now = *parsed;
  }
  auto props = ctx.Properties();
  if (!props.ok()) return ctx.Fail(props.status());
  calendar::BusinessCalendar cal = (*props)->Calendar();
  TimeOfDay at = (*props)->DailyTriggerTime();
  auto next = cal.NextTriggerTime(now, at);
  if (!next.ok()) return ctx.Fail(next.status());
  if (!ctx.flags().json) {
    ctx.out() << FormatJstIso(*next) << "\n";
    return kExitOk;
  }
  // The days passed over and why, so a surprising answer explains itself.
  Json skipped = Json::array();
  for (CivilDate d = JstDateOf(now); d < JstDateOf(*next); d = d.AddDays(1)) {
    auto why = cal.WhyClosed(d);
    if (why.ok() && *why) skipped.push_back({{"date", d.ToString()}, {"reason", (*why)->text}});
  }
  ctx.out() << DumpJson(Json{{"now", FormatJstIso(now)},
                             {"next_trigger", FormatJstIso(*next)},
                             {"trigger_time", calendar::FormatHourMinute(at)},
                             {"skipped", skipped}})
            << "\n";
  return kExitOk;
}

}  // namespace

void RegisterCalendarCommands(CLI::App& app, CommandRegistry& registry) {
  CLI::App* cal = app.add_subcommand("calendar", "Japanese holidays and the daily trigger time");
  cal->require_subcommand(1);

  auto holiday_flags = std::make_shared<HolidayFlags>();
  CLI::App* holidays = cal->add_subcommand(
      "holidays", "List national holidays (computed by rule, 1948–2150) as YYYY-MM-DD name");
  holidays->add_option("--from", holiday_flags->from_year, "First year (default: this year)")
      ->check(CLI::Range(1, 9999));
  holidays->add_option("--to", holiday_flags->to_year, "Last year (default: --from)")
      ->check(CLI::Range(1, 9999));
  registry.On(holidays, [holiday_flags](Context& ctx) { return RunHolidays(*holiday_flags, ctx); });

  auto now = std::make_shared<std::string>();
  CLI::App* next = cal->add_subcommand(
      "next-trigger",
      "The next business day at DAILY_TRIGGER_HOUR:DAILY_TRIGGER_MINUTE (JST), skipping "
      "weekends, holidays and extra_closed_days");
  next->add_option("--now", *now, "Compute from this instant (ISO-8601 with offset)");
  registry.On(next, [now](Context& ctx) { return RunNextTrigger(*now, ctx); });
}

}  // namespace formsender::cli

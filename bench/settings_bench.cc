// How fast the settings and calendar paths are: they run on every trigger, every dispatch and
// (the window check) every claim of every runner worker.
#include <benchmark/benchmark.h>

#include <string>

#include "calendar/business_calendar.h"
#include "calendar/holidays.h"
#include "calendar/send_window.h"
#include "settings/machine_planner.h"
#include "settings/resolve.h"
#include "settings/sheet_import.h"

namespace formsender {
namespace {

void BM_HolidaysOfYear(benchmark::State& state) {
  int year = 1948;
  for (auto _ : state) {
    auto h = calendar::HolidaysOfYear(year);
    benchmark::DoNotOptimize(h);
    year = year == 2150 ? 1948 : year + 1;
  }
}
BENCHMARK(BM_HolidaysOfYear);

void BM_SendWindowCheck(benchmark::State& state) {
  calendar::BusinessCalendar cal(*calendar::ClosedDays::Parse("12-29..01-03"));
  calendar::SendWindow window;
  TimePoint t = *ParseIsoTimestamp("2026-05-01T10:00:00+09:00");
  for (auto _ : state) {
    auto s = calendar::CheckSendWindow(window, cal, t);
    benchmark::DoNotOptimize(s);
    t += std::chrono::hours(7);
  }
}
BENCHMARK(BM_SendWindowCheck);

std::string TargetingSheet(int rows) {
  std::string csv =
      "id,active,client_id,subject,message,max_daily_sends,send_start_time,send_end_time,"
      "send_days_of_week,concurrent_workflow,useGcpBatch,batch_machine_type,"
      "batch_workers_per_workflow,memo\n";
  for (int i = 1; i <= rows; ++i) {
    csv += std::to_string(i) +
           ",TRUE,7,ご提案,\"{company_name} ご担当者様\n\n本文です。, 引用 \"\"x\"\"\",200,9:00,"
           "17:30,\"[0,1,2,3,4]\",4,TRUE,n2d-custom-4-8192,4,メモ\n";
  }
  return csv;
}

void BM_ParseTargetingSheet(benchmark::State& state) {
  std::string csv = TargetingSheet(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto r = settings::ParseTargetingSheet(csv, "targeting.csv", TimePoint{});
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(csv.size()));
}
BENCHMARK(BM_ParseTargetingSheet)->Arg(1000);

void BM_ResolveTargetingRows(benchmark::State& state) {
  auto sheet = settings::ParseTargetingSheet(TargetingSheet(1), "targeting.csv", TimePoint{});
  settings::Properties props;
  for (auto _ : state) {
    auto r = settings::ResolveTargetingRows(sheet->rows[0], std::nullopt, props);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ResolveTargetingRows);

void BM_PlanMachine(benchmark::State& state) {
  int64_t workers = 1;
  for (auto _ : state) {
    auto p = settings::PlanMachine({workers, 1, 3072, 2048, "e2-standard-2"});
    benchmark::DoNotOptimize(p);
    workers = workers == 16 ? 1 : workers + 1;
  }
}
BENCHMARK(BM_PlanMachine);

}  // namespace
}  // namespace formsender

BENCHMARK_MAIN();

// Batch figures: how fast the local supervisor turns tasks over, what a monitor pass costs
// per running execution, and the cost of building a Cloud Batch job body.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "batch/cloud_job.h"
#include "batch/local_backend.h"
#include "batch/monitor.h"
#include "batch/testing/scripted_backend.h"
#include "common/crypto.h"
#include "common/time.h"
#include "store/migrations.h"

namespace formsender::batch {
namespace {

struct TempDb {
  TempDb() {
    dir = std::filesystem::temp_directory_path() / ("fs-batch-bench-" + RandomHexToken(6));
    std::filesystem::create_directories(dir);
    db = std::move(*store::OpenDatabase("sqlite://" + (dir / "bench.db").string()));
    SystemClock clock;
    (void)store::Migrate(*db, store::BuiltinMigrations(db->dialect()), clock);
  }
  ~TempDb() {
    db.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::filesystem::path dir;
  std::unique_ptr<store::Database> db;
};

// A job of `tasks` tasks running /bin/true, `parallelism` at a time: submit to SUCCEEDED.
void BM_LocalJobOfTrivialTasks(benchmark::State& state) {
  TempDb t;
  SystemClock clock;
  LocalBatchOptions options;
  options.command = {"/bin/true"};
  options.log_dir = t.dir / "logs";
  options.scan_interval = std::chrono::milliseconds(20);
  LocalBatchBackend backend(*t.db, clock, options);
  if (!backend.Start().ok()) state.SkipWithError("supervisor did not start");
  int64_t tasks = state.range(0);
  for (auto _ : state) {
    JobSpec spec;
    spec.execution_id = "bench-" + RandomHexToken(4);
    spec.task_count = tasks;
    spec.parallelism = state.range(1);
    auto job = backend.Submit(spec);
    auto done = backend.WaitForJob(job->name, std::chrono::seconds(120));
    if (!done.ok() || done->state != JobState::kSucceeded) state.SkipWithError("job failed");
  }
  state.counters["tasks_per_s"] = benchmark::Counter(
      static_cast<double>(tasks * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LocalJobOfTrivialTasks)
    ->Args({16, 8})
    ->Args({64, 16})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// One monitor pass over N running executions of 4 tasks each (nothing changed since the last
// pass: the steady state of a busy day).
void BM_MonitorPass(benchmark::State& state) {
  TempDb t;
  FakeClock clock(*ParseIsoTimestamp("2026-12-01T00:00:00Z"));
  testing::ScriptedBackend backend;
  store::JobExecutionRepository executions(*t.db, clock);
  for (int64_t i = 0; i < state.range(0); ++i) {
    JobSpec spec;
    spec.execution_id = "exec-" + std::to_string(i);
    spec.task_count = 4;
    auto job = backend.Submit(spec);
    backend.SetJob(job->name, JobState::kRunning, {{-1}, {-1}, {0}, {50001, -1}});
    store::JobExecution e;
    e.execution_id = spec.execution_id;
    e.execution_mode = "batch";
    e.metadata = {{"execution_mode", "batch"},
                  {"batch", BatchSubmissionMetadata(spec, *job, "gcp")}};
    (void)executions.Insert(e);
  }
  MonitorOptions options;
  options.default_backend = "gcp";
  BatchMonitor monitor(*t.db, clock, {{"gcp", &backend}}, options);
  (void)monitor.Tick();  // the first pass writes the attempts
  for (auto _ : state) {
    auto report = monitor.Tick();
    if (!report.ok() || report->executions != state.range(0)) state.SkipWithError("pass failed");
  }
  state.counters["time_per_execution"] = benchmark::Counter(
      static_cast<double>(state.range(0)) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_MonitorPass)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_BuildCloudBatchJob(benchmark::State& state) {
  JobSpec spec;
  spec.execution_id = "e";
  spec.task_count = 16;
  spec.parallelism = 16;
  spec.machine = {"n2d-custom-4-10240",     4000, 10240,
                  ProvisioningModel::kSpot, true, Json::object()};
  for (int i = 0; i < 20; ++i) spec.env["VAR_" + std::to_string(i)] = std::string(40, 'x');
  spec.gcp.container_image = "asia-northeast1-docker.pkg.dev/p/r/sender:1";
  for (auto _ : state) {
    auto job = BuildCloudBatchJob(spec, nullptr, ProvisioningModel::kSpot);
    benchmark::DoNotOptimize(job);
  }
}
BENCHMARK(BM_BuildCloudBatchJob);

}  // namespace
}  // namespace formsender::batch

BENCHMARK_MAIN();

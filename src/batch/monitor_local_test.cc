// The monitor over the local backend with real processes: end to end, the monitor-time Spot
// fallback, and a restart of everything (supervisor killed, new monitor) mid-run.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include "batch/local_backend.h"
#include "batch/monitor.h"
#include "batch/monitor_loop.h"
#include "batch/testing/local_test_util.h"
#include "common/time.h"
#include "store/testing.h"

extern char** environ;

namespace formsender::batch {
namespace {

using testing::TempDir;
using testing::WaitUntil;

class MonitorLocalTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped()) return;
    executions_ = std::make_unique<store::JobExecutionRepository>(db(), clock_);
  }

  JobSpec Spec(bool allow_on_demand) {
    JobSpec s;
    s.execution_id = "exec-" + RandomHexToken(4);
    s.targeting_id = 3;
    s.task_count = 2;
    s.parallelism = 2;
    s.attempts = 2;
    s.machine = {"local", 1000, 1024, ProvisioningModel::kSpot, allow_on_demand, Json::object()};
    return s;
  }

  void InsertExecution(const JobSpec& spec, const Json& batch) {
    store::JobExecution e;
    e.execution_id = spec.execution_id;
    e.targeting_id = spec.targeting_id;
    e.task_count = spec.task_count;
    e.parallelism = spec.parallelism;
    e.execution_mode = "batch";
    e.metadata = {{"execution_mode", "batch"}, {"batch", batch}};
    ASSERT_TRUE(executions_->Insert(e).ok());
  }

  std::string ExecStatus(const std::string& id) { return executions_->Get(id)->status; }

  TempDir dir_;
  SystemClock clock_;
  std::unique_ptr<store::JobExecutionRepository> executions_;
};

TEST_P(MonitorLocalTest, FollowsALocalJobToSuccess) {
  LocalBatchBackend backend(db(), clock_, testing::TestOptions(dir_));
  std::vector<std::string> hooked;
  std::mutex mu;
  MonitorOptions options;  // 60 s passes: the pokes drive this test
  BatchMonitor monitor(db(), clock_, {{"local", &backend}}, options, nullptr,
                       [&](const store::JobExecution& e) {
                         std::lock_guard lock(mu);
                         hooked.push_back(e.status);
                       });
  MonitorLoop loop(monitor);
  backend.SetChangeListener(
      [&](const std::string&, const std::string& execution_id) { loop.Poke(execution_id); });
  JobSpec spec = Spec(false);
  auto job = backend.Submit(spec);
  ASSERT_TRUE(job.ok());
  InsertExecution(spec, BatchSubmissionMetadata(spec, *job, backend.backend_name()));
  loop.Start();
  ASSERT_TRUE(backend.Start().ok());
  ASSERT_TRUE(WaitUntil([&] {
    std::lock_guard lock(mu);
    return !hooked.empty();
  })) << ExecStatus(spec.execution_id);
  EXPECT_EQ(ExecStatus(spec.execution_id), "succeeded");
  auto attempts = store::JobExecutionAttemptRepository(db()).ListForExecution(spec.execution_id);
  ASSERT_EQ(attempts->size(), 2u);
  for (const auto& a : *attempts) {
    EXPECT_EQ(a.status, "succeeded");
    EXPECT_EQ(a.provisioning_model, "spot");
    EXPECT_EQ(a.machine_type, "local");
    EXPECT_TRUE(a.metadata.contains("stdout_path"));  // the dashboard shows the output
  }
  loop.Stop();
  std::lock_guard lock(mu);
  EXPECT_EQ(hooked, std::vector<std::string>{"succeeded"});
}

TEST_P(MonitorLocalTest, RepeatedLocalPreemptionFallsBackToAStandardJob) {
  auto local = testing::TestOptions(dir_);
  local.preemption_rate_per_hour = 360'000;  // every Spot attempt is preempted at once
  local.preemption_seed = 3;
  LocalBatchBackend backend(db(), clock_, local);
  BatchMonitor monitor(db(), clock_, {{"local", &backend}}, MonitorOptions{});
  MonitorLoop loop(monitor);
  backend.SetChangeListener(
      [&](const std::string&, const std::string& execution_id) { loop.Poke(execution_id); });
  JobSpec spec = Spec(/*allow_on_demand=*/true);
  spec.env["TEST_CHILD_SLEEP_MS"] = "300";
  auto job = backend.Submit(spec);
  ASSERT_TRUE(job.ok());
  InsertExecution(spec, BatchSubmissionMetadata(spec, *job, backend.backend_name()));
  loop.Start();
  ASSERT_TRUE(backend.Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return ExecStatus(spec.execution_id) != "running"; },
                        std::chrono::seconds(60)));
  loop.Stop();
  store::JobExecution e = *executions_->Get(spec.execution_id);
  EXPECT_EQ(e.status, "succeeded");
  Json batch = e.metadata["batch"];
  EXPECT_EQ(batch["spot_fallback"]["applied"], true);
  EXPECT_EQ(batch["spot_fallback"]["original_job_name"], job->name);
  EXPECT_EQ(batch["effective_provisioning_model"], "standard");
  EXPECT_GE(batch["preemption_count"].get<int>(), 4);  // 2 tasks × 2 attempts on Spot
  auto attempts = *store::JobExecutionAttemptRepository(db()).ListForExecution(spec.execution_id);
  int standard_ok = 0;
  for (const auto& a : attempts) {
    standard_ok += a.provisioning_model == "standard" && a.status == "succeeded";
  }
  EXPECT_EQ(standard_ok, 2);
}

TEST_P(MonitorLocalTest, ANewServeFinishesTheBookkeepingOfAKilledOne) {
  // "serve" #1: a supervisor process and a monitor. Both die mid-run.
  std::string job_file = (dir_.path() / "job_name").string();
  std::vector<std::string> env_storage;
  for (char** e = environ; *e; ++e) env_storage.emplace_back(*e);
  env_storage.push_back("TEST_CHILD_DIR=" + dir_.marks().string());
  env_storage.push_back("TEST_CHILD_HOLD=1");
  std::vector<char*> envp;
  for (auto& s : env_storage) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = {testing::ChildProgram(),
                                   "supervise",
                                   test_db().url(),
                                   (dir_.path() / "logs").string(),
                                   job_file,
                                   "2",
                                   "2"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t serve = -1;
  ASSERT_EQ(posix_spawn(&serve, argv[0], nullptr, nullptr, argv.data(), envp.data()), 0);
  ASSERT_TRUE(WaitUntil([&] {
    return dir_.Has("started.0.0") && dir_.Has("started.1.0") && std::filesystem::exists(job_file);
  }));
  std::string job_name = testing::ReadFileText(job_file);
  JobSpec spec = Spec(false);
  spec.execution_id = "exec-supervised";
  SubmittedJob submitted{job_name,
                         job_name.substr(job_name.rfind('/') + 1),
                         ProvisioningModel::kSpot,
                         std::nullopt,
                         2,
                         clock_.Now(),
                         ""};
  InsertExecution(spec, BatchSubmissionMetadata(spec, submitted, "local"));

  FakeClock monitor_clock(clock_.Now());
  {
    LocalBatchBackend reader(db(), clock_, testing::TestOptions(dir_));  // no supervisor
    BatchMonitor first(db(), monitor_clock, {{"local", &reader}}, MonitorOptions{});
    ASSERT_TRUE(first.Tick()->lease_held);
    auto attempts = store::JobExecutionAttemptRepository(db()).ListForExecution("exec-supervised");
    ASSERT_EQ(attempts->size(), 2u);
    EXPECT_EQ((*attempts)[0].status, "running");
    ASSERT_EQ(kill(serve, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(serve, &status, 0), serve);
    // The monitor dies with it: no lease release.
  }

  // "serve" #2 on the same database.
  dir_.Touch("release.all");
  LocalBatchBackend backend(db(), clock_, testing::TestOptions(dir_));
  ASSERT_TRUE(backend.Start().ok());
  int hooks = 0;
  BatchMonitor second(db(), monitor_clock, {{"local", &backend}}, MonitorOptions{}, nullptr,
                      [&](const store::JobExecution&) { ++hooks; });
  auto done = backend.WaitForJob(job_name, std::chrono::seconds(60));
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_FALSE(second.Tick()->lease_held);  // the dead monitor's lease has not expired yet
  monitor_clock.Advance(3 * second.options().interval + std::chrono::seconds(1));
  auto report = second.Tick();
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(report->lease_held);
  EXPECT_EQ(report->finished, 1);
  EXPECT_EQ(ExecStatus("exec-supervised"), "succeeded");
  EXPECT_EQ(hooks, 1);
  auto attempts = *store::JobExecutionAttemptRepository(db()).ListForExecution("exec-supervised");
  ASSERT_EQ(attempts.size(), 4u);
  int lost = 0, ok = 0;
  for (const auto& a : attempts) {
    lost += a.status == "failed" && a.exit_code == kExitVmLost;
    ok += a.status == "succeeded";
  }
  EXPECT_EQ(lost, 2);
  EXPECT_EQ(ok, 2);
}

FS_INSTANTIATE_BACKEND_TEST(MonitorLocalTest);

}  // namespace
}  // namespace formsender::batch

// A supervisor that dies leaves no process behind, and the next one finishes its jobs.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include "batch/local_backend.h"
#include "batch/testing/local_test_util.h"
#include "store/testing.h"

extern char** environ;

namespace formsender::batch {
namespace {

using testing::IsAlive;
using testing::TempDir;
using testing::WaitUntil;

constexpr auto kRecoveryWait = std::chrono::seconds(60);

// Starts `batch_test_child supervise …` with extra environment; returns its pid.
pid_t StartSupervisor(const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env) {
  std::vector<std::string> env_storage;
  for (char** e = environ; *e; ++e) env_storage.emplace_back(*e);
  for (const auto& [k, v] : env) env_storage.push_back(k + "=" + v);
  std::vector<char*> envp, argv;
  for (auto& s : env_storage) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> all = {testing::ChildProgram(), "supervise"};
  all.insert(all.end(), args.begin(), args.end());
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), envp.data()) != 0) return -1;
  return pid;
}

class LocalRecoveryTest : public store::BackendTest {
 protected:
  TempDir dir_;
  SystemClock clock_;
};

TEST_P(LocalRecoveryTest, SigkilledSupervisorLeavesNoOrphansAndTheNextOneFinishes) {
  std::string job_file = (dir_.path() / "job_name").string();
  pid_t supervisor =
      StartSupervisor({test_db().url(), (dir_.path() / "logs").string(), job_file, "2", "2"},
                      {{"TEST_CHILD_DIR", dir_.marks().string()},
                       {"TEST_CHILD_HOLD", "1"},
                       {"TEST_CHILD_GRANDCHILD", "1"}});
  ASSERT_GT(supervisor, 0);
  ASSERT_TRUE(WaitUntil([&] {
    return dir_.Has("grandchild.0.0") && dir_.Has("grandchild.1.0") &&
           std::filesystem::exists(job_file);
  })) << "the supervised tasks did not start";
  std::string job_name = testing::ReadFileText(job_file);
  std::vector<pid_t> pids = {*dir_.Pid("started.0.0"), *dir_.Pid("started.1.0"),
                             *dir_.Pid("grandchild.0.0"), *dir_.Pid("grandchild.1.0")};
  for (pid_t pid : pids) ASSERT_TRUE(IsAlive(pid));

  ASSERT_EQ(kill(supervisor, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(supervisor, &status, 0), supervisor);
  // The tasks got SIGTERM from their guards; the grandchildren ignore it and are SIGKILLed
  // with the group after the orphan grace.
  for (pid_t pid : pids) {
    EXPECT_TRUE(WaitUntil([&] { return !IsAlive(pid); }, std::chrono::seconds(20)))
        << "process " << pid << " outlived its supervisor";
  }

  // A new supervisor over the same database adopts the job at once (its owner is dead), counts
  // the lost attempts as failed (50002) and retries them per policy (attempts = 3).
  dir_.Touch("release.all");
  auto options = testing::TestOptions(dir_);
  LocalBatchBackend next(db(), clock_, options);
  ASSERT_TRUE(next.Start().ok());
  auto done = next.WaitForJob(job_name, kRecoveryWait);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->state, JobState::kSucceeded);
  for (const TaskInfo& t : done->tasks) {
    ASSERT_EQ(t.attempts.size(), 2u);
    EXPECT_EQ(t.attempts[0].outcome, AttemptOutcome::kFailed);
    EXPECT_EQ(t.attempts[0].exit_code, kExitVmLost);
    EXPECT_EQ(t.attempts[0].details["reason"], "supervisor_lost");
    EXPECT_EQ(t.attempts[1].outcome, AttemptOutcome::kSucceeded);
  }
}

TEST_P(LocalRecoveryTest, GracefulStopHandsTheJobToTheNextSupervisor) {
  auto options = testing::TestOptions(dir_);
  auto first = std::make_unique<LocalBatchBackend>(db(), clock_, options);
  ASSERT_TRUE(first->Start().ok());
  JobSpec spec;
  spec.execution_id = "exec-graceful";
  spec.targeting_id = 1;
  spec.task_count = 1;
  spec.attempts = 1;  // the default policy: an attempt lost with serve does not use it up
  spec.env["TEST_CHILD_HOLD"] = "1";
  auto job = first->Submit(spec);
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(WaitUntil([&] { return dir_.Has("started.0.0"); }));
  pid_t pid = *dir_.Pid("started.0.0");
  first->Stop();  // SIGTERM: the child exits 0, but the attempt was cut short: 50002
  EXPECT_FALSE(IsAlive(pid));
  auto mid = first->Get(job->name);
  ASSERT_TRUE(mid.ok());
  EXPECT_EQ(mid->tasks[0].attempts[0].details["reason"], "supervisor_stopped");
  EXPECT_EQ(mid->state, JobState::kRunning);  // a retry is due

  dir_.Touch("release.all");
  LocalBatchBackend second(db(), clock_, options);
  ASSERT_TRUE(second.Start().ok());
  auto done = second.WaitForJob(job->name, kRecoveryWait);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, JobState::kSucceeded);
  EXPECT_EQ(done->tasks[0].attempts.size(), 2u);
}

TEST_P(LocalRecoveryTest, ALiveOwnerIsNotRobbed) {
  auto options = testing::TestOptions(dir_);
  LocalBatchBackend first(db(), clock_, options);
  ASSERT_TRUE(first.Start().ok());
  JobSpec spec;
  spec.execution_id = "exec-owned";
  spec.targeting_id = 1;
  spec.env["TEST_CHILD_HOLD"] = "1";
  auto job = first.Submit(spec);
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(WaitUntil([&] { return dir_.Has("started.0.0"); }));
  // A second supervisor in the same (live) process must leave the job alone.
  LocalBatchBackend second(db(), clock_, options);
  ASSERT_TRUE(second.Start().ok());
  dir_.Touch("release.all");
  auto done = first.WaitForJob(job->name, kRecoveryWait);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, JobState::kSucceeded);
  EXPECT_EQ(done->tasks[0].attempts.size(), 1u);
  EXPECT_EQ(dir_.Counter().second, 1);
}

FS_INSTANTIATE_BACKEND_TEST(LocalRecoveryTest);

}  // namespace
}  // namespace formsender::batch

// The local backend's retry rules (local_state.h): the policy's attempts, and attempts lost
// with the supervisor, which do not use them up but are bounded.
#include "batch/local_state.h"

#include <gtest/gtest.h>

namespace formsender::batch {
namespace {

LocalJobRow Job(int64_t attempts) {
  LocalJobRow job;
  job.job_id = "j";
  job.state = JobState::kRunning;
  job.spec.task_count = 1;
  job.spec.attempts = attempts;
  return job;
}

LocalAttemptRow Ended(int64_t attempt, int64_t exit_code, std::string reason) {
  LocalAttemptRow a;
  a.job_id = "j";
  a.attempt = attempt;
  a.outcome = AttemptOutcome::kFailed;
  a.exit_code = exit_code;
  a.reason = std::move(reason);
  return a;
}

TaskState StateAfter(int64_t policy_attempts, const std::vector<LocalAttemptRow>& attempts) {
  return DeriveTasks(Job(policy_attempts), attempts).at(0).state;
}

TEST(LocalStateTest, AnAttemptLostWithServeIsRunAgainUnderTheOneAttemptPolicy) {
  EXPECT_EQ(StateAfter(1, {Ended(0, kExitVmLost, "supervisor_lost")}), TaskState::kPending);
  EXPECT_EQ(StateAfter(1, {Ended(0, kExitVmLost, "supervisor_stopped")}), TaskState::kPending);
  // A preemption or an application failure does use the one attempt up.
  EXPECT_EQ(StateAfter(1, {Ended(0, kExitPreempted, "preempted")}), TaskState::kFailed);
  EXPECT_EQ(StateAfter(1, {Ended(0, 3, "exited")}), TaskState::kFailed);
  // After a lost attempt, the retry still has the policy's one attempt.
  EXPECT_EQ(StateAfter(1, {Ended(0, kExitVmLost, "supervisor_lost"), Ended(1, 3, "exited")}),
            TaskState::kFailed);
  EXPECT_EQ(StateAfter(2, {Ended(0, kExitVmLost, "supervisor_lost"), Ended(1, 3, "exited")}),
            TaskState::kFailed);  // exit 3 is not a retried code
  EXPECT_EQ(StateAfter(2, {Ended(0, kExitVmLost, "supervisor_lost"),
                           Ended(1, kExitPreempted, "preempted")}),
            TaskState::kPending);
}

TEST(LocalStateTest, ASupervisorThatKeepsDyingDoesNotLoopForever) {
  std::vector<LocalAttemptRow> attempts;
  for (int64_t i = 0; i < kMaxSupervisorLosses; ++i) {
    attempts.push_back(Ended(i, kExitVmLost, "supervisor_lost"));
    EXPECT_EQ(StateAfter(1, attempts), TaskState::kPending) << i;
  }
  attempts.push_back(Ended(kMaxSupervisorLosses, kExitVmLost, "supervisor_lost"));
  EXPECT_EQ(StateAfter(1, attempts), TaskState::kFailed);
}

TEST(LocalStateTest, ADeletedJobRetriesNothing) {
  LocalJobRow job = Job(3);
  job.delete_requested_at = TimePoint{};
  EXPECT_EQ(DeriveTasks(job, {Ended(0, kExitVmLost, "supervisor_lost")}).at(0).state,
            TaskState::kFailed);
}

}  // namespace
}  // namespace formsender::batch

#include "batch/job_spec.h"

#include <gtest/gtest.h>

#include "batch/backend.h"
#include "batch/job_status.h"

namespace formsender::batch {
namespace {

TEST(JobIdTest, PrefixFollowsTheReferenceRules) {
  // orchestration-cases 74.
  EXPECT_EQ(JobIdPrefix("projects/p/locations/l/jobs/" + std::string(80, 'a')),
            std::string(46, 'a'));
  EXPECT_EQ(JobIdPrefix("projects/p/locations/l/jobs/Form_Sender-Template"),
            "form-sender-template");
  EXPECT_EQ(JobIdPrefix(""), "form-sender");
  EXPECT_EQ(JobIdPrefix("123abc"), "form-sender");
  EXPECT_EQ(JobIdPrefix("jobs/--x--"), "form-sender");  // one letter cannot end the rule
  std::string id = NewJobId("projects/p/locations/l/jobs/" + std::string(80, 'a'));
  EXPECT_EQ(id.size(), 63u);
  EXPECT_TRUE(IsValidJobId(id));
  EXPECT_NE(NewJobId(""), NewJobId(""));
  EXPECT_TRUE(NewJobId("").starts_with("form-sender-"));
  EXPECT_FALSE(IsValidJobId("Form-sender"));
  EXPECT_FALSE(IsValidJobId("form-sender-"));
  EXPECT_FALSE(IsValidJobId(std::string(64, 'a')));
}

TEST(JobIdTest, TaskGroupSanitising) {
  // orchestration-cases 75.
  EXPECT_EQ(SanitizeTaskGroup("Group 0"), "group-0");
  EXPECT_EQ(SanitizeTaskGroup("0group"), "group-0group");
  EXPECT_EQ(SanitizeTaskGroup("form-sender-workers"), "form-sender-workers");
}

TEST(JobSpecTest, LabelsCarryWorkloadTargetingAndExecution) {
  JobSpec spec;
  spec.execution_id = "3f2a9c1e-1111-4222-8333-444455556666";
  spec.targeting_id = 42;
  spec.gcp.job_template = "projects/p/locations/l/jobs/form-sender";
  spec.gcp.task_group = "Group 0";
  spec.labels["team"] = "sales";
  auto labels = JobLabels(spec);
  EXPECT_EQ(labels["workload"], "form_sender");
  EXPECT_EQ(labels["targeting_id"], "42");
  EXPECT_EQ(labels["job_template"], "form-sender");
  EXPECT_EQ(labels["task_group"], "group-0");
  EXPECT_EQ(labels["execution_id"], spec.execution_id);
  EXPECT_EQ(labels["team"], "sales");
  spec.execution_id = "UPPER-case-id";  // not a valid label value as it is: left out
  EXPECT_EQ(JobLabels(spec).count("execution_id"), 0u);
}

TEST(JobSpecTest, EffectiveParallelismFollowsTheDispatcher) {
  EXPECT_EQ(EffectiveParallelism(2, 2, std::nullopt, std::nullopt), 2);
  EXPECT_EQ(EffectiveParallelism(10, 8, 3, std::nullopt), 3);
  EXPECT_EQ(EffectiveParallelism(10, 1, std::nullopt, 4), 4);  // instance_count raises it
  EXPECT_EQ(EffectiveParallelism(10, 1, 2, 4), 2);             // … up to max_parallelism
  EXPECT_EQ(EffectiveParallelism(3, 1, std::nullopt, 16), 3);  // never above task_count
  EXPECT_EQ(EffectiveParallelism(0, 0, std::nullopt, std::nullopt), 1);
}

TEST(JobSpecTest, ValidationNamesTheField) {
  JobSpec spec;
  spec.execution_id = "e";
  EXPECT_TRUE(ValidateJobSpec(spec).ok());
  spec.attempts = 12;
  EXPECT_NE(ValidateJobSpec(spec).message().find("attempts"), std::string::npos);
  spec.attempts = 1;
  spec.task_count = 0;
  EXPECT_NE(ValidateJobSpec(spec).message().find("task_count"), std::string::npos);
  spec.task_count = 1;
  spec.env["BAD NAME"] = "x";
  EXPECT_NE(ValidateJobSpec(spec).message().find("BAD NAME"), std::string::npos);
  spec.env.clear();
  spec.env["A"] = "1";
  spec.secret_env["A"] = "2";
  EXPECT_EQ(ValidateJobSpec(spec).code(), StatusCode::kInvalidArgument);
  spec.secret_env.clear();
  spec.execution_id = " ";
  EXPECT_NE(ValidateJobSpec(spec).message().find("execution_id"), std::string::npos);
}

TEST(JobSpecTest, RetryPolicyRetriesPlatformFailuresOnly) {
  JobSpec spec;
  spec.execution_id = "e";
  spec.attempts = 3;  // maxRetryCount 2
  EXPECT_TRUE(ShouldRetry(spec, 1, 50001));
  EXPECT_TRUE(ShouldRetry(spec, 2, 50002));
  EXPECT_FALSE(ShouldRetry(spec, 3, 50001));  // used up
  EXPECT_FALSE(ShouldRetry(spec, 1, 1));      // application failure
  EXPECT_FALSE(ShouldRetry(spec, 1, 50005));  // ran over maxRunDuration
  EXPECT_FALSE(ShouldRetry(spec, 1, 0));
  spec.attempts = 1;
  EXPECT_FALSE(ShouldRetry(spec, 1, 50001));  // maxRetryCount 0: never
  EXPECT_EQ(ClassifyExitCode(50001), ExitKind::kPreempted);
  EXPECT_EQ(ClassifyExitCode(50004), ExitKind::kPlatformRetryable);
  EXPECT_EQ(ClassifyExitCode(50000), ExitKind::kPlatformUnknown);
  EXPECT_EQ(ClassifyExitCode(137), ExitKind::kApplicationFailure);
}

TEST(JobSpecTest, JsonRoundTripLeavesSecretValuesOut) {
  JobSpec spec;
  spec.execution_id = "e-1";
  spec.targeting_id = 7;
  spec.task_count = 4;
  spec.parallelism = 2;
  spec.attempts = 3;
  spec.machine = {"n2d-custom-4-10240",     4000, 10240,
                  ProvisioningModel::kSpot, true, Json{{"memory_warning", true}}};
  spec.env = {{"A", "1"}};
  spec.secret_env = {{"SUPABASE_SERVICE_ROLE_KEY", "projects/p/secrets/k/versions/1"}};
  spec.max_run_duration = std::chrono::seconds(3600);
  spec.gcp.container_image = "img";
  Json j = JobSpecToJson(spec);
  EXPECT_EQ(j.dump().find("projects/p/secrets"), std::string::npos);
  EXPECT_EQ(j["secret_env_names"], Json::array({"SUPABASE_SERVICE_ROLE_KEY"}));
  auto back = JobSpecFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->task_count, 4);
  EXPECT_EQ(back->machine.machine_type, "n2d-custom-4-10240");
  EXPECT_EQ(back->machine.provisioning_model, ProvisioningModel::kSpot);
  EXPECT_TRUE(back->machine.allow_on_demand_fallback);
  EXPECT_EQ(back->max_run_duration, std::chrono::seconds(3600));
  EXPECT_EQ(back->env.at("A"), "1");
  EXPECT_TRUE(back->secret_env.empty());
  EXPECT_EQ(JobSpecFromJson(Json{{"x", 1}}).status().code(), StatusCode::kInvalidArgument);
}

TEST(JobSpecTest, SubmissionMetadataHasTheReferenceKeys) {
  JobSpec spec;
  spec.execution_id = "e";
  spec.targeting_id = 3;
  spec.task_count = 2;
  spec.parallelism = 2;
  spec.machine = {"e2-standard-2",
                  2000,
                  6144,
                  ProvisioningModel::kSpot,
                  true,
                  Json{{"resolved_machine_type", "e2-standard-2"}, {"memory_buffer_mb", 2048}}};
  spec.gcp.job_template = "projects/p/locations/l/jobs/form-sender";
  spec.gcp.task_group = "workers";
  SubmittedJob job{"projects/p/locations/l/jobs/form-sender-0123456789abcdef",
                   "form-sender-0123456789abcdef",
                   ProvisioningModel::kStandard,
                   Json{{"applied", true}},
                   2,
                   {},
                   ""};
  Json m = BatchSubmissionMetadata(spec, job, "gcp", "projects/p/locations/l");
  for (const char* key : {"machine_type",
                          "cpu_milli",
                          "memory_mb",
                          "prefer_spot",
                          "allow_on_demand",
                          "parallelism",
                          "array_size",
                          "attempts",
                          "max_retry_count",
                          "effective_provisioning_model",
                          "resolved_machine_type",
                          "memory_buffer_mb",
                          "job_template",
                          "configured_task_group_id",
                          "task_group_resource_hint",
                          "spot_fallback",
                          "job_name",
                          "task_count",
                          "task_group",
                          "configured_task_group",
                          "monitor"}) {
    EXPECT_TRUE(m.contains(key)) << key;
  }
  EXPECT_EQ(m["effective_provisioning_model"], "standard");
  EXPECT_EQ(m["prefer_spot"], true);  // the original wish stays recorded
  EXPECT_EQ(m["max_retry_count"], 0);
  EXPECT_EQ(m["task_group_resource_hint"],
            "projects/p/locations/l/jobs/form-sender-0123456789abcdef/taskGroups/workers");
  EXPECT_EQ(m["monitor"]["state"], "scheduled");
}

TEST(JobStatusTest, StateNamesRoundTripAndUnknownIsTolerated) {
  EXPECT_EQ(ParseJobState("DELETION_IN_PROGRESS"), JobState::kDeletionInProgress);
  EXPECT_EQ(JobStateName(JobState::kCancelled), "CANCELLED");
  EXPECT_EQ(ParseJobState("SOMETHING_NEW"), JobState::kUnspecified);
  EXPECT_EQ(ParseTaskState("UNEXECUTED"), TaskState::kUnexecuted);
  EXPECT_TRUE(IsTerminal(JobState::kFailed));
  EXPECT_FALSE(IsTerminal(JobState::kDeletionInProgress));
}

TaskAttempt Attempt(int64_t task, AttemptOutcome outcome, int64_t exit_code) {
  TaskAttempt a;
  a.task_index = task;
  a.outcome = outcome;
  a.exit_code = exit_code;
  return a;
}

TEST(JobStatusTest, FailureAnalysisSeparatesCapacityFromApplication) {
  JobStatus s;
  TaskInfo preempted{0, TaskState::kFailed, {}};
  preempted.attempts.push_back(Attempt(0, AttemptOutcome::kPreempted, 50001));
  TaskInfo ok{1, TaskState::kSucceeded, {}};
  ok.attempts.push_back(Attempt(1, AttemptOutcome::kSucceeded, 0));
  s.tasks = {preempted, ok};
  auto a = AnalyzeFailures(s);
  EXPECT_EQ(a.failed_tasks, 1);
  EXPECT_EQ(a.preempted_tasks, 1);
  EXPECT_TRUE(a.only_capacity_failures());
  TaskInfo crashed{2, TaskState::kFailed, {}};
  crashed.attempts.push_back(Attempt(2, AttemptOutcome::kFailed, 1));
  s.tasks.push_back(crashed);
  a = AnalyzeFailures(s);
  EXPECT_EQ(a.application_failures, 1);
  EXPECT_FALSE(a.only_capacity_failures());
  ASSERT_EQ(a.details.size(), 2u);
  EXPECT_EQ(a.details[1]["kind"], "application_failure");
}

}  // namespace
}  // namespace formsender::batch

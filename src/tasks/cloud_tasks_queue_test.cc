// The production queue's requests, checked by the fake against the Cloud Tasks v2 discovery
// document: tasks.create with httpRequest.oidcToken (never a frozen Authorization header, Q-11),
// dispatchDeadline and scheduleTime; tasks.delete; tasks.list with paging.
#include "tasks/cloud_tasks_queue.h"

#include <gtest/gtest.h>

#include "common/strings.h"
#include "common/time.h"
#include "gcp/testing/fake_cloud.h"
#include "tasks/form_sender_tasks.h"

namespace formsender::tasks {
namespace {

constexpr std::string_view kQueue = "projects/test-project/locations/asia-northeast1/queues/fs";

class CloudTasksQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto env = gcp::testing::FakeCloud::Create();
    ASSERT_TRUE(env.ok()) << env.status().ToString();
    env_ = std::move(*env);
    QueueConfig config;
    config.name = std::string(kQueue);
    config.dispatch_deadline = std::chrono::seconds(900);
    queue_ = std::make_unique<CloudTasksQueue>(env_->cloud().tasks(), env_->clock(), config);
  }
  void TearDown() override {
    EXPECT_TRUE(env_->fake().violations().empty()) << Join(env_->fake().violations(), "\n");
  }

  std::unique_ptr<gcp::testing::FakeCloud> env_;
  std::unique_ptr<CloudTasksQueue> queue_;
};

TEST_F(CloudTasksQueueTest, EnqueueSendsAnOidcTokenNotABearerHeader) {
  Json payload = {{"targeting_id", 12},
                  {"execution", {{"run_index_base", 4}}},
                  {"metadata", {{"triggered_at_jst", "2025-10-16T09:00:05+09:00"}}}};
  EnqueueOptions options;
  options.target_url = "https://fs-dispatcher-abc.a.run.app/v1/form-sender/tasks";
  options.auth.kind = TaskAuth::Kind::kOidc;
  options.auth.service_account_email =
      "form-sender-dispatcher@test-project.iam.gserviceaccount.com";
  options.auth.audience = "https://fs-dispatcher-abc.a.run.app";
  TimePoint now = env_->clock().Now();
  auto r = EnqueueFormSenderTask(*queue_, payload, options, now);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->name, std::string(kQueue) + "/tasks/fs-20251016-12-4");

  auto stored = env_->fake().Task(std::string(kQueue) + "/tasks/fs-20251016-12-4");
  ASSERT_TRUE(stored.has_value());
  const Json& http = (*stored)["httpRequest"];
  EXPECT_EQ(http["url"], options.target_url);
  EXPECT_EQ(http["httpMethod"], "POST");
  EXPECT_EQ(http["oidcToken"]["serviceAccountEmail"], options.auth.service_account_email);
  EXPECT_EQ(http["oidcToken"]["audience"], "https://fs-dispatcher-abc.a.run.app");
  EXPECT_FALSE(http["headers"].contains("Authorization"));
  EXPECT_EQ(http["headers"]["Content-Type"], "application/json");
  EXPECT_EQ(*Base64Decode(http["body"].get<std::string>()), DumpJson(payload));
  EXPECT_EQ((*stored)["dispatchDeadline"], "900s");
  EXPECT_EQ(ParseIsoTimestamp((*stored)["scheduleTime"].get<std::string>()).value(),
            now + std::chrono::seconds(1));

  // A Cloud Tasks retry of GAS's enqueue: ALREADY_EXISTS is success.
  auto again = EnqueueFormSenderTask(*queue_, payload, options, now);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->duplicate);
}

TEST_F(CloudTasksQueueTest, TheEmbeddedTokenCannotGoToCloudTasks) {
  NewTask t;
  t.task_id = "fs-20251016-12-4";
  t.url = "https://d.example/v1/form-sender/tasks";
  t.auth.kind = TaskAuth::Kind::kEmbeddedToken;
  EXPECT_EQ(queue_->Create(t).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(env_->fake().CountRequests("cloudtasks.projects.locations.queues.tasks.create"), 0);
}

TEST_F(CloudTasksQueueTest, ListsEveryPageAndDeletes) {
  for (int i = 0; i < 5; ++i) {
    NewTask t;
    t.task_id = "fs-20251016-7-" + std::to_string(i);
    t.url = "https://d.example/v1/form-sender/tasks";
    ASSERT_TRUE(queue_->Create(t).ok());
  }
  auto page = env_->cloud().tasks().ListTasks(kQueue, 2);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->tasks.size(), 2u);
  EXPECT_FALSE(page->next_page_token.empty());
  auto all = queue_->List({});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 5u);
  auto deleted = DeleteQueuedFormSenderTasks(*queue_, 7, 3);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_EQ(*deleted, std::vector<std::string>{std::string(kQueue) + "/tasks/fs-20251016-7-3"});
  EXPECT_EQ(env_->fake().CountRequests("cloudtasks.projects.locations.queues.tasks.delete"), 1);
  EXPECT_EQ(queue_->List({})->size(), 4u);
}

}  // namespace
}  // namespace formsender::tasks

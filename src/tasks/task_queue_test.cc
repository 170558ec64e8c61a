// One suite run against every queue backend that can run here (the store's table on SQLite and
// PostgreSQL, Cloud Tasks against the loopback fake), so they stay alike.
#include "tasks/task_queue.h"

#include <gtest/gtest.h>

#include "gcp/testing/fake_cloud.h"
#include "store/testing.h"
#include "tasks/cloud_tasks_queue.h"
#include "tasks/form_sender_tasks.h"
#include "tasks/store_task_queue.h"

namespace formsender::tasks {
namespace {

enum class Backend { kLocalSqlite, kLocalPostgres, kCloudTasks };

constexpr std::string_view kCloudQueue =
    "projects/test-project/locations/asia-northeast1/queues/fs";

class TaskQueueTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kCloudTasks) {
      auto env = gcp::testing::FakeCloud::Create();
      ASSERT_TRUE(env.ok()) << env.status().ToString();
      cloud_ = std::move(*env);
      QueueConfig config;
      config.name = std::string(kCloudQueue);
      queue_ = std::make_unique<CloudTasksQueue>(cloud_->cloud().tasks(), cloud_->clock(), config);
      clock_ = &cloud_->clock();
      return;
    }
    auto backend = GetParam() == Backend::kLocalSqlite ? store::TestBackend::kSqlite
                                                       : store::TestBackend::kPostgres;
    auto db = store::TestDatabase::Create(backend);
    if (!db.ok()) {
      if (backend == store::TestBackend::kPostgres && !store::PostgresRequired()) {
        GTEST_SKIP() << "PostgreSQL not configured";
      }
      FAIL() << db.status().ToString();
    }
    db_ = std::move(*db);
    queue_ = std::make_unique<StoreTaskQueue>(db_->db(), local_clock_, QueueConfig{});
    clock_ = &local_clock_;
  }
  void TearDown() override {
    if (cloud_) {
      EXPECT_TRUE(cloud_->fake().violations().empty());
    }
  }

  NewTask Task(std::string id) {
    NewTask t;
    t.task_id = std::move(id);
    t.url = "https://dispatcher.example.run.app/v1/form-sender/tasks";
    t.headers["Content-Type"] = "application/json";
    t.body = R"({"targeting_id":12})";
    t.auth.kind = TaskAuth::Kind::kOidc;
    t.auth.service_account_email = "tasks@test-project.iam.gserviceaccount.com";
    t.auth.audience = "https://dispatcher.example.run.app";
    return t;
  }

  FakeClock local_clock_{std::chrono::sys_days{std::chrono::year{2025} / 10 / 16}};
  FakeClock* clock_ = nullptr;
  std::unique_ptr<store::TestDatabase> db_;
  std::unique_ptr<gcp::testing::FakeCloud> cloud_;
  std::unique_ptr<TaskQueue> queue_;
};

TEST_P(TaskQueueTest, CreatesANamedTaskAndListsIt) {
  auto created = queue_->Create(Task("fs-20251016-12-4"));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->task_id, "fs-20251016-12-4");
  EXPECT_EQ(created->name, queue_->config().name + "/tasks/fs-20251016-12-4");
  EXPECT_EQ(created->url, "https://dispatcher.example.run.app/v1/form-sender/tasks");
  auto listed = queue_->List({});
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].task_id, "fs-20251016-12-4");
}

TEST_P(TaskQueueTest, ANameIsTakenOnce) {
  ASSERT_TRUE(queue_->Create(Task("fs-20251016-12-4")).ok());
  auto again = queue_->Create(Task("fs-20251016-12-4"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kConflict);
  EXPECT_NE(again.status().message().find("ALREADY_EXISTS"), std::string::npos);
}

TEST_P(TaskQueueTest, ANameStaysReservedAfterItsTaskIsDeleted) {
  ASSERT_TRUE(queue_->Create(Task("fs-20251016-12-4")).ok());
  ASSERT_TRUE(queue_->Delete("fs-20251016-12-4").ok());
  EXPECT_TRUE(queue_->List({})->empty());
  clock_->Advance(std::chrono::minutes(59));
  EXPECT_EQ(queue_->Create(Task("fs-20251016-12-4")).status().code(), StatusCode::kConflict);
  clock_->Advance(std::chrono::minutes(2));  // the one-hour window has passed
  EXPECT_TRUE(queue_->Create(Task("fs-20251016-12-4")).ok());
}

TEST_P(TaskQueueTest, UnnamedTasksGetTheirOwnIds) {
  auto a = queue_->Create(Task(""));
  auto b = queue_->Create(Task(""));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->task_id, b->task_id);
  EXPECT_FALSE(a->task_id.empty());
  EXPECT_EQ(queue_->List({})->size(), 2u);
}

TEST_P(TaskQueueTest, IdsAreCheckedLikeCloudTasks) {
  EXPECT_EQ(queue_->Create(Task("fs 2025")).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(queue_->Create(Task("fs.2025")).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(queue_->Create(Task(std::string(501, 'a'))).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(queue_->Create(Task(std::string(500, 'a'))).ok());
  EXPECT_TRUE(queue_->Create(Task("A_b-9")).ok());
  NewTask bad_url = Task("x1");
  bad_url.url = "ftp://dispatcher/";
  EXPECT_EQ(queue_->Create(bad_url).status().code(), StatusCode::kInvalidArgument);
  NewTask far = Task("x2");
  far.schedule_time = clock_->Now() + std::chrono::hours(24 * 31);
  EXPECT_EQ(queue_->Create(far).status().code(), StatusCode::kInvalidArgument);
  NewTask short_deadline = Task("x3");
  short_deadline.dispatch_deadline = std::chrono::seconds(14);
  EXPECT_EQ(queue_->Create(short_deadline).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(TaskQueueTest, DeletingWhatIsNotThereIsNotFound) {
  EXPECT_EQ(queue_->Delete("fs-20251016-1-0").code(), StatusCode::kNotFound);
}

TEST_P(TaskQueueTest, FindsAndDeletesACampaignsWaitingTasks) {
  for (const char* id : {"fs-20251016-12-0", "fs-20251016-12-2", "fs-20251016-1-2",
                         "fs-20251016-120-2", "other-12-2"}) {
    ASSERT_TRUE(queue_->Create(Task(id)).ok()) << id;
  }
  ListOptions prefix;
  prefix.task_id_prefix = "fs-20251016-12-";
  EXPECT_EQ(queue_->List(prefix)->size(), 2u);

  auto one = DeleteQueuedFormSenderTasks(*queue_, 12, 2);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0], queue_->config().name + "/tasks/fs-20251016-12-2");
  auto all = DeleteQueuedFormSenderTasks(*queue_, 12, std::nullopt);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0], queue_->config().name + "/tasks/fs-20251016-12-0");
  EXPECT_EQ(queue_->List({})->size(), 3u);  // targeting 1, 120 and the foreign id remain
}

TEST_P(TaskQueueTest, EnqueueTreatsAlreadyExistsAsSuccess) {
  Json payload = {{"targeting_id", 12},
                  {"execution", {{"run_index_base", 4}}},
                  {"metadata", {{"triggered_at_jst", "2025-10-16T09:00:05+09:00"}}}};
  EnqueueOptions options;
  options.target_url = "https://dispatcher.example.run.app/v1/form-sender/tasks";
  options.auth.kind = TaskAuth::Kind::kOidc;
  options.auth.service_account_email = "tasks@test-project.iam.gserviceaccount.com";
  auto first = EnqueueFormSenderTask(*queue_, payload, options, clock_->Now());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_FALSE(first->duplicate);
  EXPECT_EQ(first->task_id, "fs-20251016-12-4");
  EXPECT_EQ(first->status, "CREATED");
  auto second = EnqueueFormSenderTask(*queue_, payload, options, clock_->Now());
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(second->duplicate);
  EXPECT_EQ(second->status, "ALREADY_EXISTS");
  EXPECT_EQ(second->name, queue_->config().name + "/tasks/fs-20251016-12-4");
}

INSTANTIATE_TEST_SUITE_P(Backends, TaskQueueTest,
                         ::testing::Values(Backend::kLocalSqlite, Backend::kLocalPostgres,
                                           Backend::kCloudTasks),
                         [](const auto& info) {
                           switch (info.param) {
                             case Backend::kLocalSqlite:
                               return std::string("LocalSqlite");
                             case Backend::kLocalPostgres:
                               return std::string("LocalPostgres");
                             case Backend::kCloudTasks:
                               return std::string("CloudTasks");
                           }
                           return std::string("unknown");
                         });

}  // namespace
}  // namespace formsender::tasks

// The embedded queue's delivery bookkeeping: leases, retries by the backoff formula and the AND
// stop rule, fencing, reclaiming a dead deliverer's work. SQLite and PostgreSQL.
#include "tasks/store_task_queue.h"

#include <gtest/gtest.h>

#include "store/testing.h"

namespace formsender::tasks {
namespace {

using std::chrono::seconds;

class StoreTaskQueueTest : public store::BackendTest {
 protected:
  StoreTaskQueue Queue(QueueConfig config = {}) { return StoreTaskQueue(db(), clock_, config); }

  NewTask Task(std::string id) {
    NewTask t;
    t.task_id = std::move(id);
    t.url = "http://127.0.0.1:9/v1/form-sender/tasks";
    t.body = "{}";
    t.auth.kind = TaskAuth::Kind::kEmbeddedToken;
    return t;
  }

  AttemptOutcome Failed(int status = 500) {
    AttemptOutcome o;
    o.http_status = status;
    o.error = "HTTP " + std::to_string(status);
    return o;
  }

  FakeClock clock_{std::chrono::sys_days{std::chrono::year{2025} / 10 / 16}};
};

TEST_P(StoreTaskQueueTest, RetriesFollowTheBackoffFormula) {
  QueueConfig config;
  config.retry.min_backoff = seconds(10);
  config.retry.max_backoff = seconds(300);
  config.retry.max_doublings = 3;
  config.retry.max_attempts = 10;
  auto queue = Queue(config);
  ASSERT_TRUE(queue.Create(Task("t1")).ok());
  std::vector<int64_t> waits;
  for (int attempt = 1; attempt <= 9; ++attempt) {
    auto leased = queue.LeaseDue("me", 10);
    ASSERT_TRUE(leased.ok()) << leased.status().ToString();
    ASSERT_EQ(leased->size(), 1u) << "attempt " << attempt;
    EXPECT_EQ((*leased)[0].info.dispatch_count, attempt);
    ASSERT_TRUE(*queue.RecordAttempt((*leased)[0], Failed()));
    auto info = queue.List({});
    ASSERT_EQ(info->size(), 1u);
    waits.push_back(
        std::chrono::duration_cast<seconds>((*info)[0].schedule_time - clock_.Now()).count());
    EXPECT_TRUE(queue.LeaseDue("me", 10)->empty());  // not due before its interval
    clock_.Set((*info)[0].schedule_time);
  }
  EXPECT_EQ(waits, (std::vector<int64_t>{10, 20, 40, 80, 160, 240, 300, 300, 300}));
  auto last = queue.LeaseDue("me", 10);
  ASSERT_EQ(last->size(), 1u);
  ASSERT_TRUE(*queue.RecordAttempt((*last)[0], Failed(503)));
  ListOptions all;
  all.only_live = false;
  auto done = queue.List(all);
  ASSERT_EQ(done->size(), 1u);
  EXPECT_EQ((*done)[0].state, TaskState::kFailed);  // 10 attempts, no time limit
  EXPECT_EQ((*done)[0].dispatch_count, 10);
  EXPECT_EQ((*done)[0].response_count, 10);
  EXPECT_EQ((*done)[0].last_response_status, 503);
}

TEST_P(StoreTaskQueueTest, StopsOnlyWhenAttemptsAndDurationAreBothSpent) {
  QueueConfig config;
  config.retry.max_attempts = 2;
  config.retry.min_backoff = seconds(1);
  config.retry.max_backoff = seconds(1);
  config.retry.max_retry_duration = seconds(60);
  auto queue = Queue(config);
  ASSERT_TRUE(queue.Create(Task("t1")).ok());
  int attempts = 0;
  while (true) {
    auto leased = queue.LeaseDue("me", 1);
    ASSERT_TRUE(leased.ok());
    if (leased->empty()) break;
    ++attempts;
    ASSERT_TRUE(*queue.RecordAttempt((*leased)[0], Failed()));
    clock_.Advance(seconds(10));
  }
  // Attempts at 0, 10, …, 60 s: the two attempts were spent early; the minute decides.
  EXPECT_EQ(attempts, 7);
  ListOptions all;
  all.only_live = false;
  EXPECT_EQ((*queue.List(all))[0].state, TaskState::kFailed);
}

TEST_P(StoreTaskQueueTest, ASuccessEndsTheTaskAndRetryAfterIsHonoured) {
  auto queue = Queue();
  ASSERT_TRUE(queue.Create(Task("t1")).ok());
  auto first = queue.LeaseDue("me", 1);
  AttemptOutcome busy = Failed(429);
  busy.retry_after = seconds(30);
  ASSERT_TRUE(*queue.RecordAttempt((*first)[0], busy));
  EXPECT_EQ((*queue.List({}))[0].schedule_time, clock_.Now() + seconds(30));
  clock_.Advance(seconds(30));
  auto second = queue.LeaseDue("me", 1);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].info.last_response_status, 429);
  AttemptOutcome ok;
  ok.http_status = 200;
  ASSERT_TRUE(*queue.RecordAttempt((*second)[0], ok));
  EXPECT_TRUE(queue.List({})->empty());
  ListOptions all;
  all.only_live = false;
  auto done = queue.List(all);
  EXPECT_EQ((*done)[0].state, TaskState::kSucceeded);
  EXPECT_EQ((*done)[0].response_count, 2);
  auto stats = queue.Stats();
  EXPECT_EQ(stats->succeeded, 1);
}

TEST_P(StoreTaskQueueTest, AStaleAttemptCannotOverwriteANewerOne) {
  auto queue = Queue();
  ASSERT_TRUE(queue.Create(Task("t1")).ok());
  auto first = queue.LeaseDue("dead-owner", 1);
  ASSERT_EQ(first->size(), 1u);
  // The owner is declared dead: its attempt becomes a retry.
  auto reclaimed = queue.ReclaimLeases([](const std::string& o) { return o == "dead-owner"; });
  EXPECT_EQ(*reclaimed, 1);
  clock_.Advance(seconds(1));
  auto second = queue.LeaseDue("me", 1);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].info.dispatch_count, 2);
  EXPECT_EQ((*second)[0].info.last_error, "the deliverer stopped during the delivery");
  // The first deliverer's late answer is refused.
  AttemptOutcome ok;
  ok.http_status = 200;
  EXPECT_FALSE(*queue.RecordAttempt((*first)[0], ok));
  EXPECT_TRUE(*queue.RecordAttempt((*second)[0], ok));
}

TEST_P(StoreTaskQueueTest, ExpiredLeasesAreRetriedAndReleasedTasksAreNotCounted) {
  QueueConfig config;
  config.dispatch_deadline = seconds(15);
  auto queue = Queue(config);
  ASSERT_TRUE(queue.Create(Task("t1")).ok());
  ASSERT_TRUE(queue.Create(Task("t2")).ok());
  auto leased = queue.LeaseDue("alive", 2);
  ASSERT_EQ(leased->size(), 2u);
  ASSERT_TRUE(*queue.Release((*leased)[1]));
  auto no_one_dead = [](const std::string&) { return false; };
  EXPECT_EQ(*queue.ReclaimLeases(no_one_dead), 0);  // within deadline + margin
  clock_.Advance(seconds(15) + StoreTaskQueue::kLeaseMargin + seconds(1));
  EXPECT_EQ(*queue.ReclaimLeases(no_one_dead), 1);
  auto tasks = queue.List({});
  ASSERT_EQ(tasks->size(), 2u);
  for (const TaskInfo& t : *tasks) {
    if (t.task_id == "t1") {
      EXPECT_EQ(t.dispatch_count, 1);
      EXPECT_NE(t.last_error.find("lease expired"), std::string::npos);
    } else {
      EXPECT_EQ(t.dispatch_count, 0);  // released: never sent
      EXPECT_FALSE(t.first_attempt_at.has_value());
    }
  }
}

TEST_P(StoreTaskQueueTest, LeasesRespectScheduleOrderAndCount) {
  auto queue = Queue();
  for (int i = 0; i < 5; ++i) {
    NewTask t = Task("t" + std::to_string(i));
    t.schedule_time = clock_.Now() + seconds(5 - i);
    ASSERT_TRUE(queue.Create(t).ok());
  }
  EXPECT_TRUE(queue.LeaseDue("me", 10)->empty());
  clock_.Advance(seconds(3));
  auto due = queue.LeaseDue("me", 10);
  ASSERT_EQ(due->size(), 3u);
  EXPECT_EQ((*due)[0].info.task_id, "t4");
  EXPECT_EQ((*due)[2].info.task_id, "t2");
  clock_.Advance(seconds(10));
  EXPECT_EQ(queue.LeaseDue("me", 1)->size(), 1u);
  auto stats = queue.Stats();
  EXPECT_EQ(stats->dispatching, 4);
  EXPECT_EQ(stats->pending, 1);
  EXPECT_TRUE(stats->oldest_due.has_value());
}

TEST_P(StoreTaskQueueTest, RetentionEndsRetries) {
  QueueConfig config;
  config.retry.max_attempts = -1;
  config.retry.min_backoff = seconds(3600);
  config.retry.max_backoff = seconds(3600);
  auto queue = Queue(config);
  ASSERT_TRUE(queue.Create(Task("t1")).ok());
  clock_.Advance(StoreTaskQueue::kRetention);
  auto leased = queue.LeaseDue("me", 1);
  ASSERT_EQ(leased->size(), 1u);
  ASSERT_TRUE(*queue.RecordAttempt((*leased)[0], Failed()));
  ListOptions all;
  all.only_live = false;
  auto t = (*queue.List(all))[0];
  EXPECT_EQ(t.state, TaskState::kFailed);
  EXPECT_NE(t.last_error.find("retention"), std::string::npos);
}

TEST_P(StoreTaskQueueTest, PurgeFreesIdsAfterTheWindow) {
  QueueConfig config;
  config.dedup_window = seconds(60);
  auto queue = Queue(config);
  ASSERT_TRUE(queue.Create(Task("t1")).ok());
  ASSERT_TRUE(queue.Delete("t1").ok());
  EXPECT_EQ(*queue.PurgeFinished(), 0);
  clock_.Advance(seconds(61));
  EXPECT_EQ(*queue.PurgeFinished(), 1);
  EXPECT_TRUE(queue.Create(Task("t1")).ok());
}

FS_INSTANTIATE_BACKEND_TEST(StoreTaskQueueTest);

}  // namespace
}  // namespace formsender::tasks

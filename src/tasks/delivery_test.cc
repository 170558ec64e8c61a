// The deliverer against loopback receivers: Cloud Tasks' headers and the credential, rate limits
// with a FakeClock, the concurrency limit with real threads, and a stop that cuts off a hanging
// delivery without losing the task.
#include "tasks/delivery.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "common/http_server.h"
#include "common/time.h"
#include "store/testing.h"

namespace formsender::tasks {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class DeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::TestDatabase::Create(store::TestBackend::kSqlite);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
  }

  void Serve(HttpHandler handler) {
    server_ = std::make_unique<HttpServer>(HttpServerOptions{}, std::move(handler));
    ASSERT_TRUE(server_->Start().ok());
  }

  NewTask Task(std::string id) {
    NewTask t;
    t.task_id = std::move(id);
    t.url = server_->base_url() + "/v1/form-sender/tasks";
    t.headers["Content-Type"] = "application/json";
    t.body = R"({"targeting_id":12})";
    t.auth.kind = TaskAuth::Kind::kEmbeddedToken;
    return t;
  }

  static Result<std::string> Token(const TaskAuth& auth) {
    if (auth.kind != TaskAuth::Kind::kEmbeddedToken) return Status::Internal("unexpected auth");
    return std::string("Bearer embedded-token-123");
  }

  std::unique_ptr<store::TestDatabase> db_;
  std::unique_ptr<HttpServer> server_;
  CurlHttpClient http_;
};

TEST_F(DeliveryTest, SendsCloudTasksHeadersAndTheCredential) {
  std::mutex mu;
  std::vector<HttpRequest> seen;
  Serve([&](HttpRequest& r) {
    std::lock_guard lock(mu);
    seen.push_back(r);
    return seen.size() == 1 ? HttpResponse::Detail(503, "busy")
                            : HttpResponse::JsonBody(200, Json{{"status", "queued"}});
  });
  FakeClock clock(std::chrono::sys_days{std::chrono::year{2025} / 10 / 16});
  QueueConfig config;
  config.name = "form-sender-dispatcher";
  config.retry.min_backoff = seconds(5);
  StoreTaskQueue queue(db_->db(), clock, config);
  ASSERT_TRUE(queue.Create(Task("fs-20251016-12-4")).ok());
  TaskDeliverer deliverer(queue, http_, clock, Token, {.synchronous = true});
  EXPECT_EQ(*deliverer.Step(), 1);
  clock.Advance(seconds(5));
  EXPECT_EQ(*deliverer.Step(), 1);
  ASSERT_EQ(seen.size(), 2u);
  const HttpRequest& first = seen[0];
  EXPECT_EQ(first.method, "POST");
  EXPECT_EQ(first.path, "/v1/form-sender/tasks");
  EXPECT_EQ(first.body, R"({"targeting_id":12})");
  EXPECT_EQ(first.headers.Get("Authorization"), "Bearer embedded-token-123");
  EXPECT_EQ(first.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(first.headers.Get("User-Agent"), "Google-Cloud-Tasks");
  EXPECT_EQ(first.headers.Get("X-CloudTasks-QueueName"), "form-sender-dispatcher");
  EXPECT_EQ(first.headers.Get("X-CloudTasks-TaskName"), "fs-20251016-12-4");
  EXPECT_EQ(first.headers.Get("X-CloudTasks-TaskRetryCount"), "0");
  EXPECT_EQ(first.headers.Get("X-CloudTasks-TaskExecutionCount"), "0");
  EXPECT_EQ(first.headers.Get("X-CloudTasks-TaskETA"),
            std::to_string(ToUnixSeconds(clock.Now() - seconds(5))) + ".000000");
  EXPECT_FALSE(first.headers.Has("X-CloudTasks-TaskPreviousResponse"));
  const HttpRequest& second = seen[1];
  EXPECT_EQ(second.headers.Get("X-CloudTasks-TaskRetryCount"), "1");
  EXPECT_EQ(second.headers.Get("X-CloudTasks-TaskExecutionCount"), "1");
  EXPECT_EQ(second.headers.Get("X-CloudTasks-TaskPreviousResponse"), "503");
  EXPECT_NE(second.headers.Get("X-CloudTasks-TaskRetryReason")->find("HTTP 503"),
            std::string::npos);
  EXPECT_EQ(deliverer.stats().delivered, 1);
  EXPECT_EQ(deliverer.stats().failed_attempts, 1);
  EXPECT_TRUE(queue.List({})->empty());
}

TEST_F(DeliveryTest, ACredentialFailureIsAFailedAttempt) {
  std::atomic<int> hits{0};
  Serve([&](HttpRequest&) {
    ++hits;
    return HttpResponse::Text(200, "ok");
  });
  FakeClock clock(std::chrono::sys_days{std::chrono::year{2025} / 10 / 16});
  StoreTaskQueue queue(db_->db(), clock, QueueConfig{});
  ASSERT_TRUE(queue.Create(Task("t1")).ok());
  TaskDeliverer deliverer(
      queue, http_, clock,
      [](const TaskAuth&) -> Result<std::string> { return Status::Unavailable("no token"); },
      {.synchronous = true});
  EXPECT_EQ(*deliverer.Step(), 1);
  EXPECT_EQ(hits.load(), 0);
  auto t = (*queue.List({}))[0];
  EXPECT_EQ(t.dispatch_count, 1);
  EXPECT_NE(t.last_error.find("no credential"), std::string::npos);
}

// max_dispatches_per_second = 10 → bucket of 2, refilled at 10/s.
TEST_F(DeliveryTest, RateLimitIsATokenBucket) {
  std::atomic<int> hits{0};
  Serve([&](HttpRequest&) {
    ++hits;
    return HttpResponse::Text(200, "ok");
  });
  FakeClock clock(std::chrono::sys_days{std::chrono::year{2025} / 10 / 16});
  QueueConfig config;
  config.rate_limits.max_dispatches_per_second = 10;
  StoreTaskQueue queue(db_->db(), clock, config);
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(queue.Create(Task("t" + std::to_string(i))).ok());
  TaskDeliverer deliverer(queue, http_, clock, Token, {.synchronous = true});
  EXPECT_EQ(*deliverer.Step(), 2);  // the burst
  EXPECT_EQ(*deliverer.Step(), 0);  // no token left at the same instant
  clock.Advance(milliseconds(100));
  EXPECT_EQ(*deliverer.Step(), 1);
  clock.Advance(seconds(1));  // 10 tokens' worth, but the bucket holds 2
  EXPECT_EQ(*deliverer.Step(), 2);
  int total = 5;
  for (int i = 0; i < 10; ++i) {
    clock.Advance(milliseconds(200));
    total += static_cast<int>(*deliverer.Step());
  }
  EXPECT_EQ(total, 25);  // 2 per 200 ms = 10 per second
  EXPECT_EQ(hits.load(), 25);
}

TEST_F(DeliveryTest, NeverMoreThanMaxConcurrentDispatches) {
  std::mutex mu;
  std::condition_variable cv;
  int running = 0, peak = 0, done = 0;
  bool release = false;
  Serve([&](HttpRequest&) {
    std::unique_lock lock(mu);
    ++running;
    peak = std::max(peak, running);
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
    --running;
    ++done;
    cv.notify_all();
    return HttpResponse::Text(200, "ok");
  });
  SystemClock clock;
  QueueConfig config;
  config.rate_limits.max_concurrent_dispatches = 3;
  StoreTaskQueue queue(db_->db(), clock, config);
  for (int i = 0; i < 12; ++i) ASSERT_TRUE(queue.Create(Task("t" + std::to_string(i))).ok());
  TaskDeliverer deliverer(queue, http_, clock, Token, {.idle_poll = milliseconds(5)});
  deliverer.Start();
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, seconds(60), [&] { return running == 3; }));
  }
  // Three are held at the receiver: whatever the deliverer does meanwhile, it leases no more.
  for (int i = 0; i < 20; ++i) {
    deliverer.Poke();
    auto stats = queue.Stats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->dispatching, 3);
    EXPECT_EQ(deliverer.stats().in_flight, 3);
  }
  {
    std::unique_lock lock(mu);
    release = true;
    cv.notify_all();
    ASSERT_TRUE(cv.wait_for(lock, seconds(60), [&] { return done == 12; }));
  }
  deliverer.Stop(seconds(5));
  EXPECT_EQ(peak, 3);
  EXPECT_EQ(deliverer.stats().delivered, 12);
}

TEST_F(DeliveryTest, StopCutsOffAHangingDeliveryAndTheTaskIsRetriedLater) {
  std::mutex mu;
  std::condition_variable cv;
  bool arrived = false, finish = false;
  Serve([&](HttpRequest&) {
    std::unique_lock lock(mu);
    arrived = true;
    cv.notify_all();
    cv.wait(lock, [&] { return finish; });
    return HttpResponse::Text(200, "too late");
  });
  SystemClock clock;
  StoreTaskQueue queue(db_->db(), clock, QueueConfig{});
  ASSERT_TRUE(queue.Create(Task("hang")).ok());
  TaskDeliverer deliverer(queue, http_, clock, Token, {.idle_poll = milliseconds(20)});
  deliverer.Start();
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, seconds(30), [&] { return arrived; }));
  }
  deliverer.Stop(milliseconds(0));
  {
    std::lock_guard lock(mu);
    finish = true;
  }
  cv.notify_all();
  auto t = queue.List({});
  ASSERT_EQ(t->size(), 1u);
  EXPECT_EQ((*t)[0].state, TaskState::kPending);
  EXPECT_EQ((*t)[0].dispatch_count, 1);
  EXPECT_NE((*t)[0].last_error.find("CANCELLED"), std::string::npos) << (*t)[0].last_error;
  EXPECT_EQ(deliverer.stats().in_flight, 0);
}

}  // namespace
}  // namespace formsender::tasks

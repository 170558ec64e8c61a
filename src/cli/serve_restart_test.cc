// Process-level test of the embedded task queue across a crash: `formsender serve` is killed
// with SIGKILL while tasks wait and deliveries are in flight; a new serve on the same database
// delivers every task, and none whose answer reached the deliverer is delivered again.
#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <mutex>

#include "cli/cli_test_support.h"
#include "common/http_server.h"
#include "common/json.h"
#include "store/testing.h"
#include "tasks/store_task_queue.h"

namespace formsender::cli {
namespace {

using namespace std::chrono_literals;

// The handler the tasks target. While `holding`, requests wait (deliveries in flight) until
// Release(); a request answered after the serve that sent it was killed is not counted as
// answered, since no serve could read the answer.
class TaskTarget {
 public:
  TaskTarget()
      : server_(HttpServerOptions{.max_connections = 256},
                [this](HttpRequest& req) { return Handle(req); }) {}
  Status Start() { return server_.Start(); }
  void Stop() { server_.Stop(); }
  std::string url() const { return server_.base_url() + "/task"; }

  void Hold(bool holding) {
    std::lock_guard lock(mu_);
    holding_ = holding;
    cv_.notify_all();
  }
  // The serve that sends the current requests died: what it waits for is never read.
  void ServeDied() {
    std::lock_guard lock(mu_);
    ++generation_;
    holding_ = false;
    cv_.notify_all();
  }
  bool WaitHeld(int count, std::chrono::seconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return held_ >= count; });
  }
  bool WaitAnswered(size_t distinct, std::chrono::seconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return answered_.size() >= distinct; });
  }
  std::map<std::string, int> answered() const {
    std::lock_guard lock(mu_);
    return answered_;
  }
  std::map<std::string, int> max_retry_count() const {
    std::lock_guard lock(mu_);
    return max_retry_count_;
  }
  int held() const {
    std::lock_guard lock(mu_);
    return held_;
  }

 private:
  HttpResponse Handle(HttpRequest& req) {
    std::string name = req.headers.Get("X-CloudTasks-TaskName").value_or("");
    int retry = std::atoi(req.headers.Get("X-CloudTasks-TaskRetryCount").value_or("0").c_str());
    std::unique_lock lock(mu_);
    int generation = generation_;
    max_retry_count_[name] = std::max(max_retry_count_[name], retry);
    if (holding_) {
      ++held_;
      cv_.notify_all();
      cv_.wait(lock, [&] { return !holding_; });
    }
    if (generation == generation_) ++answered_[name];
    cv_.notify_all();
    return HttpResponse::Text(200, "ok");
  }

  HttpServer server_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool holding_ = false;
  int generation_ = 0;
  int held_ = 0;
  std::map<std::string, int> answered_;
  std::map<std::string, int> max_retry_count_;
};

class ServeRestartTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    const char* bin = std::getenv("FORMSENDER_BINARY");
    ASSERT_NE(bin, nullptr) << "FORMSENDER_BINARY not set";
    binary_ = bin;
    data_dir_ = std::filesystem::temp_directory_path() / ("fs-serve-restart-" + RandomHexToken(6));
    std::filesystem::create_directories(data_dir_);
  }
  void TearDown() override {
    std::error_code ec;
    if (!data_dir_.empty()) std::filesystem::remove_all(data_dir_, ec);
  }

  std::unique_ptr<ServeProcess> StartServe() {
    auto serve = std::make_unique<ServeProcess>(
        std::vector<std::string>{binary_, "--json", "--data-dir", data_dir_.string(), "serve",
                                 "--listen", "127.0.0.1:0"},
        std::map<std::string, std::string>{
            {"FORMSENDER_DATABASE_URL", test_db().url()},
            {"FORMSENDER_TASKS_MAX_CONCURRENT_DISPATCHES", std::to_string(kInFlight)},
            // The reclaimed attempts come back within a second.
            {"FORMSENDER_TASKS_MIN_BACKOFF_SECONDS", "0.1"},
            {"FORMSENDER_TASKS_MAX_BACKOFF_SECONDS", "1"}});
    auto started = ParseJson(serve->ReadLine());
    if (!started.ok()) {
      ADD_FAILURE() << "serve did not start";
      return nullptr;
    }
    return serve;
  }

  static constexpr int kInFlight = 20;
  static constexpr int kQueued = 500;
  static constexpr int kAnsweredBefore = 100;
  std::string binary_;
  std::filesystem::path data_dir_;
};

TEST_P(ServeRestartTest, ASigkilledServeLosesNoTaskAndRepeatsNoAnsweredOne) {
  TaskTarget target;
  ASSERT_TRUE(target.Start().ok());
  // The queue is the one serve runs (the default name), in the same database.
  SystemClock clock;
  tasks::StoreTaskQueue queue(db(), clock, tasks::QueueConfig{});
  const int total = kAnsweredBefore + kInFlight + kQueued;
  auto create = [&](int from, int to) {
    for (int i = from; i < to; ++i) {
      tasks::NewTask task;
      task.task_id = "restart-" + std::to_string(i);
      task.url = target.url();
      task.body = "{}";
      ASSERT_TRUE(queue.Create(task).ok()) << i;
    }
  };

  // The first tasks are answered at once; then every request is held, so that when serve dies
  // each answered attempt is already recorded and exactly kInFlight deliveries hang.
  create(0, kAnsweredBefore);
  auto serve = StartServe();
  ASSERT_TRUE(serve);
  ASSERT_TRUE(target.WaitAnswered(kAnsweredBefore, 60s)) << target.answered().size();
  target.Hold(true);
  create(kAnsweredBefore, total);
  ASSERT_TRUE(target.WaitHeld(kInFlight, 60s)) << target.held();
  std::this_thread::sleep_for(300ms);  // no 21st delivery starts: the slots are full
  EXPECT_EQ(target.held(), kInFlight);
  serve.reset();  // SIGKILL and wait
  target.ServeDied();

  auto stats = queue.Stats();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->succeeded, kAnsweredBefore);
  EXPECT_EQ(stats->dispatching, kInFlight);
  EXPECT_EQ(stats->pending, kQueued);

  auto restarted = StartServe();
  ASSERT_TRUE(restarted);
  ASSERT_TRUE(target.WaitAnswered(total, 120s)) << target.answered().size() << " of " << total;
  // Let a duplicate delivery, if any were coming, arrive.
  std::this_thread::sleep_for(1s);
  int held_again = 0;
  for (const auto& [name, count] : target.answered()) {
    EXPECT_EQ(count, 1) << name << " was answered " << count << " times";
    if (target.max_retry_count()[name] > 0) ++held_again;
  }
  // Only the deliveries cut off by the crash were attempted again.
  EXPECT_EQ(held_again, kInFlight);
  EXPECT_EQ(target.answered().size(), static_cast<size_t>(total));
  stats = queue.Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->succeeded, total);
  EXPECT_EQ(stats->pending + stats->dispatching + stats->failed, 0);
  EXPECT_EQ(restarted->Terminate(), 0);
  target.Stop();
}

FS_INSTANTIATE_BACKEND_TEST(ServeRestartTest);

}  // namespace
}  // namespace formsender::cli

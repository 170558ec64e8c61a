// What happens when Chromium or a page misbehaves: crashes, pages that never load, scripts that
// never yield, a full pool, shutdown, and owners that die without cleaning up.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <thread>

#include "browser/browser_pool.h"
#include "browser/process_stats.h"
#include "browser/sample_forms.h"
#include "browser/testing.h"

namespace formsender::browser {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

// Polls (up to ~15 s) until no process of the group is left; returns what is left.
std::vector<pid_t> WaitForGroupGone(pid_t pgid) {
  std::vector<pid_t> left = ProcessesInGroup(pgid);
  for (int i = 0; i < 300 && !left.empty(); ++i) {
    std::this_thread::sleep_for(milliseconds(50));
    left = ProcessesInGroup(pgid);
  }
  return left;
}

class BrowserFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FS_REQUIRE_BROWSER();
    ASSERT_TRUE(sites_.Start().ok());
  }
  SampleSites sites_;
};

TEST_F(BrowserFailureTest, ChromiumKilledMidPageFailsTheCallAndThePoolRestarts) {
  BrowserPool pool(LoopbackBrowserOptions(), nullptr);
  auto session = pool.OpenSession(SessionOptions{"crash"});
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  pid_t first = pool.Stats().pid;
  ASSERT_GT(first, 0);

  auto pending = std::async(std::launch::async,
                            [&] { return (*session)->Render(sites_.Url("/hold"), StepOptions{}); });
  ASSERT_TRUE(sites_.WaitForHeld(std::chrono::seconds(30)));  // the page is mid-load
  ASSERT_EQ(::kill(first, SIGKILL), 0);
  auto failed = pending.get();
  sites_.ReleaseHeld();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable) << failed.status().ToString();
  EXPECT_NE(failed.status().message().find("chromium"), std::string::npos)
      << failed.status().ToString();
  // The dead browser's whole process group goes with it.
  EXPECT_TRUE(WaitForGroupGone(first).empty());
  // Later calls on the broken session fail the same clear way.
  EXPECT_EQ((*session)->Render(sites_.Url("/thanks"), StepOptions{}).status().code(),
            StatusCode::kUnavailable);
  session->reset();

  auto next = pool.OpenSession(SessionOptions{"after-crash"});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  auto page = (*next)->Render(sites_.FormUrl(SampleForm::kCf7), StepOptions{});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  BrowserStats stats = pool.Stats();
  EXPECT_NE(stats.pid, first);
  EXPECT_EQ(stats.launches, 2);
  EXPECT_EQ(stats.crashes, 1);
}

TEST_F(BrowserFailureTest, PageThatNeverFinishesLoadingTimesOut) {
  BrowserPool pool(LoopbackBrowserOptions(), nullptr);
  auto session = pool.OpenSession(SessionOptions{"slow"});
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  StepOptions step;
  step.timeout = milliseconds(2500);
  auto start = std::chrono::steady_clock::now();
  auto page = (*session)->Render(sites_.Url("/slow"), step);
  auto took = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kDeadlineExceeded) << page.status().ToString();
  RecordProperty("slow_page_ms", static_cast<int>(took.count()));
  // The same session goes on to the next page.
  auto next = (*session)->Render(sites_.Url("/thanks"), StepOptions{});
  EXPECT_TRUE(next.ok()) << next.status().ToString();
}

TEST_F(BrowserFailureTest, ScriptThatNeverYieldsTimesOutAndThePoolStaysUsable) {
  BrowserPool pool(LoopbackBrowserOptions(), nullptr);
  {
    auto session = pool.OpenSession(SessionOptions{"busy"});
    ASSERT_TRUE(session.ok()) << session.status().ToString();
    StepOptions step;
    step.timeout = milliseconds(3000);
    auto page = (*session)->Render(sites_.Url("/busy"), step);
    ASSERT_FALSE(page.ok());
    EXPECT_EQ(page.status().code(), StatusCode::kDeadlineExceeded) << page.status().ToString();
  }
  auto session = pool.OpenSession(SessionOptions{"after-busy"});
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  auto page = (*session)->Render(sites_.FormUrl(SampleForm::kToken), StepOptions{});
  EXPECT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(pool.Stats().crashes, 0);
}

TEST_F(BrowserFailureTest, PoolBoundsPagesInUse) {
  BrowserOptions options = LoopbackBrowserOptions();
  options.max_pages = 1;
  options.acquire_timeout = milliseconds(300);
  BrowserPool pool(options, nullptr);
  auto first = pool.OpenSession(SessionOptions{"one"});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = pool.OpenSession(SessionOptions{"two"});
  EXPECT_EQ(second.status().code(), StatusCode::kResourceExhausted) << second.status().ToString();
  EXPECT_EQ(pool.Stats().sessions_open, 1);
  first->reset();
  auto third = pool.OpenSession(SessionOptions{"three"});
  EXPECT_TRUE(third.ok()) << third.status().ToString();
}

TEST_F(BrowserFailureTest, ShutdownLeavesNoProcessAndNoProfile) {
  fs::path temp = fs::temp_directory_path() / ("fs-browser-shutdown-" + std::to_string(getpid()));
  fs::create_directories(temp);
  BrowserOptions options = LoopbackBrowserOptions();
  options.chromium.temp_dir = temp.string();
  BrowserPool pool(options, nullptr);
  auto session = pool.OpenSession(SessionOptions{"x"});
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  ASSERT_TRUE((*session)->Render(sites_.Url("/thanks"), StepOptions{}).ok());
  BrowserStats stats = pool.Stats();
  ASSERT_GT(stats.pid, 0);
  EXPECT_GE(stats.processes, 2);  // the browser and at least a renderer
  EXPECT_GT(stats.rss_bytes, 0u);
  EXPECT_FALSE(fs::is_empty(temp));
  pool.Shutdown();
  EXPECT_EQ((*session)->Render(sites_.Url("/thanks"), StepOptions{}).status().code(),
            StatusCode::kCancelled);
  EXPECT_EQ(pool.OpenSession(SessionOptions{"late"}).status().code(), StatusCode::kCancelled);
  EXPECT_TRUE(WaitForGroupGone(stats.pid).empty());
  EXPECT_TRUE(fs::is_empty(temp));
  fs::remove_all(temp);
}

// A process owning a browser dies without any cleanup (SIGKILL) or by the default action of
// SIGTERM: no Chromium process may survive it, and the next owner removes its profile.
void ExpectNoSurvivors(int signal, const std::string& url) {
  fs::path temp = fs::temp_directory_path() /
                  ("fs-browser-owner-" + std::to_string(getpid()) + "-" + std::to_string(signal));
  fs::create_directories(temp);
  std::string helper =
      (fs::read_symlink("/proc/self/exe").parent_path() / "browser_owner_helper").string();
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  pid_t owner = fork();
  ASSERT_GE(owner, 0);
  if (owner == 0) {
    dup2(out[1], 1);
    close(out[0]);
    execl(helper.c_str(), helper.c_str(), url.c_str(), temp.c_str(), nullptr);
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
  close(out[0]);
  ASSERT_TRUE(line.starts_with("chromium ")) << "helper said: " << line;
  pid_t chromium = static_cast<pid_t>(std::stol(line.substr(9)));
  ASSERT_FALSE(ProcessesInGroup(chromium).empty());

  ASSERT_EQ(kill(owner, signal), 0);
  int status = 0;
  ASSERT_EQ(waitpid(owner, &status, 0), owner);
  EXPECT_TRUE(WIFSIGNALED(status));
  std::vector<pid_t> left = WaitForGroupGone(chromium);
  EXPECT_TRUE(left.empty()) << left.size() << " Chromium processes outlived their owner";
  EXPECT_FALSE(fs::is_empty(temp));  // nobody could remove the profile of a killed owner

  BrowserOptions options = LoopbackBrowserOptions();
  options.chromium.temp_dir = temp.string();
  BrowserPool next(options, nullptr);
  ASSERT_TRUE(next.Warm().ok());
  int profiles = 0;
  for (const auto& e : fs::directory_iterator(temp)) {
    (void)e;
    ++profiles;
  }
  EXPECT_EQ(profiles, 1);  // only the new owner's
  next.Shutdown();
  fs::remove_all(temp);
}

TEST_F(BrowserFailureTest, NoChromiumOutlivesAKilledOwner) {
  ExpectNoSurvivors(SIGKILL, sites_.FormUrl(SampleForm::kReact));
}

TEST_F(BrowserFailureTest, NoChromiumOutlivesATerminatedOwner) {
  ExpectNoSurvivors(SIGTERM, sites_.FormUrl(SampleForm::kCf7));
}

}  // namespace
}  // namespace formsender::browser

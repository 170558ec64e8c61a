#include "browser/chromium_process.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "browser/browser.h"

namespace formsender::browser {
namespace {

namespace fs = std::filesystem;

bool Has(const std::vector<std::string>& args, const std::string& flag) {
  return std::find(args.begin(), args.end(), flag) != args.end();
}

TEST(ChromiumProcessTest, CommandLineHasTheClosedNetworkFlags) {
  ChromiumOptions options;
  options.extra_args = {"--force-device-scale-factor=1"};
  auto args = ChromiumArguments("/x/chromium", "/tmp/p", options);
  EXPECT_EQ(args[0], "/x/chromium");
  for (const char* flag :
       {"--remote-debugging-pipe", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-quic", "--disable-dev-shm-usage", "--user-data-dir=/tmp/p", "--lang=ja-JP",
        "--force-device-scale-factor=1"}) {
    EXPECT_TRUE(Has(args, flag)) << flag;
  }
}

TEST(ChromiumProcessTest, ExplicitPathMustBeAnExecutable) {
  auto missing = ResolveChromiumExecutable("/nonexistent/chromium");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("/nonexistent/chromium"), std::string::npos);
  std::string plain =
      (fs::temp_directory_path() / ("fs-plain-" + std::to_string(getpid()))).string();
  std::ofstream(plain) << "not a program\n";
  fs::permissions(plain, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(ResolveChromiumExecutable(plain).status().code(), StatusCode::kNotFound);
  fs::remove(plain);
}

TEST(ChromiumProcessTest, DebianWrapperScriptsAreUnwrapped) {
  if (!fs::exists("/usr/lib/chromium/chromium-headless-shell")) GTEST_SKIP() << "no Debian build";
  auto real = ResolveChromiumExecutable("/usr/bin/chromium-headless-shell");
  ASSERT_TRUE(real.ok());
  EXPECT_EQ(*real, "/usr/lib/chromium/chromium-headless-shell");
}

class FakeChromium : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fs-fake-chromium-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // A script standing in for Chromium; it is not a Debian wrapper, so it runs as given.
  std::string Script(const std::string& body) {
    std::string path = (dir_ / "fake-chromium").string();
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    fs::permissions(path, fs::perms::owner_all);
    return path;
  }
  fs::path dir_;
};

TEST_F(FakeChromium, EnvironmentIsScrubbed) {
  setenv("FORMSENDER_TEST_SECRET", "do-not-leak", 1);
  setenv("FONTCONFIG_PATH", "/etc/fonts", 1);
  std::string dump = (dir_ / "env.txt").string();
  ChromiumOptions options;
  options.executable = Script("env > " + dump);
  options.temp_dir = dir_.string();
  auto p = ChromiumProcess::Launch(options, nullptr);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_TRUE((*p)->WaitForExit(std::chrono::seconds(10)));
  EXPECT_EQ((*p)->ExitDescription(), "exited with status 0");
  std::ifstream in(dump);
  std::string env((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(env.find("FORMSENDER_TEST_SECRET"), std::string::npos) << env;
  EXPECT_NE(env.find("TZ=Asia/Tokyo"), std::string::npos) << env;
  EXPECT_NE(env.find("FONTCONFIG_PATH=/etc/fonts"), std::string::npos) << env;
  EXPECT_NE(env.find("HOME=" + dir_.string() + "/formsender-chromium-"), std::string::npos) << env;
  unsetenv("FORMSENDER_TEST_SECRET");
  unsetenv("FONTCONFIG_PATH");
  (*p)->Terminate(std::chrono::milliseconds(0));
  // The profile folder is gone with the process.
  int left = 0;
  for (const auto& e : fs::directory_iterator(dir_)) {
    if (e.path().filename().string().starts_with("formsender-chromium-")) ++left;
  }
  EXPECT_EQ(left, 0);
}

TEST_F(FakeChromium, BrowserThatExitsAtOnceIsAClearError) {
  ChromiumOptions options;
  options.executable = Script("echo 'cannot open display' >&2; exit 3");
  options.temp_dir = dir_.string();
  auto b = Browser::Launch(options, std::chrono::seconds(10), nullptr);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(b.status().message().find("did not start"), std::string::npos) << b.status().message();
  EXPECT_NE(b.status().message().find("exited with status 3"), std::string::npos)
      << b.status().message();
  EXPECT_NE(b.status().message().find("cannot open display"), std::string::npos)
      << b.status().message();
}

TEST_F(FakeChromium, BrowserThatNeverAnswersTimesOut) {
  ChromiumOptions options;
  options.executable = Script("exec sleep 60");
  options.temp_dir = dir_.string();
  auto b = Browser::Launch(options, std::chrono::milliseconds(300), nullptr);
  EXPECT_EQ(b.status().code(), StatusCode::kDeadlineExceeded) << b.status().ToString();
}

}  // namespace
}  // namespace formsender::browser

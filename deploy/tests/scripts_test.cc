// Every shell script of the kit and of scripts/ parses (bash -n) and passes shellcheck.
#include <gtest/gtest.h>

#include "deploy/tests/deploy_test_util.h"

namespace formsender::deploy_test {
namespace {

namespace fs = std::filesystem;

// Shell scripts: *.sh under deploy/, and every file of scripts/ that starts with a bash
// shebang.
std::vector<fs::path> Scripts() {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(SourceDir() / "deploy")) {
    if (e.is_regular_file() && e.path().extension() == ".sh") out.push_back(e.path());
  }
  for (const auto& e : fs::directory_iterator(SourceDir() / "scripts")) {
    if (e.is_regular_file() && ReadFile(e.path()).starts_with("#!/usr/bin/env bash")) {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ScriptsTest, TheKitHasItsScripts) {
  std::vector<fs::path> scripts = Scripts();
  EXPECT_NE(std::find(scripts.begin(), scripts.end(), SourceDir() / "deploy/gcp/setup.sh"),
            scripts.end());
  EXPECT_NE(std::find(scripts.begin(), scripts.end(), SourceDir() / "scripts/install-deps"),
            scripts.end());
  for (const fs::path& s : scripts) {
    EXPECT_TRUE((fs::status(s).permissions() & fs::perms::owner_exec) != fs::perms::none)
        << s << " is not executable";
  }
}

TEST(ScriptsTest, BashParsesEveryScript) {
  for (const fs::path& s : Scripts()) {
    CommandResult r = RunTool({"bash", "-n", s.string()});
    EXPECT_EQ(r.exit_code, 0) << s << ":\n" << r.err;
  }
}

TEST(ScriptsTest, ShellcheckFindsNothing) {
  // scripts/install-deps installs shellcheck (a Debian package); CI runs it first.
  ASSERT_TRUE(HaveTool("shellcheck")) << "shellcheck is missing: run scripts/install-deps";
  std::vector<std::string> argv = {"shellcheck", "--shell=bash", "--external-sources"};
  for (const fs::path& s : Scripts()) argv.push_back(s.string());
  CommandOptions options;
  options.cwd = SourceDir().string();
  CommandResult r = RunTool(argv, options);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace formsender::deploy_test

// deploy/systemd: the unit passes systemd-analyze verify (with the paths of this build), runs
// `formsender serve` with a stop sequence that leaves formsender time to stop its tasks, and
// its environment file sets only variables formsender reads (and parses).
#include <gtest/gtest.h>

#include <fstream>

#include "common/strings.h"
#include "deploy/tests/deploy_test_util.h"
#include "settings/properties.h"

namespace formsender::deploy_test {
namespace {

namespace fs = std::filesystem;

TEST(SystemdTest, UnitVerifiesAndStopsGracefully) {
  std::string unit = ReadFile(SourceDir() / "deploy/systemd/formsender.service");
  EXPECT_NE(unit.find("ExecStart=/usr/local/bin/formsender serve\n"), std::string::npos);
  EXPECT_NE(unit.find("KillMode=mixed\n"), std::string::npos);
  EXPECT_NE(unit.find("User=formsender\n"), std::string::npos);
  // Longer than the local backend's default cancel grace (30 s) plus its own shutdown.
  auto timeout = unit.find("TimeoutStopSec=");
  ASSERT_NE(timeout, std::string::npos);
  EXPECT_GT(
      ParseInt64(unit.substr(timeout + 15, unit.find('\n', timeout) - timeout - 15)).value_or(0),
      30);
  if (!HaveTool("systemd-analyze")) GTEST_SKIP() << "systemd-analyze is not installed";
  fs::path dir = fs::temp_directory_path() / ("formsender-unit-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string local = unit;
  for (auto pos = local.find("/usr/local/bin/formsender"); pos != std::string::npos;
       pos = local.find("/usr/local/bin/formsender", pos)) {
    local.replace(pos, 25, Binary().string());
    pos += Binary().string().size();
  }
  std::string env_path = (SourceDir() / "deploy/systemd/formsender.env.example").string();
  local.replace(local.find("/etc/formsender/formsender.env"), 30, env_path);
  std::ofstream(dir / "formsender.service") << local;
  CommandResult r =
      RunTool({"systemd-analyze", "verify", "--man=no", (dir / "formsender.service").string()});
  fs::remove_all(dir);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.err.find("Unknown"), std::string::npos) << r.err;
}

TEST(SystemdTest, EnvironmentFileSetsOnlyWhatFormsenderReads) {
  auto vars = EnvFile(SourceDir() / "deploy/systemd/formsender.env.example");
  ASSERT_FALSE(vars.empty());
  std::set<std::string> read = VariablesFormsenderReads();
  MapEnvironment env;
  for (const auto& [name, value] : vars) {
    EXPECT_TRUE(read.count(name)) << name << " is not read by formsender";
    env.Set(name, value);
  }
  auto props = settings::Properties::Parse("", "", env);
  EXPECT_TRUE(props.ok()) << props.status().ToString();
  EXPECT_EQ(props->String("batch.backend"), "local");
}

}  // namespace
}  // namespace formsender::deploy_test

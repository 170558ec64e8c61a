// Process-level tests of `formsender serve`: the startup check.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "common/subprocess.h"

namespace formsender::cli {
namespace {

TEST(ServeCommandTest, ABadConfigurationNamesEveryProblemAndDoesNotStart) {
  const char* bin = std::getenv("FORMSENDER_BINARY");
  ASSERT_NE(bin, nullptr);
  char tmpl[] = "/tmp/fs-serve-cli-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  CommandOptions options;
  options.timeout = std::chrono::seconds(30);
  options.env = {{"FORMSENDER_DISPATCHER_AUTH", "oidc"},
                 {"FORMSENDER_DISPATCHER_ALLOWED_SERVICE_ACCOUNTS", kUnsetEnv},
                 {"FORMSENDER_PUBLIC_URL", "ftp://nowhere"},
                 {"FORMSENDER_DATABASE_URL", kUnsetEnv}};
  auto r = RunCommand({bin, "--data-dir", tmpl, "serve", "--listen", "127.0.0.1:0"}, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->exit_code, 2) << r->err;
  EXPECT_NE(r->err.find("FORMSENDER_DISPATCHER_ALLOWED_SERVICE_ACCOUNTS"), std::string::npos)
      << r->err;
  EXPECT_NE(r->err.find("FORMSENDER_PUBLIC_URL"), std::string::npos) << r->err;
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(tmpl) / "serve.json"));

  auto bad_listen = RunCommand({bin, "--data-dir", tmpl, "serve", "--listen", "nowhere"}, options);
  ASSERT_TRUE(bad_listen.ok());
  EXPECT_EQ(bad_listen->exit_code, 2) << bad_listen->err;
  std::error_code ec;
  std::filesystem::remove_all(tmpl, ec);
}

}  // namespace
}  // namespace formsender::cli

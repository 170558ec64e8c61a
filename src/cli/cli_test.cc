// Process-level tests of the formsender binary.
#include "cli/cli_test_support.h"
#include "common/json.h"
#include "common/subprocess.h"
#include "store/migrations.h"
#include "store/testing.h"

namespace formsender::cli {
namespace {

class CliTest : public BinaryTest {};

TEST_F(CliTest, HelpAndVersion) {
  auto help = Run({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("db"), std::string::npos);
  auto version = Run({"version", "--json"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(ParseJson(version.out)->contains("version"));
}

TEST_F(CliTest, UnknownFlagOrBadValueExitsTwoNamingIt) {
  auto r = Run({"db", "status", "--no-such-flag"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--no-such-flag"), std::string::npos) << r.err;
  auto level = Run({"--log-level", "loud", "version"});
  EXPECT_EQ(level.exit_code, 2);
  EXPECT_NE(level.err.find("--log-level"), std::string::npos) << level.err;
  auto url = Run({"--database-url", "mysql://x", "db", "status"});
  EXPECT_EQ(url.exit_code, 2);
  EXPECT_NE(url.err.find("database_url"), std::string::npos) << url.err;
  auto none = Run({});
  EXPECT_EQ(none.exit_code, 2);
}

TEST_F(CliTest, MigrateCreatesTheDefaultSqliteDatabaseOnce) {
  auto first = Run({"db", "migrate"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("applied 0001_init"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir_ / "data" / "formsender.db"));
  auto perms = std::filesystem::status(dir_ / "data").permissions();
  EXPECT_EQ(perms & std::filesystem::perms::others_all, std::filesystem::perms::none);
  auto second = Run({"db", "migrate"});
  ASSERT_EQ(second.exit_code, 0);
  EXPECT_NE(second.out.find("schema is current"), std::string::npos);
  auto status = Run({"--json", "db", "status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  Json j = *ParseJson(status.out);
  EXPECT_EQ(j["pending"], 0);
  EXPECT_EQ(j["dialect"], "sqlite");
}

TEST_F(CliTest, MigrateOnPostgres) {
  auto pg = store::TestDatabase::Create(store::TestBackend::kPostgres, /*migrate=*/false);
  if (!pg.ok()) {
    if (store::PostgresRequired()) FAIL() << pg.status().ToString();
    GTEST_SKIP() << "PostgreSQL not configured";
  }
  auto first = Run({"--database-url", (*pg)->url(), "--json", "db", "migrate"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ((*ParseJson(first.out))["applied"].size(),
            store::BuiltinMigrations(store::Dialect::kPostgres).size());
  auto second = Run({"--database-url", (*pg)->url(), "--json", "db", "migrate"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_TRUE((*ParseJson(second.out))["applied"].empty());
}

TEST_F(CliTest, UnreachablePostgresExitsThree) {
  auto r = Run({"--database-url", "postgresql://u:pw12345678@127.0.0.1:1/x?connect_timeout=2", "db",
                "status"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err.find("pw12345678"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace formsender::cli

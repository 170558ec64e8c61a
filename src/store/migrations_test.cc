#include "store/migrations.h"

#include <gtest/gtest.h>

#include "store/testing.h"

namespace formsender::store {
namespace {

class MigrationsTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    auto created = TestDatabase::Create(GetParam(), /*migrate=*/false);
    if (!created.ok()) {
      if (GetParam() == TestBackend::kPostgres && !PostgresRequired()) GTEST_SKIP();
      FAIL() << created.status().ToString();
    }
    test_db_ = std::move(*created);
  }
  Database& db() { return test_db_->db(); }
  FakeClock clock_{TimePoint(std::chrono::seconds(1'800'000'000))};
  std::unique_ptr<TestDatabase> test_db_;
};

const std::vector<std::string> kTables = {"companies",        "companies_extra",
                                          "send_queue",       "send_queue_test",
                                          "send_queue_extra", "submissions",
                                          "submissions_test", "submissions_extra",
                                          "job_executions",   "job_execution_attempts",
                                          "targeting",        "clients",
                                          "send_ledger",      "task_queue",
                                          "triggers",         "script_state"};

TEST_P(MigrationsTest, CreatesEveryTableAndIsIdempotent) {
  auto migrations = BuiltinMigrations(db().dialect());
  ASSERT_FALSE(migrations.empty());
  auto first = Migrate(db(), migrations, clock_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->size(), migrations.size());
  for (const auto& table : kTables) {
    EXPECT_TRUE(db().Query("SELECT count(*) AS n FROM " + table).ok()) << table;
  }
  auto second = Migrate(db(), migrations, clock_);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->empty());
  auto status = MigrationStatus(db(), migrations);
  ASSERT_TRUE(status.ok());
  for (const auto& s : *status) EXPECT_TRUE(s.applied) << s.migration.name;
}

TEST_P(MigrationsTest, FailingMigrationLeavesTheDatabaseAsItWas) {
  auto migrations = BuiltinMigrations(db().dialect());
  ASSERT_TRUE(Migrate(db(), migrations, clock_).ok());
  Migration bad;
  bad.version = 999999;
  bad.name = "999999_broken";
  bad.sql = "CREATE TABLE half_done (x integer); INSERT INTO no_such_table VALUES (1);";
  bad.checksum = "x";
  migrations.push_back(bad);
  auto r = Migrate(db(), migrations, clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("999999_broken"), std::string::npos);
  EXPECT_FALSE(db().Query("SELECT * FROM half_done").ok());
  auto status = MigrationStatus(db(), migrations);
  ASSERT_TRUE(status.ok());
  EXPECT_FALSE(status->back().applied);
}

TEST_P(MigrationsTest, EditedMigrationIsRefused) {
  auto migrations = BuiltinMigrations(db().dialect());
  ASSERT_TRUE(Migrate(db(), migrations, clock_).ok());
  migrations.front().checksum = "edited";
  auto r = MigrationStatus(db(), migrations);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
}

// Metadata patches merge in the database: fs_jsonb_deep_merge on PostgreSQL, json_patch with the
// nulls stripped on SQLite. Both must equal the reference semantics (DeepMergeSkippingNulls).
TEST_P(MigrationsTest, JsonDeepMergeMatchesTheReferenceSemantics) {
  ASSERT_TRUE(Migrate(db(), BuiltinMigrations(db().dialect()), clock_).ok());
  Json base = *ParseJson(
      R"({"batch": {"job_name": "j", "monitor": {"state": "scheduled"}}, "x": 1, "s": 5})");
  Json patch = *ParseJson(
      R"({"batch": {"monitor": {"state": "RUNNING"}, "job_name": null}, "x": null, "y": [1], "s": {"a": 1, "b": null}})");
  auto r = db().dialect() == Dialect::kPostgres
               ? db().Query("SELECT fs_jsonb_deep_merge($1::jsonb, $2::jsonb) AS m",
                            {DumpJson(base), DumpJson(patch)})
               : db().Query("SELECT json_patch($1, $2) AS m",
                            {DumpJson(base), DumpJson(StripNulls(patch))});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->front().JsonValue("m"), DeepMergeSkippingNulls(base, patch));
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationsTest,
                         ::testing::Values(TestBackend::kSqlite, TestBackend::kPostgres),
                         TestBackendName);

}  // namespace
}  // namespace formsender::store

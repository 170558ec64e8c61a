#include "store/database.h"

#include <gtest/gtest.h>

#include <thread>

#include "common/time.h"
#include "store/testing.h"

namespace formsender::store {
namespace {

class DatabaseTest : public BackendTest {};

TEST_P(DatabaseTest, RoundTripsEveryType) {
  auto t = *ParseIsoTimestamp("2026-11-30T00:30:00.123456Z");
  ASSERT_TRUE(
      db().Query("INSERT INTO companies (id, company_name, average_age, black, "
                 "analyzer_queued_at, established_month) VALUES ($1, $2, $3, $4, $5, $6)",
                 {int64_t{9007199254740993}, "株式会社テスト", 34.5, true, SqlValue::Time(t), 3})
          .ok());
  auto r = db().Query(
      "SELECT id, company_name, average_age, black, analyzer_queued_at, form_url, "
      "established_month FROM companies WHERE id = $1",
      {int64_t{9007199254740993}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  Row row = r->front();
  EXPECT_EQ(row.Int("id"), 9007199254740993);
  EXPECT_EQ(row.Text("company_name"), "株式会社テスト");
  EXPECT_DOUBLE_EQ(*row.OptDouble("average_age"), 34.5);
  EXPECT_EQ(row.OptBool("black"), true);
  EXPECT_EQ(row.OptTime("analyzer_queued_at"), t);
  EXPECT_TRUE(row.IsNull("form_url"));
  EXPECT_EQ(row.Int("established_month"), 3);
}

// Whole numbers as either backend spells them; anything else is not an integer (never a cast
// of NaN, infinity or a number beyond a bigint).
TEST(RowTest, OptIntTakesOnlyWholeNumbersABigintHolds) {
  QueryResult r;
  r.columns = {"v"};
  for (const char* text : {"42", "-7", "3.0", "nan", "inf", "-inf", "1e30", "2.5", "x", ""}) {
    r.rows.push_back({std::string(text)});
  }
  r.rows.push_back({std::nullopt});
  std::vector<std::optional<int64_t>> got;
  for (Row row : r) got.push_back(row.OptInt("v"));
  EXPECT_EQ(got, (std::vector<std::optional<int64_t>>{42, -7, 3, std::nullopt, std::nullopt,
                                                      std::nullopt, std::nullopt, std::nullopt,
                                                      std::nullopt, std::nullopt, std::nullopt}));
}

TEST_P(DatabaseTest, AffectedRowsAndReturning) {
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(db().Execute("INSERT INTO companies (id) VALUES ($1)", {i}).ok());
  }
  EXPECT_EQ(*db().Execute("UPDATE companies SET black = $1 WHERE id >= $2", {true, 2}), 2);
  auto r = db().Query("UPDATE companies SET black = NULL WHERE id = $1 RETURNING id", {3});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->front().Int("id"), 3);
  EXPECT_EQ(r->affected_rows, 1);
}

TEST_P(DatabaseTest, UniqueViolationIsConflictAndNamesTheStatement) {
  ASSERT_TRUE(db().Execute("INSERT INTO companies (id) VALUES ($1)", {1}).ok());
  auto r = db().Execute("INSERT INTO companies (id) VALUES ($1)", {1});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_NE(r.status().message().find("INSERT INTO companies"), std::string::npos);
  auto bad = db().Query("SELEC nothing");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("SELEC nothing"), std::string::npos);
}

TEST_P(DatabaseTest, CheckViolationIsInvalidArgument) {
  auto r = db().Execute(
      "INSERT INTO send_queue (target_date_jst, targeting_id, company_id, status) "
      "VALUES ($1, $2, $3, $4)",
      {"2026-11-30", 1, 1, "bogus"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST_P(DatabaseTest, TransactionCommitsOrRollsBack) {
  Status failed = db().Transaction([](Connection& c) -> Status {
    FS_RETURN_IF_ERROR(c.Execute("INSERT INTO companies (id) VALUES ($1)", {1}).status());
    return Status::Internal("changed my mind");
  });
  EXPECT_EQ(failed.code(), StatusCode::kInternal);
  EXPECT_TRUE(db().Query("SELECT id FROM companies")->empty());
  Status ok = db().Transaction([](Connection& c) -> Status {
    FS_RETURN_IF_ERROR(c.Execute("INSERT INTO companies (id) VALUES ($1)", {1}).status());
    return c.Execute("INSERT INTO companies (id) VALUES ($1)", {2}).status();
  });
  EXPECT_TRUE(ok.ok()) << ok.ToString();
  EXPECT_EQ(db().Query("SELECT id FROM companies")->size(), 2u);
}

TEST_P(DatabaseTest, ConcurrentWritersAllLand) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        Status s = db().Transaction([&](Connection& c) {
          return c.Execute("INSERT INTO companies (id) VALUES ($1)", {t * 1000 + i}).status();
        });
        EXPECT_TRUE(s.ok()) << s.ToString();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(db().Query("SELECT count(*) AS n FROM companies")->front().Int("n"), 100);
}

TEST_P(DatabaseTest, JsonRoundTrip) {
  Json meta = {{"batch", {{"job_name", "projects/p/jobs/j"}, {"task_count", 2}}}};
  ASSERT_TRUE(db().Execute("INSERT INTO job_executions (execution_id, targeting_id, metadata) "
                           "VALUES ($1, $2, $3)",
                           {"e1", 5, SqlValue::JsonText(meta)})
                  .ok());
  auto r = db().Query("SELECT metadata FROM job_executions WHERE execution_id = $1", {"e1"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->front().JsonValue("metadata"), meta);
}

FS_INSTANTIATE_BACKEND_TEST(DatabaseTest);

TEST(OpenDatabaseTest, RejectsUnknownSchemes) {
  auto r = OpenDatabase("mysql://x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(OpenDatabase("sqlite:///no/such/dir/x.db").ok());
}

TEST(OpenDatabaseTest, PostgresUnreachableIsUnavailableAndRedacted) {
  auto r = OpenDatabase("postgresql://u:hunter2@127.0.0.1:1/x?connect_timeout=2");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(r.status().message().find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace formsender::store

#pragma once
// Test support: the same suite runs against SQLite (a temp file) and PostgreSQL (a fresh schema
// in the throwaway server whose URL `make test` exports as FORMSENDER_TEST_PG).
//
//   class QueueTest : public store::BackendTest {};
//   TEST_P(QueueTest, Claims) { auto& db = this->db(); ... }
//   FS_INSTANTIATE_BACKEND_TEST(QueueTest);
//
// Without FORMSENDER_TEST_PG the PostgreSQL cases are skipped, unless FORMSENDER_REQUIRE_PG=1
// (set by `make test` and CI), where a missing server fails the test.

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "common/clock.h"
#include "store/database.h"

namespace formsender::store {

enum class TestBackend { kSqlite, kPostgres };

// A migrated, empty database that is deleted when this object dies.
class TestDatabase {
 public:
  static Result<std::unique_ptr<TestDatabase>> Create(TestBackend backend, bool migrate = true);
  ~TestDatabase();
  Database& db() { return *db_; }
  // A URL another process (or a second Database object) can open to reach the same data.
  const std::string& url() const { return url_; }
  TestBackend backend() const { return backend_; }

 private:
  TestBackend backend_;
  std::unique_ptr<Database> db_;
  std::string url_;
  std::filesystem::path temp_dir_;
  std::string schema_;
  std::string admin_url_;
};

// Whether the PostgreSQL cases must run (FORMSENDER_REQUIRE_PG=1).
bool PostgresRequired();
std::string TestBackendName(const ::testing::TestParamInfo<TestBackend>& info);

class BackendTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override;
  Database& db() { return test_db_->db(); }
  TestDatabase& test_db() { return *test_db_; }

 private:
  std::unique_ptr<TestDatabase> test_db_;
};

}  // namespace formsender::store

#define FS_INSTANTIATE_BACKEND_TEST(suite)                                                 \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                                \
                           ::testing::Values(::formsender::store::TestBackend::kSqlite,    \
                                             ::formsender::store::TestBackend::kPostgres), \
                           ::formsender::store::TestBackendName)

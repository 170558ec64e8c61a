#include "store/testing.h"

#include <cstdlib>

#include "common/crypto.h"
#include "common/strings.h"
#include "store/migrations.h"

namespace formsender::store {
namespace {

std::string AppendQuery(const std::string& url, const std::string& param) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + param;
}

}  // namespace

bool PostgresRequired() {
  const char* v = std::getenv("FORMSENDER_REQUIRE_PG");
  return v && std::string_view(v) == "1";
}

std::string TestBackendName(const ::testing::TestParamInfo<TestBackend>& info) {
  return info.param == TestBackend::kSqlite ? "Sqlite" : "Postgres";
}

Result<std::unique_ptr<TestDatabase>> TestDatabase::Create(TestBackend backend, bool migrate) {
  std::unique_ptr<TestDatabase> t(new TestDatabase());
  t->backend_ = backend;
  if (backend == TestBackend::kSqlite) {
    t->temp_dir_ = std::filesystem::temp_directory_path() / ("fs-test-" + RandomHexToken(8));
    std::filesystem::create_directories(t->temp_dir_);
    t->url_ = "sqlite://" + (t->temp_dir_ / "test.db").string();
  } else {
    const char* base = std::getenv("FORMSENDER_TEST_PG");
    if (!base || !*base) return Status::NotFound("FORMSENDER_TEST_PG is not set");
    t->admin_url_ = base;
    t->schema_ = "t_" + RandomHexToken(6);
    FS_ASSIGN_OR_RETURN(auto admin, OpenDatabase(t->admin_url_, {.pool_size = 1}));
    FS_RETURN_IF_ERROR(admin->Query("CREATE SCHEMA " + t->schema_).status());
    t->url_ = AppendQuery(t->admin_url_, "options=-csearch_path%3D" + t->schema_);
  }
  FS_ASSIGN_OR_RETURN(t->db_, OpenDatabase(t->url_));
  if (migrate) {
    SystemClock clock;
    FS_RETURN_IF_ERROR(Migrate(*t->db_, BuiltinMigrations(t->db_->dialect()), clock).status());
  }
  return t;
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (!temp_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_dir_, ec);
  }
  if (!schema_.empty()) {
    auto admin = OpenDatabase(admin_url_, {.pool_size = 1});
    if (admin.ok()) (void)(*admin)->Query("DROP SCHEMA " + schema_ + " CASCADE");
  }
}

void BackendTest::SetUp() {
  auto created = TestDatabase::Create(GetParam());
  if (!created.ok()) {
    if (GetParam() == TestBackend::kPostgres && created.status().code() == StatusCode::kNotFound &&
        !PostgresRequired()) {
      GTEST_SKIP() << "PostgreSQL not configured (FORMSENDER_TEST_PG unset)";
    }
    FAIL() << "cannot create the test database: " << created.status().ToString();
  }
  test_db_ = std::move(*created);
}

}  // namespace formsender::store

// The import end to end: files and loopback URLs, all-or-nothing, warnings across sheets.
#include "settings/sheet_import_db.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/crypto.h"
#include "common/http_router.h"
#include "common/http_server.h"
#include "common/time.h"
#include "settings/test_sheets.h"
#include "store/testing.h"

namespace formsender::settings {
namespace {

constexpr const char* kImportTargetingCsv =
    "id,active,client_id,subject,message,max_daily_sends,send_start_time,send_days_of_week\n"
    "1,TRUE,7,件名,本文,50,09:00,\"[0,1,2,3,4]\"\n"
    "2,TRUE,8,件名,本文,50,09:00,\"[0,1,2,3,4]\"\n";
using testing::kClientCsv;

class SheetImportDbTest : public store::BackendTest {
 protected:
  SheetSource Source(const std::string& bytes, const std::string& label = "targeting.csv") {
    return SheetSource{bytes, label, label};
  }
  FakeClock clock_{*ParseIsoTimestamp("2026-04-01T00:00:00Z")};
};

TEST_P(SheetImportDbTest, ImportsBothSheetsAndWarnsAboutMissingClients) {
  auto clients = ImportSheet(db(), SheetKind::kClients, Source(kClientCsv, "client.csv"), clock_);
  ASSERT_TRUE(clients.ok()) << clients.status().message();
  EXPECT_EQ(clients->rows, 1u);
  EXPECT_EQ(clients->counts.inserted, 1u);
  auto targeting = ImportSheet(db(), SheetKind::kTargeting, Source(kImportTargetingCsv), clock_);
  ASSERT_TRUE(targeting.ok()) << targeting.status().message();
  EXPECT_EQ(targeting->rows, 2u);
  EXPECT_EQ(targeting->active_rows, 2u);
  EXPECT_EQ(targeting->encoding, "UTF-8");
  EXPECT_EQ(targeting->warnings,
            std::vector<std::string>{"targeting.csv:3: targeting 2 uses client 8, which the "
                                     "client sheet does not have (yet)"});
  // Re-importing clients without client 7 warns about the active targeting that uses it.
  std::string other =
      std::string(kClientCsv).replace(std::string(kClientCsv).find("\n7,") + 1, 1, "9");
  auto again = ImportSheet(db(), SheetKind::kClients, Source(other, "client.csv"), clock_);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->counts.deleted, 1u);
  EXPECT_EQ(again->warnings.size(), 2u);
  EXPECT_EQ(again->warnings[0], "active targeting 1 uses client 7, which this sheet does not have");
  auto stored = TargetingRepository(db()).Get(1);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->imported_at, clock_.Now());
}

TEST_P(SheetImportDbTest, ABadRowWritesNothing) {
  ASSERT_TRUE(ImportSheet(db(), SheetKind::kTargeting, Source(kImportTargetingCsv), clock_).ok());
  std::string bad =
      "id,active,client_id,subject,message,max_daily_sends,send_start_time,send_days_of_week,"
      "send_end_time\n"
      "1,TRUE,7,件名,本文,50,09:00,0,18:00\n"
      "3,TRUE,7,件名,本文,50,09:00,0,\n"
      "4,TRUE,7,件名,本文,50,09:00,0,\n"
      "5,TRUE,7,件名,本文,50,09:00,0,25:00\n";
  auto r = ImportSheet(db(), SheetKind::kTargeting, Source(bad), clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(
      r.status().message().find("targeting.csv:5: column send_end_time: \"25:00\" is not HH:MM"),
      std::string::npos)
      << r.status().message();
  auto rows = TargetingRepository(db()).List();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 2u);  // the earlier import, untouched
}

TEST_P(SheetImportDbTest, DryRunValidatesWithoutWriting) {
  auto r = ImportSheet(db(), SheetKind::kTargeting, Source(kImportTargetingCsv), clock_,
                       /*dry_run=*/true);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->dry_run);
  EXPECT_EQ(r->rows, 2u);
  EXPECT_TRUE(TargetingRepository(db()).List()->empty());
}

FS_INSTANTIATE_BACKEND_TEST(SheetImportDbTest);

TEST(SheetSourceTest, GoogleSheetsUrlsBecomeCsvExports) {
  EXPECT_EQ(SheetExportUrl("https://docs.google.com/spreadsheets/d/AbC-123_x/edit#gid=456"),
            "https://docs.google.com/spreadsheets/d/AbC-123_x/export?format=csv&gid=456");
  EXPECT_EQ(SheetExportUrl("https://docs.google.com/spreadsheets/d/AbC/edit"),
            "https://docs.google.com/spreadsheets/d/AbC/export?format=csv&gid=0");
  EXPECT_EQ(SheetExportUrl("https://docs.google.com/spreadsheets/d/AbC/export?format=csv&gid=7"),
            "https://docs.google.com/spreadsheets/d/AbC/export?format=csv&gid=7");
  EXPECT_EQ(SheetExportUrl("http://127.0.0.1:8080/t.csv"), "http://127.0.0.1:8080/t.csv");
}

class SheetFetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/t.csv", [](HttpRequest&) {
      return HttpResponse::Text(200, kImportTargetingCsv, "text/csv; charset=utf-8");
    });
    router_.Add("GET", "/moved",
                [](HttpRequest&) { return HttpResponse::Redirect(307, "/t.csv"); });
    router_.Add("GET", "/private",
                [](HttpRequest&) { return HttpResponse::Html(200, "<html>Sign in</html>"); });
    router_.Add("GET", "/gone", [](HttpRequest&) { return HttpResponse::Text(404, "no"); });
    server_ = std::make_unique<HttpServer>(HttpServerOptions{}, router_.AsHandler());
    ASSERT_TRUE(server_->Start().ok());
  }
  Router router_;
  std::unique_ptr<HttpServer> server_;
  CurlHttpClient http_;
};

TEST_F(SheetFetchTest, FetchesFollowingRedirects) {
  auto s = ReadSheetSource(server_->base_url() + "/moved", http_);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->bytes, kImportTargetingCsv);
  EXPECT_EQ(s->label, server_->base_url() + "/moved");
}

TEST_F(SheetFetchTest, ExplainsWhatToFix) {
  auto html = ReadSheetSource(server_->base_url() + "/private", http_);
  ASSERT_FALSE(html.ok());
  EXPECT_NE(html.status().message().find("got an HTML page instead of CSV"), std::string::npos);
  auto gone = ReadSheetSource(server_->base_url() + "/gone", http_);
  ASSERT_FALSE(gone.ok());
  EXPECT_NE(gone.status().message().find("HTTP 404 (is the sheet shared"), std::string::npos);
  server_->Stop();
  auto down = ReadSheetSource(server_->base_url() + "/t.csv", http_);
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), StatusCode::kUnavailable);
}

TEST(SheetSourceTest, ReadsFiles) {
  CurlHttpClient http;
  auto path = std::filesystem::temp_directory_path() / ("fs-sheet-" + RandomHexToken(6) + ".csv");
  std::ofstream(path) << kClientCsv;
  auto s = ReadSheetSource(path.string(), http);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->bytes, kClientCsv);
  EXPECT_EQ(s->label, path.string());
  std::filesystem::remove(path);
  auto missing = ReadSheetSource(path.string(), http);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "cannot read " + path.string());
}

}  // namespace
}  // namespace formsender::settings

#include "settings/repositories.h"

#include <gtest/gtest.h>

#include "common/time.h"
#include "settings/sheet_import.h"
#include "store/testing.h"

namespace formsender::settings {
namespace {

class RepositoriesTest : public store::BackendTest {};

const TimePoint kImported = *ParseIsoTimestamp("2026-04-01T00:00:00Z");

std::vector<Targeting> Targetings(const std::string& rows) {
  auto r = ParseTargetingSheet(
      "id,active,client_id,subject,message,max_daily_sends,send_start_time,send_days_of_week,"
      "use_gcp_batch,batch_machine_type,session_max_hours,batch_memory_buffer_mb,memo\n" +
          rows,
      "targeting.csv", kImported);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r->rows : std::vector<Targeting>{};
}

TEST_P(RepositoriesTest, TargetingRoundTripsEveryColumn) {
  auto rows = Targetings(
      "1,TRUE,7,件名,\"本文\n2行目\",50,9:00,\"[0,2,4]\",FALSE,n2d-custom-4-8192,2.5,0,メモ\n"
      "2,FALSE,8,,,,,,,,,,\n");
  TargetingRepository repo(db());
  auto counts = repo.ReplaceAll(rows);
  ASSERT_TRUE(counts.ok()) << counts.status().message();
  EXPECT_EQ(counts->inserted, 2u);
  auto t = repo.Get(1);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_TRUE(t->active);
  EXPECT_EQ(t->client_id, 7);
  EXPECT_EQ(t->subject, "件名");
  EXPECT_EQ(t->message, "本文\n2行目");
  EXPECT_EQ(t->max_daily_sends, 50);
  EXPECT_EQ(t->send_start_time, "09:00");
  EXPECT_EQ(t->send_end_time, std::nullopt);
  EXPECT_EQ(t->send_days_of_week, (std::vector<int>{0, 2, 4}));
  EXPECT_EQ(t->use_gcp_batch, false);
  EXPECT_EQ(t->use_serverless, std::nullopt);
  EXPECT_EQ(t->batch_machine_type, "n2d-custom-4-8192");
  EXPECT_EQ(t->session_max_hours, 2.5);
  EXPECT_EQ(t->batch_memory_buffer_mb, 0);
  EXPECT_EQ(t->extra_columns, Json({{"memo", "メモ"}}));
  EXPECT_EQ(t->source, "targeting.csv");
  EXPECT_EQ(t->sheet_row, 2);
  EXPECT_EQ(t->imported_at, kImported);
  auto draft = repo.Get(2);
  ASSERT_TRUE(draft.ok());
  EXPECT_FALSE(draft->active);
  EXPECT_EQ(draft->sheet_row, 4);  // the quoted line break counts
  EXPECT_EQ(draft->max_daily_sends, std::nullopt);
  EXPECT_EQ(draft->extra_columns, Json::object());

  auto active = repo.List(/*active_only=*/true);
  ASSERT_TRUE(active.ok());
  ASSERT_EQ(active->size(), 1u);
  EXPECT_EQ((*active)[0].id, 1);
  EXPECT_EQ(repo.List()->size(), 2u);
  auto missing = repo.Get(99);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("targeting 99 not found"), std::string::npos);
}

TEST_P(RepositoriesTest, ReplaceAllCountsAndRemovesRowsGoneFromTheSheet) {
  TargetingRepository repo(db());
  ASSERT_TRUE(repo.ReplaceAll(Targetings("1,FALSE,7,,,,,,,,,,\n2,FALSE,7,,,,,,,,,,\n")).ok());
  auto counts = repo.ReplaceAll(Targetings("2,TRUE,7,s,m,5,09:00,1,,,,,\n3,FALSE,7,,,,,,,,,,\n"));
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->inserted, 1u);
  EXPECT_EQ(counts->updated, 1u);
  EXPECT_EQ(counts->deleted, 1u);
  EXPECT_FALSE(repo.Get(1).ok());
  EXPECT_TRUE(repo.Get(2)->active);
}

TEST_P(RepositoriesTest, ClientsRoundTrip) {
  Client c;
  c.id = 7;
  c.company_name = "株式会社サンプル";
  c.email_1 = "info";
  c.email_2 = "example.co.jp";
  c.extra_columns = Json({{"project_name", "A"}});
  c.source = "client.csv";
  c.sheet_row = 2;
  c.imported_at = kImported;
  ClientRepository repo(db());
  auto counts = repo.ReplaceAll({c});
  ASSERT_TRUE(counts.ok()) << counts.status().message();
  auto back = repo.Get(7);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->company_name, "株式会社サンプル");
  EXPECT_EQ(back->email_2, "example.co.jp");
  EXPECT_EQ(back->address_5, "");
  EXPECT_EQ(back->extra_columns, Json({{"project_name", "A"}}));
  EXPECT_EQ(back->sheet_row, 2);
  EXPECT_EQ(repo.List()->size(), 1u);
  EXPECT_EQ(repo.Get(8).status().code(), StatusCode::kNotFound);
}

FS_INSTANTIATE_BACKEND_TEST(RepositoriesTest);

}  // namespace
}  // namespace formsender::settings

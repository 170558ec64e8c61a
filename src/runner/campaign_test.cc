// Reading the client_config: K-157, K-158, K-161 (empty weekday list) and Q-19 (an invalid
// config is an error, never empty settings).
#include "runner/campaign.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace formsender::runner {
namespace {

using ::testing::HasSubstr;

Json Sample() {
  const char* src = std::getenv("FORMSENDER_SOURCE_DIR");
  EXPECT_NE(src, nullptr);
  std::ifstream in(std::filesystem::path(src ? src : ".") / "tests/forms/client_config.json");
  std::stringstream text;
  text << in.rdbuf();
  return ParseJson(text.str()).value_or(Json());
}

TEST(CampaignTest, ReadsTheCorpusConfig) {
  auto c = ParseCampaign(Sample());
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->targeting_id, 101);
  EXPECT_EQ(c->client_id, 7);
  EXPECT_EQ(c->window.start, (TimeOfDay{9, 0, 0}));
  EXPECT_EQ(c->window.end, (TimeOfDay{18, 0, 0}));
  EXPECT_EQ(c->window.days_of_week, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(c->max_daily_sends, 100);
  EXPECT_EQ(c->session_max_hours, 8.0);
  EXPECT_EQ(c->client_company_name, "株式会社ミライテック");
}

TEST(CampaignTest, Case158_MaxDailySends) {
  EXPECT_EQ(ExtractMaxDailySends(100), 100);
  EXPECT_EQ(ExtractMaxDailySends("50"), 50);
  EXPECT_EQ(ExtractMaxDailySends(" 7 "), 7);
  EXPECT_EQ(ExtractMaxDailySends(10001), 10001);
  EXPECT_EQ(ExtractMaxDailySends(3.9), 3);
  for (const Json& none : {Json(0), Json(-1), Json("abc"), Json(nullptr)}) {
    EXPECT_FALSE(ExtractMaxDailySends(none).has_value()) << none.dump();
  }
}

TEST(CampaignTest, Case157_SessionHours) {
  EXPECT_EQ(ExtractPositiveHours("2.5"), 2.5);
  EXPECT_FALSE(ExtractPositiveHours(0).has_value());
  EXPECT_FALSE(ExtractPositiveHours("x").has_value());
  Json c = Sample();
  c["targeting"]["session_max_hours"] = 0;
  EXPECT_FALSE(ParseCampaign(c)->session_max_hours.has_value());
}

TEST(CampaignTest, EmptyWeekdayListMeansEveryDay) {
  Json c = Sample();
  c["targeting"]["send_days_of_week"] = Json::array();
  EXPECT_EQ(ParseCampaign(c)->window.days_of_week.size(), 7u);
}

TEST(CampaignTest, Q19_InvalidConfigsAreErrors) {
  EXPECT_THAT(ParseCampaign(Json::object()).status().message(), HasSubstr("targeting_id"));
  Json c = Sample();
  c["targeting"].erase("send_end_time");
  EXPECT_THAT(ParseCampaign(c).status().message(), HasSubstr("targeting.send_end_time"));
  c = Sample();
  c["targeting"]["send_start_time"] = "19:00";
  EXPECT_THAT(ParseCampaign(c).status().message(), HasSubstr("is before send_start_time"));
  c = Sample();
  c["targeting_id"] = "abc";
  EXPECT_THAT(ParseCampaign(c).status().message(), HasSubstr("client_config.targeting_id"));
}

}  // namespace
}  // namespace formsender::runner

#include "engine/template.h"

#include <gtest/gtest.h>

namespace formsender::engine {
namespace {

const Json kClient = {
    {"company_name", "サンプル株式会社"}, {"last_name", "山田"}, {"phone_1", "03"}};
const Json kTargeting = {{"subject", "ご提案"}, {"max_daily_sends", 100}};
const Json kCompany = {{"company_name", "株式会社テスト"},
                       {"industry", ""},
                       {"employee_count", 120},
                       {"representative", nullptr}};

TEST(TemplateTest, SubstitutesClientTargetingAndCompany) {
  auto r = RenderTemplate(
      "{company_name} 御中\n{client.company_name}の{client.last_name}です（{targeting.subject}）",
      kClient, kTargeting, kCompany);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, "株式会社テスト 御中\nサンプル株式会社の山田です（ご提案）");
}

TEST(TemplateTest, ConditionalBlocks) {
  auto r = RenderTemplate("従業員[{employee_count}名の]貴社[（{industry}業界）]へ", kClient,
                          kTargeting, kCompany);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, "従業員120名の貴社へ");
  // Brackets around client placeholders are literal.
  EXPECT_EQ(*RenderTemplate("[{client.last_name}]", kClient, kTargeting, kCompany), "[山田]");
  EXPECT_EQ(*RenderTemplate("[{representative}様]", kClient, kTargeting, kCompany), "");
}

TEST(TemplateTest, UnresolvablePlaceholdersFailClosed) {
  auto unknown_client = RenderTemplate("{client.form_sender_name}", kClient, kTargeting, kCompany);
  ASSERT_FALSE(unknown_client.ok());
  EXPECT_NE(unknown_client.status().message().find("client.form_sender_name"), std::string::npos);
  EXPECT_FALSE(RenderTemplate("{no_such_column}", kClient, kTargeting, kCompany).ok());
  EXPECT_FALSE(RenderTemplate("{industry}業界", kClient, kTargeting, kCompany).ok());
  EXPECT_FALSE(RenderTemplate("{company_name}", kClient, kTargeting, Json::object()).ok());
}

TEST(TemplateTest, BracesThatAreNotPlaceholdersStay) {
  EXPECT_EQ(*RenderTemplate("{ } {1} {} 【重要】 [注]", kClient, kTargeting, kCompany),
            "{ } {1} {} 【重要】 [注]");
}

}  // namespace
}  // namespace formsender::engine

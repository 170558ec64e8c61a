#include "sendqueue/company_names.h"

#include <gtest/gtest.h>

namespace formsender::sendqueue {
namespace {

TEST(CompanyNamesTest, NormalisesWidthAndWhitespace) {
  EXPECT_EQ(NormalizeCompanyName("Sample Inc."), "SampleInc.");
  EXPECT_EQ(NormalizeCompanyName("Ｓａｍｐｌｅ　Ｉｎｃ．"), "SampleInc.");
  EXPECT_EQ(NormalizeCompanyName(" 株式会社\tｻﾝﾌﾟﾙ\n"), "株式会社サンプル");
  EXPECT_EQ(NormalizeCompanyName("㈱テスト"), "(株)テスト");
  EXPECT_EQ(NormalizeCompanyName(""), "");
}

TEST(CompanyNamesTest, NgListMatchesAfterNormalisation) {
  // the reference removed ASCII spaces from the list only, so "Sample Inc." never matched.
  NgCompanyList ng = NgCompanyList::Parse("Sample Inc.，株式会社 テスト, ,\n ｻﾝﾌﾟﾙ商事");
  EXPECT_EQ(ng.size(), 3u);
  EXPECT_TRUE(ng.Contains(NormalizeCompanyName("Sample Inc.")));
  EXPECT_TRUE(ng.Contains(NormalizeCompanyName("Ｓａｍｐｌｅ　Ｉｎｃ．")));
  EXPECT_TRUE(ng.Contains(NormalizeCompanyName("株式会社テスト")));
  EXPECT_TRUE(ng.Contains(NormalizeCompanyName("サンプル 商事")));
  EXPECT_FALSE(ng.Contains(NormalizeCompanyName("Sample")));
  EXPECT_EQ(NgCompanyList::Parse("").size(), 0u);
}

TEST(CompanyNamesTest, NamePolicyFindsKeywords) {
  NamePolicy policy;
  EXPECT_EQ(policy.Match(NormalizeCompanyName("医療法人社団 さくら会")), "医療法人");
  EXPECT_EQ(policy.Match(NormalizeCompanyName("○○総合病院")), "病院");
  EXPECT_EQ(policy.Match(NormalizeCompanyName("学校法人 山田学園")), "学校");
  EXPECT_EQ(policy.Match(NormalizeCompanyName("株式会社サンプル")), std::nullopt);
  NamePolicy custom({"ｸﾘﾆｯｸ"});
  EXPECT_EQ(custom.Match(NormalizeCompanyName("さくらクリニック")), "クリニック");
}

}  // namespace
}  // namespace formsender::sendqueue

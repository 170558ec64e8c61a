#include "dashboard/i18n.h"

#include <gtest/gtest.h>

namespace formsender::dashboard {
namespace {

HttpRequest WithHeaders(std::string query, std::string accept, std::string cookie = "") {
  HttpRequest r;
  r.query = std::move(query);
  if (!accept.empty()) r.headers.Add("Accept-Language", accept);
  if (!cookie.empty()) r.headers.Add("Cookie", cookie);
  return r;
}

TEST(I18nTest, PicksTheLanguage) {
  EXPECT_EQ(PickLanguage(WithHeaders("", "")), Lang::kJa);
  EXPECT_EQ(PickLanguage(WithHeaders("", "en-GB,en;q=0.9")), Lang::kEn);
  EXPECT_EQ(PickLanguage(WithHeaders("", "de, ja;q=0.3, en;q=0.7")), Lang::kEn);
  EXPECT_EQ(PickLanguage(WithHeaders("", "ja-JP, en;q=0.7")), Lang::kJa);
  EXPECT_EQ(PickLanguage(WithHeaders("", "en", "formsender_lang=ja")), Lang::kJa);
  EXPECT_EQ(PickLanguage(WithHeaders("lang=en", "ja", "formsender_lang=ja")), Lang::kEn);
  EXPECT_EQ(PickLanguage(WithHeaders("lang=xx", "en")), Lang::kEn);
}

TEST(I18nTest, TranslatesAndFallsBackToTheKey) {
  EXPECT_EQ(Tr(Lang::kJa, "Overview"), "概要");
  EXPECT_EQ(Tr(Lang::kEn, "Overview"), "Overview");
  EXPECT_EQ(Tr(Lang::kJa, "no such key"), "no such key");
}

TEST(I18nTest, ReadsCookies) {
  HttpRequest r = WithHeaders("", "", "a=1; formsender_lang=en ;b=2");
  EXPECT_EQ(CookieValue(r, "formsender_lang"), "en");
  EXPECT_EQ(CookieValue(r, "b"), "2");
  EXPECT_EQ(CookieValue(r, "c"), "");
}

}  // namespace
}  // namespace formsender::dashboard

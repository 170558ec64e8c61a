#include "sites/form_data.h"

#include <gtest/gtest.h>

namespace formsender::sites {
namespace {

HttpRequest Post(std::string content_type, std::string body) {
  HttpRequest r;
  r.method = "POST";
  r.path = "/x";
  if (!content_type.empty()) r.headers.Add("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

TEST(FormDataTest, UrlEncodedShiftJisNamesAndValues) {
  // お名前=佐藤 in Shift_JIS, plus a value with '+' for a space.
  auto data = ParseSubmission(
      Post("application/x-www-form-urlencoded", "%82%A8%96%BC%91O=%8D%B2%93%A1&note=a+b&empty="),
      "Shift_JIS", false);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->encoding, "urlencoded");
  ASSERT_EQ(data->fields.size(), 3u);
  EXPECT_EQ(data->fields[0], (std::pair<std::string, std::string>{"お名前", "佐藤"}));
  EXPECT_EQ(*FirstValue(data->fields, "note"), "a b");
  EXPECT_EQ(*FirstValue(data->fields, "empty"), "");
}

TEST(FormDataTest, MultipartFieldsAndFiles) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"your-name\"\r\n\r\n佐藤　健一\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"item[]\"\r\n\r\nA\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"item[]\"\r\n\r\nB\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.pdf\"\r\n"
      "Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--XyZ--\r\n";
  auto data = ParseSubmission(Post("multipart/form-data; boundary=XyZ", body), "UTF-8", false);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->encoding, "multipart");
  EXPECT_EQ(*FirstValue(data->fields, "your-name"), "佐藤　健一");
  EXPECT_EQ(AllValues(data->fields, "item[]"), (std::vector<std::string>{"A", "B"}));
  ASSERT_EQ(data->files.size(), 2u);
  EXPECT_EQ(data->files[0].filename, "");
  EXPECT_EQ(data->files[1].filename, "a.pdf");
  EXPECT_EQ(data->files[1].size_bytes, 8u);
  EXPECT_FALSE(HasField(data->fields, "doc"));
}

TEST(FormDataTest, MalformedMultipartIsAnError) {
  auto data =
      ParseSubmission(Post("multipart/form-data; boundary=XyZ", "--XyZ\r\nbroken"), "UTF-8", false);
  ASSERT_FALSE(data.ok());
  EXPECT_NE(data.status().message().find("multipart"), std::string::npos);
  EXPECT_FALSE(ParseSubmission(Post("multipart/form-data", "x"), "UTF-8", false).ok());
}

TEST(FormDataTest, JsonBodyIsFlattened) {
  auto data = ParseSubmission(
      Post("application/json",
           R"({"name":"佐藤","tags":["a","b"],"addr":{"pref":"東京都"},"n":3,"ok":true})"),
      "UTF-8", false);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->encoding, "json");
  EXPECT_EQ(*FirstValue(data->fields, "name"), "佐藤");
  EXPECT_EQ(AllValues(data->fields, "tags"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*FirstValue(data->fields, "addr[pref]"), "東京都");
  EXPECT_EQ(*FirstValue(data->fields, "n"), "3");
  EXPECT_EQ(*FirstValue(data->fields, "ok"), "true");
  EXPECT_FALSE(ParseSubmission(Post("application/json", "[1]"), "UTF-8", false).ok());
}

TEST(FormDataTest, GetUsesTheQueryInTheFormCharset) {
  HttpRequest r;
  r.method = "GET";
  r.query = "q=%A4%AA&x=1";  // "お" in EUC-JP
  auto data = ParseSubmission(r, "EUC-JP", false);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->encoding, "query");
  EXPECT_EQ(*FirstValue(data->fields, "q"), "お");
}

TEST(FormDataTest, UnsupportedContentTypeIsNamed) {
  auto data = ParseSubmission(Post("application/xml", "<a/>"), "UTF-8", false);
  ASSERT_FALSE(data.ok());
  EXPECT_NE(data.status().message().find("application/xml"), std::string::npos);
}

}  // namespace
}  // namespace formsender::sites

#include "settings/encoding.h"

#include <gtest/gtest.h>

namespace formsender::settings {
namespace {

TEST(EncodingTest, Utf8PassesAndLosesItsBom) {
  auto r = DecodeSheetBytes("\xEF\xBB\xBFid,名前\n", "t.csv");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text, "id,名前\n");
  EXPECT_EQ(r->encoding, "UTF-8");
  // Saved again by a tool that added its own (found by the charset fuzzer).
  auto twice = DecodeSheetBytes("\xEF\xBB\xBF\xEF\xBB\xBFid,名前\n", "t.csv");
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->text, "id,名前\n");
  EXPECT_TRUE(IsValidUtf8("株式会社"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xE6\xA0"));      // truncated
}

TEST(EncodingTest, ShiftJisFromExcelIsDecoded) {
  // "id,会社\r\n1,株式会社①\r\n" in CP932 (① is a Windows extension of Shift_JIS).
  std::string sjis = "id,\x89\xEF\x8E\xD0\r\n1,\x8A\x94\x8E\xAE\x89\xEF\x8E\xD0\x87\x40\r\n";
  auto r = DecodeSheetBytes(sjis, "t.csv");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->text, "id,会社\r\n1,株式会社①\r\n");
  EXPECT_EQ(r->encoding, "Shift_JIS (CP932)");
}

TEST(EncodingTest, NeitherIsAnErrorNamingTheLine) {
  auto r = DecodeSheetBytes("a,b\n1,2\n3,\x81\n", "t.csv");  // a lone lead byte
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "t.csv:3: the file is neither UTF-8 nor Shift_JIS (save it as UTF-8 CSV)");
}

}  // namespace
}  // namespace formsender::settings

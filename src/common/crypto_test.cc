#include "common/crypto.h"

#include <gtest/gtest.h>

#include "common/strings.h"

namespace formsender {
namespace {

TEST(CryptoTest, Sha256AndHmac) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoTest, ConstantTimeEqualsAndRandom) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_EQ(RandomHexToken(16).size(), 32u);
  EXPECT_NE(RandomHexToken(), RandomHexToken());
  std::string uuid = NewUuid();
  ASSERT_EQ(uuid.size(), 36u);
  EXPECT_EQ(uuid[14], '4');
}

TEST(CryptoTest, RsaRejectsBadKey) { EXPECT_FALSE(RsaSha256Sign("not a key", "data").ok()); }

}  // namespace
}  // namespace formsender

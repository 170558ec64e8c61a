#include "common/net_policy.h"

#include <gtest/gtest.h>

namespace formsender {
namespace {

AddressKind KindOf(std::string_view text) {
  auto a = IpAddress::Parse(text);
  EXPECT_TRUE(a.has_value()) << text;
  return a ? ClassifyAddress(*a) : AddressKind::kPublic;
}

TEST(NetPolicyTest, ClassifiesIpv4Ranges) {
  EXPECT_EQ(KindOf("93.184.216.34"), AddressKind::kPublic);
  EXPECT_EQ(KindOf("8.8.8.8"), AddressKind::kPublic);
  EXPECT_EQ(KindOf("127.0.0.1"), AddressKind::kLoopback);
  EXPECT_EQ(KindOf("127.255.1.2"), AddressKind::kLoopback);
  EXPECT_EQ(KindOf("10.1.2.3"), AddressKind::kPrivate);
  EXPECT_EQ(KindOf("172.16.0.1"), AddressKind::kPrivate);
  EXPECT_EQ(KindOf("172.31.255.255"), AddressKind::kPrivate);
  EXPECT_EQ(KindOf("172.32.0.1"), AddressKind::kPublic);
  EXPECT_EQ(KindOf("192.168.10.1"), AddressKind::kPrivate);
  EXPECT_EQ(KindOf("100.64.0.1"), AddressKind::kPrivate);
  EXPECT_EQ(KindOf("169.254.169.254"), AddressKind::kMetadata);
  EXPECT_EQ(KindOf("169.254.1.1"), AddressKind::kLinkLocal);
  EXPECT_EQ(KindOf("0.0.0.0"), AddressKind::kUnspecified);
  EXPECT_EQ(KindOf("224.0.0.1"), AddressKind::kMulticast);
  EXPECT_EQ(KindOf("255.255.255.255"), AddressKind::kReserved);
  EXPECT_EQ(KindOf("192.0.2.7"), AddressKind::kReserved);
}

TEST(NetPolicyTest, LegacyIpv4SpellingsAreTheAddressesTheyMean) {
  // Spellings a resolver or libcurl turns into 127.0.0.1 must not slip through as "names".
  EXPECT_EQ(KindOf("127.1"), AddressKind::kLoopback);
  EXPECT_EQ(KindOf("2130706433"), AddressKind::kLoopback);
  EXPECT_EQ(KindOf("0x7f.0.0.1"), AddressKind::kLoopback);
  EXPECT_EQ(KindOf("0251.0376.0251.0376"), AddressKind::kMetadata);  // octal 169.254.169.254
  EXPECT_FALSE(IpAddress::Parse("example.com").has_value());
  EXPECT_FALSE(IpAddress::Parse("deadbeef.com").has_value());
  EXPECT_FALSE(IpAddress::Parse("").has_value());
}

TEST(NetPolicyTest, ClassifiesIpv6AndEmbeddedIpv4) {
  EXPECT_EQ(KindOf("2606:4700::6810:85e5"), AddressKind::kPublic);
  EXPECT_EQ(KindOf("::1"), AddressKind::kLoopback);
  EXPECT_EQ(KindOf("[::1]"), AddressKind::kLoopback);
  EXPECT_EQ(KindOf("::"), AddressKind::kUnspecified);
  EXPECT_EQ(KindOf("fe80::1%eth0"), AddressKind::kLinkLocal);
  EXPECT_EQ(KindOf("fd12:3456::1"), AddressKind::kPrivate);
  EXPECT_EQ(KindOf("fd00:ec2::254"), AddressKind::kMetadata);
  EXPECT_EQ(KindOf("ff02::1"), AddressKind::kMulticast);
  EXPECT_EQ(KindOf("::ffff:127.0.0.1"), AddressKind::kLoopback);
  EXPECT_EQ(KindOf("::ffff:10.0.0.1"), AddressKind::kPrivate);
  EXPECT_EQ(KindOf("::ffff:8.8.8.8"), AddressKind::kPublic);
  EXPECT_EQ(KindOf("64:ff9b::169.254.169.254"), AddressKind::kMetadata);
  EXPECT_EQ(KindOf("2002:c0a8:0101::1"), AddressKind::kPrivate);  // 6to4 of 192.168.1.1
  EXPECT_EQ(KindOf("2001:db8::1"), AddressKind::kReserved);
}

TEST(NetPolicyTest, CheckHostRefusesLoopbackNamesAndLiterals) {
  NetPolicy policy;
  for (const char* host : {"localhost", "LOCALHOST.", "shop.localhost", "127.0.0.1", "[::1]",
                           "10.0.0.5", "metadata.google.internal", "169.254.169.254"}) {
    Status s = CheckHost(host, policy);
    EXPECT_EQ(s.code(), StatusCode::kPermissionDenied) << host;
    EXPECT_NE(s.message().find("allow_private_targets"), std::string::npos) << s.message();
  }
  EXPECT_TRUE(CheckHost("www.example.co.jp", policy).ok());
  EXPECT_TRUE(CheckHost("8.8.8.8", policy).ok());
  EXPECT_EQ(CheckHost("  ", policy).code(), StatusCode::kInvalidArgument);
}

TEST(NetPolicyTest, AllowPrivateTargetsAndExemptHosts) {
  NetPolicy open;
  open.allow_private_targets = true;
  EXPECT_TRUE(CheckHost("127.0.0.1", open).ok());
  EXPECT_TRUE(CheckAddress("x", *IpAddress::Parse("169.254.169.254"), open).ok());

  NetPolicy exempt;
  exempt.allowed_private_hosts = {"Site.Localhost"};
  EXPECT_TRUE(CheckHost("site.localhost", exempt).ok());
  EXPECT_TRUE(CheckAddress("site.localhost.", *IpAddress::Parse("127.0.0.1"), exempt).ok());
  EXPECT_FALSE(CheckHost("other.localhost", exempt).ok());
  EXPECT_FALSE(CheckHost("127.0.0.1", exempt).ok());
}

TEST(NetPolicyTest, CheckAddressNamesHostAndAddress) {
  NetPolicy policy;
  Status s = CheckAddress("rebind.example", *IpAddress::Parse("192.168.0.10"), policy);
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("rebind.example"), std::string::npos);
  EXPECT_NE(s.message().find("192.168.0.10"), std::string::npos);
  EXPECT_TRUE(CheckAddress("ok.example", *IpAddress::Parse("203.0.114.1"), policy).ok());
}

TEST(NetPolicyTest, ResolveAllowedWithoutTheNetwork) {
  NetPolicy policy;
  EXPECT_EQ(ResolveAllowed("shop.localhost", policy).status().code(),
            StatusCode::kPermissionDenied);
  NetPolicy open;
  open.allow_private_targets = true;
  auto local = ResolveAllowed("shop.localhost", open);
  ASSERT_TRUE(local.ok()) << local.status().ToString();
  ASSERT_EQ(local->size(), 1u);
  EXPECT_EQ((*local)[0].ToString(), "127.0.0.1");
  auto literal = ResolveAllowed("[::1]", open);
  ASSERT_TRUE(literal.ok());
  EXPECT_EQ((*literal)[0].ToString(), "::1");
  EXPECT_EQ(ResolveAllowed("localhost", policy).status().code(), StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace formsender

#include "browser/request_filter.h"

#include <gtest/gtest.h>

#include <atomic>

namespace formsender::browser {
namespace {

// A resolver that answers from a table, so no test touches DNS.
RequestFilter::Resolver TableResolver(std::map<std::string, std::string> table,
                                      std::atomic<int>* calls = nullptr) {
  return [table = std::move(table), calls](
             std::string_view host, const NetPolicy& policy) -> Result<std::vector<IpAddress>> {
    if (calls) ++*calls;
    auto it = table.find(std::string(host));
    if (it == table.end()) return Status::Unavailable("cannot resolve " + std::string(host));
    IpAddress a = *IpAddress::Parse(it->second);
    FS_RETURN_IF_ERROR(CheckAddress(host, a, policy));
    return std::vector<IpAddress>{a};
  };
}

TEST(UrlPartsTest, ParsesSchemeHostPort) {
  auto p = ParseUrlParts("https://WWW.Example.co.jp/contact?x=1");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->scheme, "https");
  EXPECT_EQ(p->host, "www.example.co.jp");
  EXPECT_EQ(p->port, 443);
  auto v6 = ParseUrlParts("http://[::1]:8080/");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 8080);
  EXPECT_EQ(ParseUrlParts("not a url").status().code(), StatusCode::kInvalidArgument);
}

TEST(RequestFilterTest, RefusesPrivateDestinationsAsPolicy) {
  RequestFilter filter(
      {}, TableResolver({{"www.example.jp", "93.184.216.34"}, {"rebind.example", "10.0.0.8"}}));
  EXPECT_TRUE(filter.Decide("https://www.example.jp/form", "Document").allow);
  for (const char* url :
       {"http://127.0.0.1:8080/", "http://localhost/", "http://a.localhost/",
        "http://169.254.169.254/computeMetadata/v1/", "http://[::1]/", "http://rebind.example/x"}) {
    RequestDecision d = filter.Decide(url, "XHR");
    EXPECT_FALSE(d.allow) << url;
    EXPECT_TRUE(d.is_policy) << url;
    EXPECT_EQ(d.cdp_error_reason, "AccessDenied") << url;
    EXPECT_NE(d.reason.find("address policy"), std::string::npos) << d.reason;
  }
}

TEST(RequestFilterTest, RefusesOtherSchemesButLetsInlineUrlsThrough) {
  RequestFilter filter({}, TableResolver({}));
  RequestDecision ftp = filter.Decide("ftp://files.example/x", "Other");
  EXPECT_FALSE(ftp.allow);
  EXPECT_TRUE(ftp.is_policy);
  EXPECT_FALSE(filter.Decide("file:///etc/passwd", "Document").allow);
  EXPECT_TRUE(filter.Decide("data:text/plain,hi", "Image").allow);
  EXPECT_TRUE(filter.Decide("about:blank", "Document").allow);
}

TEST(RequestFilterTest, BlocksHeavyResourcesAndTrackersWithoutResolving) {
  std::atomic<int> calls{0};
  RequestFilterOptions options;
  options.extra_blocked_hosts = {"Chat.Example.NET"};
  RequestFilter filter(options, TableResolver({{"www.example.jp", "93.184.216.34"}}, &calls));
  RequestDecision image = filter.Decide("https://www.example.jp/logo.png", "Image");
  EXPECT_FALSE(image.allow);
  EXPECT_FALSE(image.is_policy);
  EXPECT_EQ(image.cdp_error_reason, "BlockedByClient");
  EXPECT_FALSE(filter.Decide("https://www.googletagmanager.com/gtm.js", "Script").allow);
  EXPECT_FALSE(filter.Decide("https://cdn.cookielaw.org/x.js", "Script").allow);
  EXPECT_FALSE(filter.Decide("https://widget.chat.example.net/a.js", "Script").allow);
  EXPECT_TRUE(filter.Decide("https://www.example.jp/app.js", "Script").allow);
  // "notgoogle-analytics.com" is not a subdomain of the blocked name.
  EXPECT_EQ(filter.Decide("https://notgoogle-analytics.com/a.js", "Script").reason,
            "cannot resolve notgoogle-analytics.com");
  EXPECT_EQ(calls.load(), 2);
}

TEST(RequestFilterTest, UnresolvableHostFailsAsDnsError) {
  RequestFilter filter({}, TableResolver({}));
  RequestDecision d = filter.Decide("https://no-such-host.example/", "Document");
  EXPECT_FALSE(d.allow);
  EXPECT_FALSE(d.is_policy);
  EXPECT_EQ(d.cdp_error_reason, "NameNotResolved");
}

TEST(RequestFilterTest, CachesHostVerdicts) {
  std::atomic<int> calls{0};
  RequestFilter filter({}, TableResolver({{"www.example.jp", "93.184.216.34"}}, &calls));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(filter.Decide("https://www.example.jp/a", "XHR").allow);
  EXPECT_EQ(calls.load(), 1);
}

TEST(RequestFilterTest, AllowPrivateTargetsAndExemptHosts) {
  RequestFilterOptions open;
  open.net_policy.allow_private_targets = true;
  RequestFilter all(open, TableResolver({}));
  EXPECT_TRUE(all.Decide("http://127.0.0.1:9/", "Document").allow);
  EXPECT_TRUE(all.CheckRemoteAddress("http://x/", "10.0.0.1").ok());

  RequestFilterOptions exempt;
  exempt.net_policy.allowed_private_hosts = {"site.localhost"};
  RequestFilter some(exempt, TableResolver({{"site.localhost", "127.0.0.1"}}));
  EXPECT_TRUE(some.Decide("http://site.localhost:8080/", "Document").allow);
  EXPECT_FALSE(some.Decide("http://other.localhost:8080/", "Document").allow);
  EXPECT_TRUE(some.CheckRemoteAddress("http://site.localhost:8080/", "127.0.0.1").ok());
}

TEST(RequestFilterTest, RemoteAddressCheckCatchesRebinding) {
  RequestFilter filter({}, TableResolver({}));
  Status s = filter.CheckRemoteAddress("https://shop.example/x", "[::ffff:192.168.1.4]");
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("shop.example"), std::string::npos);
  EXPECT_TRUE(filter.CheckRemoteAddress("https://shop.example/x", "93.184.216.34").ok());
  EXPECT_TRUE(filter.CheckRemoteAddress("https://shop.example/x", "").ok());
}

}  // namespace
}  // namespace formsender::browser

// ClientLimiter: a client's refusals empty its bucket, an empty bucket throttles it until a
// token is back, clients are independent, and the client is the peer unless the front end is
// trusted.
#include "web/client_limiter.h"

#include <gtest/gtest.h>

namespace formsender::web {
namespace {

HttpRequest From(const std::string& remote, const std::string& forwarded = "") {
  HttpRequest r;
  r.remote_address = remote;
  if (!forwarded.empty()) r.headers.Set("X-Forwarded-For", forwarded);
  return r;
}

TEST(ClientLimiterTest, RefusalsEmptyTheBucketAndTimeRefillsIt) {
  FakeClock clock(TimePoint{} + std::chrono::hours(1000));
  ClientLimiter limiter({.refusals_per_second = 2, .burst = 3}, clock);
  EXPECT_FALSE(limiter.Throttled("198.51.100.1"));  // never refused: not even tracked
  EXPECT_EQ(limiter.clients_tracked(), 0u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(limiter.Throttled("198.51.100.1")) << i;
    limiter.Charge("198.51.100.1");
  }
  auto wait = limiter.Throttled("198.51.100.1");
  ASSERT_TRUE(wait.has_value());
  EXPECT_GT(*wait, Duration::zero());
  EXPECT_LE(*wait, std::chrono::milliseconds(501));  // one token at 2 per second
  // Another client is not touched.
  EXPECT_FALSE(limiter.Throttled("198.51.100.2"));
  clock.Advance(std::chrono::milliseconds(499));
  EXPECT_TRUE(limiter.Throttled("198.51.100.1"));
  clock.Advance(std::chrono::milliseconds(2));
  EXPECT_FALSE(limiter.Throttled("198.51.100.1"));
}

TEST(ClientLimiterTest, ZeroTurnsItOff) {
  FakeClock clock(TimePoint{});
  ClientLimiter limiter({.refusals_per_second = 0, .burst = 1}, clock);
  EXPECT_FALSE(limiter.enabled());
  for (int i = 0; i < 100; ++i) limiter.Charge("x");
  EXPECT_FALSE(limiter.Throttled("x"));
  EXPECT_EQ(limiter.clients_tracked(), 0u);
}

TEST(ClientLimiterTest, TheClientIsThePeerUnlessTheFrontEndIsTrusted) {
  FakeClock clock(TimePoint{});
  ClientLimiter peer({}, clock);
  EXPECT_EQ(peer.ClientOf(From("203.0.113.7:53211")), "203.0.113.7");
  EXPECT_EQ(peer.ClientOf(From("[2001:db8::7]:443")), "2001:db8::7");
  EXPECT_EQ(peer.ClientOf(From("")), "unknown");
  // Anyone can write the header: without trust it changes nothing.
  EXPECT_EQ(peer.ClientOf(From("169.254.1.1:80", "198.51.100.9")), "169.254.1.1");

  ClientLimiter front({.trust_forwarded_for = true}, clock);
  // The front end appends the address it saw; what the caller wrote comes before it.
  EXPECT_EQ(front.ClientOf(From("169.254.1.1:80", "1.2.3.4, 198.51.100.9")), "198.51.100.9");
  EXPECT_EQ(front.ClientOf(From("169.254.1.1:80", "198.51.100.9")), "198.51.100.9");
  EXPECT_EQ(front.ClientOf(From("169.254.1.1:80", " , ")), "169.254.1.1");
  EXPECT_EQ(front.ClientOf(From("169.254.1.1:80")), "169.254.1.1");
}

TEST(ClientLimiterTest, MemoryStaysBoundedWhateverTheNumberOfClients) {
  FakeClock clock(TimePoint{});
  ClientLimiter limiter({.refusals_per_second = 1, .burst = 5}, clock);
  for (int i = 0; i < 25'000; ++i) limiter.Charge("10.0." + std::to_string(i));
  EXPECT_LE(limiter.clients_tracked(), 10'000u);
  // After the clearing, a client refused again is throttled again.
  for (int i = 0; i < 5; ++i) limiter.Charge("abuser");
  clock.Advance(std::chrono::seconds(10));
  for (int i = 0; i < 5; ++i) limiter.Charge("abuser");
  ASSERT_TRUE(limiter.Throttled("abuser"));
}

}  // namespace
}  // namespace formsender::web

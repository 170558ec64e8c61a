#include "gcp/token_provider.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "common/time.h"

namespace formsender::gcp {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// Hands out "t1", "t2", … valid for `lifetime`; can be told to fail or to block.
class CountingSource final : public TokenSource {
 public:
  CountingSource(const Clock& clock, Duration lifetime) : clock_(clock), lifetime_(lifetime) {}
  Result<Token> Fetch() override {
    int n = ++calls_;
    if (gate_) gate_->wait();
    if (fail_) return Status::Unavailable("token endpoint down");
    return Token{"t" + std::to_string(n), clock_.Now() + lifetime_};
  }
  std::atomic<int> calls_{0};
  std::atomic<bool> fail_{false};
  std::shared_future<void> const* gate_ = nullptr;

 private:
  const Clock& clock_;
  Duration lifetime_;
};

class TokenProviderTest : public ::testing::Test {
 protected:
  FakeClock clock_{FromUnixSeconds(1'700'000'000)};
};

TEST_F(TokenProviderTest, CachesUntilTheRefreshMargin) {
  auto source = std::make_unique<CountingSource>(clock_, std::chrono::hours(1));
  CountingSource* s = source.get();
  CachingTokenProvider provider(std::move(source), clock_, minutes(5));
  EXPECT_EQ(*provider.GetToken(), "t1");
  clock_.Advance(minutes(54));
  EXPECT_EQ(*provider.GetToken(), "t1");
  clock_.Advance(minutes(1) + seconds(1));  // 4m59s left: inside the margin
  EXPECT_EQ(*provider.GetToken(), "t2");
  EXPECT_EQ(s->calls_, 2);
}

TEST_F(TokenProviderTest, ShortLivedTokensRefreshAtHalfLife) {
  auto source = std::make_unique<CountingSource>(clock_, minutes(4));
  CachingTokenProvider provider(std::move(source), clock_, minutes(5));
  EXPECT_EQ(*provider.GetToken(), "t1");
  clock_.Advance(minutes(1));
  EXPECT_EQ(*provider.GetToken(), "t1");
  clock_.Advance(minutes(1) + seconds(1));
  EXPECT_EQ(*provider.GetToken(), "t2");
}

TEST_F(TokenProviderTest, InvalidateForcesOneRefreshOnly) {
  auto source = std::make_unique<CountingSource>(clock_, std::chrono::hours(1));
  CachingTokenProvider provider(std::move(source), clock_);
  EXPECT_EQ(*provider.GetToken(), "t1");
  provider.Invalidate("t1");
  provider.Invalidate("t1");
  EXPECT_EQ(*provider.GetToken(), "t2");
  provider.Invalidate("t1");  // stale report: ignored
  EXPECT_EQ(*provider.GetToken(), "t2");
  EXPECT_EQ(provider.fetch_count(), 2);
}

TEST_F(TokenProviderTest, FailureKeepsAStillValidTokenAndReportsOtherwise) {
  auto source = std::make_unique<CountingSource>(clock_, std::chrono::hours(1));
  CountingSource* s = source.get();
  CachingTokenProvider provider(std::move(source), clock_, minutes(5));
  EXPECT_EQ(*provider.GetToken(), "t1");
  s->fail_ = true;
  clock_.Advance(minutes(57));
  EXPECT_EQ(*provider.GetToken(), "t1");  // refresh failed, but t1 has 3 minutes left
  clock_.Advance(minutes(4));
  auto expired = provider.GetToken();
  EXPECT_EQ(expired.status().code(), StatusCode::kUnavailable);
  s->fail_ = false;
  EXPECT_EQ(*provider.GetToken(), "t4");
}

TEST_F(TokenProviderTest, ConcurrentCallersShareOneRefresh) {
  auto source = std::make_unique<CountingSource>(clock_, std::chrono::hours(1));
  CountingSource* s = source.get();
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  s->gate_ = &gate;
  CachingTokenProvider provider(std::move(source), clock_);
  constexpr int kCallers = 8;
  std::vector<std::future<Result<std::string>>> results;
  for (int i = 0; i < kCallers; ++i) {
    results.push_back(std::async(std::launch::async, [&] { return provider.GetToken(); }));
  }
  // Wait until one caller is fetching and all the others are parked behind it.
  while (s->calls_ < 1 || provider.waiting_callers() < kCallers - 1) std::this_thread::yield();
  release.set_value();
  for (auto& r : results) {
    auto token = r.get();
    ASSERT_TRUE(token.ok());
    EXPECT_EQ(*token, "t1");
  }
  EXPECT_EQ(s->calls_, 1);
}

TEST_F(TokenProviderTest, WaitersGetTheSharedFailure) {
  auto source = std::make_unique<CountingSource>(clock_, std::chrono::hours(1));
  CountingSource* s = source.get();
  s->fail_ = true;
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  s->gate_ = &gate;
  CachingTokenProvider provider(std::move(source), clock_);
  constexpr int kCallers = 4;
  std::vector<std::future<Result<std::string>>> results;
  for (int i = 0; i < kCallers; ++i) {
    results.push_back(std::async(std::launch::async, [&] { return provider.GetToken(); }));
  }
  while (s->calls_ < 1 || provider.waiting_callers() < kCallers - 1) std::this_thread::yield();
  release.set_value();
  for (auto& r : results) EXPECT_EQ(r.get().status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(s->calls_, 1);
}

}  // namespace
}  // namespace formsender::gcp

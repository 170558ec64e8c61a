#include "common/shifted_clock.h"

#include <gtest/gtest.h>

#include "common/time.h"

namespace formsender {
namespace {

TimePoint At(std::string_view iso) { return *ParseIsoTimestamp(iso); }

TEST(ShiftedClockTest, ParsesTimeAnchorAndRate) {
  auto spec = ParseShiftedClockSpec("2026-12-01T17:58:00+09:00@1764400000000x60", TimePoint{});
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->simulated_start, At("2026-12-01T08:58:00Z"));
  EXPECT_EQ(spec->real_anchor, TimePoint(std::chrono::milliseconds(1764400000000)));
  EXPECT_DOUBLE_EQ(spec->rate, 60.0);
}

TEST(ShiftedClockTest, AnchorDefaultsToNowAndRateToOne) {
  TimePoint now = At("2026-11-29T12:00:00Z");
  auto spec = ParseShiftedClockSpec("2026-12-01T09:00:00+09:00", now);
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->real_anchor, now);
  EXPECT_DOUBLE_EQ(spec->rate, 1.0);
}

TEST(ShiftedClockTest, AdvancesAtItsRateFromTheAnchor) {
  // An anchor 10 real seconds ago at 60x is 10 simulated minutes after the start.
  auto anchor = std::chrono::time_point_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now() - std::chrono::seconds(10));
  std::string spec_text =
      "2026-12-01T17:50:00+09:00@" + std::to_string(anchor.time_since_epoch().count()) + "x60";
  auto spec = ParseShiftedClockSpec(spec_text, TimePoint{});
  ASSERT_TRUE(spec.ok());
  ShiftedClock clock(*spec);
  auto elapsed = clock.Now() - At("2026-12-01T08:50:00Z");
  EXPECT_GE(elapsed, std::chrono::minutes(10));
  EXPECT_LT(elapsed, std::chrono::minutes(30));  // generous: the machine may be loaded
}

TEST(ShiftedClockTest, BadSpecsNameThePartThatIsWrong) {
  auto bad_rate = ParseShiftedClockSpec("2026-12-01T09:00:00Z x0", TimePoint{});
  ASSERT_FALSE(bad_rate.ok());
  EXPECT_NE(bad_rate.status().message().find("rate \"0\""), std::string::npos);
  auto bad_anchor = ParseShiftedClockSpec("2026-12-01T09:00:00Z@soon", TimePoint{});
  ASSERT_FALSE(bad_anchor.ok());
  EXPECT_NE(bad_anchor.status().message().find("anchor \"soon\""), std::string::npos);
  auto bad_time = ParseShiftedClockSpec("tuesday", TimePoint{});
  ASSERT_FALSE(bad_time.ok());
  EXPECT_NE(bad_time.status().message().find("time:"), std::string::npos);
  EXPECT_FALSE(MakeProcessClock("2026-13-01T00:00:00Z").ok());
}

TEST(ShiftedClockTest, UnsetMeansTheSystemClock) {
  auto clock = MakeProcessClock("");
  ASSERT_TRUE(clock.ok());
  auto diff = (*clock)->Now() - std::chrono::system_clock::now();
  EXPECT_LT(std::chrono::abs(diff), std::chrono::seconds(5));
}

}  // namespace
}  // namespace formsender

#include "common/log.h"

#include <gtest/gtest.h>

namespace formsender {
namespace {

TEST(LogTest, JsonLinesWithCloudLoggingFields) {
  auto lines = std::make_shared<std::vector<std::string>>();
  auto redactor = std::make_shared<Redactor>();
  redactor->AddSecret("supersecretvalue");
  auto log = MakeCapturingLogger(lines, redactor);
  log->warn("using supersecretvalue and Bearer abc");
  LogFields(*log, spdlog::level::info, "claimed", Json{{"company_id", 42}});
  ASSERT_EQ(lines->size(), 2u);
  Json first = *ParseJson((*lines)[0]);
  EXPECT_EQ(first["severity"], "WARNING");
  EXPECT_EQ(first["message"], "using [REDACTED] and Bearer [REDACTED]");
  EXPECT_TRUE(first["time"].get<std::string>().ends_with("Z"));
  Json second = *ParseJson((*lines)[1]);
  EXPECT_EQ(second["severity"], "INFO");
  EXPECT_EQ(second["message"], "claimed");
  EXPECT_EQ(second["company_id"], 42);
  EXPECT_EQ(second["logging.googleapis.com/labels"]["component"], "test");
}

TEST(LogTest, ParseLogLevel) {
  EXPECT_EQ(*ParseLogLevel("WARNING"), spdlog::level::warn);
  EXPECT_FALSE(ParseLogLevel("loud").ok());
}

}  // namespace
}  // namespace formsender

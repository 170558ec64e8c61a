// ValidateClientConfig: the reference's validate-config rules (§4.2.2) on a built config and on
// every way a config can be wrong.
#include "settings/client_config_check.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace formsender::settings {
namespace {

Json Sample() {
  const char* src = std::getenv("FORMSENDER_SOURCE_DIR");
  EXPECT_NE(src, nullptr) << "FORMSENDER_SOURCE_DIR not set";
  std::ifstream in(std::filesystem::path(src ? src : ".") / "tests/forms/client_config.json");
  std::stringstream text;
  text << in.rdbuf();
  auto j = ParseJson(text.str());
  EXPECT_TRUE(j.ok()) << j.status().message();
  return j.ok() ? *j : Json();
}

std::string Error(const Json& config) { return ValidateClientConfig(config).message(); }

TEST(ClientConfigCheckTest, TheCorpusConfigIsValid) {
  Status s = ValidateClientConfig(Sample());
  EXPECT_TRUE(s.ok()) << s.message();
}

TEST(ClientConfigCheckTest, TopLevelShape) {
  EXPECT_EQ(Error(Json::array()), "client_config is not a JSON object");
  Json c = Sample();
  c.erase("targeting_id");
  EXPECT_EQ(Error(c), "client_config.targeting_id is missing");
  c = Sample();
  c["client"] = "x";
  EXPECT_EQ(Error(c), "client_config.client is missing or not an object");
  c = Sample();
  c.erase("targeting");
  EXPECT_EQ(Error(c), "client_config.targeting is missing or not an object");
}

TEST(ClientConfigCheckTest, ClientFields) {
  Json c = Sample();
  c["client"]["email_1"] = "  ";
  EXPECT_EQ(Error(c), "client.email_1 is blank");
  c = Sample();
  c["client"].erase("phone_1");
  EXPECT_EQ(Error(c), "client.phone_1 is missing");
  c = Sample();
  c["client"]["gender"] = 1;
  EXPECT_EQ(Error(c), "client.gender is not a string");
  c = Sample();
  c["client"]["phone_2"] = "";  // may be blank
  c["client"]["address_4"] = nullptr;
  EXPECT_TRUE(ValidateClientConfig(c).ok());
}

TEST(ClientConfigCheckTest, TargetingRules) {
  Json c = Sample();
  c["targeting"]["send_start_time"] = "9:00";
  EXPECT_EQ(Error(c), "targeting.send_start_time \"9:00\" is not HH:MM (two-digit hour)");
  c = Sample();
  c["targeting"]["send_end_time"] = "24:00";
  EXPECT_EQ(Error(c), "targeting.send_end_time \"24:00\" is not HH:MM (two-digit hour)");
  c = Sample();
  c["targeting"]["send_days_of_week"] = "[0,1]";
  EXPECT_EQ(Error(c), "targeting.send_days_of_week \"[0,1]\" is not a list of weekdays 0-6");
  c = Sample();
  c["targeting"]["send_days_of_week"] = Json::array({0, 7});
  EXPECT_EQ(Error(c),
            "targeting.send_days_of_week [0,7] is not a list of weekdays 0-6 (Monday = 0)");
  c = Sample();
  c["targeting"]["max_daily_sends"] = "50";
  EXPECT_EQ(Error(c), "targeting.max_daily_sends \"50\" is not an integer");
  c = Sample();
  c["targeting"]["message"] = nullptr;
  EXPECT_EQ(Error(c), "targeting.message is missing");
  c = Sample();
  c["targeting"]["send_days_of_week"] =
      Json::array();  // the reference runner reads [] as every day
  EXPECT_TRUE(ValidateClientConfig(c).ok());
}

TEST(ClientConfigCheckTest, ActiveFlag) {
  Json c = Sample();
  c["active"] = "TRUE";
  EXPECT_TRUE(ValidateClientConfig(c).ok());
  c["active"] = "maybe";
  EXPECT_FALSE(ValidateClientConfig(c).ok());
}

}  // namespace
}  // namespace formsender::settings

// The dispatcher's validate-config check (spec §4.2.2): the reference's messages, and the
// required sender fields shared with the runner's check (settings::RequiredClientFields).
#include "dispatcher/client_config_validator.h"

#include <gtest/gtest.h>

#include "settings/client_config_check.h"

namespace formsender::dispatcher {
namespace {

Json Config() {
  Json client = Json::object();
  for (const char* f : settings::RequiredClientFields()) client[f] = "x";
  return Json{{"targeting_id", 1},
              {"client_id", 2},
              {"client", client},
              {"targeting",
               {{"subject", "件名"},
                {"message", "本文"},
                {"max_daily_sends", 50},
                {"send_start_time", "09:00"},
                {"send_end_time", "18:00"},
                {"send_days_of_week", {0, 1, 2, 3, 4}}}}};
}

TEST(ClientConfigValidatorTest, ACompleteConfigPasses) {
  Status s = ValidateClientConfig(Config());
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST(ClientConfigValidatorTest, MissingSenderFieldsAreListedInTheReferencesOrder) {
  Json config = Config();
  config["client"].erase("phone_1");
  config["client"]["company_name_kana"] = "  ";
  config["client"]["postal_code_2"] = "";  // may be blank
  Status s = ValidateClientConfig(config);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "client セクションの必須フィールドが不足: ['company_name_kana', 'phone_1']");
  EXPECT_EQ(settings::RequiredClientFields().size(), 17u);
}

TEST(ClientConfigValidatorTest, SectionsAndIdsAreRequired) {
  Json config = Config();
  config.erase("client");
  EXPECT_EQ(ValidateClientConfig(config).message(),
            "2シート構造の 'client' セクションが見つかりません");
  config = Config();
  config.erase("client_id");
  EXPECT_EQ(ValidateClientConfig(config).message(), "必須フィールド 'client_id' が見つかりません");
}

}  // namespace
}  // namespace formsender::dispatcher

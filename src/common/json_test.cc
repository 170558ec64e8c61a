#include "common/json.h"

#include <gtest/gtest.h>

namespace formsender {
namespace {

TEST(JsonTest, ParseErrorsNameTheSource) {
  auto r = ParseJson("{\"a\": ", "payload.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("payload.json"), std::string::npos);
}

TEST(JsonTest, TypedGettersNameThePath) {
  Json j = *ParseJson(R"({"a": {"n": "x", "i": 3, "b": true}})");
  Json a = *GetObject(j, "a");
  EXPECT_EQ(*GetInt(a, "i", "a"), 3);
  auto bad = GetInt(a, "n", "a");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "a.n must be an integer, not string");
  EXPECT_FALSE(GetOptionalString(a, "missing")->has_value());
  EXPECT_EQ(GetString(a, "missing", "a").status().message(), "a.missing is required");
}

TEST(JsonTest, DeepMergeSkipsNullsAndMergesObjects) {
  Json base =
      *ParseJson(R"({"batch": {"job_name": "j", "monitor": {"state": "scheduled"}}, "x": 1})");
  Json patch = *ParseJson(
      R"({"batch": {"monitor": {"state": "RUNNING"}, "job_name": null}, "x": null, "y": [1]})");
  Json merged = DeepMergeSkippingNulls(base, patch);
  EXPECT_EQ(merged["batch"]["job_name"], "j");
  EXPECT_EQ(merged["batch"]["monitor"]["state"], "RUNNING");
  EXPECT_EQ(merged["x"], 1);
  EXPECT_EQ(merged["y"], Json::array({1}));
  // A dict patch over a non-dict replaces it.
  Json replaced = DeepMergeSkippingNulls(Json{{"a", 5}}, Json{{"a", {{"b", 1}}}});
  EXPECT_EQ(replaced["a"]["b"], 1);
  EXPECT_EQ(StripNulls(patch).dump(), R"({"batch":{"monitor":{"state":"RUNNING"}},"y":[1]})");
}

}  // namespace
}  // namespace formsender

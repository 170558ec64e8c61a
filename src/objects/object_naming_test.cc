#include "objects/object_naming.h"

#include <gtest/gtest.h>

#include "common/time.h"

namespace formsender::objects {
namespace {

TEST(ObjectNamingTest, KeyUsesTheJstDate) {
  // 2025-10-15T15:30Z is already 2025-10-16 in Japan.
  TimePoint t = *ParseIsoTimestamp("2025-10-15T15:30:00Z");
  EXPECT_EQ(ClientConfigObjectKey(t, 12, "0f8fad5b-d9cb-469f-a165-70867728950e"),
            "20251016/targeting-12-0f8fad5b-d9cb-469f-a165-70867728950e.json");
  TimePoint before = *ParseIsoTimestamp("2025-10-15T14:59:59Z");
  EXPECT_TRUE(ClientConfigObjectKey(before, 7).starts_with("20251015/targeting-7-"));
  std::string generated = ClientConfigObjectKey(t, 7);
  EXPECT_EQ(generated.size(), std::string("20251016/targeting-7-").size() + 36 + 5);
}

TEST(ObjectNamingTest, GcsRefs) {
  auto ref = ParseGcsRef("gs://fs-bucket/20251016/targeting-12-x.json");
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->bucket, "fs-bucket");
  EXPECT_EQ(ref->object, "20251016/targeting-12-x.json");
  EXPECT_EQ(FormatGcsRef("b", "o/p"), "gs://b/o/p");
  EXPECT_EQ(ParseGcsRef("https://storage.googleapis.com/b/o").status().message(),
            "client_config_object must be a gs:// URI");
  EXPECT_EQ(ParseGcsRef("gs://bucket-only").status().message(), "client_config_object is invalid");
  EXPECT_EQ(ParseGcsRef("gs:///o").status().message(), "client_config_object is invalid");
  EXPECT_EQ(ParseGcsRef("gs://b/").status().message(), "client_config_object is invalid");
}

TEST(ObjectNamingTest, LocalRefs) {
  EXPECT_EQ(*ParseLocalRef("local://objects/20251016/a.json"), "20251016/a.json");
  EXPECT_EQ(ParseLocalRef("gs://b/o").status().message(),
            "client_config_object must be a local://objects/ URI");
  EXPECT_EQ(ParseLocalRef("local://objects/").status().message(),
            "client_config_object is invalid");
}

}  // namespace
}  // namespace formsender::objects

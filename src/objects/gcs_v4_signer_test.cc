// Conformance: every signed-URL and POST-policy vector of
// shared/anchors/gcs-v4/v4_signatures.json, byte for byte.
#include "objects/gcs_v4_signer.h"

#include <gtest/gtest.h>

#include "common/strings.h"
#include "common/time.h"
#include "gcp/testing/test_keys.h"

namespace formsender::objects {
namespace {

class GcsV4ConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = gcp::testing::LoadConformanceKey();
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    signer_ = std::make_unique<gcp::ServiceAccountBlobSigner>(*key);
    auto text = gcp::testing::ReadAnchorFile("gcs-v4/v4_signatures.json");
    ASSERT_TRUE(text.ok()) << text.status().ToString();
    vectors_ = *ParseJson(*text);
  }

  static V4Endpoint EndpointOf(const Json& c) {
    V4Endpoint e;
    e.scheme = c.value("scheme", "");
    std::string style = c.value("urlStyle", "PATH_STYLE");
    e.url_style = style == "VIRTUAL_HOSTED_STYLE"    ? UrlStyle::kVirtualHostedStyle
                  : style == "BUCKET_BOUND_HOSTNAME" ? UrlStyle::kBucketBoundHostname
                                                     : UrlStyle::kPathStyle;
    e.bucket_bound_hostname = c.value("bucketBoundHostname", "");
    e.hostname = c.value("hostname", "");
    e.client_endpoint = c.value("clientEndpoint", "");
    e.emulator_host = c.value("emulatorHostname", "");
    e.universe_domain = c.value("universeDomain", "");
    return e;
  }

  std::unique_ptr<gcp::ServiceAccountBlobSigner> signer_;
  Json vectors_;
};

TEST_F(GcsV4ConformanceTest, AllSignedUrlVectors) {
  const Json& cases = vectors_["signingV4Tests"];
  ASSERT_EQ(cases.size(), 29u);
  int index = 0;
  for (const Json& c : cases) {
    ++index;
    SCOPED_TRACE("case " + std::to_string(index) + ": " + c["description"].get<std::string>());
    V4SignedUrlRequest request;
    request.method = c["method"];
    request.bucket = c["bucket"];
    request.object = c.value("object", "");
    request.expiration = std::chrono::seconds(c["expiration"].get<int64_t>());
    request.timestamp = *ParseIsoTimestamp(c["timestamp"].get<std::string>());
    if (c.contains("headers"))
      request.headers = c["headers"].get<std::map<std::string, std::string>>();
    if (c.contains("queryParameters")) {
      request.query_parameters = c["queryParameters"].get<std::map<std::string, std::string>>();
    }
    request.endpoint = EndpointOf(c);
    auto signed_url = SignUrlV4(request, *signer_);
    ASSERT_TRUE(signed_url.ok()) << signed_url.status().ToString();
    EXPECT_EQ(signed_url->string_to_sign, c["expectedStringToSign"].get<std::string>());
    EXPECT_EQ(signed_url->url, c["expectedUrl"].get<std::string>());
    std::string expected_canonical = c["expectedCanonicalRequest"];
    if (index == 29) {
      // Upstream defect (notes/gcs-v4.md): the vector's canonical request shows the path-style
      // path; its string-to-sign and signature were made from "/test-object", which is right
      // for virtual-hosted style.
      expected_canonical =
          ReplaceAll(expected_canonical, "\n/test-bucket/test-object\n", "\n/test-object\n");
    }
    EXPECT_EQ(signed_url->canonical_request, expected_canonical);
  }
}

TEST_F(GcsV4ConformanceTest, AllPostPolicyVectors) {
  const Json& cases = vectors_["postPolicyV4Tests"];
  ASSERT_EQ(cases.size(), 11u);
  int index = 0;
  for (const Json& c : cases) {
    ++index;
    SCOPED_TRACE("post case " + std::to_string(index) + ": " + c["description"].get<std::string>());
    const Json& in = c["policyInput"];
    PostPolicyV4Request request;
    request.bucket = in["bucket"];
    request.object = in["object"];
    request.expiration = std::chrono::seconds(in["expiration"].get<int64_t>());
    request.timestamp = *ParseIsoTimestamp(in["timestamp"].get<std::string>());
    if (in.contains("fields"))
      request.fields = in["fields"].get<std::map<std::string, std::string>>();
    if (in.contains("conditions")) {
      const Json& cond = in["conditions"];
      if (cond.contains("startsWith")) {
        request.starts_with = {cond["startsWith"][0], cond["startsWith"][1]};
      }
      if (cond.contains("contentLengthRange")) {
        request.content_length_range = {cond["contentLengthRange"][0],
                                        cond["contentLengthRange"][1]};
      }
    }
    request.endpoint = EndpointOf(in);
    auto policy = SignPostPolicyV4(request, *signer_);
    ASSERT_TRUE(policy.ok()) << policy.status().ToString();
    const Json& out = c["policyOutput"];
    EXPECT_EQ(policy->url, out["url"].get<std::string>());
    EXPECT_EQ(policy->fields, (out["fields"].get<std::map<std::string, std::string>>()));
    // Upstream defect (notes/gcs-v4.md): expectedDecodedPolicy shows "é" where the signed bytes
    // carry "\u00e9"; compare after parsing both, and the exact bytes through the base64 field.
    EXPECT_EQ(*ParseJson(policy->policy_json),
              *ParseJson(out["expectedDecodedPolicy"].get<std::string>()));
    EXPECT_EQ(*Base64Decode(out["fields"]["policy"].get<std::string>()), policy->policy_json);
  }
}

TEST_F(GcsV4ConformanceTest, RejectsExpirationsGcsWouldRefuse) {
  V4SignedUrlRequest request;
  request.bucket = "b";
  request.object = "o";
  request.timestamp = FromUnixSeconds(1'549'011'600);
  request.expiration = std::chrono::seconds(604801);
  EXPECT_EQ(SignUrlV4(request, *signer_).status().code(), StatusCode::kInvalidArgument);
  request.expiration = std::chrono::seconds(0);
  EXPECT_EQ(SignUrlV4(request, *signer_).status().code(), StatusCode::kInvalidArgument);
  request.expiration = std::chrono::seconds(604800);
  EXPECT_TRUE(SignUrlV4(request, *signer_).ok());
}

// X-Goog-Date comes from URLs anyone can write: a year a TimePoint cannot hold is refused, not
// converted (the signed_url fuzzer found the overflow).
TEST(V4TimestampTest, ReadsBackAndRefusesYearsOutOfRange) {
  auto t = ParseV4Timestamp("20260401T093000Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(V4Timestamp(*t), "20260401T093000Z");
  EXPECT_FALSE(ParseV4Timestamp("40520802T000000Z").has_value());
  EXPECT_FALSE(ParseV4Timestamp("22620101T000000Z").has_value());
  EXPECT_TRUE(ParseV4Timestamp("22611231T235959Z").has_value());
  EXPECT_FALSE(ParseV4Timestamp("19691231T235959Z").has_value());
  EXPECT_FALSE(ParseV4Timestamp("20260401T0930Z").has_value());
}

}  // namespace
}  // namespace formsender::objects

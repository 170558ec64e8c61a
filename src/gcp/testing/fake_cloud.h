#pragma once
// A ready-wired test environment: a FakeClock, the FakeGoogleApis server and a GoogleCloud
// whose credentials (the conformance key) and endpoints point at it. Test-only.
//
//   auto env = FakeCloud::Create();
//   ASSERT_TRUE(env.ok()) << env.status().ToString();
//   (*env)->cloud().batch().CreateJob(...);
//   EXPECT_TRUE((*env)->fake().violations().empty());

#include <memory>

#include "common/clock.h"
#include "common/http_client.h"
#include "common/log.h"
#include "gcp/google_cloud.h"
#include "gcp/testing/fake_google_apis.h"

namespace formsender::gcp::testing {

inline constexpr std::string_view kOtherServiceAccount =
    "dispatcher@test-project.iam.gserviceaccount.com";

class FakeCloud {
 public:
  struct Options {
    bool use_metadata_server = false;  // identity from the fake metadata server, no key
    std::shared_ptr<std::vector<std::string>> log_lines;  // capture logs when set
  };
  static Result<std::unique_ptr<FakeCloud>> Create(Options options);
  static Result<std::unique_ptr<FakeCloud>> Create() { return Create(Options{}); }

  FakeClock& clock() { return clock_; }
  HttpClient& http() { return http_; }
  FakeGoogleApis& fake() { return *fake_; }
  GoogleCloud& cloud() { return *cloud_; }
  const ServiceAccountKey& key() const { return key_; }
  LoggerPtr log() { return log_; }

 private:
  FakeCloud() = default;
  FakeClock clock_{std::chrono::sys_days{std::chrono::year{2025} / 10 / 16} +
                   std::chrono::hours(1)};
  CurlHttpClient http_;
  ServiceAccountKey key_;
  LoggerPtr log_;
  std::unique_ptr<FakeGoogleApis> fake_;
  std::unique_ptr<GoogleCloud> cloud_;
};

}  // namespace formsender::gcp::testing

#pragma once
// The Cloud Storage XML API of FakeGoogleApis, for tests: GET and HEAD of
// /xml/<bucket>/<object> with V4 query-string authentication. The signature is recomputed from
// the request as received (Host header included) and checked with the key of the credential's
// account; expired, tampered or foreign URLs get GCS's error codes (400 ExpiredToken,
// 403 SignatureDoesNotMatch), a missing object 404 NoSuchKey.
//
//   InstallFakeGcsXml(fake, clock);
//   gcp::testing::RoutingHttpClient http(curl);
//   http.Route("https://storage.googleapis.com/", fake.base_url() + "/xml/");

#include "common/clock.h"
#include "gcp/testing/fake_google_apis.h"

namespace formsender::objects::testing {

void InstallFakeGcsXml(gcp::testing::FakeGoogleApis& fake, const Clock& clock);

}  // namespace formsender::objects::testing

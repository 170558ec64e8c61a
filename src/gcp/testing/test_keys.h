#pragma once
// The revoked dummy service-account key of the GCS conformance tests
// (shared/anchors/gcs-v4/test_service_account.not-a-test.json), for tests only.

#include <string>

#include "common/status.h"
#include "gcp/service_account.h"

namespace formsender::gcp::testing {

// The conformance key (test-iam-credentials@dummy-project-id.iam.gserviceaccount.com).
Result<ServiceAccountKey> LoadConformanceKey();
// The raw JSON text of that key file.
Result<std::string> ReadConformanceKeyJson();
// The same private key under another account name (a second identity for IAM tests).
ServiceAccountKey WithEmail(ServiceAccountKey key, std::string email);
// Reads a file under shared/anchors.
Result<std::string> ReadAnchorFile(const std::string& relative_path);

}  // namespace formsender::gcp::testing

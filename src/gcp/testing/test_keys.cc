#include "gcp/testing/test_keys.h"

#include <fstream>
#include <sstream>

#include "gcp/testing/discovery.h"

namespace formsender::gcp::testing {

Result<std::string> ReadAnchorFile(const std::string& relative_path) {
  FS_ASSIGN_OR_RETURN(auto anchors, FindAnchorsDir());
  std::ifstream in(anchors / relative_path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + (anchors / relative_path).string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<std::string> ReadConformanceKeyJson() {
  return ReadAnchorFile("gcs-v4/test_service_account.not-a-test.json");
}

Result<ServiceAccountKey> LoadConformanceKey() {
  FS_ASSIGN_OR_RETURN(std::string text, ReadConformanceKeyJson());
  return ParseServiceAccountKey(text, "test_service_account.not-a-test.json");
}

ServiceAccountKey WithEmail(ServiceAccountKey key, std::string email) {
  key.client_email = std::move(email);
  return key;
}

}  // namespace formsender::gcp::testing

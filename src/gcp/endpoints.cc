#include "gcp/endpoints.h"

namespace formsender::gcp {

Result<GcpEndpoints> GcpEndpointsFromEnvironment(const Environment& env) {
  GcpEndpoints endpoints;
  struct Override {
    const char* name;
    std::string* target;
  };
  const Override overrides[] = {
      {"FORMSENDER_OAUTH_TOKEN_URI", &endpoints.oauth_token_uri},
      {"FORMSENDER_BATCH_ENDPOINT", &endpoints.batch},
      {"FORMSENDER_CLOUDTASKS_ENDPOINT", &endpoints.cloud_tasks},
      {"FORMSENDER_STORAGE_ENDPOINT", &endpoints.storage},
      {"FORMSENDER_IAMCREDENTIALS_ENDPOINT", &endpoints.iam_credentials},
      {"FORMSENDER_SECRETMANAGER_ENDPOINT", &endpoints.secret_manager},
      {"FORMSENDER_RUN_ENDPOINT", &endpoints.cloud_run},
  };
  for (const auto& o : overrides) {
    auto value = env.GetNonBlank(o.name);
    if (!value) continue;
    if (!value->starts_with("https://") && !value->starts_with("http://")) {
      return Status::InvalidArgument(std::string(o.name) + " must be an http(s) URL, got \"" +
                                     *value + "\"");
    }
    *o.target = *value;
  }
  return endpoints;
}

}  // namespace formsender::gcp

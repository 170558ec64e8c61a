#include "gcp/iam_credentials_client.h"

#include "common/strings.h"
#include "gcp/metadata_client.h"

namespace formsender::gcp {
namespace {

Status CheckEmail(std::string_view email) {
  if (email.empty() || email.find('@') == std::string_view::npos ||
      email.find('/') != std::string_view::npos) {
    return Status::InvalidArgument("service-account email \"" + std::string(email) +
                                   "\" is not an email address");
  }
  return Status::Ok();
}

}  // namespace

IamCredentialsClient::IamCredentialsClient(RestClient& rest, std::string base_url)
    : rest_(rest), base_url_(std::move(base_url)) {}

std::string IamCredentialsClient::MethodUrl(std::string_view email, std::string_view verb) const {
  return JoinUrl(base_url_,
                 "v1/projects/-/serviceAccounts/" + PercentEncode(email) + ":" + std::string(verb));
}

Result<SignedBlob> IamCredentialsClient::SignBlob(std::string_view email, std::string_view blob) {
  FS_RETURN_IF_ERROR(CheckEmail(email));
  RestRequest request;
  request.method = "POST";
  request.url = MethodUrl(email, "signBlob");
  request.json_body = Json{{"payload", Base64Encode(blob)}};
  request.operation = "iamcredentials.signBlob " + std::string(email);
  FS_ASSIGN_OR_RETURN(Json body, rest_.Call(request));
  auto signed_blob = GetString(body, "signedBlob", "signBlob response");
  if (!signed_blob.ok()) return Status::Unavailable(signed_blob.status().message());
  auto bytes = Base64Decode(*signed_blob);
  if (!bytes.ok() || bytes->empty()) {
    return Status::Unavailable("signBlob response: signedBlob is not base64");
  }
  SignedBlob out;
  out.key_id = body.value("keyId", "");
  out.signature = std::move(*bytes);
  return out;
}

Result<std::string> IamCredentialsClient::GenerateIdToken(std::string_view email,
                                                          std::string_view audience,
                                                          bool include_email) {
  FS_RETURN_IF_ERROR(CheckEmail(email));
  if (audience.empty()) return Status::InvalidArgument("generateIdToken: audience is empty");
  RestRequest request;
  request.method = "POST";
  request.url = MethodUrl(email, "generateIdToken");
  request.json_body = Json{{"audience", audience}, {"includeEmail", include_email}};
  request.operation = "iamcredentials.generateIdToken " + std::string(email);
  FS_ASSIGN_OR_RETURN(Json body, rest_.Call(request));
  auto token = GetString(body, "token", "generateIdToken response");
  if (!token.ok()) return Status::Unavailable(token.status().message());
  return std::move(*token);
}

Result<Token> IamIdTokenSource::Fetch() {
  FS_ASSIGN_OR_RETURN(std::string token, iam_.GenerateIdToken(email_, audience_));
  FS_ASSIGN_OR_RETURN(TimePoint expires_at, JwtExpiry(token, clock_.Now() + std::chrono::hours(1)));
  return Token{std::move(token), expires_at};
}

}  // namespace formsender::gcp

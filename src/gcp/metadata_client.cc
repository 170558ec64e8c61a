#include "gcp/metadata_client.h"

#include "common/strings.h"
#include "common/time.h"
#include "gcp/jwt.h"

namespace formsender::gcp {
namespace {

Result<Token> TokenFromJson(const Json& body, const Clock& clock, std::string_view what) {
  auto value = GetString(body, "access_token", what);
  if (!value.ok()) return Status::Unavailable(value.status().message());
  auto expires_in = GetInt(body, "expires_in", what);
  if (!expires_in.ok()) return Status::Unavailable(expires_in.status().message());
  return Token{std::move(*value), clock.Now() + std::chrono::seconds(*expires_in)};
}

}  // namespace

MetadataOptions MetadataOptionsFromEnvironment(const Environment& env) {
  MetadataOptions options;
  if (auto host = env.GetNonBlank("GCE_METADATA_HOST")) {
    options.host = *host;
  } else if (auto root = env.GetNonBlank("GCE_METADATA_ROOT")) {
    options.host = *root;
  }
  return options;
}

MetadataClient::MetadataClient(HttpClient& http, const Clock& clock, MetadataOptions options,
                               LoggerPtr log)
    : options_(std::move(options)),
      base_url_("http://" + options_.host + "/computeMetadata/v1/"),
      rest_(http, nullptr, clock,
            MakeRetryPolicy(3, std::chrono::milliseconds(200), std::chrono::seconds(2)),
            std::move(log)) {
  if (options_.host.starts_with("http://")) {
    base_url_ = options_.host + "/computeMetadata/v1/";
  }
}

Result<std::string> MetadataClient::Get(std::string_view path,
                                        std::vector<std::pair<std::string, std::string>> query,
                                        std::chrono::milliseconds timeout) {
  RestRequest request;
  request.url = JoinUrl(base_url_, path);
  request.query = std::move(query);
  request.headers.Set("Metadata-Flavor", "Google");
  request.authenticate = false;
  request.expect_json = false;
  request.timeout = timeout.count() > 0 ? timeout : options_.timeout;
  request.operation = "metadata " + std::string(path);
  auto response = rest_.Send(request);
  if (!response.ok()) return response.status();
  if (response->headers.Get("Metadata-Flavor").value_or("") != "Google") {
    return Status::Unavailable("metadata " + std::string(path) + ": the server at " +
                               options_.host +
                               " did not answer with Metadata-Flavor: Google (not the metadata "
                               "server)");
  }
  return std::move(response->body);
}

bool MetadataClient::IsAvailable() { return Get("", {}, std::chrono::milliseconds(3000)).ok(); }

Result<Token> MetadataClient::AccessToken(const std::vector<std::string>& scopes) {
  std::vector<std::pair<std::string, std::string>> query;
  if (!scopes.empty()) query.emplace_back("scopes", Join(scopes, ","));
  FS_ASSIGN_OR_RETURN(std::string body, Get("instance/service-accounts/default/token", query));
  auto json = ParseJson(body, "metadata token response");
  if (!json.ok()) return Status::Unavailable(json.status().message());
  return TokenFromJson(*json, rest_.clock(), "metadata token response");
}

Result<Token> MetadataClient::IdentityToken(std::string_view audience) {
  if (audience.empty()) return Status::InvalidArgument("ID-token audience is empty");
  FS_ASSIGN_OR_RETURN(std::string body, Get("instance/service-accounts/default/identity",
                                            {{"audience", std::string(audience)}}));
  std::string token(Trim(body));
  FS_ASSIGN_OR_RETURN(TimePoint expires_at,
                      JwtExpiry(token, rest_.clock().Now() + std::chrono::hours(1)));
  return Token{std::move(token), expires_at};
}

Result<std::string> MetadataClient::ServiceAccountEmail() {
  FS_ASSIGN_OR_RETURN(std::string body, Get("instance/service-accounts/default/email"));
  return std::string(Trim(body));
}

Result<std::string> MetadataClient::ProjectId() {
  FS_ASSIGN_OR_RETURN(std::string body, Get("project/project-id"));
  return std::string(Trim(body));
}

Result<std::string> MetadataClient::Zone() {
  FS_ASSIGN_OR_RETURN(std::string body, Get("instance/zone"));
  return std::string(Trim(body));
}

Result<std::string> MetadataClient::Region() {
  FS_ASSIGN_OR_RETURN(std::string body, Get("instance/region"));
  return std::string(Trim(body));
}

namespace {

Result<bool> ParsePreempted(std::string_view body) {
  std::string value = ToUpperAscii(Trim(body));
  if (value == "TRUE") return true;
  if (value == "FALSE") return false;
  return Status::Unavailable("metadata instance/preempted: unexpected value \"" +
                             std::string(Trim(body)) + "\"");
}

}  // namespace

Result<bool> MetadataClient::IsPreempted() {
  FS_ASSIGN_OR_RETURN(std::string body, Get("instance/preempted"));
  return ParsePreempted(body);
}

Result<bool> MetadataClient::WaitForPreemption(std::chrono::seconds timeout) {
  FS_ASSIGN_OR_RETURN(
      std::string body,
      Get("instance/preempted",
          {{"wait_for_change", "true"}, {"timeout_sec", std::to_string(timeout.count())}},
          std::chrono::duration_cast<std::chrono::milliseconds>(timeout) +
              std::chrono::seconds(5)));
  return ParsePreempted(body);
}

Result<TimePoint> JwtExpiry(std::string_view token, TimePoint fallback) {
  auto decoded = DecodeJwtUnverified(token);
  if (!decoded.ok()) return Status::Unavailable("ID token: " + decoded.status().message());
  auto exp = decoded->claims.find("exp");
  if (exp == decoded->claims.end() || !exp->is_number_integer()) return fallback;
  return FromUnixSeconds(exp->get<int64_t>());
}

}  // namespace formsender::gcp

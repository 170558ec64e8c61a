#include "gcp/testing/fake_google_apis.h"

#include "common/crypto.h"
#include "common/strings.h"
#include "common/time.h"
#include "gcp/jwt.h"

namespace formsender::gcp::testing {
namespace {

const char* const kApis[] = {"batch",          "cloudtasks",    "storage",
                             "iamcredentials", "secretmanager", "run"};

HttpResponse JsonResponse(int status, const Json& body) {
  return HttpResponse::JsonBody(status, body);
}

HttpResponse OAuthError(const std::string& error, const std::string& description) {
  return JsonResponse(400, Json{{"error", error}, {"error_description", description}});
}

HttpResponse ToHttp(const FakeResponse& r) {
  HttpResponse out = r.body.is_null() ? HttpResponse::Text(r.status, "")
                                      : HttpResponse::JsonBody(r.status, r.body);
  for (const auto& [k, v] : r.headers) out.headers.Set(k, v);
  return out;
}

std::vector<std::pair<std::string, std::string>> DecodeQuery(const std::string& raw) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& part : Split(raw, '&')) {
    if (part.empty()) continue;
    size_t eq = part.find('=');
    auto name = PercentDecode(part.substr(0, eq));
    auto value = PercentDecode(eq == std::string::npos ? "" : part.substr(eq + 1));
    out.emplace_back(name.ok() ? *name : part.substr(0, eq), value.ok() ? *value : "");
  }
  return out;
}

}  // namespace

std::string CanonicalStatusName(int http_status) {
  switch (http_status) {
    case 400:
      return "INVALID_ARGUMENT";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 404:
      return "NOT_FOUND";
    case 409:
      return "ALREADY_EXISTS";
    case 412:
      return "FAILED_PRECONDITION";
    case 429:
      return "RESOURCE_EXHAUSTED";
    case 499:
      return "CANCELLED";
    case 500:
      return "INTERNAL";
    case 501:
      return "UNIMPLEMENTED";
    case 503:
      return "UNAVAILABLE";
    case 504:
      return "DEADLINE_EXCEEDED";
    default:
      return "UNKNOWN";
  }
}

HttpResponse GoogleErrorResponse(int http_status, const std::string& status_name,
                                 const std::string& message) {
  return JsonResponse(
      http_status,
      Json{{"error",
            {{"code", http_status},
             {"message", message},
             {"status", status_name.empty() ? CanonicalStatusName(http_status) : status_name}}}});
}

FakeResponse FakeResponse::Error(int http_status, std::string status_name, std::string message,
                                 std::map<std::string, std::string> headers) {
  FakeResponse r;
  r.status = http_status;
  if (status_name.empty()) status_name = CanonicalStatusName(http_status);
  r.body = Json{{"error", {{"code", http_status}, {"message", message}, {"status", status_name}}}};
  r.headers = std::move(headers);
  return r;
}

FakeGoogleApis::FakeGoogleApis(Options options) : options_(std::move(options)) {}

FakeGoogleApis::~FakeGoogleApis() {
  if (server_) server_->Stop();
}

Result<std::unique_ptr<FakeGoogleApis>> FakeGoogleApis::Start(Options options) {
  if (options.service_accounts.empty()) {
    return Status::InvalidArgument("FakeGoogleApis needs at least one service account");
  }
  std::unique_ptr<FakeGoogleApis> fake(new FakeGoogleApis(std::move(options)));
  FS_ASSIGN_OR_RETURN(fake->docs_, LoadGoogleApiDocuments());
  HttpServerOptions server_options;
  server_options.max_body_bytes = 16 * 1024 * 1024;
  FakeGoogleApis* self = fake.get();
  fake->server_ = std::make_unique<HttpServer>(server_options,
                                               [self](HttpRequest& r) { return self->Handle(r); });
  FS_RETURN_IF_ERROR(fake->server_->Start());
  return fake;
}

std::string FakeGoogleApis::base_url() const { return server_->base_url(); }

GcpEndpoints FakeGoogleApis::endpoints() const {
  GcpEndpoints e;
  std::string base = base_url();
  e.oauth_token_uri = base + "/token";
  e.batch = base + "/batch/";
  e.cloud_tasks = base + "/cloudtasks/";
  e.storage = base + "/storage/";
  e.iam_credentials = base + "/iamcredentials/";
  e.secret_manager = base + "/secretmanager/";
  e.cloud_run = base + "/run/";
  return e;
}

std::string FakeGoogleApis::metadata_host() const {
  return "127.0.0.1:" + std::to_string(server_->port());
}

TimePoint FakeGoogleApis::Now() const {
  return options_.clock ? options_.clock->Now() : system_clock_.Now();
}

std::string FakeGoogleApis::NowIso() const { return FormatUtcIso(Now(), true); }

std::string FakeGoogleApis::NextId() { return std::to_string(++id_counter_); }

void FakeGoogleApis::Script(const std::string& method_id, std::vector<FakeResponse> responses) {
  std::lock_guard lock(mu_);
  auto& queue = scripts_[method_id];
  for (auto& r : responses) queue.push_back(std::move(r));
}

std::optional<FakeResponse> FakeGoogleApis::NextScripted(const std::string& method_id) {
  std::lock_guard lock(mu_);
  auto it = scripts_.find(method_id);
  if (it == scripts_.end() || it->second.empty()) return std::nullopt;
  FakeResponse r = std::move(it->second.front());
  it->second.pop_front();
  return r;
}

void FakeGoogleApis::RevokeTokens() {
  std::lock_guard lock(mu_);
  access_tokens_.clear();
}

void FakeGoogleApis::SetPreempted(bool preempted) {
  std::lock_guard lock(mu_);
  preempted_ = preempted;
}

void FakeGoogleApis::AddExtension(const std::string& prefix, HttpHandler handler) {
  std::lock_guard lock(mu_);
  extensions_[prefix] = std::move(handler);
}

void FakeGoogleApis::Violation(const std::string& what) {
  std::lock_guard lock(mu_);
  violations_.push_back(what);
}

std::vector<RecordedRequest> FakeGoogleApis::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

int FakeGoogleApis::CountRequests(const std::string& method_id) const {
  std::lock_guard lock(mu_);
  int n = 0;
  for (const auto& r : requests_) n += r.method_id == method_id;
  return n;
}

std::vector<std::string> FakeGoogleApis::violations() const {
  std::lock_guard lock(mu_);
  return violations_;
}

void FakeGoogleApis::ClearRequests() {
  std::lock_guard lock(mu_);
  requests_.clear();
  violations_.clear();
}

const ServiceAccountKey* FakeGoogleApis::KeyFor(std::string_view email) const {
  for (const auto& key : options_.service_accounts) {
    if (key.client_email == email) return &key;
  }
  return nullptr;
}

bool FakeGoogleApis::IsValidAccessToken(const std::string& token) const {
  std::lock_guard lock(mu_);
  auto it = access_tokens_.find(token);
  return it != access_tokens_.end() && Now() < it->second;
}

std::string FakeGoogleApis::IssueAccessToken() {
  std::lock_guard lock(mu_);
  // "ya29." like Google's, so the redaction patterns are exercised with realistic tokens.
  std::string token = "ya29.fake-" + std::to_string(++token_counter_) + "-" + RandomHexToken(12);
  access_tokens_[token] = Now() + options_.access_token_lifetime;
  return token;
}

Result<std::string> FakeGoogleApis::IssueIdToken(const std::string& email,
                                                 const std::string& audience) {
  const ServiceAccountKey* key = KeyFor(email);
  if (!key) return Status::NotFound("unknown service account " + email);
  int64_t now = ToUnixSeconds(Now());
  OrderedJson claims = {{"aud", audience},
                        {"azp", key->client_id.empty() ? email : key->client_id},
                        {"email", email},
                        {"email_verified", true},
                        {"exp", now + 3600},
                        {"iat", now},
                        {"iss", "https://accounts.google.com"},
                        {"sub", key->client_id.empty() ? "1" : key->client_id}};
  return SignJwt(JwtHeaderJson(key->private_key_id), DumpJson(claims), key->private_key);
}

HttpResponse FakeGoogleApis::Handle(HttpRequest& request) {
  RecordedRequest record;
  record.http_method = request.method;
  record.query = DecodeQuery(request.query);
  record.headers = request.headers;
  record.body = request.body;
  HttpResponse response;
  const std::string& path = request.path;
  if (path.starts_with("/computeMetadata/v1")) {
    record.api = "metadata";
    record.path = path.substr(std::string("/computeMetadata/v1").size());
    response = HandleMetadata(request, record);
  } else if (path == "/token") {
    record.api = "oauth2";
    record.method_id = "oauth2.token";
    record.path = path;
    response = HandleToken(request, record);
  } else {
    size_t slash = path.find('/', 1);
    std::string prefix = path.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
    record.api = prefix;
    record.path = slash == std::string::npos ? "" : path.substr(slash + 1);
    bool is_api = false;
    for (const char* api : kApis) is_api = is_api || prefix == api;
    HttpHandler extension;
    {
      std::lock_guard lock(mu_);
      if (auto it = extensions_.find(prefix); it != extensions_.end()) extension = it->second;
    }
    if (is_api) {
      response = HandleApi(prefix, request, record);
    } else if (extension) {
      record.method_id = prefix;
      response = extension(request);
    } else {
      Violation("no such endpoint: " + request.method + " " + path);
      response = GoogleErrorResponse(404, "", "fake: no such endpoint " + path);
    }
  }
  record.response_status = response.status;
  std::lock_guard lock(mu_);
  requests_.push_back(std::move(record));
  return response;
}

HttpResponse FakeGoogleApis::HandleApi(const std::string& api, HttpRequest& request,
                                       RecordedRequest& record) {
  const DiscoveryDocument& doc = docs_.at(api);
  auto match = doc.FindMethod(request.method, record.path);
  if (!match) {
    std::string what = api + ": no discovery method for " + request.method + " " + record.path;
    Violation(what);
    return GoogleErrorResponse(404, "", "fake: " + what);
  }
  record.method_id = match->id;
  if (Status s = doc.CheckQuery(*match, record.query); !s.ok()) {
    Violation(match->id + ": " + s.message());
    return GoogleErrorResponse(400, "", "fake: " + s.message());
  }
  std::optional<Json> body;
  std::string content_type = request.headers.Get("Content-Type").value_or("");
  if (match->is_media_upload) {
    std::string upload_type;
    bool has_name = false;
    for (const auto& [k, v] : record.query) {
      if (k == "uploadType") upload_type = v;
      has_name = has_name || (k == "name" && !v.empty());
    }
    if (upload_type != "media" || !has_name || content_type.empty()) {
      std::string what = match->id +
                         ": a media upload needs uploadType=media, name and a "
                         "Content-Type header";
      Violation(what);
      return GoogleErrorResponse(400, "", "fake: " + what);
    }
  } else if (!request.body.empty()) {
    if (!content_type.starts_with("application/json")) {
      std::string what = match->id + ": JSON body sent with Content-Type \"" + content_type + "\"";
      Violation(what);
      return GoogleErrorResponse(400, "", "fake: " + what);
    }
    auto parsed = ParseJson(request.body, "request body");
    if (!parsed.ok()) {
      Violation(match->id + ": " + parsed.status().message());
      return GoogleErrorResponse(400, "", "fake: " + parsed.status().message());
    }
    body = std::move(*parsed);
  }
  if (Status s =
          doc.CheckRequestBody(*match, body ? &*body : nullptr, options_.reject_read_only_fields);
      !s.ok()) {
    Violation(match->id + ": " + s.message());
    return GoogleErrorResponse(400, "", "fake: " + match->id + ": " + s.message());
  }
  std::string authorization = request.headers.Get("Authorization").value_or("");
  if (!authorization.starts_with("Bearer ") || !IsValidAccessToken(authorization.substr(7))) {
    return GoogleErrorResponse(401, "UNAUTHENTICATED",
                               "Request had invalid authentication credentials.");
  }
  if (auto scripted = NextScripted(match->id)) return ToHttp(*scripted);
  HttpResponse response = Emulate(api, *match, request, body ? &*body : nullptr);
  bool is_media_download = false;
  for (const auto& [k, v] : record.query) is_media_download |= (k == "alt" && v == "media");
  if (response.status >= 200 && response.status < 300 && !is_media_download &&
      !response.body.empty()) {
    auto sent = ParseJson(response.body, "fake response");
    Status s = sent.ok() ? doc.CheckResponseBody(*match, *sent) : sent.status();
    if (!s.ok()) {
      Violation("fake answered " + match->id + " off-schema: " + s.message());
      return GoogleErrorResponse(500, "", "fake bug: " + s.message());
    }
  }
  return response;
}

HttpResponse FakeGoogleApis::Emulate(const std::string& api, const DiscoveryMatch& match,
                                     HttpRequest& request, const Json* body) {
  std::lock_guard lock(mu_);
  if (api == "batch") return EmulateBatch(match, request, body);
  if (api == "cloudtasks") return EmulateTasks(match, request, body);
  if (api == "storage") return EmulateStorage(match, request, body);
  if (api == "iamcredentials") return EmulateIam(match, request, body);
  if (api == "secretmanager") return EmulateSecrets(match, request, body);
  return EmulateRun(match, request, body);
}

HttpResponse FakeGoogleApis::HandleToken(HttpRequest& request, RecordedRequest&) {
  if (request.method != "POST") {
    Violation("oauth2.token: method " + request.method);
    return OAuthError("invalid_request", "POST required");
  }
  if (!request.headers.Get("Content-Type")
           .value_or("")
           .starts_with("application/x-www-form-urlencoded")) {
    Violation("oauth2.token: Content-Type is not application/x-www-form-urlencoded");
    return OAuthError("invalid_request", "form body required");
  }
  std::map<std::string, std::string> form;
  for (auto& [k, v] : ParseFormUrlEncoded(request.body)) form[k] = v;
  if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer") {
    Violation("oauth2.token: grant_type is \"" + form["grant_type"] + "\"");
    return OAuthError("unsupported_grant_type", "Invalid grant_type");
  }
  auto jwt = DecodeJwtUnverified(form["assertion"]);
  if (!jwt.ok()) {
    Violation("oauth2.token: " + jwt.status().message());
    return OAuthError("invalid_grant", "Invalid JWT");
  }
  if (jwt->header.value("alg", "") != "RS256" || jwt->header.value("typ", "") != "JWT") {
    Violation("oauth2.token: JWT header must have alg RS256 and typ JWT");
    return OAuthError("invalid_grant", "Invalid JWT header");
  }
  const ServiceAccountKey* key = KeyFor(jwt->claims.value("iss", ""));
  if (!key) return OAuthError("invalid_grant", "Invalid JWT Signature.");
  // RS256 is deterministic: signing the same input with the same key must give the same bytes.
  auto expected = RsaSha256Sign(key->private_key, jwt->signing_input);
  if (!expected.ok() || *expected != jwt->signature) {
    Violation("oauth2.token: JWT signature does not verify");
    return OAuthError("invalid_grant", "Invalid JWT Signature.");
  }
  if (jwt->claims.value("aud", "") != std::string(kDefaultTokenUri)) {
    Violation("oauth2.token: JWT aud is not " + std::string(kDefaultTokenUri));
    return OAuthError("invalid_grant", "Invalid JWT audience");
  }
  int64_t now = ToUnixSeconds(Now());
  int64_t iat = jwt->claims.value("iat", int64_t{0});
  int64_t exp = jwt->claims.value("exp", int64_t{0});
  if (exp - iat > 3600 || exp <= iat) {
    Violation("oauth2.token: JWT lifetime exp-iat is " + std::to_string(exp - iat) + " s");
    return OAuthError("invalid_grant", "Invalid JWT: expiration too far");
  }
  if (iat > now + 60 || exp < now) {
    return OAuthError("invalid_grant",
                      "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
                      "reasonable timeframe. Check your iat and exp values.");
  }
  if (auto scripted = NextScripted("oauth2.token")) return ToHttp(*scripted);
  if (jwt->claims.contains("target_audience")) {
    auto token = IssueIdToken(key->client_email, jwt->claims.value("target_audience", ""));
    if (!token.ok()) return OAuthError("invalid_grant", token.status().message());
    return JsonResponse(200, Json{{"id_token", *token}});
  }
  if (jwt->claims.value("scope", "").empty()) {
    Violation("oauth2.token: JWT has neither scope nor target_audience");
    return OAuthError("invalid_scope", "Empty or missing scope not allowed.");
  }
  return JsonResponse(200, Json{{"access_token", IssueAccessToken()},
                                {"expires_in", options_.access_token_lifetime.count()},
                                {"token_type", "Bearer"}});
}

HttpResponse FakeGoogleApis::HandleMetadata(HttpRequest& request, RecordedRequest& record) {
  std::string path = record.path;
  while (!path.empty() && path.front() == '/') path.erase(0, 1);
  record.method_id = "metadata." + path;
  auto text = [](int status, std::string body) {
    HttpResponse r = HttpResponse::Text(status, std::move(body), "application/text");
    r.headers.Set("Metadata-Flavor", "Google");
    return r;
  };
  if (request.headers.Get("Metadata-Flavor").value_or("") != "Google") {
    Violation("metadata " + path + ": request without Metadata-Flavor: Google");
    return text(403, "Missing required header \"Metadata-Flavor\": \"Google\"");
  }
  if (auto scripted = NextScripted(record.method_id)) {
    HttpResponse r = ToHttp(*scripted);
    r.headers.Set("Metadata-Flavor", "Google");
    return r;
  }
  const ServiceAccountKey& identity = options_.service_accounts.front();
  if (path.empty()) return text(200, "instance/\nproject/\n");
  if (path == "instance/service-accounts/default/token") {
    HttpResponse r = JsonResponse(200, Json{{"access_token", IssueAccessToken()},
                                            {"expires_in", options_.access_token_lifetime.count()},
                                            {"token_type", "Bearer"}});
    r.headers.Set("Metadata-Flavor", "Google");
    return r;
  }
  if (path == "instance/service-accounts/default/identity") {
    std::string audience;
    for (const auto& [k, v] : record.query) {
      if (k == "audience") audience = v;
    }
    if (audience.empty()) return text(400, "non-empty audience parameter required");
    auto token = IssueIdToken(identity.client_email, audience);
    return token.ok() ? text(200, *token) : text(500, token.status().message());
  }
  if (path == "instance/service-accounts/default/email") return text(200, identity.client_email);
  if (path == "project/project-id") return text(200, options_.project_id);
  if (path == "project/numeric-project-id") return text(200, "123456789012");
  if (path == "instance/zone") return text(200, "projects/123456789012/zones/asia-northeast1-b");
  if (path == "instance/region") return text(200, "projects/123456789012/regions/asia-northeast1");
  if (path == "instance/preempted") {
    std::lock_guard lock(mu_);
    return text(200, preempted_ ? "TRUE" : "FALSE");
  }
  return text(404, "Not Found");
}

}  // namespace formsender::gcp::testing

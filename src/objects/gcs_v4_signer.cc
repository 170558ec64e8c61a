#include "objects/gcs_v4_signer.h"

#include <algorithm>
#include <ctime>
#include <vector>

#include "common/crypto.h"
#include "common/strings.h"
#include "common/time.h"

namespace formsender::objects {
namespace {

constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

// "http://host:1/" → "host:1" (and the scheme into *scheme when given).
std::string StripScheme(std::string_view value, std::string* scheme) {
  for (std::string_view s : {std::string_view("http://"), std::string_view("https://")}) {
    if (value.starts_with(s)) {
      if (scheme) *scheme = std::string(s.substr(0, s.size() - 3));
      value.remove_prefix(s.size());
      break;
    }
  }
  while (!value.empty() && value.back() == '/') value.remove_suffix(1);
  return std::string(value);
}

struct Target {
  std::string scheme;
  std::string authority;  // host[:port] in the URL
  std::string host;       // the signed host header: no port
  std::string path;       // encoded
};

Target ResolveTarget(const V4Endpoint& e, std::string_view bucket, std::string_view object,
                     bool always_trailing_slash) {
  std::string endpoint_scheme;
  std::string authority;
  if (e.url_style == UrlStyle::kBucketBoundHostname) {
    authority = StripScheme(e.bucket_bound_hostname, nullptr);
  } else if (!e.hostname.empty()) {
    authority = StripScheme(e.hostname, nullptr);
  } else if (!e.client_endpoint.empty()) {
    authority = StripScheme(e.client_endpoint, &endpoint_scheme);
  } else if (!e.emulator_host.empty()) {
    authority = StripScheme(e.emulator_host, &endpoint_scheme);
  } else {
    authority = "storage." +
                (e.universe_domain.empty() ? std::string("googleapis.com") : e.universe_domain);
  }
  Target t;
  t.scheme = !e.scheme.empty() ? ToLowerAscii(e.scheme)
                               : (!endpoint_scheme.empty() ? endpoint_scheme : "https");
  if (e.url_style == UrlStyle::kVirtualHostedStyle)
    authority = std::string(bucket) + "." + authority;
  t.authority = authority;
  t.host = ToLowerAscii(authority.substr(
      0, authority.rfind(':') == std::string::npos ? std::string::npos : authority.rfind(':')));
  if (e.url_style == UrlStyle::kPathStyle) {
    t.path = "/" + PercentEncode(bucket);
    if (!object.empty() || always_trailing_slash) t.path += "/" + PercentEncodePath(object);
  } else {
    t.path = "/" + PercentEncodePath(object);
  }
  return t;
}

std::string CollapseWhitespace(std::string_view value) {
  std::string out;
  bool in_space = false;
  for (char c : Trim(value)) {
    if (c == ' ' || c == '\t') {
      in_space = true;
      continue;
    }
    if (in_space && !out.empty()) out += ' ';
    in_space = false;
    out += c;
  }
  return out;
}

Status CheckExpiration(std::chrono::seconds expiration) {
  if (expiration.count() < 1 || expiration > kMaxV4Expiration) {
    return Status::InvalidArgument("V4 signature expiration must be 1-604800 s (7 days), got " +
                                   std::to_string(expiration.count()) + " s");
  }
  return Status::Ok();
}

}  // namespace

std::string V4Timestamp(TimePoint t) {
  std::string iso = FormatUtcIso(t);  // "2019-02-01T09:00:00Z"
  return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + "T" + iso.substr(11, 2) +
         iso.substr(14, 2) + iso.substr(17, 2) + "Z";
}

std::optional<TimePoint> ParseV4Timestamp(std::string_view text) {
  std::tm tm{};
  std::string s(text);
  const char* end = strptime(s.c_str(), "%Y%m%dT%H%M%SZ", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  // A TimePoint counts nanoseconds in 64 bits: years past 2261 would overflow (found by the
  // signed_url fuzzer on X-Goog-Date 40520101T…); no genuine URL is signed outside 1970–2261.
  if (tm.tm_year + 1900 < 1970 || tm.tm_year + 1900 > 2261) return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string V4CredentialScope(TimePoint t) {
  return V4Timestamp(t).substr(0, 8) + "/auto/storage/goog4_request";
}

std::string V4CanonicalQuery(const std::multimap<std::string, std::string>& params) {
  std::vector<std::pair<std::string, std::string>> encoded;
  for (const auto& [k, v] : params) encoded.emplace_back(PercentEncode(k), PercentEncode(v));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [k, v] : encoded) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}

std::string V4CanonicalHeaders(const std::map<std::string, std::string>& headers,
                               std::string* signed_headers) {
  std::map<std::string, std::string> lowered;
  for (const auto& [k, v] : headers) lowered[ToLowerAscii(Trim(k))] = CollapseWhitespace(v);
  std::string block;
  signed_headers->clear();
  for (const auto& [k, v] : lowered) {
    block += k + ":" + v + "\n";
    if (!signed_headers->empty()) *signed_headers += ';';
    *signed_headers += k;
  }
  return block;
}

std::string V4StringToSign(TimePoint t, std::string_view canonical_request) {
  return std::string(kV4Algorithm) + "\n" + V4Timestamp(t) + "\n" + V4CredentialScope(t) + "\n" +
         Sha256Hex(canonical_request);
}

Result<V4SignedUrl> SignUrlV4(const V4SignedUrlRequest& request, gcp::BlobSigner& signer) {
  FS_RETURN_IF_ERROR(CheckExpiration(request.expiration));
  if (request.bucket.empty()) return Status::InvalidArgument("V4 signed URL needs a bucket");
  std::string method = ToUpperAscii(request.method);
  Target target = ResolveTarget(request.endpoint, request.bucket, request.object, false);

  std::map<std::string, std::string> headers;
  std::string payload(kUnsignedPayload);
  for (const auto& [k, v] : request.headers) {
    std::string name = ToLowerAscii(Trim(k));
    if (name == "host") continue;
    headers[name] = v;
    if (name == "x-goog-content-sha256") payload = CollapseWhitespace(v);
  }
  headers["host"] = target.host;
  std::string signed_headers;
  std::string header_block = V4CanonicalHeaders(headers, &signed_headers);

  std::multimap<std::string, std::string> params(request.query_parameters.begin(),
                                                 request.query_parameters.end());
  params.emplace("X-Goog-Algorithm", std::string(kV4Algorithm));
  params.emplace("X-Goog-Credential",
                 signer.ServiceAccountEmail() + "/" + V4CredentialScope(request.timestamp));
  params.emplace("X-Goog-Date", V4Timestamp(request.timestamp));
  params.emplace("X-Goog-Expires", std::to_string(request.expiration.count()));
  params.emplace("X-Goog-SignedHeaders", signed_headers);
  std::string query = V4CanonicalQuery(params);

  V4SignedUrl out;
  out.canonical_request = method + "\n" + target.path + "\n" + query + "\n" + header_block + "\n" +
                          signed_headers + "\n" + payload;
  out.string_to_sign = V4StringToSign(request.timestamp, out.canonical_request);
  auto signature = signer.Sign(out.string_to_sign);
  if (!signature.ok()) return signature.status().WithContext("V4 signing");
  out.url = target.scheme + "://" + target.authority + target.path + "?" + query +
            "&X-Goog-Signature=" + HexEncode(*signature);
  return out;
}

Result<PostPolicyV4> SignPostPolicyV4(const PostPolicyV4Request& request, gcp::BlobSigner& signer) {
  FS_RETURN_IF_ERROR(CheckExpiration(request.expiration));
  if (request.bucket.empty()) return Status::InvalidArgument("POST policy needs a bucket");
  std::string credential =
      signer.ServiceAccountEmail() + "/" + V4CredentialScope(request.timestamp);
  std::string date = V4Timestamp(request.timestamp);

  OrderedJson conditions = OrderedJson::array();
  if (request.starts_with) {
    conditions.push_back({"starts-with", request.starts_with->first, request.starts_with->second});
  }
  if (request.content_length_range) {
    conditions.push_back({"content-length-range", request.content_length_range->first,
                          request.content_length_range->second});
  }
  for (const auto& [k, v] : request.fields) {
    if (k.starts_with("x-ignore-")) continue;
    conditions.push_back(OrderedJson{{k, v}});
  }
  conditions.push_back(OrderedJson{{"bucket", request.bucket}});
  conditions.push_back(OrderedJson{{"key", request.object}});
  conditions.push_back(OrderedJson{{"x-goog-date", date}});
  conditions.push_back(OrderedJson{{"x-goog-credential", credential}});
  conditions.push_back(OrderedJson{{"x-goog-algorithm", kV4Algorithm}});
  OrderedJson policy = {{"conditions", conditions},
                        {"expiration", FormatUtcIso(request.timestamp + request.expiration)}};

  PostPolicyV4 out;
  // ensure_ascii: the signed bytes carry non-ASCII characters as \uXXXX escapes.
  out.policy_json =
      policy.dump(-1, ' ', /*ensure_ascii=*/true, OrderedJson::error_handler_t::replace);
  std::string encoded = Base64Encode(out.policy_json);
  auto signature = signer.Sign(encoded);
  if (!signature.ok()) return signature.status().WithContext("POST policy signing");

  Target target = ResolveTarget(request.endpoint, request.bucket, "", true);
  out.url = target.scheme + "://" + target.authority + target.path;
  if (!out.url.ends_with("/")) out.url += "/";
  out.fields = request.fields;
  out.fields["key"] = request.object;
  out.fields["x-goog-algorithm"] = std::string(kV4Algorithm);
  out.fields["x-goog-credential"] = credential;
  out.fields["x-goog-date"] = date;
  out.fields["x-goog-signature"] = HexEncode(*signature);
  out.fields["policy"] = encoded;
  return out;
}

}  // namespace formsender::objects

#pragma once
// Cloud Storage V4 signing (GOOG4-RSA-SHA256): signed URLs (query-string authentication on the
// XML API) and POST policies. The signature comes from a gcp::BlobSigner: the service-account
// key locally, or IAM signBlob.
//
// Reproduces every vector of shared/anchors/gcs-v4/v4_signatures.json byte for byte (host and
// endpoint selection included), see notes/gcs-v4.md.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "common/clock.h"
#include "common/json.h"
#include "common/status.h"
#include "gcp/blob_signer.h"

namespace formsender::objects {

inline constexpr std::string_view kV4Algorithm = "GOOG4-RSA-SHA256";
// GCS refuses V4 signatures valid for longer than seven days.
inline constexpr std::chrono::seconds kMaxV4Expiration{604800};

enum class UrlStyle { kPathStyle, kVirtualHostedStyle, kBucketBoundHostname };

// Where a URL points. Precedence as the conformance vectors pin it: bucket-bound hostname
// (style) > hostname > client endpoint > emulator host > "storage." + universe domain.
struct V4Endpoint {
  std::string scheme;  // "" = from the endpoint's own "http://", else https
  UrlStyle url_style = UrlStyle::kPathStyle;
  std::string bucket_bound_hostname;
  std::string hostname;         // host[:port]
  std::string client_endpoint;  // [scheme://]host[:port]
  std::string emulator_host;    // [scheme://]host[:port]
  std::string universe_domain;  // "" = googleapis.com
};

struct V4SignedUrlRequest {
  std::string method = "GET";
  std::string bucket;
  std::string object;  // empty: a bucket-level request
  std::chrono::seconds expiration{0};
  TimePoint timestamp;
  std::map<std::string, std::string> headers;           // signed besides host
  std::map<std::string, std::string> query_parameters;  // signed, kept in the URL
  V4Endpoint endpoint;
};

struct V4SignedUrl {
  std::string url;
  std::string canonical_request;
  std::string string_to_sign;
};

Result<V4SignedUrl> SignUrlV4(const V4SignedUrlRequest& request, gcp::BlobSigner& signer);

// The pieces, shared with the verifying fake of the tests.
std::string V4Timestamp(TimePoint t);                              // "20190201T090000Z"
std::optional<TimePoint> ParseV4Timestamp(std::string_view text);  // its inverse
std::string V4CredentialScope(TimePoint t);  // "20190201/auto/storage/goog4_request"
// Sorted "name=value" pairs, both RFC 3986 encoded, joined by '&'.
std::string V4CanonicalQuery(const std::multimap<std::string, std::string>& params);
// Lower-cased names → values trimmed with inner whitespace runs collapsed; returns the header
// block ("name:value\n" …) and sets `signed_headers` ("a;b;host").
std::string V4CanonicalHeaders(const std::map<std::string, std::string>& headers,
                               std::string* signed_headers);
std::string V4StringToSign(TimePoint t, std::string_view canonical_request);

struct PostPolicyV4Request {
  std::string bucket;
  std::string object;
  std::chrono::seconds expiration{0};
  TimePoint timestamp;
  std::map<std::string, std::string> fields;  // become conditions and form fields
  std::optional<std::pair<std::string, std::string>> starts_with;  // ["starts-with", a, b]
  std::optional<std::pair<int64_t, int64_t>> content_length_range;
  V4Endpoint endpoint;
};

struct PostPolicyV4 {
  std::string url;
  std::map<std::string, std::string> fields;  // the form fields, policy and signature included
  std::string policy_json;                    // the signed document (non-ASCII as \uXXXX)
};

Result<PostPolicyV4> SignPostPolicyV4(const PostPolicyV4Request& request, gcp::BlobSigner& signer);

}  // namespace formsender::objects

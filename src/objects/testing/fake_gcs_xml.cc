#include "objects/testing/fake_gcs_xml.h"

#include "common/crypto.h"
#include "common/strings.h"
#include "common/time.h"
#include "objects/gcs_v4_signer.h"

namespace formsender::objects::testing {
namespace {

HttpResponse XmlError(int status, std::string_view code, std::string_view message) {
  return HttpResponse::Text(status,
                            "<?xml version='1.0' encoding='UTF-8'?><Error><Code>" +
                                std::string(code) + "</Code><Message>" + std::string(message) +
                                "</Message></Error>",
                            "application/xml; charset=UTF-8");
}

}  // namespace

void InstallFakeGcsXml(gcp::testing::FakeGoogleApis& fake, const Clock& clock) {
  fake.AddExtension("xml", [&fake, &clock](HttpRequest& request) -> HttpResponse {
    if (request.method != "GET" && request.method != "HEAD") {
      return XmlError(405, "MethodNotAllowed", "only GET and HEAD are emulated");
    }
    std::string path = request.path.substr(std::string("/xml").size());  // "/bucket/object"
    std::multimap<std::string, std::string> params;
    std::string signature;
    for (auto& [k, v] : ParseFormUrlEncoded(request.query)) {
      if (k == "X-Goog-Signature") {
        signature = v;
      } else {
        params.emplace(k, v);
      }
    }
    auto param = [&](const std::string& name) {
      auto it = params.find(name);
      return it == params.end() ? std::string() : it->second;
    };
    if (param("X-Goog-Algorithm") != kV4Algorithm || signature.empty()) {
      return XmlError(403, "AccessDenied", "Anonymous caller does not have access");
    }
    std::string credential = param("X-Goog-Credential");
    std::string email = credential.substr(0, credential.find('/'));
    const gcp::ServiceAccountKey* key = fake.KeyFor(email);
    auto date = ParseV4Timestamp(param("X-Goog-Date"));
    auto expires = ParseInt64(param("X-Goog-Expires"));
    if (!key || !date || !expires.ok()) {
      return XmlError(400, "AuthorizationQueryParametersError", "malformed V4 parameters");
    }
    if (credential != email + "/" + V4CredentialScope(*date)) {
      return XmlError(400, "AuthorizationQueryParametersError", "credential scope mismatch");
    }
    std::map<std::string, std::string> headers;
    for (const std::string& name : Split(param("X-Goog-SignedHeaders"), ';')) {
      if (name == "host") {
        headers["host"] = request.HostName();
      } else {
        headers[name] = request.headers.Get(name).value_or("");
      }
    }
    std::string signed_headers;
    std::string block = V4CanonicalHeaders(headers, &signed_headers);
    std::string payload = headers.contains("x-goog-content-sha256")
                              ? headers["x-goog-content-sha256"]
                              : std::string("UNSIGNED-PAYLOAD");
    // A URL signed for GET also serves HEAD (documented for the Cloud Storage client
    // libraries), which the freshness probe relies on.
    bool verified = false;
    for (std::string method : {request.method, std::string("GET")}) {
      std::string canonical = method + "\n" + path + "\n" + V4CanonicalQuery(params) + "\n" +
                              block + "\n" + signed_headers + "\n" + payload;
      auto expected = RsaSha256Sign(key->private_key, V4StringToSign(*date, canonical));
      verified = verified || (expected.ok() && HexEncode(*expected) == ToLowerAscii(signature));
    }
    if (!verified) {
      return XmlError(403, "SignatureDoesNotMatch",
                      "The request signature we calculated does not match the signature you "
                      "provided.");
    }
    TimePoint now = clock.Now();
    if (now < *date - std::chrono::minutes(15) || now > *date + std::chrono::seconds(*expires)) {
      return XmlError(400, "ExpiredToken", "The provided token has expired.");
    }
    size_t slash = path.find('/', 1);
    auto bucket = PercentDecode(path.substr(1, slash - 1));
    auto object = PercentDecode(slash == std::string::npos ? "" : path.substr(slash + 1));
    if (!bucket.ok() || !object.ok()) return XmlError(400, "InvalidURI", "bad path");
    auto data = fake.ObjectData(*bucket, *object);
    if (!data) return XmlError(404, "NoSuchKey", "The specified key does not exist.");
    return HttpResponse::Text(200, *data, "application/octet-stream");
  });
}

}  // namespace formsender::objects::testing

#include "engine/url.h"

#include <curl/curl.h>

#include <memory>

#include "common/strings.h"

namespace formsender::engine {
namespace {

struct UrlCloser {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlPtr = std::unique_ptr<CURLU, UrlCloser>;

struct CurlStr {
  char* p = nullptr;
  ~CurlStr() { curl_free(p); }
};

Result<UrlPtr> Parse(std::string_view url) {
  UrlPtr u(curl_url());
  std::string s(Trim(url));
  if (curl_url_set(u.get(), CURLUPART_URL, s.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    return Status::InvalidArgument("not a valid URL: \"" + s + "\"");
  }
  CurlStr scheme;
  if (curl_url_get(u.get(), CURLUPART_SCHEME, &scheme.p, 0) != CURLUE_OK ||
      (std::string_view(scheme.p) != "http" && std::string_view(scheme.p) != "https")) {
    return Status::InvalidArgument("not an http(s) URL: \"" + s + "\"");
  }
  return u;
}

}  // namespace

Result<std::string> ResolveUrl(std::string_view base, std::string_view ref) {
  FS_ASSIGN_OR_RETURN(UrlPtr u, Parse(base));
  std::string r(Trim(ref));
  // Browsers strip tabs and newlines inside URLs and encode spaces.
  r = ReplaceAll(ReplaceAll(ReplaceAll(r, "\n", ""), "\r", ""), "\t", "");
  if (r.empty()) {
    curl_url_set(u.get(), CURLUPART_FRAGMENT, nullptr, 0);
  } else if (curl_url_set(u.get(), CURLUPART_URL, r.c_str(),
                          CURLU_URLENCODE | CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    return Status::InvalidArgument("cannot resolve \"" + r + "\" against " + std::string(base));
  }
  CurlStr out;
  if (curl_url_get(u.get(), CURLUPART_URL, &out.p, 0) != CURLUE_OK) {
    return Status::InvalidArgument("cannot build URL from \"" + r + "\"");
  }
  std::string s = out.p;
  FS_RETURN_IF_ERROR(Parse(s).status());
  return s;
}

Result<std::string> UrlHost(std::string_view url) {
  FS_ASSIGN_OR_RETURN(UrlPtr u, Parse(url));
  CurlStr host;
  if (curl_url_get(u.get(), CURLUPART_HOST, &host.p, 0) != CURLUE_OK) {
    return Status::InvalidArgument("URL has no host: " + std::string(url));
  }
  std::string h = ToLowerAscii(host.p);
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  return h;
}

Result<int> UrlPort(std::string_view url) {
  FS_ASSIGN_OR_RETURN(UrlPtr u, Parse(url));
  CurlStr port;
  if (curl_url_get(u.get(), CURLUPART_PORT, &port.p, CURLU_DEFAULT_PORT) != CURLUE_OK) {
    return Status::InvalidArgument("URL has no port: " + std::string(url));
  }
  return std::atoi(port.p);
}

std::string StripFragment(std::string_view url) {
  size_t hash = url.find('#');
  return std::string(url.substr(0, hash));
}

std::string UrlPathAndQuery(std::string_view url) {
  auto u = Parse(url);
  if (!u.ok()) return "";
  CurlStr path;
  CurlStr query;
  curl_url_get(u->get(), CURLUPART_PATH, &path.p, 0);
  curl_url_get(u->get(), CURLUPART_QUERY, &query.p, 0);
  std::string out = path.p != nullptr ? path.p : "/";
  if (query.p != nullptr) out += std::string("?") + query.p;
  return out;
}

}  // namespace formsender::engine

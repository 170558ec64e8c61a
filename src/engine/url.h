#pragma once
// URL helpers on libcurl's URL API (RFC 3986 resolution as browsers do it).

#include <string>
#include <string_view>

#include "common/status.h"

namespace formsender::engine {

// Resolves `ref` against `base` ("" → base without its fragment). http/https only.
Result<std::string> ResolveUrl(std::string_view base, std::string_view ref);
// Lower-case host name (IPv6 without brackets).
Result<std::string> UrlHost(std::string_view url);
// Explicit or default port.
Result<int> UrlPort(std::string_view url);
// The URL without its fragment.
std::string StripFragment(std::string_view url);
// Path and query of the URL ("/contact/thanks?x=1").
std::string UrlPathAndQuery(std::string_view url);

}  // namespace formsender::engine

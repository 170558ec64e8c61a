#include "objects/url_parts.h"

#include "common/strings.h"

namespace formsender::objects {

const std::string* UrlParts::Param(std::string_view name) const {
  const std::string* found = nullptr;
  for (const auto& [k, v] : params) {
    if (k == name) found = &v;
  }
  return found;
}

const std::string* UrlParts::ParamIgnoreCase(std::string_view name) const {
  const std::string* found = nullptr;
  for (const auto& [k, v] : params) {
    if (EqualsIgnoreCase(k, name)) found = &v;
  }
  return found;
}

Result<UrlParts> SplitUrl(std::string_view url) {
  UrlParts parts;
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) {
    return Status::InvalidArgument("not an absolute URL");
  }
  parts.scheme = ToLowerAscii(url.substr(0, scheme_end));
  std::string_view rest = url.substr(scheme_end + 3);
  size_t fragment = rest.find('#');
  if (fragment != std::string_view::npos) rest = rest.substr(0, fragment);
  size_t path_start = rest.find_first_of("/?");
  parts.authority = std::string(rest.substr(0, path_start));
  if (parts.authority.find('@') != std::string::npos) {
    return Status::InvalidArgument("URLs with credentials are not accepted");
  }
  std::string host = parts.authority;
  if (!host.empty() && host.front() == '[') {
    host = host.substr(0, host.find(']') + 1);
  } else if (size_t colon = host.rfind(':'); colon != std::string::npos) {
    host.resize(colon);
  }
  parts.host = ToLowerAscii(host);
  if (path_start != std::string_view::npos) {
    std::string_view tail = rest.substr(path_start);
    size_t q = tail.find('?');
    parts.path = std::string(tail.substr(0, q));
    if (q != std::string_view::npos) parts.query = std::string(tail.substr(q + 1));
  }
  for (const std::string& item : Split(parts.query, '&')) {
    if (item.empty()) continue;
    size_t eq = item.find('=');
    auto name = PercentDecode(std::string_view(item).substr(0, eq));
    auto value = PercentDecode(eq == std::string::npos ? std::string_view()
                                                       : std::string_view(item).substr(eq + 1));
    if (!name.ok() || !value.ok()) return Status::InvalidArgument("malformed query string");
    parts.params.emplace_back(std::move(*name), std::move(*value));
  }
  return parts;
}

}  // namespace formsender::objects

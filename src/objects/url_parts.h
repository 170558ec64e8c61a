#pragma once
// Splits absolute http(s) URLs into the parts the signed-URL checks compare (no normalisation
// beyond lower-casing the scheme and host).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace formsender::objects {

struct UrlParts {
  std::string scheme;     // lower case
  std::string authority;  // "host[:port]" as written (userinfo refused)
  std::string host;       // lower case, without the port
  std::string path;       // raw, "" when absent
  std::string query;      // raw, without '?'
  // Decoded query parameters in order ('+' stays '+': signed URLs encode spaces as %20).
  std::vector<std::pair<std::string, std::string>> params;

  // The last value of `name`, or nullopt.
  const std::string* Param(std::string_view name) const;
  // Case-insensitive lookup of a parameter name.
  const std::string* ParamIgnoreCase(std::string_view name) const;
};

Result<UrlParts> SplitUrl(std::string_view url);

}  // namespace formsender::objects

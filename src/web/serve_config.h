#pragma once
// The startup check of `formsender serve` (spec §4.1, fixed): every problem of the
// configuration at once — malformed values, settings a chosen backend needs, the production
// (OIDC) deployment's required variables — one line each, so the service refuses to start with
// one message instead of failing on the first request. The reference's Supabase and Cloud Run
// variables are not required in the embedded mode.

#include <string>
#include <vector>

#include "common/env.h"
#include "settings/properties.h"

namespace formsender::web {

struct ListenAddress {
  std::string host = "127.0.0.1";
  int port = 8080;
};
// "host:port", "[v6]:port" or ":port" (all interfaces).
Result<ListenAddress> ParseListenAddress(std::string_view text);

// The problems of `props` for serving (an empty list when it can start). `env` resolves names
// outside the catalog (endpoints, GOOGLE_APPLICATION_CREDENTIALS); `database_url` is the one
// serve will open.
std::vector<std::string> CheckServeConfiguration(const settings::Properties& props,
                                                 const Environment& env,
                                                 std::string_view database_url);

}  // namespace formsender::web

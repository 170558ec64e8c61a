#pragma once
// Test helpers for the sample-site server: start it on port 0 with sites written inline, and
// talk to a site by Host header with a small cookie jar. Used by the sites tests only.

#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>

#include "common/charset.h"
#include "common/clock.h"
#include "common/http_client.h"
#include "sites/site_server.h"

namespace formsender::sites::testing {

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() : clock_(std::chrono::system_clock::time_point(std::chrono::hours(480000))) {}

  // Adds a site from site.json text and files (before Start).
  void AddSite(const std::string& name, const std::string& site_json,
               std::map<std::string, std::string> files) {
    auto spec = ParseSiteSpec(site_json, name, std::move(files), name + "/site.json");
    ASSERT_TRUE(spec.ok()) << spec.status().ToString();
    ASSERT_TRUE(server_->AddSite(std::move(*spec)).ok());
  }

  void MakeServer(Pauser* pauser = nullptr, int64_t latency_ms = 0) {
    SiteServerOptions options;
    options.latency_ms = latency_ms;
    server_ = std::make_unique<SiteServer>(options, clock_, pauser);
  }

  void Start() { ASSERT_TRUE(server_->Start().ok()); }

  struct Reply {
    int status = 0;
    std::string body;
    HttpHeaders headers;
  };

  // Sends a request to `site` through the Host header; keeps cookies per test.
  Result<Reply> Send(const std::string& site, std::string method, const std::string& path,
                     std::string body = "", std::string content_type = "",
                     std::chrono::milliseconds timeout = std::chrono::milliseconds(10'000),
                     size_t max_bytes = 64 * 1024 * 1024) {
    HttpClientRequest req;
    req.method = std::move(method);
    req.url = server_->base_url() + path;
    req.body = std::move(body);
    req.timeout = timeout;
    req.max_response_bytes = max_bytes;
    if (!site.empty())
      req.headers.Set("Host", site + ".localhost:" + std::to_string(server_->port()));
    if (!content_type.empty()) req.headers.Set("Content-Type", content_type);
    if (!cookie_.empty()) req.headers.Set("Cookie", cookie_);
    auto resp = client_.Send(req);
    if (!resp.ok()) return resp.status();
    for (const auto& set : resp->headers.GetAll("Set-Cookie")) {
      cookie_ = set.substr(0, set.find(';'));
    }
    return Reply{resp->status, resp->body, resp->headers};
  }

  Result<Reply> Post(const std::string& site, const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& fields) {
    return Send(site, "POST", path, EncodeFormUrlEncoded(fields),
                "application/x-www-form-urlencoded");
  }

  static std::string TokenIn(const std::string& html, const std::string& name) {
    std::smatch m;
    std::regex re("name=\"" + name + "\" value=\"([^\"]*)\"");
    return std::regex_search(html, m, re) ? m[1].str() : "";
  }

  FakeClock clock_;
  std::unique_ptr<SiteServer> server_;
  CurlHttpClient client_;
  std::string cookie_;
};

}  // namespace formsender::sites::testing

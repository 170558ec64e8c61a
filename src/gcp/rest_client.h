#pragma once
// The authenticated JSON-over-HTTP/1.1 plumbing every Google API client stands on.
//
// - Bearer token from a TokenProvider; on HTTP 401 the token is invalidated and the request is
//   sent once more with a fresh one.
// - Retries with bounded exponential backoff and jitter on 429, 5xx and transport errors. A
//   request that may have reached the server (5xx, a lost connection) is resent only when it is
//   idempotent; 429 is always retried (the server did not act on it). Retry-After is honoured.
// - Errors become Status with the API's message and status name (api_error.h).
// - Every wait goes through the Clock, so tests with a FakeClock never sleep.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/http.h"
#include "common/http_client.h"
#include "common/json.h"
#include "common/log.h"
#include "common/status.h"
#include "gcp/token_provider.h"

namespace formsender::gcp {

struct RetryPolicy {
  int max_attempts = 5;  // including the first
  Duration initial_backoff = std::chrono::seconds(1);
  Duration max_backoff = std::chrono::seconds(30);
  double multiplier = 2.0;
  // A Retry-After longer than this is not waited for: the call fails with the API's error.
  Duration max_retry_after = std::chrono::seconds(120);
};

// A policy with `max_attempts` and backoff from `initial` doubling up to `max`.
RetryPolicy MakeRetryPolicy(int max_attempts, Duration initial, Duration max);

struct RestRequest {
  std::string method = "GET";
  std::string url;                                         // absolute; `query` is appended
  std::vector<std::pair<std::string, std::string>> query;  // encoded here
  std::optional<Json> json_body;                           // sent as application/json
  std::string raw_body;                                    // used when json_body is empty
  std::string content_type;                                // for raw_body
  HttpHeaders headers;
  // May the request be sent again after a failure that might have reached the server?
  bool is_idempotent = true;
  bool authenticate = true;  // add "Authorization: Bearer" from the provider
  bool expect_json = true;   // parse the 2xx body as JSON (empty body → null)
  std::chrono::milliseconds timeout{30'000};
  // Names the call in errors and logs, e.g. "batch.jobs.create projects/p/…/jobs/j".
  std::string operation;
};

struct RestResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
  Json json;  // parsed body when expect_json
};

class RestClient {
 public:
  // `tokens` may be null for unauthenticated endpoints (the metadata server, the token
  // endpoint). `jitter` returns values in [0, 1); null uses a seeded PRNG.
  RestClient(HttpClient& http, std::shared_ptr<TokenProvider> tokens, const Clock& clock,
             RetryPolicy policy = {}, LoggerPtr log = nullptr,
             std::function<double()> jitter = nullptr);

  // Sends `request`, retrying as described above. Any non-2xx final answer is an error Status.
  Result<RestResponse> Send(const RestRequest& request);
  // Send() and return the parsed JSON body.
  Result<Json> Call(const RestRequest& request);

  // The backoff before retry number `retry` (1 = after the first attempt), jitter applied.
  Duration BackoffFor(int retry);
  const RetryPolicy& policy() const { return policy_; }
  const Clock& clock() const { return clock_; }

 private:
  Result<HttpClientResponse> SendOnce(const RestRequest& request, const std::string& url,
                                      const std::string& token);
  double NextJitter();

  HttpClient& http_;
  std::shared_ptr<TokenProvider> tokens_;
  const Clock& clock_;
  RetryPolicy policy_;
  LoggerPtr log_;
  std::function<double()> jitter_;
  std::mutex rng_mu_;
  std::mt19937_64 rng_;
};

// Joins a base URL ("https://batch.googleapis.com/") and a relative path ("v1/projects/…").
std::string JoinUrl(std::string_view base, std::string_view path);
// Percent-encodes a resource name for a "{+name}" path parameter ('/' kept).
std::string EncodeResourceName(std::string_view name);

}  // namespace formsender::gcp

#include "gcp/rest_client.h"

#include <algorithm>
#include <cmath>

#include "common/crypto.h"
#include "common/redact.h"
#include "common/strings.h"
#include "gcp/api_error.h"

namespace formsender::gcp {
namespace {

std::string BuildUrl(const RestRequest& request) {
  std::string url = request.url;
  if (request.query.empty()) return url;
  url += url.find('?') == std::string::npos ? '?' : '&';
  bool first = true;
  for (const auto& [name, value] : request.query) {
    if (!first) url += '&';
    first = false;
    url += PercentEncode(name) + "=" + PercentEncode(value);
  }
  return url;
}

bool IsRetryableHttp(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504 ||
         status == 408;
}

std::string OperationName(const RestRequest& request) {
  if (!request.operation.empty()) return request.operation;
  std::string url = request.url.substr(0, request.url.find('?'));
  return request.method + " " + RedactSecrets(url);
}

uint64_t SeedFromRandomBytes() {
  std::string bytes = RandomBytes(8);
  uint64_t seed = 0;
  for (unsigned char c : bytes) seed = (seed << 8) | c;
  return seed;
}

}  // namespace

RetryPolicy MakeRetryPolicy(int max_attempts, Duration initial, Duration max) {
  RetryPolicy policy;
  policy.max_attempts = max_attempts;
  policy.initial_backoff = initial;
  policy.max_backoff = max;
  return policy;
}

std::string JoinUrl(std::string_view base, std::string_view path) {
  std::string out(base);
  while (!out.empty() && out.back() == '/') out.pop_back();
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return out + "/" + std::string(path);
}

std::string EncodeResourceName(std::string_view name) { return PercentEncodePath(name); }

RestClient::RestClient(HttpClient& http, std::shared_ptr<TokenProvider> tokens, const Clock& clock,
                       RetryPolicy policy, LoggerPtr log, std::function<double()> jitter)
    : http_(http),
      tokens_(std::move(tokens)),
      clock_(clock),
      policy_(policy),
      log_(log ? std::move(log) : MakeNullLogger()),
      jitter_(std::move(jitter)),
      rng_(SeedFromRandomBytes()) {
  if (policy_.max_attempts < 1) policy_.max_attempts = 1;
}

double RestClient::NextJitter() {
  if (jitter_) return std::clamp(jitter_(), 0.0, 1.0);
  std::lock_guard lock(rng_mu_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
}

Duration RestClient::BackoffFor(int retry) {
  double base = std::chrono::duration<double>(policy_.initial_backoff).count() *
                std::pow(policy_.multiplier, std::max(0, retry - 1));
  base = std::min(base, std::chrono::duration<double>(policy_.max_backoff).count());
  // Half fixed, half random: spreads synchronized clients without ever retrying at once.
  double seconds = base * (0.5 + 0.5 * NextJitter());
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
}

Result<HttpClientResponse> RestClient::SendOnce(const RestRequest& request, const std::string& url,
                                                const std::string& token) {
  HttpClientRequest http_request;
  http_request.method = request.method;
  http_request.url = url;
  http_request.headers = request.headers;
  http_request.timeout = request.timeout;
  if (request.json_body) {
    http_request.body = DumpJson(*request.json_body);
    http_request.headers.Set("Content-Type", "application/json; charset=utf-8");
  } else {
    http_request.body = request.raw_body;
    if (!request.content_type.empty()) {
      http_request.headers.Set("Content-Type", request.content_type);
    }
  }
  if (!http_request.headers.Has("User-Agent")) {
    http_request.headers.Set("User-Agent", "formsender");
  }
  if (!token.empty()) http_request.headers.Set("Authorization", "Bearer " + token);
  return http_.Send(http_request);
}

Result<RestResponse> RestClient::Send(const RestRequest& request) {
  const std::string url = BuildUrl(request);
  const std::string operation = OperationName(request);
  bool refreshed_after_401 = false;
  int attempt = 0;
  while (true) {
    ++attempt;
    std::string token_used;
    if (request.authenticate && tokens_) {
      // The token source retries on its own; its failure ends this call.
      auto token = tokens_->GetToken();
      if (!token.ok()) return token.status().WithContext(operation + ": access token");
      token_used = std::move(*token);
    }
    Result<HttpClientResponse> sent = SendOnce(request, url, token_used);
    Status failure;
    std::optional<Duration> retry_after;
    bool may_retry = false;
    if (!sent.ok()) {
      failure = sent.status().WithContext(operation);
      // A lost connection or a timeout may have reached the server.
      may_retry = sent.status().is_retryable() && request.is_idempotent;
    } else if (sent->status >= 200 && sent->status < 300) {
      RestResponse response;
      response.status = sent->status;
      response.headers = std::move(sent->headers);
      response.body = std::move(sent->body);
      if (request.expect_json && !Trim(response.body).empty()) {
        auto parsed = ParseJson(response.body, operation + " response");
        if (!parsed.ok()) return Status::Unavailable(parsed.status().message());
        response.json = std::move(*parsed);
      }
      return response;
    } else {
      ApiError error = ParseApiError(sent->status, sent->body);
      failure = ApiErrorToStatus(operation, error);
      if (sent->status == 401 && !token_used.empty() && !refreshed_after_401) {
        // An expired or revoked token: one fresh token, one more try (not counted as a retry).
        tokens_->Invalidate(token_used);
        refreshed_after_401 = true;
        LogFields(*log_, spdlog::level::info, "access token rejected; refreshing",
                  {{"operation", operation}});
        --attempt;
        continue;
      }
      if (IsRetryableHttp(sent->status)) {
        may_retry = sent->status == 429 || request.is_idempotent;
      }
      if (auto header = sent->headers.Get("Retry-After")) {
        retry_after = ParseRetryAfter(*header, clock_.Now());
      }
    }
    if (!may_retry || attempt >= policy_.max_attempts) return failure;
    Duration delay = BackoffFor(attempt);
    if (retry_after) {
      if (*retry_after > policy_.max_retry_after) {
        return Status(
            failure.code(),
            failure.message() + " (server asked to retry after " +
                std::to_string(
                    std::chrono::duration_cast<std::chrono::seconds>(*retry_after).count()) +
                " s)");
      }
      delay = std::max(delay, *retry_after);
    }
    LogFields(*log_, spdlog::level::warn, "retrying Google API call",
              {{"operation", operation},
               {"attempt", attempt},
               {"error", failure.message()},
               {"delay_ms", std::chrono::duration_cast<std::chrono::milliseconds>(delay).count()}});
    clock_.SleepFor(delay);
  }
}

Result<Json> RestClient::Call(const RestRequest& request) {
  auto response = Send(request);
  if (!response.ok()) return response.status();
  return std::move(response->json);
}

}  // namespace formsender::gcp

#pragma once
// Bearer tokens (OAuth 2.0 access tokens and OIDC ID tokens) with caching.
//
// A TokenSource does one network fetch; a CachingTokenProvider keeps the last token, refreshes
// it ahead of expiry, and lets concurrent callers share one refresh: while one thread fetches,
// the others keep using the still-valid token or, when there is none, wait for that fetch.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"

namespace formsender::gcp {

struct Token {
  std::string value;
  TimePoint expires_at;
};

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  // Fetches a fresh token. Thread-compatible: CachingTokenProvider never calls it concurrently.
  virtual Result<Token> Fetch() = 0;
};

class TokenProvider {
 public:
  virtual ~TokenProvider() = default;
  // A token that is valid now. Thread-safe.
  virtual Result<std::string> GetToken() = 0;
  // The server rejected `token` (HTTP 401): the next GetToken fetches a new one. A token that
  // was already replaced is ignored, so N callers reporting the same token cause one refresh.
  virtual void Invalidate(std::string_view token) = 0;
};

class CachingTokenProvider final : public TokenProvider {
 public:
  // Tokens are refreshed `refresh_margin` before they expire (or at half their lifetime when
  // they are issued with less than twice the margin left).
  CachingTokenProvider(std::unique_ptr<TokenSource> source, const Clock& clock,
                       Duration refresh_margin = std::chrono::minutes(5));

  Result<std::string> GetToken() override;
  void Invalidate(std::string_view token) override;

  // Callers blocked waiting for a refresh (tests and metrics).
  int waiting_callers() const;
  // Fetches performed so far.
  int fetch_count() const;

 private:
  struct Cached {
    Token token;
    TimePoint refresh_at;
  };

  std::unique_ptr<TokenSource> source_;
  const Clock& clock_;
  Duration refresh_margin_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::optional<Cached> cached_;
  bool refreshing_ = false;
  uint64_t generation_ = 0;  // bumped after every fetch, successful or not
  Status last_error_;
  int waiting_ = 0;
  int fetches_ = 0;
};

// A provider that always returns the same token (tests, and static tokens from configuration).
class StaticTokenProvider final : public TokenProvider {
 public:
  explicit StaticTokenProvider(std::string token) : token_(std::move(token)) {}
  Result<std::string> GetToken() override { return token_; }
  void Invalidate(std::string_view) override {}

 private:
  std::string token_;
};

}  // namespace formsender::gcp

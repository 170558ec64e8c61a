#include "gcp/token_provider.h"

#include <algorithm>

namespace formsender::gcp {
namespace {

constexpr Duration kRetryAfterFailure = std::chrono::seconds(30);

}  // namespace

CachingTokenProvider::CachingTokenProvider(std::unique_ptr<TokenSource> source, const Clock& clock,
                                           Duration refresh_margin)
    : source_(std::move(source)), clock_(clock), refresh_margin_(refresh_margin) {}

Result<std::string> CachingTokenProvider::GetToken() {
  std::unique_lock lock(mu_);
  uint64_t seen_generation = generation_;
  bool waited = false;
  while (true) {
    TimePoint now = clock_.Now();
    if (cached_ && now < cached_->refresh_at) return cached_->token.value;
    bool cached_still_valid = cached_ && now < cached_->token.expires_at;
    if (refreshing_) {
      // Someone else is fetching; a token that has not expired yet serves meanwhile.
      if (cached_still_valid) return cached_->token.value;
      ++waiting_;
      cv_.wait(lock, [&] { return !refreshing_; });
      --waiting_;
      waited = true;
      continue;
    }
    if (waited && generation_ != seen_generation && !last_error_.ok() && !cached_still_valid) {
      // The refresh we waited for failed: report it instead of hammering the source.
      return last_error_;
    }
    refreshing_ = true;
    lock.unlock();
    Result<Token> fetched = source_->Fetch();
    lock.lock();
    refreshing_ = false;
    ++generation_;
    ++fetches_;
    if (fetched.ok()) {
      TimePoint fetched_at = clock_.Now();
      TimePoint refresh_at = fetched->expires_at - refresh_margin_;
      if (refresh_at <= fetched_at)
        refresh_at = fetched_at + (fetched->expires_at - fetched_at) / 2;
      cached_ = Cached{std::move(*fetched), refresh_at};
      last_error_ = Status::Ok();
      cv_.notify_all();
      return cached_->token.value;
    }
    last_error_ = fetched.status();
    cv_.notify_all();
    TimePoint failed_at = clock_.Now();
    if (cached_ && failed_at < cached_->token.expires_at) {
      // Keep serving the old token; try again a little later rather than on every call.
      cached_->refresh_at = std::min(cached_->token.expires_at, failed_at + kRetryAfterFailure);
      return cached_->token.value;
    }
    return last_error_;
  }
}

void CachingTokenProvider::Invalidate(std::string_view token) {
  std::lock_guard lock(mu_);
  if (cached_ && cached_->token.value == token) cached_.reset();
}

int CachingTokenProvider::waiting_callers() const {
  std::lock_guard lock(mu_);
  return waiting_;
}

int CachingTokenProvider::fetch_count() const {
  std::lock_guard lock(mu_);
  return fetches_;
}

}  // namespace formsender::gcp

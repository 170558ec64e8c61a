#include "objects/signed_url_manager.h"

#include <algorithm>

#include "common/redact.h"
#include "common/strings.h"
#include "common/time.h"

namespace formsender::objects {
namespace {

constexpr std::chrono::milliseconds kProbeTimeout{10'000};

}  // namespace

Result<SignedUrlDefaults> SignedUrlDefaultsFromEnvironment(const Environment& env) {
  SignedUrlDefaults d;
  struct Var {
    const char* name;
    int64_t* target;
  };
  const Var vars[] = {
      {"FORM_SENDER_SIGNED_URL_TTL_HOURS", &d.ttl_hours},
      {"FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD", &d.refresh_threshold_seconds},
      {"FORM_SENDER_SIGNED_URL_TTL_HOURS_BATCH", &d.batch_ttl_hours},
      {"FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD_BATCH", &d.batch_refresh_threshold_seconds},
  };
  for (const Var& v : vars) {
    auto text = env.GetNonBlank(v.name);
    if (!text) continue;
    auto value = ParseInt64(*text, v.name);
    if (!value.ok()) return value.status();
    *v.target = *value;
  }
  return d;
}

SignedUrlPolicy ClampPolicy(int64_t ttl_hours, int64_t refresh_threshold_seconds) {
  SignedUrlPolicy p;
  p.ttl_hours = std::clamp(ttl_hours, kMinTtlHours, kMaxTtlHours);
  p.refresh_threshold_seconds = std::max(kMinRefreshThresholdSeconds, refresh_threshold_seconds);
  int64_t ttl_seconds = p.ttl_hours * 3600;
  if (p.refresh_threshold_seconds >= ttl_seconds) {
    p.refresh_threshold_seconds = std::max(kMinRefreshThresholdSeconds, ttl_seconds - 600);
    p.threshold_adjusted = true;
  }
  return p;
}

SignedUrlPolicy ResolvePolicy(const SignedUrlDefaults& defaults, bool batch_mode,
                              std::optional<int64_t> batch_ttl_hours,
                              std::optional<int64_t> batch_refresh_threshold_seconds) {
  if (!batch_mode) return ClampPolicy(defaults.ttl_hours, defaults.refresh_threshold_seconds);
  return ClampPolicy(
      batch_ttl_hours.value_or(defaults.batch_ttl_hours),
      batch_refresh_threshold_seconds.value_or(defaults.batch_refresh_threshold_seconds));
}

SignedUrlManager::SignedUrlManager(ObjectStore& store, HttpClient& http, const Clock& clock,
                                   LoggerPtr log)
    : store_(store), http_(http), clock_(clock), log_(log ? std::move(log) : MakeNullLogger()) {}

Result<std::string> SignedUrlManager::Resign(const std::string& key, int64_t ttl_hours) {
  auto url = store_.SignedGetUrl(key, std::chrono::hours(std::max<int64_t>(1, ttl_hours)));
  if (!url.ok()) {
    LogFields(*log_, spdlog::level::err, "re-signing client_config_ref failed",
              {{"object", store_.RefFor(key)}, {"error", url.status().message()}});
    // The reference's message; the cause is in the log.
    return Status(
        url.status().is_retryable() ? StatusCode::kUnavailable : StatusCode::kInvalidArgument,
        "client_config_ref の再署名に失敗しました");
  }
  return url;
}

Result<FreshUrl> SignedUrlManager::EnsureFresh(std::string_view object_ref,
                                               std::string_view current_url,
                                               const SignedUrlPolicy& policy_in) {
  FS_ASSIGN_OR_RETURN(std::string key, store_.KeyFromRef(object_ref));
  if (Trim(current_url).empty()) {
    return Status::InvalidArgument("client_config_ref must be a non-empty string");
  }
  FS_RETURN_IF_ERROR(store_.CheckIssuedUrl(key, current_url));
  SignedUrlPolicy policy = ClampPolicy(policy_in.ttl_hours, policy_in.refresh_threshold_seconds);
  if (policy.threshold_adjusted || policy_in.threshold_adjusted) {
    LogFields(
        *log_, spdlog::level::warn, "signed URL refresh threshold lowered below the TTL",
        {{"ttl_hours", policy.ttl_hours}, {"threshold_seconds", policy.refresh_threshold_seconds}});
  }

  HttpClientRequest probe;
  probe.method = "HEAD";
  probe.url = std::string(current_url);
  probe.timeout = kProbeTimeout;
  probe.follow_redirects = false;
  auto answer = http_.Send(probe);
  if (!answer.ok() || answer->status >= 400) {
    LogFields(*log_, spdlog::level::info, "client_config_ref probe failed; re-signing",
              {{"object", std::string(object_ref)},
               {"status", answer.ok() ? answer->status : 0},
               {"error", answer.ok() ? "" : answer.status().message()}});
    FS_ASSIGN_OR_RETURN(std::string url, Resign(key, policy.ttl_hours));
    return FreshUrl{std::move(url), true, "probe_failed"};
  }

  auto info = store_.InspectSignedUrl(current_url);
  if (!info.ok() || !info->expires_at) return FreshUrl{std::string(current_url), false, ""};
  auto remaining =
      std::chrono::duration_cast<std::chrono::seconds>(*info->expires_at - clock_.Now());
  if (remaining.count() <= policy.refresh_threshold_seconds) {
    FS_ASSIGN_OR_RETURN(std::string url, Resign(key, policy.ttl_hours));
    return FreshUrl{std::move(url), true, "expiring"};
  }
  return FreshUrl{std::string(current_url), false, ""};
}

Result<std::string> SignedUrlManager::Refresh(std::string_view object_ref, int64_t ttl_hours) {
  FS_ASSIGN_OR_RETURN(std::string key, store_.KeyFromRef(object_ref));
  if (ttl_hours < kMinTtlHours || ttl_hours > kMaxTtlHours) {
    return Status::InvalidArgument("signed_url_ttl_hours must be between 1 and 168");
  }
  return Resign(key, ttl_hours);
}

Json SignedUrlRefreshMetadataPatch(std::string_view url, TimePoint now) {
  return Json{{"client_config_ref", url},
              {"batch",
               {{"latest_signed_url", url}, {"signed_url_refreshed_at", FormatUtcIso(now, true)}}}};
}

}  // namespace formsender::objects

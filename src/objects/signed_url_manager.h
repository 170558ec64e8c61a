#pragma once
// Keeping the signed client_config URL usable (spec §4.5 ensure_fresh, §4.2.4 refresh), for
// both object-store backends. The dispatcher calls EnsureFresh when a task arrives (and at the
// Spot fallback) and Refresh from POST /v1/form-sender/signed-url/refresh.
//
//   SignedUrlManager urls(store, http, clock, log);
//   auto policy = ResolvePolicy(defaults, /*batch_mode=*/true, batch.ttl_hours, batch.threshold);
//   auto fresh = urls.EnsureFresh(task.client_config_object, task.client_config_ref, policy);
//   // fresh->url, fresh->resigned; errors are kInvalidArgument with the reference's message (→
//   422)

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/env.h"
#include "common/http_client.h"
#include "common/json.h"
#include "common/log.h"
#include "objects/object_store.h"

namespace formsender::objects {

inline constexpr int64_t kMinTtlHours = 1;
inline constexpr int64_t kMaxTtlHours = 168;  // GCS: V4 signatures live at most 7 days
inline constexpr int64_t kMinRefreshThresholdSeconds = 60;

// The dispatcher's settings (spec §4.1), each overridable by its environment variable.
struct SignedUrlDefaults {
  int64_t ttl_hours = 15;                    // FORM_SENDER_SIGNED_URL_TTL_HOURS
  int64_t refresh_threshold_seconds = 1800;  // FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD
  int64_t batch_ttl_hours = 48;              // FORM_SENDER_SIGNED_URL_TTL_HOURS_BATCH
  int64_t batch_refresh_threshold_seconds =
      21600;  // FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD_BATCH
};

// A value that is set but not an integer is an error naming the variable.
Result<SignedUrlDefaults> SignedUrlDefaultsFromEnvironment(const Environment& env);

struct SignedUrlPolicy {
  int64_t ttl_hours = 15;
  int64_t refresh_threshold_seconds = 1800;
  bool threshold_adjusted = false;  // the threshold was not below the TTL and was lowered
};

// §4.5 step 3: TTL clamped to 1..168 h (the reference only raised it to 1); threshold at least
// 60 s; a threshold not below the TTL becomes max(60, TTL·3600 − 600).
SignedUrlPolicy ClampPolicy(int64_t ttl_hours, int64_t refresh_threshold_seconds);

// The policy of a task: batch mode takes the payload's batch values, else the batch defaults;
// Cloud Run mode takes the plain defaults. Then ClampPolicy.
SignedUrlPolicy ResolvePolicy(const SignedUrlDefaults& defaults, bool batch_mode,
                              std::optional<int64_t> batch_ttl_hours,
                              std::optional<int64_t> batch_refresh_threshold_seconds);

struct FreshUrl {
  std::string url;
  bool resigned = false;
  std::string reason;  // "probe_failed", "expiring" or "" (kept)
};

class SignedUrlManager {
 public:
  SignedUrlManager(ObjectStore& store, HttpClient& http, const Clock& clock,
                   LoggerPtr log = nullptr);

  // §4.5: checks the ref and the URL's origin, probes the URL with HEAD (10 s, no redirects),
  // and re-signs when the probe fails (status ≥ 400 or no answer) or when it expires within
  // the threshold. A URL that states no expiry is kept when the probe succeeds.
  Result<FreshUrl> EnsureFresh(std::string_view object_ref, std::string_view current_url,
                               const SignedUrlPolicy& policy);

  // §4.2.4: a new URL for the ref, valid `ttl_hours` (1..168), without any freshness check.
  Result<std::string> Refresh(std::string_view object_ref, int64_t ttl_hours);

 private:
  Result<std::string> Resign(const std::string& key, int64_t ttl_hours);

  ObjectStore& store_;
  HttpClient& http_;
  const Clock& clock_;
  LoggerPtr log_;
};

// The job_executions metadata patch of a refresh with an execution id (§4.2.4):
// {"client_config_ref": url, "batch": {"latest_signed_url": url, "signed_url_refreshed_at": …}}.
Json SignedUrlRefreshMetadataPatch(std::string_view url, TimePoint now);

}  // namespace formsender::objects

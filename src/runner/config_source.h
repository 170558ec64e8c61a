#pragma once
// Where a runner gets its client_config: a local file (--config-file), or the signed URL the
// dispatcher put in FORM_SENDER_CLIENT_CONFIG_URL. A URL that no longer answers, or that expires
// within the refresh threshold, is replaced through the dispatcher (H11: POST
// {FORM_SENDER_DISPATCHER_BASE_URL}/v1/form-sender/signed-url/refresh with a bearer token) before
// it is fetched, and again during a long run, so the execution's latest_signed_url stays usable
// for Batch retries and the Spot fallback. A config that cannot be fetched or parsed is an error:
// the runner never starts with empty settings.

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/http_client.h"
#include "common/json.h"
#include "common/log.h"
#include "common/status.h"

namespace formsender::runner {

// The bearer token for the dispatcher: on GCP an ID token from the metadata server for
// FORM_SENDER_DISPATCHER_AUDIENCE; locally FORM_SENDER_DISPATCHER_TOKEN, or none (empty).
using DispatcherTokenFn = std::function<Result<std::string>()>;

struct ConfigSourceOptions {
  std::optional<std::string> file;
  std::optional<std::string> url;
  std::optional<std::string> object;        // gs://… or local://objects/… (needed to refresh)
  std::optional<std::string> save_path;     // FORM_SENDER_CLIENT_CONFIG_PATH: a copy, mode 0600
  std::string dispatcher_base_url;          // empty: no refresh possible
  std::optional<std::string> execution_id;  // sent with the refresh (metadata patch)
  // Refresh when the URL expires within this time (the dispatcher's Batch default, 6 h, is
  // longer than a session; a runner needs the URL valid for its own lifetime and retries).
  std::chrono::seconds refresh_threshold{1800};
  std::chrono::milliseconds download_timeout{120'000};
  std::chrono::milliseconds probe_timeout{5'000};
  std::chrono::milliseconds refresh_timeout{10'000};
  // Load tries again after these pauses while the URL or the dispatcher cannot be reached
  // (kUnavailable, kDeadlineExceeded): a dispatcher that is restarting or cold-starting must
  // not fail a task that a minute later would run. About a minute in all.
  std::vector<std::chrono::milliseconds> retry_delays = {
      std::chrono::seconds(1), std::chrono::seconds(2),  std::chrono::seconds(4),
      std::chrono::seconds(8), std::chrono::seconds(15), std::chrono::seconds(30)};
};

// When a signed URL stops working: GCS V4 X-Goog-Date + X-Goog-Expires, or the local object
// store's `expires` (unix seconds). nullopt when the URL states no expiry.
std::optional<TimePoint> SignedUrlExpiry(std::string_view url);

class ClientConfigSource {
 public:
  ClientConfigSource(ConfigSourceOptions options, HttpClient& http, const Clock& clock,
                     DispatcherTokenFn token, LoggerPtr log);

  // The client_config JSON (not yet validated: see ParseCampaign). Errors: kInvalidArgument for
  // a file or body that is not JSON, kNotFound for a missing file or an object the URL no
  // longer serves, kUnavailable when the URL or the dispatcher cannot be reached (after the
  // retries of `retry_delays`).
  Result<Json> Load();

  // Asks the dispatcher for a new URL when the current one expires within the threshold.
  // Returns whether it did. A no-op for files and without a dispatcher.
  Result<bool> RefreshIfExpiring();

  std::string current_url() const;
  bool refreshed() const;

 private:
  Result<std::string> RequestRefresh(const std::string& why);
  Result<Json> LoadFile(const std::string& path);
  Result<Json> LoadOnce();
  Status SaveCopy(const std::string& text);

  ConfigSourceOptions options_;
  HttpClient& http_;
  const Clock& clock_;
  DispatcherTokenFn token_;
  LoggerPtr log_;
  mutable std::mutex mu_;
  std::string url_;
  bool refreshed_ = false;
};

}  // namespace formsender::runner

#include "runner/config_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/strings.h"
#include "common/time.h"
#include "objects/url_parts.h"

namespace formsender::runner {
namespace {

// "20251017T010203Z" → the instant.
std::optional<TimePoint> ParseGoogDate(std::string_view s) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return std::nullopt;
  std::string iso = std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
                    std::string(s.substr(6, 2)) + "T" + std::string(s.substr(9, 2)) + ":" +
                    std::string(s.substr(11, 2)) + ":" + std::string(s.substr(13, 2)) + "Z";
  auto t = ParseIsoTimestamp(iso);
  if (!t.ok()) return std::nullopt;
  return *t;
}

std::string Describe(const std::string& url) {
  // The signature and credentials never reach a log: scheme, host and path only.
  auto q = url.find('?');
  return q == std::string::npos ? url : url.substr(0, q) + "?…";
}

}  // namespace

std::optional<TimePoint> SignedUrlExpiry(std::string_view url) {
  auto parts = objects::SplitUrl(url);
  if (!parts.ok()) return std::nullopt;
  if (const std::string* expires = parts->ParamIgnoreCase("X-Goog-Expires")) {
    auto seconds = ParseInt64(*expires);
    if (!seconds.ok() || *seconds <= 0) return std::nullopt;
    const std::string* date = parts->ParamIgnoreCase("X-Goog-Date");
    std::optional<TimePoint> issued = date ? ParseGoogDate(*date) : std::nullopt;
    if (!issued) return std::nullopt;
    return *issued + std::chrono::seconds(*seconds);
  }
  if (const std::string* expires = parts->Param("expires")) {
    auto at = ParseInt64(*expires);
    if (at.ok()) return FromUnixSeconds(*at);
  }
  return std::nullopt;
}

ClientConfigSource::ClientConfigSource(ConfigSourceOptions options, HttpClient& http,
                                       const Clock& clock, DispatcherTokenFn token, LoggerPtr log)
    : options_(std::move(options)),
      http_(http),
      clock_(clock),
      token_(std::move(token)),
      log_(log ? std::move(log) : MakeNullLogger()),
      url_(options_.url.value_or("")) {}

std::string ClientConfigSource::current_url() const {
  std::lock_guard<std::mutex> lock(mu_);
  return url_;
}

bool ClientConfigSource::refreshed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return refreshed_;
}

Result<Json> ClientConfigSource::LoadFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound("--config-file " + path + " does not exist or is not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("--config-file " + path + " cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  return ParseJson(text.str(), "--config-file " + path);
}

Result<std::string> ClientConfigSource::RequestRefresh(const std::string& why) {
  if (options_.dispatcher_base_url.empty()) {
    return Status::Unavailable("the client_config URL " + why +
                               " and FORM_SENDER_DISPATCHER_BASE_URL is not set, so it cannot "
                               "be refreshed");
  }
  if (!options_.object) {
    return Status::InvalidArgument("the client_config URL " + why +
                                   " and FORM_SENDER_CLIENT_CONFIG_OBJECT is not set, so it "
                                   "cannot be refreshed");
  }
  Json body = {{"client_config_object", *options_.object}};
  if (options_.execution_id) body["execution_id"] = *options_.execution_id;
  HttpClientRequest req;
  req.method = "POST";
  req.url = options_.dispatcher_base_url + "/v1/form-sender/signed-url/refresh";
  req.body = DumpJson(body);
  req.headers.Add("Content-Type", "application/json");
  req.timeout = options_.refresh_timeout;
  if (token_) {
    auto token = token_();
    if (!token.ok()) return token.status().WithContext("dispatcher token for the URL refresh");
    if (!token->empty()) req.headers.Add("Authorization", "Bearer " + *token);
  }
  auto resp = http_.Send(req);
  if (!resp.ok()) return resp.status().WithContext("POST " + req.url);
  if (resp->status >= 300) {
    std::string detail = resp->body.substr(0, 300);
    Status s(resp->status >= 500 || resp->status == 429 ? StatusCode::kUnavailable
                                                        : StatusCode::kInvalidArgument,
             "POST " + req.url + ": HTTP " + std::to_string(resp->status) + ": " + detail);
    return s;
  }
  auto parsed = ParseJson(resp->body, "the signed-url refresh answer");
  if (!parsed.ok()) return parsed.status();
  if (!parsed->is_object() || !(*parsed).contains("signed_url") ||
      !(*parsed)["signed_url"].is_string()) {
    return Status::Unavailable("the signed-url refresh answer has no signed_url");
  }
  std::string url = (*parsed)["signed_url"].get<std::string>();
  LogFields(*log_, spdlog::level::info, "client_config URL refreshed",
            {{"reason", why}, {"url", Describe(url)}});
  {
    std::lock_guard<std::mutex> lock(mu_);
    url_ = url;
    refreshed_ = true;
  }
  return url;
}

Result<bool> ClientConfigSource::RefreshIfExpiring() {
  if (options_.file || options_.dispatcher_base_url.empty() || !options_.object) return false;
  std::string url = current_url();
  std::optional<TimePoint> expiry = SignedUrlExpiry(url);
  if (!expiry || *expiry - clock_.Now() > options_.refresh_threshold) return false;
  FS_RETURN_IF_ERROR(RequestRefresh("expires at " + FormatUtcIso(*expiry)).status());
  return true;
}

Result<Json> ClientConfigSource::Load() {
  if (options_.file) return LoadFile(*options_.file);
  Result<Json> loaded = LoadOnce();
  for (std::chrono::milliseconds delay : options_.retry_delays) {
    if (loaded.ok() || (loaded.status().code() != StatusCode::kUnavailable &&
                        loaded.status().code() != StatusCode::kDeadlineExceeded)) {
      break;
    }
    LogFields(*log_, spdlog::level::warn, "client_config not loaded; trying again",
              {{"error", loaded.status().message()}, {"retry_in_ms", delay.count()}});
    clock_.SleepFor(delay);
    loaded = LoadOnce();
  }
  return loaded;
}

Result<Json> ClientConfigSource::LoadOnce() {
  std::string url = current_url();
  if (url.empty()) return Status::InvalidArgument("FORM_SENDER_CLIENT_CONFIG_URL is empty");
  // Probe first (as the reference's entry did), and refresh a URL that expires soon.
  std::optional<std::string> unusable;
  std::optional<TimePoint> expiry = SignedUrlExpiry(url);
  if (expiry && *expiry - clock_.Now() <= options_.refresh_threshold) {
    unusable = *expiry <= clock_.Now() ? "has expired" : "expires within the refresh threshold";
  } else {
    HttpClientRequest head;
    head.method = "HEAD";
    head.url = url;
    head.timeout = options_.probe_timeout;
    head.follow_redirects = true;
    auto probe = http_.Send(head);
    if (!probe.ok()) {
      unusable = "does not answer (" + probe.status().message() + ")";
    } else if (probe->status >= 400) {
      unusable = "answers HTTP " + std::to_string(probe->status);
    }
  }
  if (unusable) {
    auto fresh = RequestRefresh(*unusable);
    if (!fresh.ok()) {
      // An expiring URL that still works is used as it is; a dead one is the end.
      if (expiry && *expiry > clock_.Now() && unusable->find("within") != std::string::npos) {
        LogFields(*log_, spdlog::level::warn, "client_config URL not refreshed",
                  {{"error", fresh.status().message()}});
      } else {
        return fresh.status();
      }
    } else {
      url = *fresh;
    }
  }
  HttpClientRequest get;
  get.url = url;
  get.timeout = options_.download_timeout;
  get.follow_redirects = true;
  get.max_response_bytes = 16 * 1024 * 1024;
  auto resp = http_.Send(get);
  if (!resp.ok()) return resp.status().WithContext("GET client_config " + Describe(url));
  if (resp->status == 404) {
    return Status::NotFound("GET client_config " + Describe(url) +
                            ": HTTP 404 (the object is gone)");
  }
  if (resp->status >= 300) {
    return Status(resp->status >= 500 ? StatusCode::kUnavailable : StatusCode::kInvalidArgument,
                  "GET client_config " + Describe(url) + ": HTTP " + std::to_string(resp->status));
  }
  auto parsed = ParseJson(resp->body, "client_config from " + Describe(url));
  if (!parsed.ok()) return parsed.status();
  if (options_.save_path) FS_RETURN_IF_ERROR(SaveCopy(resp->body));
  return parsed;
}

Status ClientConfigSource::SaveCopy(const std::string& text) {
  // Written atomically (temporary file, fsync, rename), readable by the owner only: the config
  // holds the client's contact details.
  std::filesystem::path path(*options_.save_path);
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::Unavailable("FORM_SENDER_CLIENT_CONFIG_PATH " + path.string() +
                               ": cannot write " + tmp.string());
  }
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  bool ok = written == text.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    return Status::Unavailable("FORM_SENDER_CLIENT_CONFIG_PATH " + path.string() +
                               ": cannot write the config copy");
  }
  return Status::Ok();
}

}  // namespace formsender::runner

#include "gcp/api_error.h"

#include <array>
#include <ctime>

#include "common/json.h"
#include "common/redact.h"
#include "common/strings.h"

namespace formsender::gcp {
namespace {

constexpr size_t kMaxMessageBytes = 1000;

std::string Truncate(std::string s) {
  if (s.size() > kMaxMessageBytes) {
    s.resize(kMaxMessageBytes);
    s += "…";
  }
  return s;
}

}  // namespace

ApiError ParseApiError(int http_status, std::string_view body) {
  ApiError error;
  error.http_status = http_status;
  Json doc = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_discarded() && doc.is_object()) {
    auto it = doc.find("error");
    if (it != doc.end() && it->is_object()) {
      error.status = it->value("status", "");
      error.message = it->value("message", "");
    } else if (it != doc.end() && it->is_string()) {
      error.status = it->get<std::string>();
      error.message = doc.value("error_description", "");
    }
  }
  if (error.message.empty() && error.status.empty()) {
    error.message = std::string(Trim(body));
  }
  error.message = Truncate(RedactSecrets(error.message));
  return error;
}

StatusCode StatusCodeForApiError(int http_status, std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, StatusCode>, 20> kByName = {{
      {"ALREADY_EXISTS", StatusCode::kConflict},
      {"ABORTED", StatusCode::kConflict},
      {"FAILED_PRECONDITION", StatusCode::kConflict},
      {"NOT_FOUND", StatusCode::kNotFound},
      {"INVALID_ARGUMENT", StatusCode::kInvalidArgument},
      {"OUT_OF_RANGE", StatusCode::kInvalidArgument},
      {"PERMISSION_DENIED", StatusCode::kPermissionDenied},
      {"UNAUTHENTICATED", StatusCode::kUnauthenticated},
      {"RESOURCE_EXHAUSTED", StatusCode::kResourceExhausted},
      {"UNAVAILABLE", StatusCode::kUnavailable},
      {"INTERNAL", StatusCode::kUnavailable},
      {"UNKNOWN", StatusCode::kUnavailable},
      {"DATA_LOSS", StatusCode::kInternal},
      {"UNIMPLEMENTED", StatusCode::kInternal},
      {"DEADLINE_EXCEEDED", StatusCode::kDeadlineExceeded},
      {"CANCELLED", StatusCode::kCancelled},
      // OAuth token endpoint errors (RFC 6749 §5.2).
      {"invalid_grant", StatusCode::kUnauthenticated},
      {"invalid_client", StatusCode::kUnauthenticated},
      {"unauthorized_client", StatusCode::kPermissionDenied},
      {"invalid_scope", StatusCode::kInvalidArgument},
  }};
  for (const auto& [n, code] : kByName) {
    if (n == name) return code;
  }
  if (http_status == 400) return StatusCode::kInvalidArgument;
  if (http_status == 401) return StatusCode::kUnauthenticated;
  if (http_status == 403) return StatusCode::kPermissionDenied;
  if (http_status == 404) return StatusCode::kNotFound;
  if (http_status == 409 || http_status == 412) return StatusCode::kConflict;
  if (http_status == 429) return StatusCode::kResourceExhausted;
  if (http_status == 408 || http_status == 504) return StatusCode::kDeadlineExceeded;
  if (http_status >= 500) return StatusCode::kUnavailable;
  return StatusCode::kInternal;
}

Status ApiErrorToStatus(std::string_view operation, const ApiError& error) {
  std::string text = std::string(operation) + ":";
  if (error.http_status > 0) text += " HTTP " + std::to_string(error.http_status);
  if (!error.status.empty()) text += " " + error.status;
  if (!error.message.empty()) text += ": " + error.message;
  return Status(StatusCodeForApiError(error.http_status, error.status), RedactSecrets(text));
}

std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, TimePoint now) {
  value = Trim(value);
  if (value.empty()) return std::nullopt;
  if (auto seconds = ParseInt64(value); seconds.ok()) {
    if (*seconds < 0) return std::nullopt;
    return std::chrono::seconds(*seconds);
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  time_t at = timegm(&tm);
  auto delta = std::chrono::system_clock::from_time_t(at) - now;
  if (delta <= Duration::zero()) return std::chrono::seconds(0);
  return std::chrono::ceil<std::chrono::seconds>(delta);
}

}  // namespace formsender::gcp

#pragma once
// Maps Google API error responses to Status.
//
// Google APIs answer errors with {"error": {"code": 409, "message": "…", "status":
// "ALREADY_EXISTS", "details": […]}}; the OAuth token endpoint with {"error": "invalid_grant",
// "error_description": "…"}. The Status keeps the API's message and its status name (callers
// such as the Spot fallback look for words like RESOURCE_EXHAUSTED or "capacity" in it).

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/http.h"
#include "common/status.h"

namespace formsender::gcp {

struct ApiError {
  int http_status = 0;
  std::string status;   // "ALREADY_EXISTS", "invalid_grant", or "" when the body had none
  std::string message;  // the API's message (redacted, at most 1000 bytes)
};

// Parses an error body of either shape; falls back to the raw body text (redacted, truncated).
ApiError ParseApiError(int http_status, std::string_view body);

// The formsender code for a Google canonical status name, or for the HTTP status when the name
// is empty or unknown. ALREADY_EXISTS/ABORTED/FAILED_PRECONDITION → kConflict,
// RESOURCE_EXHAUSTED → kResourceExhausted, 5xx → kUnavailable, …
StatusCode StatusCodeForApiError(int http_status, std::string_view status_name);

// "<operation>: HTTP 409 ALREADY_EXISTS: <message>" with the mapped code.
Status ApiErrorToStatus(std::string_view operation, const ApiError& error);

// Seconds to wait from a Retry-After header (delta-seconds or an HTTP-date relative to `now`).
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, TimePoint now);

}  // namespace formsender::gcp

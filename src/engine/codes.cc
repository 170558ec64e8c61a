#include "engine/codes.h"

#include <algorithm>

namespace formsender::engine {

std::string CodeCategory(std::string_view c) {
  auto in = [&](std::initializer_list<std::string_view> l) {
    return std::find(l.begin(), l.end(), c) != l.end();
  };
  if (c == "SUCCESS") return "SUBMISSION";
  if (in({"RATE_LIMIT", "SERVER_ERROR", "ACCESS", "UNAUTHORIZED", "NOT_FOUND", "METHOD_NOT_ALLOWED",
          "PAGE_TOO_LARGE", "TOO_MANY_REDIRECTS"})) {
    return "HTTP";
  }
  if (in({"DNS_ERROR", "TLS_ERROR", "CONNECTION_RESET", "BLOCKED_BY_CLIENT", "TIMEOUT"}))
    return "NETWORK";
  if (in({"PAGE_CLOSED", "NEEDS_BROWSER"})) return "BROWSER";
  if (in({"WAF_CHALLENGE", "BOT_DETECTED"})) return "WAF";
  if (in({"CSRF_ERROR", "SSRF_BLOCKED"})) return "SECURITY";
  if (in({"MAPPING", "VALIDATION_FORMAT", "FORM_VALIDATION_ERROR", "REQUIRED_FIELD_UNFILLABLE"}))
    return "VALIDATION";
  if (in({"DUPLICATE_SUBMISSION", "PROHIBITION_DETECTED"})) return "BUSINESS";
  if (in({"NO_MESSAGE_AREA", "NO_FORM_FOUND", "SUBMIT_BUTTON_NOT_FOUND"})) return "FORM_STRUCTURE";
  if (in({"PLACEHOLDER_UNRESOLVED", "INSTRUCTION", "NO_FORM_URL"})) return "CONFIG";
  if (in({"SKIPPED_BY_HOOK", "DRY_RUN", "SKIPPED_BY_NAME_POLICY", "SKIPPED_ALREADY_SENT_TODAY",
          "SKIPPED_WRONG_CLIENT"})) {
    return "POLICY";
  }
  if (c == "SYSTEM" || c == "WORKER_ERROR") return "SYSTEM";
  return "GENERAL";
}

bool CodeRetryable(std::string_view c) {
  for (std::string_view r : {"TIMEOUT", "DNS_ERROR", "TLS_ERROR", "CONNECTION_RESET",
                             "BLOCKED_BY_CLIENT", "RATE_LIMIT", "SERVER_ERROR", "ACCESS",
                             "ELEMENT_EXTERNAL", "INPUT_EXTERNAL", "SYSTEM", "NEEDS_BROWSER"}) {
    if (c == r) return true;
  }
  return false;
}

int CodeCooldownSeconds(std::string_view c) {
  if (c == "RATE_LIMIT" || c == "WAF_CHALLENGE") return 300;
  if (c == "SERVER_ERROR" || c == "ACCESS") return 60;
  return 0;
}

ClassifyDetail MakeDetail(std::string code, double confidence, Json evidence, bool submitted) {
  ClassifyDetail d;
  d.category = CodeCategory(code);
  d.retryable = !submitted && CodeRetryable(code);
  d.cooldown_seconds = CodeCooldownSeconds(code);
  d.confidence = std::clamp(confidence, 0.0, 1.0);
  d.evidence = evidence.is_object() ? std::move(evidence) : Json::object();
  d.code = std::move(code);
  return d;
}

Json ClassifyDetail::ToJson() const {
  return Json{{"code", code},
              {"category", category},
              {"retryable", retryable},
              {"cooldown_seconds", cooldown_seconds},
              {"confidence", confidence},
              {"evidence", evidence}};
}

std::string CodeForHttpStatus(int s) {
  if (s == 429) return "RATE_LIMIT";
  if (s >= 500) return "SERVER_ERROR";
  if (s == 404 || s == 410) return "NOT_FOUND";
  if (s == 401) return "UNAUTHORIZED";
  if (s == 403) return "ACCESS";
  if (s == 405) return "METHOD_NOT_ALLOWED";
  if (s == 422 || s == 400) return "FORM_VALIDATION_ERROR";
  if (s >= 400) return "ACCESS";
  return "";
}

bool CodeProvesNotDelivered(std::string_view code) {
  return code == "FORM_VALIDATION_ERROR" || code == "MAPPING" || code == "VALIDATION_FORMAT" ||
         code == "CSRF_ERROR" || code == "BOT_DETECTED" || code == "WAF_CHALLENGE" ||
         code == "NOT_FOUND" || code == "METHOD_NOT_ALLOWED" || code == "UNAUTHORIZED" ||
         code == "ACCESS" || code == "RATE_LIMIT" || code == "SSRF_BLOCKED" ||
         code == "DNS_ERROR" || code == "TLS_ERROR";
}

}  // namespace formsender::engine

#include "runner/outcome.h"

#include "common/strings.h"
#include "objects/url_parts.h"

namespace formsender::runner {

Json RunnerDetail(std::string_view code, std::string_view category, Json evidence,
                  double confidence) {
  return Json{{"code", code},
              {"category", category},
              {"retryable", false},
              {"cooldown_seconds", 0},
              {"confidence", confidence},
              {"evidence", evidence.is_null() ? Json::object() : std::move(evidence)}};
}

LedgerOutcome LedgerOutcomeOf(const engine::FormResult& r) {
  if (r.outcome == "success") return LedgerOutcome::kSent;
  if (!r.submitted) return LedgerOutcome::kFailed;
  // The site answered the sending request and the answer was judged (a validation page, an
  // unchanged page, an error status): a failure we know of. Otherwise the answer never came.
  if (!r.steps.empty()) {
    const engine::Step& last = r.steps.back();
    if ((last.note == "submit" || last.note == "final") && last.status > 0) {
      return LedgerOutcome::kFailed;
    }
  }
  return LedgerOutcome::kUnknown;
}

sendqueue::MarkDoneRequest MarkDoneFor(const engine::FormResult& r,
                                       sendqueue::MarkDoneRequest base) {
  base.success = r.outcome == "success";
  base.classify_detail = r.detail.ToJson();
  base.field_mapping = r.field_mapping.is_null() ? Json::array() : r.field_mapping;
  base.bot_protection = r.bot_protection_detected;
  if (base.success) {
    base.error_type.reset();
  } else {
    std::string code = r.code.empty() ? "UNKNOWN" : r.code;
    if (r.bot_protection_detected && code != "BOT_DETECTED" && code != "WAF_CHALLENGE") {
      code = "BOT_DETECTED";
    }
    base.error_type = code;
  }
  return base;
}

CompanyFlags FlagsFor(const engine::FormResult& r) {
  CompanyFlags f;
  f.prohibition = r.code == "PROHIBITION_DETECTED" || r.prohibition_detected;
  f.black = r.code == "NO_MESSAGE_AREA";
  return f;
}

bool IsSinkUrl(std::string_view url) {
  auto parts = objects::SplitUrl(url);
  if (!parts.ok()) return false;
  if (parts->scheme != "http" && parts->scheme != "https") return false;
  std::string host = parts->host;
  if (host == "localhost" || host.ends_with(".localhost")) return true;
  if (host == "[::1]" || host == "::1") return true;
  // 127.0.0.0/8 written as four decimal octets (no other spelling is trusted).
  auto octets = Split(host, '.');
  if (octets.size() != 4 || octets[0] != "127") return false;
  for (const std::string& o : octets) {
    auto n = ParseInt64(o);
    if (!n.ok() || *n < 0 || *n > 255 || o.empty() || o.size() > 3) return false;
  }
  return true;
}

}  // namespace formsender::runner

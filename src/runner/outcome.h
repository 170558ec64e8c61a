#pragma once
// Turning what happened to a company into what is recorded (orchestration §5.5 steps 9–12,
// §5.7): the classify_detail of the runner's own skips, the ledger outcome of a final
// submission, the mark_done of an engine result with its side effects, and the test-mode rule
// for where a form may be submitted.

#include <optional>
#include <string>
#include <string_view>

#include "common/json.h"
#include "engine/engine.h"
#include "sendqueue/send_queue.h"

namespace formsender::runner {

// Codes the runner itself records (besides the engine's, docs/engine.md).
inline constexpr const char* kSkippedByNamePolicy = "SKIPPED_BY_NAME_POLICY";
inline constexpr const char* kSkippedAlreadySentToday = "SKIPPED_ALREADY_SENT_TODAY";
inline constexpr const char* kSkippedWrongClient = "SKIPPED_WRONG_CLIENT";
inline constexpr const char* kSkippedBlacklisted = "SKIPPED_BLACKLISTED";
inline constexpr const char* kCompanyNotFound = "NOT_FOUND";
inline constexpr const char* kNoFormUrl = "NO_FORM_URL";
inline constexpr const char* kProhibitionDetected = "PROHIBITION_DETECTED";
inline constexpr const char* kTestModeBlocked = "TEST_MODE_BLOCKED";

// {code, category, retryable: false, cooldown_seconds: 0, confidence, evidence} (§5.7: every
// runner-made skip is final for the day).
Json RunnerDetail(std::string_view code, std::string_view category, Json evidence,
                  double confidence = 1.0);

// What the ledger says about a final submission once the engine is done with it:
//   sent     the site confirmed it;
//   failed   nothing was delivered (proved), or the site answered and the answer was judged;
//   unknown  the request may have been delivered but no answer was judged (cut off by a
//            timeout, a broken connection or a shutdown): the intent is left as it is and turns
//            `unknown`, never retried automatically.
enum class LedgerOutcome { kSent, kFailed, kUnknown };
LedgerOutcome LedgerOutcomeOf(const engine::FormResult& result);

// The mark_done of an engine result, from `base` (mode, date, targeting, company, run id):
// success, error_type (NULL on success; BOT_DETECTED when bot protection was seen on a
// failure of another code, §5.5 step 10), the engine's classify_detail and field_mapping, and
// the bot flag.
sendqueue::MarkDoneRequest MarkDoneFor(const engine::FormResult& result,
                                       sendqueue::MarkDoneRequest base);

// §5.5 step 10: which company flags the result sets.
struct CompanyFlags {
  bool prohibition = false;  // PROHIBITION_DETECTED → companies.prohibition_detected
  bool black = false;        // NO_MESSAGE_AREA → companies.black
};
CompanyFlags FlagsFor(const engine::FormResult& result);

// The test-mode rule (DESIGN §9, Q-35): a test run submits only to a sink — a host that is
// loopback by its very name: `localhost`, any `*.localhost`, an address in 127.0.0.0/8, or
// [::1]. Every other form is run as a dry run (stopped before any request that may deliver).
bool IsSinkUrl(std::string_view url);

}  // namespace formsender::runner

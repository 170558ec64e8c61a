#pragma once
// Result codes and the classify_detail JSON the runner stores in submissions.classify_detail
// (orchestration §5.7: {code, category, retryable, cooldown_seconds, confidence, evidence}).
// Codes are the reference's where one exists; the new ones are listed in docs/engine.md.

#include <string>
#include <string_view>

#include "common/json.h"

namespace formsender::engine {

struct ClassifyDetail {
  std::string code;
  std::string category;
  bool retryable = false;
  int cooldown_seconds = 0;
  double confidence = 0;
  Json evidence = Json::object();

  Json ToJson() const;
};

std::string CodeCategory(std::string_view code);
bool CodeRetryable(std::string_view code);
int CodeCooldownSeconds(std::string_view code);

// The detail for `code`. When the final request was sent (`submitted`), nothing is retryable:
// a retry could deliver the message twice.
ClassifyDetail MakeDetail(std::string code, double confidence, Json evidence, bool submitted);

// Code for an HTTP status of a page or submission response (403 checked for a WAF by the
// caller): 429 RATE_LIMIT, 5xx SERVER_ERROR, 404/410 NOT_FOUND, 401 UNAUTHORIZED, 403 ACCESS,
// 405 METHOD_NOT_ALLOWED, 422/400 FORM_VALIDATION_ERROR; "" for 2xx/3xx.
std::string CodeForHttpStatus(int status);

// Failure codes proving the message was not delivered (a retry cannot send it twice).
bool CodeProvesNotDelivered(std::string_view code);

}  // namespace formsender::engine

#pragma once
// CAPTCHA and bot-wall detection: reCAPTCHA v2 (checkbox or invisible) and v3, hCaptcha,
// Cloudflare Turnstile, image / quiz CAPTCHAs, and challenge interstitials (Cloudflare "Just a
// moment…", Akamai, Imperva). An HTTP client cannot produce any of their tokens.

#include <string>
#include <vector>

#include "engine/dom.h"

namespace formsender::engine {

struct CaptchaResult {
  bool detected = false;
  std::string kind;  // recaptcha_v2, recaptcha_v3, hcaptcha, turnstile, image, other
  std::vector<std::string> evidence;
};

// CAPTCHA widgets in the page (scripts anywhere, widgets anywhere).
CaptchaResult DetectCaptcha(const Document& doc);

// A bot-wall interstitial instead of the page ("" when none, else the vendor).
std::string DetectChallengePage(const Document& doc, int http_status);

}  // namespace formsender::engine

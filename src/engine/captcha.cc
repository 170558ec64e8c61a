#include "engine/captcha.h"

#include "common/strings.h"

namespace formsender::engine {

CaptchaResult DetectCaptcha(const Document& doc) {
  CaptchaResult r;
  bool v2_widget = false;
  bool v3_script = false;
  bool api_script = false;
  Walk(doc.root(), [&](Node e) {
    std::string cls = ToLowerAscii(Attr(e, "class"));
    std::string src = ToLowerAscii(Attr(e, "src"));
    if (IsTag(e, GUMBO_TAG_SCRIPT) && !src.empty()) {
      if (src.find("recaptcha/api.js") != std::string::npos ||
          src.find("recaptcha/enterprise.js") != std::string::npos) {
        api_script = true;
        size_t render = src.find("render=");
        if (render != std::string::npos && src.compare(render + 7, 8, "explicit") != 0 &&
            src.compare(render + 7, 6, "onload") != 0) {
          v3_script = true;
          r.evidence.push_back("reCAPTCHA v3 script " + std::string(Attr(e, "src")));
        }
      }
      if (src.find("hcaptcha.com") != std::string::npos) {
        r.kind = "hcaptcha";
        r.evidence.push_back("hCaptcha script");
      }
      if (src.find("challenges.cloudflare.com/turnstile") != std::string::npos) {
        r.kind = "turnstile";
        r.evidence.push_back("Cloudflare Turnstile script");
      }
      if (src.find("friendlycaptcha") != std::string::npos ||
          src.find("geetest") != std::string::npos || src.find("captcha.js") != std::string::npos ||
          src.find("mtcaptcha") != std::string::npos) {
        if (r.kind.empty()) r.kind = "other";
        r.evidence.push_back("CAPTCHA script " + std::string(Attr(e, "src")));
      }
    }
    if (IsTag(e, GUMBO_TAG_IFRAME)) {
      if (src.find("recaptcha") != std::string::npos) v2_widget = true;
      if (src.find("hcaptcha") != std::string::npos) r.kind = "hcaptcha";
      if (src.find("challenges.cloudflare.com") != std::string::npos) r.kind = "turnstile";
    }
    if (cls.find("g-recaptcha") != std::string::npos && HasAttr(e, "data-sitekey")) {
      v2_widget = true;
      r.evidence.push_back("reCAPTCHA widget (.g-recaptcha data-sitekey)");
    }
    if (cls.find("h-captcha") != std::string::npos) {
      r.kind = "hcaptcha";
      r.evidence.push_back("hCaptcha widget (.h-captcha)");
    }
    if (cls.find("cf-turnstile") != std::string::npos) {
      r.kind = "turnstile";
      r.evidence.push_back("Turnstile widget (.cf-turnstile)");
    }
    if (cls.find("frc-captcha") != std::string::npos) {
      if (r.kind.empty()) r.kind = "other";
      r.evidence.push_back("Friendly Captcha widget");
    }
    if (IsTag(e, GUMBO_TAG_IMG)) {
      std::string all =
          ToLowerAscii(std::string(Attr(e, "src")) + " " + std::string(Attr(e, "id")) + " " +
                       std::string(Attr(e, "class")) + " " + std::string(Attr(e, "alt")));
      if (all.find("captcha") != std::string::npos || all.find("securimage") != std::string::npos ||
          all.find("siwp_captcha") != std::string::npos ||
          all.find("画像認証") != std::string::npos) {
        if (r.kind.empty()) r.kind = "image";
        r.evidence.push_back("CAPTCHA image " + std::string(Attr(e, "src")));
      }
    }
    if (IsTag(e, GUMBO_TAG_INPUT) &&
        (Attr(e, "name") == "g-recaptcha-response" || Attr(e, "name") == "h-captcha-response" ||
         Attr(e, "name") == "cf-turnstile-response")) {
      r.evidence.push_back("token field " + std::string(Attr(e, "name")));
      if (Attr(e, "name") == "h-captcha-response") r.kind = "hcaptcha";
      if (Attr(e, "name") == "cf-turnstile-response") r.kind = "turnstile";
      if (Attr(e, "name") == "g-recaptcha-response") api_script = true;
    }
    return true;
  });
  if (r.kind.empty()) {
    if (v2_widget) {
      r.kind = "recaptcha_v2";
    } else if (v3_script ||
               (api_script && doc.html().find("grecaptcha.execute") != std::string::npos)) {
      r.kind = "recaptcha_v3";
    } else if (api_script) {
      r.kind = "recaptcha_v2";
    }
  }
  r.detected = !r.kind.empty();
  return r;
}

std::string DetectChallengePage(const Document& doc, int http_status) {
  const std::string& h = doc.html();
  std::string title = ToLowerAscii(doc.Title());
  auto has = [&](std::string_view w) { return h.find(w) != std::string::npos; };
  if (title.find("just a moment") != std::string::npos || has("/cdn-cgi/challenge-platform/") ||
      has("cf-browser-verification") || title.find("attention required") != std::string::npos) {
    return "cloudflare";
  }
  if (http_status == 403 || http_status == 503 || http_status == 429) {
    if (has("Reference #") && (has("Access Denied") || has("akamai"))) return "akamai";
    if (has("Incapsula") || has("_Incapsula_Resource") || has("imperva")) return "imperva";
    if (has("perimeterx") || has("px-captcha")) return "perimeterx";
    if (ToLowerAscii(h).find("checking your browser") != std::string::npos) return "generic";
  }
  return "";
}

}  // namespace formsender::engine

#include "engine/judge.h"

#include <algorithm>

#include "common/json.h"
#include "common/strings.h"
#include "common/text.h"
#include "engine/analyze.h"
#include "engine/captcha.h"
#include "engine/codes.h"
#include "engine/extract.h"
#include "engine/refusal.h"
#include "engine/url.h"

namespace formsender::engine {
namespace {

template <typename Words>
bool ContainsAnyOf(std::string_view t, const Words& words, std::string* which = nullptr) {
  for (std::string_view w : words) {
    if (t.find(w) != std::string_view::npos) {
      if (which != nullptr) *which = std::string(w);
      return true;
    }
  }
  return false;
}

bool FindAny(std::string_view t, std::initializer_list<std::string_view> words,
             std::string* which = nullptr) {
  return ContainsAnyOf(t, words, which);
}

constexpr std::string_view kThanks[] = {
    "送信が完了",           "送信完了",         "送信を完了",         "送信しました",
    "送信いたしました",     "送信致しました",   "送信されました",     "ありがとうございました",
    "ありがとうございます", "受け付けました",   "受付けました",       "受付いたしました",
    "受付致しました",       "受付完了",         "受付が完了",         "承りました",
    "お問い合わせいただき", "お問合せいただき", "お問い合せいただき", "thank you",
    "thanks for",           "has been sent",    "was sent",           "successfully",
    "we have received",     "message sent",     "ご連絡いたします",   "ご返信いたします",
    "お送りしました",       "完了しました"};

constexpr std::string_view kErrors[] = {"必須項目です",
                                        "は必須です",
                                        "入力されていません",
                                        "未入力",
                                        "入力してください",
                                        "ご入力ください",
                                        "選択してください",
                                        "正しく入力",
                                        "正しくありません",
                                        "形式が",
                                        "不正な値",
                                        "入力内容に誤り",
                                        "入力漏れ",
                                        "エラーがあります",
                                        "エラーが発生",
                                        "送信に失敗",
                                        "送信できませんでした",
                                        "送信できません",
                                        "is required",
                                        "please enter",
                                        "please fill",
                                        "invalid",
                                        "error occurred",
                                        "failed to send",
                                        "入力エラー",
                                        "確認してください"};

constexpr std::string_view kCsrf[] = {
    "不正なアクセス",       "不正な操作",       "不正な遷移",     "画面遷移が正しくありません",
    "ワンタイム",           "トークン",         "token",          "csrf",
    "セッションの有効期限", "セッションが切れ", "有効期限が切れ", "ページの有効期限",
    "直接アクセス",         "session expired"};

constexpr std::string_view kDuplicate[] = {"既に送信",     "すでに送信",        "二重送信",
                                           "重複して送信", "already submitted", "duplicate"};

bool ThanksUrl(std::string_view url) {
  std::string p = ToLowerAscii(UrlPathAndQuery(url));
  return FindAny(p, {"thank", "complete", "finish", "done", "success", "sent", "kanryo", "kanryou",
                     "/end", "completion", "arigato", "result=ok", "status=sent"});
}

// Error elements: visible texts in error-classed nodes or aria-invalid controls.
std::vector<std::string> ErrorElements(const Document& doc) {
  std::vector<std::string> out;
  Walk(doc.root(), [&](Node e) {
    if (IsTag(e, GUMBO_TAG_SCRIPT) || IsTag(e, GUMBO_TAG_STYLE)) return false;
    std::string cls = ToLowerAscii(Attr(e, "class"));
    if (Attr(e, "aria-invalid") == "true")
      out.push_back("aria-invalid control " + std::string(Attr(e, "name")));
    bool errorish = false;
    for (const std::string& c : Split(cls, ' ')) {
      if (c == "error" || c == "errors" || c == "err" || c == "is-error" || c == "has-error" ||
          c == "alert-danger" || c == "wpcf7-not-valid-tip" || c == "error-message" ||
          c == "errormsg" || c == "error_message" || c == "form-error" || c == "invalid-feedback" ||
          c == "field-error" || c == "mw_wp_form_error" || c == "validation-error" ||
          c == "errortext" || c == "error-text") {
        errorish = true;
      }
    }
    if (errorish && !IsHiddenByStyle(doc, e, nullptr)) {
      std::string t = TextContent(e);
      if (!t.empty() && t.size() < 400) out.push_back(t);
    }
    return true;
  });
  return out;
}

}  // namespace

Judgment JudgeDialog(std::string_view message) {
  Judgment j;
  std::string text = text::NfkcLower(message);
  std::string word;
  // Errors first: "送信できませんでした" also holds "送信".
  if (ContainsAnyOf(text, kErrors, &word)) {
    j.outcome = "failed";
    j.code = "FORM_VALIDATION_ERROR";
    j.confidence = 0.8;
    j.signals.push_back("dialog \"" + std::string(message) + "\" reads as an error (" + word + ")");
  } else if (ContainsAnyOf(text, kThanks, &word)) {
    j.outcome = "success";
    j.code = "SUCCESS";
    j.confidence = 0.8;
    j.signals.push_back("dialog \"" + std::string(message) + "\" confirms the message (" + word +
                        ")");
  }
  return j;
}

Judgment JudgeResponse(const JudgeInput& in, const Document* doc) {
  Judgment j;
  auto fail = [&](std::string code, double conf, std::string why) {
    j.outcome = "failed";
    j.code = std::move(code);
    j.confidence = conf;
    j.signals.push_back(std::move(why));
    return j;
  };
  auto succeed = [&](double conf, std::string why) {
    j.outcome = "success";
    j.code = "SUCCESS";
    j.confidence = conf;
    j.signals.push_back(std::move(why));
    return j;
  };
  j.signals.push_back("HTTP " + std::to_string(in.http_status) + " at " + in.final_url);

  // Contact Form 7's REST/JSON answer.
  std::string_view body = in.body;
  std::string lower_ct = ToLowerAscii(in.content_type);
  if (lower_ct.find("json") != std::string::npos || (!body.empty() && body.front() == '{')) {
    auto js = ParseJson(body, "response");
    // Snow Monkey Forms: {"method": "complete" | "invalid" | "confirm" | "systemerror"}.
    if (js.ok() && js->is_object() && js->contains("method") && (*js)["method"].is_string() &&
        js->contains("action")) {
      std::string m = (*js)["method"].get<std::string>();
      if (m == "complete") return succeed(0.95, "Snow Monkey Forms answer: complete");
      j.signals.push_back("Snow Monkey Forms answer: " + m);
      if (m == "invalid" || m == "input")
        return fail("FORM_VALIDATION_ERROR", 0.9, "the plugin re-displayed the form");
      if (m == "systemerror")
        return fail("SERVER_ERROR", 0.7, "the plugin reported a system error");
      return fail("SUCCESS_DETERMINATION_FAILED", 0.5, "plugin step " + m);
    }
    if (js.ok() && js->is_object() && js->contains("status") && (*js)["status"].is_string()) {
      std::string st = (*js)["status"].get<std::string>();
      if (st == "mail_sent" || st == "success" || st == "ok" || st == "sent") {
        return succeed(0.97, "JSON status " + st);
      }
      j.signals.push_back("JSON status " + st);
      if (st == "validation_failed" || st == "acceptance_missing")
        return fail("FORM_VALIDATION_ERROR", 0.9, "validation failed");
      if (st == "spam") return fail("BOT_DETECTED", 0.8, "rejected as spam");
      if (st == "mail_failed") return fail("SERVER_ERROR", 0.7, "the site could not send the mail");
      return fail("SUCCESS_DETERMINATION_FAILED", 0.5, "unknown JSON status");
    }
    // Script-driven forms' own APIs: {"ok": true, …} / {"success": false, "errors": {…}}.
    for (const char* key : {"ok", "success"}) {
      if (!js.ok() || !js->is_object() || !js->contains(key) || !(*js)[key].is_boolean()) continue;
      if ((*js)[key].get<bool>()) return succeed(0.85, std::string("JSON ") + key + ": true");
      j.signals.push_back(std::string("JSON ") + key + ": false");
      if (js->contains("errors"))
        return fail("FORM_VALIDATION_ERROR", 0.85, "the API listed field errors");
      return fail("SUCCESS_DETERMINATION_FAILED", 0.5, "the API refused without a reason");
    }
  }
  if (doc != nullptr) {
    if (std::string wall = DetectChallengePage(*doc, in.http_status); !wall.empty()) {
      return fail("WAF_CHALLENGE", 0.9, "bot wall (" + wall + ")");
    }
  }
  if (in.http_status >= 400) {
    return fail(CodeForHttpStatus(in.http_status), 0.8,
                "HTTP error status " + std::to_string(in.http_status));
  }
  if (doc == nullptr) {
    if (ThanksUrl(in.final_url) && in.http_status < 300) {
      return succeed(0.8, "completion URL");
    }
    return fail("SUCCESS_DETERMINATION_FAILED", 0.4, "response is not a page");
  }

  std::string text = text::NfkcLower(TextContent(doc->root()));
  std::vector<FormModel> forms = ExtractForms(*doc);
  // Is the submitted form still here, with our fields as editable inputs?
  size_t names_total = 0;
  size_t names_as_inputs = 0;
  size_t names_as_hidden = 0;
  for (const auto& [name, value] : in.submitted) {
    if (name.empty()) continue;
    ++names_total;
    bool input = false;
    bool hidden = false;
    for (const FormModel& f : forms) {
      for (const Control& c : f.controls) {
        if (c.name != name) continue;
        if (c.kind == ControlKind::kHidden) {
          hidden = true;
        } else if (c.kind == ControlKind::kText || c.kind == ControlKind::kTextarea) {
          input = true;
        }
      }
    }
    names_as_inputs += input ? 1 : 0;
    names_as_hidden += hidden ? 1 : 0;
  }
  bool form_still_here = names_total > 0 && names_as_inputs * 2 >= names_total;
  bool values_repeated = false;
  for (const auto& [name, value] : in.submitted) {
    std::string v = text::NfkcLower(value);
    if (v.size() >= 8 && v.find('@') != std::string::npos && text.find(v) != std::string::npos)
      values_repeated = true;
  }

  // CF7 renders its state as a class on the form when JavaScript is off.
  for (const FormModel& f : forms) {
    std::string cls = " " + ToLowerAscii(f.classes) + " ";
    if (cls.find(" wpcf7-form ") == std::string::npos) continue;
    if (cls.find(" sent ") != std::string::npos) {
      return succeed(0.95, "Contact Form 7 state: sent");
    }
    if (cls.find(" invalid ") != std::string::npos ||
        cls.find(" unaccepted ") != std::string::npos) {
      return fail("FORM_VALIDATION_ERROR", 0.9, "Contact Form 7 state: invalid");
    }
    if (cls.find(" spam ") != std::string::npos)
      return fail("BOT_DETECTED", 0.85, "Contact Form 7 state: spam");
    if (cls.find(" failed ") != std::string::npos || cls.find(" aborted ") != std::string::npos) {
      return fail("SERVER_ERROR", 0.7, "Contact Form 7 state: failed");
    }
  }

  std::vector<std::string> errors = ErrorElements(*doc);
  std::string which;
  bool csrf = ContainsAnyOf(text, kCsrf, &which) &&
              FindAny(text, {"無効", "不正", "期限", "切れ", "エラー", "error", "invalid",
                             "expired", "mismatch", "やり直", "最初から"});
  if (csrf && (form_still_here || !errors.empty() || !ContainsAnyOf(text, kThanks))) {
    return fail("CSRF_ERROR", 0.8, "session/token error: " + which);
  }
  if (ContainsAnyOf(text, kDuplicate, &which))
    return fail("DUPLICATE_SUBMISSION", 0.8, "duplicate notice: " + which);

  std::string thanks_word;
  bool thanks = ContainsAnyOf(text, kThanks, &thanks_word);
  bool thanks_url =
      ThanksUrl(in.final_url) && StripFragment(in.final_url) != StripFragment(in.form_page_url);
  std::string error_word;
  bool error_text = ContainsAnyOf(text, kErrors, &error_word);

  if (!errors.empty() || (form_still_here && error_text)) {
    std::string first = errors.empty() ? error_word : errors.front();
    // The site refused what was sent (a rule the page did not state, a format): the form
    // came back with errors. MAPPING stays for forms we could not map before sending.
    std::string code = "FORM_VALIDATION_ERROR";
    if (!thanks_url) return fail(code, 0.85, "validation error: " + first);
  }

  // A confirmation screen: our values shown back, carried in hidden inputs, and a send button.
  bool confirm_words =
      FindAny(text, {"確認", "ご確認", "confirm", "以下の内容", "下記の内容", "この内容で"});
  bool final_button = false;
  for (const FormModel& f : forms) {
    int b = ChooseSubmitButton(f, true);
    if (b >= 0 && ButtonKind(f.buttons[static_cast<size_t>(b)].text) == "submit" &&
        (names_as_hidden > 0 || f.controls.size() > 0)) {
      final_button = true;
    }
  }
  bool confirm_page = final_button && confirm_words && !form_still_here &&
                      (names_as_hidden * 2 >= std::max<size_t>(1, names_total) || values_repeated);
  if (confirm_page && !thanks_url) {
    j.outcome = "confirm";
    j.code = "";
    j.confidence = 0.8;
    j.signals.push_back("confirmation screen: values repeated with a send button");
    return j;
  }

  if (thanks_url && !form_still_here) {
    if (thanks) j.signals.push_back("thank-you text: " + thanks_word);
    return succeed(thanks ? 0.97 : 0.85, "completion URL " + UrlPathAndQuery(in.final_url));
  }
  if (thanks && !form_still_here) {
    return succeed(0.9, "thank-you text replaced the form: " + thanks_word);
  }
  if (thanks && form_still_here) {
    // Scripts that redraw an empty form under a notice: count it only when the notice is a
    // heading or a status element, not an instruction paragraph.
    bool notice = false;
    Walk(doc->root(), [&](Node e) {
      bool heading = IsTag(e, GUMBO_TAG_H1) || IsTag(e, GUMBO_TAG_H2) || IsTag(e, GUMBO_TAG_H3);
      std::string cls =
          ToLowerAscii(std::string(Attr(e, "class")) + " " + std::string(Attr(e, "id")));
      bool status = FindAny(
          cls, {"success", "complete", "thanks", "sent", "message", "notice", "alert", "result"});
      if ((heading || status) && ContainsAnyOf(text::NfkcLower(TextContent(e)), kThanks))
        notice = true;
      return !notice;
    });
    bool refilled = false;
    for (const auto& [name, value] : in.submitted) {
      for (const FormModel& f : forms) {
        for (const Control& c : f.controls) {
          if (c.name == name && !value.empty() && c.value == value &&
              c.kind != ControlKind::kHidden)
            refilled = true;
        }
      }
    }
    if (notice && !refilled) {
      return succeed(0.75, "completion notice above an emptied form: " + thanks_word);
    }
  }
  if (form_still_here)
    return fail("FORM_VALIDATION_ERROR", 0.6, "the form came back without a completion notice");
  return fail("SUCCESS_DETERMINATION_FAILED", 0.5, "no completion evidence in the response");
}

ConfirmStep ReadConfirmationScreen(const Document& doc) {
  ConfirmStep out;
  RefusalResult refusal = DetectRefusal(doc.root());
  if (refusal.detected) {
    out.code = "PROHIBITION_DETECTED";
    out.reason = "the confirmation screen refuses sales contact";
    out.refusal_phrases = refusal.phrases;
    return out;
  }
  CaptchaResult captcha = DetectCaptcha(doc);
  if (captcha.detected) {
    out.code = "BOT_DETECTED";
    out.reason = "CAPTCHA (" + captcha.kind + ") on the confirmation screen";
    return out;
  }
  out.forms = ExtractForms(doc);
  for (size_t i = 0; i < out.forms.size(); ++i) {
    int b = ChooseSubmitButton(out.forms[i], true);
    if (b >= 0 && ButtonKind(out.forms[i].buttons[static_cast<size_t>(b)].text) == "submit" &&
        !out.forms[i].is_pseudo) {
      out.form = static_cast<int>(i);
      out.button = b;
      return out;
    }
  }
  out.code = "SUBMIT_BUTTON_NOT_FOUND";
  out.reason = "no send button on the confirmation screen";
  return out;
}

std::vector<Field> ConfirmationFields(const Document& doc, const FormModel& form,
                                      const ClientProfile& profile) {
  std::vector<Field> fields = ClassifyForm(doc, form);
  AssignValues(form, fields, profile);
  for (Field& f : fields) {
    const Control& c = form.controls[static_cast<size_t>(f.controls.front())];
    bool text_like = c.kind == ControlKind::kText || c.kind == ControlKind::kTextarea;
    if (text_like && !c.value.empty()) f.has_value = false;
    if (f.category == "honeypot" || f.category == "captcha") f.has_value = false;
  }
  return fields;
}

}  // namespace formsender::engine

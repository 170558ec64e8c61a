#pragma once
// The pure analysis of one page: HTML (already decoded to UTF-8) + its URL in, a verdict out.
// No network: the HTTP flow and the browser fallback both call this on what they fetched or
// rendered, so a page is judged the same way whichever path produced its DOM.

#include <memory>
#include <string>
#include <vector>

#include "common/json.h"
#include "engine/assign.h"
#include "engine/captcha.h"
#include "engine/classify.h"
#include "engine/dom.h"
#include "engine/form_model.h"
#include "engine/refusal.h"

namespace formsender::engine {

struct Analysis {
  std::string url;
  std::string charset = "UTF-8";  // of the page (submissions use it unless accept-charset)
  // contact_form | not_a_contact_form | prohibited | captcha | needs_browser
  std::string verdict = "not_a_contact_form";
  // Why the form cannot be sent as is ("" = it can): PROHIBITION_DETECTED, BOT_DETECTED,
  // WAF_CHALLENGE, NO_FORM_FOUND, NO_MESSAGE_AREA, MAPPING, REQUIRED_FIELD_UNFILLABLE,
  // SUBMIT_BUTTON_NOT_FOUND, NEEDS_BROWSER.
  std::string code;
  std::string reason;

  std::unique_ptr<Document> doc;  // owns the nodes the forms point to
  std::vector<FormModel> forms;
  int chosen = -1;  // index into forms
  FormChoice choice;
  std::vector<Field> fields;  // of the chosen form
  int submit_button = -1;     // index into forms[chosen].buttons
  std::string submit_kind;    // confirm | submit (what the button's text suggests)
  RefusalResult refusal;
  CaptchaResult captcha;
  std::vector<std::string> iframe_urls;  // same-site frames to look into when no form here
  bool values_assigned = false;

  const FormModel* form() const {
    return chosen >= 0 ? &forms[static_cast<size_t>(chosen)] : nullptr;
  }
};

struct AnalyzeOptions {
  const ClientProfile* profile = nullptr;  // assign values when set
  int http_status = 200;
  // The HTML is a browser's rendered DOM and a browser will fill and click: script-built
  // forms, nameless (script-read) controls and form-less control groups are sendable, so
  // they are not NEEDS_BROWSER.
  bool rendered = false;
};

// Analyses a page. Never fails: what cannot be understood becomes a verdict and a code.
Analysis AnalyzePage(std::string html_utf8, std::string url, std::string charset,
                     const AnalyzeOptions& options);

// The `formsender analyze --json` object (docs/engine.md).
Json AnalysisToJson(const Analysis& a);
// The explainable field_mapping stored with a submission: per field name, label, category,
// value, score and evidence.
Json FieldMappingJson(const Analysis& a);

// Classifies a button text: "confirm" (確認画面へ, 次へ …) or "submit" (送信する, この内容で送信).
std::string ButtonKind(std::string_view text);
// Picks the button to click among `form.buttons` (-1 when none). `final_step` prefers send
// words over confirmation words (on a confirmation page).
int ChooseSubmitButton(const FormModel& form, bool final_step);

}  // namespace formsender::engine

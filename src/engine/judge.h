#pragma once
// Judges the response to a submission. Success needs positive evidence: a completion URL
// (thanks, complete …), a thank-you message that replaced the form, a CF7 "sent" state or
// JSON mail_sent. A confirmation screen (確認画面) is recognised as such, so the flow goes on
// to its send button. Validation errors, CSRF and duplicate notices, bot walls and HTTP errors
// become failure codes; "nothing changed" is a failure, never a success.

#include <string>
#include <vector>

#include "engine/assign.h"
#include "engine/classify.h"
#include "engine/dom.h"
#include "engine/form_model.h"

namespace formsender::engine {

struct JudgeInput {
  int http_status = 0;
  std::string final_url;      // after redirects
  std::string request_url;    // where the submission was sent
  std::string form_page_url;  // the page the form was on
  std::string content_type;
  std::string body;  // UTF-8
  // Names and values of the submitted text fields (to recognise a re-rendered form or a
  // confirmation screen that repeats them).
  std::vector<std::pair<std::string, std::string>> submitted;
};

struct Judgment {
  std::string outcome;  // success | confirm | failed
  std::string code;     // SUCCESS or a failure code
  double confidence = 0;
  std::vector<std::string> signals;  // human-readable evidence, in the order found
};

// `doc` is the parsed body (nullptr for non-HTML bodies).
Judgment JudgeResponse(const JudgeInput& in, const Document* doc);

// A dialog (alert) the page showed after the send button was clicked, which is how many
// script-sent forms answer: the same thank-you words as a page → success; the same error words
// → FORM_VALIDATION_ERROR (a script's check refused the input); anything else (a "送信しますか"
// confirm()) → outcome "" (no judgment).
Judgment JudgeDialog(std::string_view message);

// The confirmation screen (確認画面), read again before its send button is pressed: a refusal
// or CAPTCHA there stops the flow; otherwise the form and button that send.
struct ConfirmStep {
  std::string code;  // "" (go on), PROHIBITION_DETECTED, BOT_DETECTED, SUBMIT_BUTTON_NOT_FOUND
  std::string reason;
  std::vector<std::string> refusal_phrases;
  std::vector<FormModel> forms;
  int form = -1;    // the form holding the send button
  int button = -1;  // into forms[form].buttons
};
ConfirmStep ReadConfirmationScreen(const Document& doc);

// What to fill on a confirmation screen's form, the same on the HTTP and the browser path: what
// the site shows or carries is kept (text already there, hidden inputs), consent boxes are
// ticked, inputs it asks for that are still empty are filled; honeypots and CAPTCHAs never.
std::vector<Field> ConfirmationFields(const Document& doc, const FormModel& form,
                                      const ClientProfile& profile);

}  // namespace formsender::engine

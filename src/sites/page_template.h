#pragma once
// The placeholders a case page may contain, filled in when the page is served. Pages are
// plain HTML otherwise; what a PHP script would print with `echo h($value)` is written as a
// placeholder so that confirmation screens and error re-displays show what was posted.
//
//   {{csrf_token}}          the session's token (starts a session)
//   {{value:NAME}}          posted value, HTML-escaped (several values joined with "、")
//   {{value_br:NAME}}       same, with line breaks as <br>
//   {{hidden:NAME}}         <input type="hidden"> for each posted value of NAME
//   {{hidden_all}}          hidden inputs for every posted field except buttons and tokens
//   {{checked:NAME=VALUE}}  " checked" when VALUE was posted for NAME
//   {{selected:NAME=VALUE}} " selected" likewise
//   {{error:NAME}}          the field's error in the form's error_format, or nothing
//   {{errors}}              every error in the form's errors_format, or nothing
//   {{state}} {{message}}   result state (init, invalid, sent, spam) and its message
//   {{submission_id}}       the sink's id of the accepted submission (受付番号)
//   {{site_url:NAME}}       the base URL of another site served by the same server
//
// Anything else between double braces is left as it is.

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/strings.h"
#include "sites/form_data.h"
#include "sites/site_spec.h"

namespace formsender::sites {

struct RenderContext {
  FieldList values;
  std::vector<std::pair<std::string, std::string>> errors;
  const FormSpec* form = nullptr;  // error formats; may be null
  std::set<std::string> echo_excluded;
  std::string csrf_token;
  std::string state = "init";
  std::string message;
  std::string submission_id;
  std::function<std::string(std::string_view)> site_url;  // may be empty
};

// Fills the placeholders of UTF-8 `text`.
std::string RenderTemplate(std::string_view text, const RenderContext& ctx);

// True when `text` uses {{csrf_token}} (the page needs a session).
bool UsesCsrfToken(std::string_view text);

}  // namespace formsender::sites

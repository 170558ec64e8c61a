#pragma once
// Builds the HTTP request a browser would send when the chosen button is clicked: successful
// controls in tree order (hidden inputs and CSRF tokens kept), the clicked button's name/value,
// an image button's x/y, the form's method, action and enctype (or the button's overrides),
// and the charset the form expects (accept-charset, then the page's), unmappable characters
// as &#N; references.

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "engine/classify.h"
#include "engine/form_model.h"

namespace formsender::engine {

struct SubmitRequest {
  std::string method;  // GET or POST
  std::string url;
  std::string content_type;                                 // "" for GET
  std::string body;                                         // encoded bytes
  std::string charset;                                      // the encoding used
  std::vector<std::pair<std::string, std::string>> fields;  // UTF-8, for evidence and tests
};

// `fields` carries the assigned values (may be empty: defaults only). `button` indexes
// form.buttons (-1: implicit submission). Errors: kInvalidArgument for an action that is not
// http(s) (mailto:, javascript:).
Result<SubmitRequest> BuildSubmission(const FormModel& form, const std::vector<Field>& fields,
                                      int button, const std::string& page_url,
                                      const std::string& page_charset);

// application/x-www-form-urlencoded serialisation of already-encoded bytes (WHATWG).
std::string UrlEncodeBytes(std::string_view bytes);

}  // namespace formsender::engine

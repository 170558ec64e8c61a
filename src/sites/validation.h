#pragma once
// Server-side checks of a submission, the way Japanese contact-form scripts do them:
// required fields (a value of only spaces or U+3000 counts as empty), formats (email, phone,
// postal code, katakana, hiragana, 全角/半角), lengths, confirmation fields, allowed choices,
// CAPTCHA responses, hidden inputs that must come back unchanged, and honeypots.

#include <string>
#include <utility>
#include <vector>

#include "sites/form_data.h"
#include "sites/site_spec.h"

namespace formsender::sites {

struct ValidationResult {
  // Field name → message, in the order of the form's rules.
  std::vector<std::pair<std::string, std::string>> errors;
  std::vector<std::string> honeypots_filled;
  // Why the hidden inputs are not what the page issued ("" when they are).
  std::string hidden_problem;

  bool ok() const { return errors.empty() && hidden_problem.empty(); }
};

ValidationResult Validate(const FormSpec& form, const FieldList& values);

// Trims ASCII whitespace and U+3000 at both ends.
std::string TrimWide(std::string_view text);
// Number of Unicode code points in UTF-8 `text`.
size_t CodePointCount(std::string_view text);

}  // namespace formsender::sites

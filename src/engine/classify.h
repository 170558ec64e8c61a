#pragma once
// Classification of a form's controls into the categories of docs/engine.md (company_name,
// last_name, email_confirm, postal_code_1 …) with a score and the evidence behind it, and
// the choice of the contact form among a page's forms.

#include <string>
#include <vector>

#include "engine/dom.h"
#include "engine/form_model.h"

namespace formsender::engine {

// One logical field: a text control, a select, or a radio/checkbox group.
struct Field {
  std::vector<int> controls;  // indexes into FormModel::controls (several for a group)
  std::string name;           // the submitted name
  std::string tag;            // input, textarea, select
  std::string type;           // text, email, radio, checkbox, select-one …
  std::string label;          // the most specific label text
  std::string category = "other";
  std::string kana_script;  // katakana | hiragana, for kana categories
  std::string part;         // local | domain, for a split email
  int address_from = 0;     // address parts 1..5 this field starts with (address categories)
  int score = 0;
  bool required = false;
  std::vector<std::string> evidence;
  // Filled by AssignValues (assign.h): the text or option value to send, the checked
  // members of a group, and why a field could not be filled truthfully.
  std::string value;
  bool has_value = false;
  std::vector<int> checked;  // control indexes to check (radio/checkbox)
  std::string unfillable;
  // Format hints read from the label, placeholder, pattern and maxlength.
  bool wants_hyphen = false;
  bool no_hyphen = false;
  bool full_width = false;
  bool half_width = false;
  bool half_width_kana = false;
};

struct FormChoice {
  int index = -1;    // into the forms vector; -1 when none looks like a contact form
  std::string kind;  // contact, search, login, newsletter, comment, recruit, download, order,
                     // other
  double score = 0;
  std::vector<std::string> evidence;
};

// Classifies every fillable control of `form`.
std::vector<Field> ClassifyForm(const Document& doc, const FormModel& form);

// What kind of form this is, with a score (higher = more like a contact form).
FormChoice ScoreForm(const FormModel& form, const std::vector<Field>& fields);

// Picks the contact form among `forms` (fields[i] classifies forms[i]).
FormChoice ChooseForm(const std::vector<FormModel>& forms,
                      const std::vector<std::vector<Field>>& fields);

// Tokens of a name/id attribute: lower-case words split on punctuation, digits kept apart and
// camelCase boundaries ("yourEmail2" → your, email, 2).
std::vector<std::string> NameTokens(std::string_view name);

}  // namespace formsender::engine

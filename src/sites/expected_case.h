#pragma once
// expected.json of a corpus case (tests/forms/<case>/expected.json): the answer key the
// accuracy run and the corpus tests read. The contract is in tests/forms/README.md.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "sites/form_data.h"

namespace formsender::sites {

struct ExpectedField {
  std::string name;
  std::string category;
  bool required = false;
  // The values to send (one for text, several for a checkbox group); empty = leave it.
  std::vector<std::string> values;
  bool has_value = false;
  std::string kana_script;  // "", katakana, hiragana
  std::string part;         // "", local, domain, street, building, after_prefecture
};

struct ExpectedCase {
  std::string name;
  std::string description;
  std::string entry_path;
  std::string verdict;  // contact_form | not_a_contact_form | prohibited | captcha | needs_browser
  std::string outcome;  // success | skipped | failed
  std::string code;
  std::vector<ExpectedField> fields;
  std::vector<std::string> honeypots;
  bool must_not_submit = false;
  bool expect_confirm_step = false;
  // The final submission, name → values in order; "*" stands for any non-empty value (a
  // server-issued token, an image button's click coordinates).
  std::vector<std::pair<std::string, std::vector<std::string>>> final_fields;

  // needs_browser cases: what the engine's browser fallback must achieve (the members above
  // describe the HTTP engine, which must skip them).
  struct Browser {
    std::string outcome;
    std::string code;
    bool expect_confirm_step = false;
    std::vector<std::pair<std::string, std::vector<std::string>>> final_fields;
  };
  std::optional<Browser> browser;
};

const std::vector<std::string>& FieldCategories();
const std::vector<std::string>& Verdicts();
const std::vector<std::string>& OutcomeCodes();

// Parses and checks the contract (exact member names, allowed values); errors name `source`.
Result<ExpectedCase> ParseExpectedCase(std::string_view text, std::string_view source);
Result<ExpectedCase> LoadExpectedCase(const std::string& case_dir);

// Differences between what a site received (its effective fields) and final_fields; empty
// when they match. Line breaks compare as LF (browsers send CRLF).
std::vector<std::string> CompareFinalFields(const ExpectedCase& expected, const FieldList& got);
// The same against the `browser` member's final_fields.
std::vector<std::string> CompareFinalFields(
    const std::vector<std::pair<std::string, std::vector<std::string>>>& expected,
    const FieldList& got);

}  // namespace formsender::sites

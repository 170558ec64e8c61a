#include "sites/expected_case.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/json.h"
#include "common/strings.h"

namespace formsender::sites {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

Status ExactKeys(const OrderedJson& obj, const std::vector<std::string>& required,
                 const std::vector<std::string>& optional, const std::string& path) {
  if (!obj.is_object()) return Status::InvalidArgument(path + " must be an object");
  for (const auto& key : required) {
    if (!obj.contains(key)) return Status::InvalidArgument(path + " lacks \"" + key + "\"");
  }
  for (const auto& [key, value] : obj.items()) {
    if (!Contains(required, key) && !Contains(optional, key)) {
      return Status::InvalidArgument(path + " has an unknown member \"" + key + "\"");
    }
  }
  return Status::Ok();
}

Result<std::string> Str(const OrderedJson& obj, const std::string& key, const std::string& path) {
  const auto& v = obj.at(key);
  if (!v.is_string()) return Status::InvalidArgument(path + "." + key + " must be a string");
  return v.get<std::string>();
}

Result<bool> Bool(const OrderedJson& obj, const std::string& key, const std::string& path) {
  const auto& v = obj.at(key);
  if (!v.is_boolean()) return Status::InvalidArgument(path + "." + key + " must be true or false");
  return v.get<bool>();
}

// A string or an array of strings.
Result<std::vector<std::string>> Values(const OrderedJson& v, const std::string& path) {
  if (v.is_string()) return std::vector<std::string>{v.get<std::string>()};
  if (v.is_array() && !v.empty()) {
    std::vector<std::string> out;
    for (const auto& item : v) {
      if (!item.is_string()) return Status::InvalidArgument(path + " must hold strings");
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  return Status::InvalidArgument(path + " must be a string or a non-empty array of strings");
}

std::string Lf(std::string s) { return ReplaceAll(std::move(s), "\r\n", "\n"); }

}  // namespace

const std::vector<std::string>& FieldCategories() {
  static const std::vector<std::string> kCategories = {"company_name",
                                                       "company_name_kana",
                                                       "department",
                                                       "position",
                                                       "full_name",
                                                       "last_name",
                                                       "first_name",
                                                       "full_name_kana",
                                                       "last_name_kana",
                                                       "first_name_kana",
                                                       "email",
                                                       "email_confirm",
                                                       "phone",
                                                       "phone_1",
                                                       "phone_2",
                                                       "phone_3",
                                                       "fax",
                                                       "postal_code",
                                                       "postal_code_1",
                                                       "postal_code_2",
                                                       "prefecture",
                                                       "city",
                                                       "address",
                                                       "address_line",
                                                       "url",
                                                       "subject",
                                                       "message",
                                                       "inquiry_type",
                                                       "gender",
                                                       "age",
                                                       "industry",
                                                       "employees",
                                                       "how_found",
                                                       "consent",
                                                       "contact_method",
                                                       "honeypot",
                                                       "captcha",
                                                       "other"};
  return kCategories;
}

const std::vector<std::string>& Verdicts() {
  static const std::vector<std::string> kVerdicts = {"contact_form", "not_a_contact_form",
                                                     "prohibited", "captcha", "needs_browser"};
  return kVerdicts;
}

const std::vector<std::string>& OutcomeCodes() {
  static const std::vector<std::string> kCodes = {"SUCCESS",
                                                  "PROHIBITION_DETECTED",
                                                  "BOT_DETECTED",
                                                  "NO_FORM_FOUND",
                                                  "NO_MESSAGE_AREA",
                                                  "NEEDS_BROWSER",
                                                  "REQUIRED_FIELD_UNFILLABLE",
                                                  "FORM_VALIDATION_ERROR",
                                                  "SERVER_ERROR",
                                                  "TIMEOUT",
                                                  "NOT_FOUND",
                                                  "TOO_MANY_REDIRECTS",
                                                  "PAGE_TOO_LARGE"};
  return kCodes;
}

namespace {

using FinalFieldList = std::vector<std::pair<std::string, std::vector<std::string>>>;

Result<FinalFieldList> FinalFields(const OrderedJson& final_fields, const std::string& path) {
  if (!final_fields.is_object()) return Status::InvalidArgument(path + " must be an object");
  FinalFieldList out;
  for (const auto& [name, value] : final_fields.items()) {
    std::vector<std::string> values;
    if (value.is_string()) {
      values.push_back(value.get<std::string>());
    } else {
      FS_ASSIGN_OR_RETURN(values, Values(value, path + "." + name));
    }
    out.emplace_back(name, std::move(values));
  }
  return out;
}

}  // namespace

Result<ExpectedCase> ParseExpectedCase(std::string_view text, std::string_view source_view) {
  std::string source(source_view);
  FS_ASSIGN_OR_RETURN(OrderedJson root, ParseOrderedJson(text, source));
  FS_RETURN_IF_ERROR(
      ExactKeys(root,
                {"case", "description", "entry_path", "verdict", "expected_outcome",
                 "expected_code", "fields", "honeypots", "must_not_submit", "submission"},
                {"browser"}, source));
  ExpectedCase c;
  FS_ASSIGN_OR_RETURN(c.name, Str(root, "case", source));
  FS_ASSIGN_OR_RETURN(c.description, Str(root, "description", source));
  FS_ASSIGN_OR_RETURN(c.entry_path, Str(root, "entry_path", source));
  FS_ASSIGN_OR_RETURN(c.verdict, Str(root, "verdict", source));
  FS_ASSIGN_OR_RETURN(c.outcome, Str(root, "expected_outcome", source));
  FS_ASSIGN_OR_RETURN(c.code, Str(root, "expected_code", source));
  FS_ASSIGN_OR_RETURN(c.must_not_submit, Bool(root, "must_not_submit", source));
  if (c.entry_path.empty() || c.entry_path[0] != '/') {
    return Status::InvalidArgument(source + ".entry_path must start with /");
  }
  if (!Contains(Verdicts(), c.verdict)) {
    return Status::InvalidArgument(source + ".verdict \"" + c.verdict + "\" is not a verdict");
  }
  if (c.outcome != "success" && c.outcome != "skipped" && c.outcome != "failed") {
    return Status::InvalidArgument(source + ".expected_outcome must be success, skipped or failed");
  }
  if (!Contains(OutcomeCodes(), c.code)) {
    return Status::InvalidArgument(source + ".expected_code \"" + c.code +
                                   "\" is not a known code");
  }
  const auto& fields = root.at("fields");
  if (!fields.is_array()) return Status::InvalidArgument(source + ".fields must be an array");
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string path = source + ".fields[" + std::to_string(i) + "]";
    const auto& f = fields[i];
    FS_RETURN_IF_ERROR(
        ExactKeys(f, {"name", "category", "required"}, {"value", "kana_script", "part"}, path));
    ExpectedField field;
    FS_ASSIGN_OR_RETURN(field.name, Str(f, "name", path));
    FS_ASSIGN_OR_RETURN(field.category, Str(f, "category", path));
    FS_ASSIGN_OR_RETURN(field.required, Bool(f, "required", path));
    if (!Contains(FieldCategories(), field.category)) {
      return Status::InvalidArgument(path + ".category \"" + field.category +
                                     "\" is not a category");
    }
    if (f.contains("value")) {
      FS_ASSIGN_OR_RETURN(field.values, Values(f.at("value"), path + ".value"));
      field.has_value = true;
    }
    if (f.contains("kana_script")) {
      FS_ASSIGN_OR_RETURN(field.kana_script, Str(f, "kana_script", path));
      if (field.kana_script != "katakana" && field.kana_script != "hiragana") {
        return Status::InvalidArgument(path + ".kana_script must be katakana or hiragana");
      }
    }
    if (f.contains("part")) {
      FS_ASSIGN_OR_RETURN(field.part, Str(f, "part", path));
      static const std::vector<std::string> kParts = {"local", "domain", "street", "building",
                                                      "after_prefecture"};
      if (!Contains(kParts, field.part)) {
        return Status::InvalidArgument(path + ".part \"" + field.part + "\" is not a part");
      }
    }
    c.fields.push_back(std::move(field));
  }
  const auto& honeypots = root.at("honeypots");
  if (!honeypots.is_array()) return Status::InvalidArgument(source + ".honeypots must be an array");
  for (const auto& h : honeypots) {
    if (!h.is_string()) return Status::InvalidArgument(source + ".honeypots must hold names");
    c.honeypots.push_back(h.get<std::string>());
  }
  const auto& submission = root.at("submission");
  std::string spath = source + ".submission";
  FS_RETURN_IF_ERROR(ExactKeys(submission, {"expect_confirm_step", "final_fields"}, {}, spath));
  FS_ASSIGN_OR_RETURN(c.expect_confirm_step, Bool(submission, "expect_confirm_step", spath));
  FS_ASSIGN_OR_RETURN(c.final_fields,
                      FinalFields(submission.at("final_fields"), spath + ".final_fields"));
  if (root.contains("browser")) {
    const auto& b = root.at("browser");
    std::string bpath = source + ".browser";
    FS_RETURN_IF_ERROR(
        ExactKeys(b, {"expected_outcome", "expected_code", "expect_confirm_step", "final_fields"},
                  {}, bpath));
    ExpectedCase::Browser eb;
    FS_ASSIGN_OR_RETURN(eb.outcome, Str(b, "expected_outcome", bpath));
    FS_ASSIGN_OR_RETURN(eb.code, Str(b, "expected_code", bpath));
    FS_ASSIGN_OR_RETURN(eb.expect_confirm_step, Bool(b, "expect_confirm_step", bpath));
    if (eb.outcome != "success" && eb.outcome != "skipped" && eb.outcome != "failed")
      return Status::InvalidArgument(bpath +
                                     ".expected_outcome must be success, skipped or failed");
    if (!Contains(OutcomeCodes(), eb.code))
      return Status::InvalidArgument(bpath + ".expected_code \"" + eb.code +
                                     "\" is not a known code");
    FS_ASSIGN_OR_RETURN(eb.final_fields,
                        FinalFields(b.at("final_fields"), bpath + ".final_fields"));
    c.browser = std::move(eb);
  }
  return c;
}

Result<ExpectedCase> LoadExpectedCase(const std::string& case_dir) {
  std::string path = (std::filesystem::path(case_dir) / "expected.json").string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return ParseExpectedCase(text.str(), path);
}

std::vector<std::string> CompareFinalFields(const ExpectedCase& expected, const FieldList& got) {
  return CompareFinalFields(expected.final_fields, got);
}

std::vector<std::string> CompareFinalFields(
    const std::vector<std::pair<std::string, std::vector<std::string>>>& expected,
    const FieldList& got) {
  std::vector<std::string> problems;
  std::set<std::string> expected_names;
  for (const auto& [name, values] : expected) {
    expected_names.insert(name);
    std::vector<std::string> actual = AllValues(got, name);
    if (actual.empty()) {
      problems.push_back("missing \"" + name + "\"");
      continue;
    }
    if (actual.size() != values.size()) {
      problems.push_back("\"" + name + "\" sent " + std::to_string(actual.size()) +
                         " value(s), expected " + std::to_string(values.size()));
      continue;
    }
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i] == "*") {
        if (actual[i].empty()) problems.push_back("\"" + name + "\" is empty");
      } else if (Lf(actual[i]) != Lf(values[i])) {
        problems.push_back("\"" + name + "\" is \"" + actual[i] + "\", expected \"" + values[i] +
                           "\"");
      }
    }
  }
  std::set<std::string> reported;
  for (const auto& [name, value] : got) {
    if (!expected_names.count(name) && reported.insert(name).second) {
      problems.push_back("unexpected \"" + name + "\" = \"" + value + "\"");
    }
  }
  return problems;
}

}  // namespace formsender::sites

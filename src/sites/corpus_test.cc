// Checks every case of the corpus (tests/forms): expected.json follows the contract, the
// site loads, the verdict, outcome and code agree, the fields exist in the pages, the values
// are the standard sender's values in an allowed format, and final_fields agrees with them.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "common/charset.h"
#include "common/json.h"
#include "common/strings.h"
#include "sites/corpus_util.h"
#include "sites/expected_case.h"
#include "sites/page_template.h"
#include "sites/site_spec.h"

namespace formsender::sites {
namespace {

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// tests/forms/standard_values.json: category → every value a field of that category may
// take for the standard sender (the formats of tests/forms/README.md).
const Json& StandardValues() {
  static const Json kValues = [] {
    auto j =
        ParseJson(ReadText(testing::CorpusDir() + "/standard_values.json"), "standard_values.json");
    return j.ok() ? *j : Json::object();
  }();
  return kValues;
}

const std::set<std::string>& ChoiceCategories() {
  static const std::set<std::string> kChoices = {
      "prefecture", "inquiry_type", "gender",         "age",  "industry", "employees",
      "how_found",  "consent",      "contact_method", "other"};
  return kChoices;
}

class CorpusCaseTest : public ::testing::TestWithParam<std::string> {};

TEST(CorpusTest, HasEnoughCasesAndTheStandardFiles) {
  EXPECT_GE(testing::CorpusCases().size(), 100u);
  EXPECT_TRUE(ParseJson(ReadText(testing::CorpusDir() + "/client_config.json")).ok());
  EXPECT_TRUE(ParseJson(ReadText(testing::CorpusDir() + "/company.json")).ok());
  EXPECT_TRUE(StandardValues().contains("message"));
}

TEST_P(CorpusCaseTest, FollowsTheContract) {
  const std::string dir = testing::CorpusDir() + "/" + GetParam();
  auto site = LoadSiteDir(dir);
  ASSERT_TRUE(site.ok()) << site.status().ToString();
  auto c = LoadExpectedCase(dir);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->name, GetParam());
  EXPECT_FALSE(c->description.empty());

  // Verdict, outcome and code agree.
  if (c->outcome == "success") {
    EXPECT_EQ(c->code, "SUCCESS");
    EXPECT_EQ(c->verdict, "contact_form");
    EXPECT_FALSE(c->must_not_submit);
    EXPECT_FALSE(c->final_fields.empty());
  } else {
    EXPECT_NE(c->code, "SUCCESS");
    EXPECT_TRUE(c->final_fields.empty()) << "only successful cases have final fields";
  }
  if (c->outcome == "skipped") {
    EXPECT_TRUE(c->must_not_submit);
  }
  static const std::map<std::string, std::string> kVerdictCode = {
      {"prohibited", "PROHIBITION_DETECTED"},
      {"captcha", "BOT_DETECTED"},
      {"not_a_contact_form", "NO_FORM_FOUND"},
      {"needs_browser", "NEEDS_BROWSER"}};
  if (auto it = kVerdictCode.find(c->verdict); it != kVerdictCode.end()) {
    // A form without any message field is the reference's NO_MESSAGE_AREA (form-engine A-15).
    if (c->code != "NO_MESSAGE_AREA") {
      EXPECT_EQ(c->code, it->second);
    }
    EXPECT_EQ(c->outcome, "skipped");
  }
  if (c->code == "REQUIRED_FIELD_UNFILLABLE") {
    EXPECT_EQ(c->outcome, "skipped");
  }
  static const std::set<std::string> kFailures = {
      "FORM_VALIDATION_ERROR", "SERVER_ERROR",  "TIMEOUT", "NOT_FOUND",
      "TOO_MANY_REDIRECTS",    "PAGE_TOO_LARGE"};
  if (c->outcome == "failed") {
    EXPECT_TRUE(kFailures.count(c->code)) << c->code;
  }

  // The entry path is served.
  bool entry_served = std::any_of(site->routes.begin(), site->routes.end(), [&](const Route& r) {
    return r.path == c->entry_path && (r.method == "GET" || r.method == "ANY");
  });
  if (c->code != "NOT_FOUND") {
    EXPECT_TRUE(entry_served) << c->entry_path;
  } else {
    EXPECT_FALSE(entry_served) << "a NOT_FOUND case must not serve its entry path";
  }

  // Every page decoded, to look for the fields.
  std::string pages;
  for (const auto& [file, bytes] : site->files) {
    auto text = DecodeToUtf8(bytes, site->charset);
    if (text.ok()) pages += *text;
  }

  std::set<std::string> names;
  std::set<std::string> honeypot_fields;
  for (const auto& f : c->fields) {
    SCOPED_TRACE(f.name);
    EXPECT_TRUE(names.insert(f.name).second) << "listed twice";
    EXPECT_NE(pages.find("name=\"" + HtmlEscape(f.name) + "\""), std::string::npos)
        << "not in any page of the case";
    bool kana = f.category.find("kana") != std::string::npos;
    EXPECT_EQ(kana, !f.kana_script.empty()) << "kana_script goes with kana categories";
    if (!f.part.empty()) {
      static const std::map<std::string, std::set<std::string>> kParts = {
          {"email", {"local", "domain"}},
          {"email_confirm", {"local", "domain"}},
          {"address_line", {"street", "building"}},
          {"address", {"after_prefecture"}}};
      auto it = kParts.find(f.category);
      EXPECT_TRUE(it != kParts.end() && it->second.count(f.part)) << f.part;
    }
    if (f.category == "honeypot") {
      honeypot_fields.insert(f.name);
      EXPECT_FALSE(f.has_value) << "honeypots are never filled";
    }
    if (!f.has_value) continue;
    for (const std::string& v : f.values) {
      std::string key = f.category == "email_confirm" ? "email" : f.category;
      const Json& allowed = StandardValues().value(key, Json::array());
      bool standard = std::find(allowed.begin(), allowed.end(), Json(v)) != allowed.end();
      if (ChoiceCategories().count(f.category)) {
        // A choice is one of the page's options (or a standard value typed into a text input).
        EXPECT_TRUE(standard || pages.find(HtmlEscape(v)) != std::string::npos)
            << "choice \"" << v << "\" is not an option of the page";
      } else {
        EXPECT_TRUE(standard) << "\"" << v << "\" is not a standard value of " << f.category;
      }
    }
  }
  EXPECT_EQ(honeypot_fields, std::set<std::string>(c->honeypots.begin(), c->honeypots.end()));

  // final_fields carries every filled field, and never a filled honeypot.
  if (c->outcome == "success") {
    std::map<std::string, std::vector<std::string>> final_fields(c->final_fields.begin(),
                                                                 c->final_fields.end());
    for (const auto& f : c->fields) {
      SCOPED_TRACE(f.name);
      auto it = final_fields.find(f.name);
      if (f.has_value) {
        ASSERT_TRUE(it != final_fields.end()) << "filled field missing from final_fields";
        EXPECT_EQ(it->second, f.values);
      } else if (it != final_fields.end()) {
        for (const auto& v : it->second) {
          EXPECT_TRUE(v.empty() || f.category != "honeypot") << "honeypot sent non-empty";
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, CorpusCaseTest, ::testing::ValuesIn(testing::CorpusCases()),
                         [](const auto& info) { return testing::ParamName(info.param); });

TEST(ExpectedCaseTest, ContractViolationsAreNamed) {
  auto bad = ParseExpectedCase(R"({"case": "x"})", "x/expected.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("lacks \"description\""), std::string::npos);
  std::string base =
      R"({"case": "x", "description": "d", "entry_path": "/", "verdict": "contact_form",
    "expected_outcome": "success", "expected_code": "SUCCESS", "honeypots": [],
    "must_not_submit": false, "submission": {"expect_confirm_step": false,
    "final_fields": {"a": "1", "b": ["x", "y"], "t": "*"}}, "fields": FIELDS})";
  auto with = [&](const std::string& fields) { return ReplaceAll(base, "FIELDS", fields); };
  auto good = ParseExpectedCase(with(R"([{"name": "a", "category": "other", "required": true,
                                          "value": "1"}])"),
                                "e");
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(good->final_fields[1].second, (std::vector<std::string>{"x", "y"}));
  EXPECT_FALSE(
      ParseExpectedCase(with(R"([{"name": "a", "category": "nope", "required": true}])"), "e")
          .ok());
  EXPECT_FALSE(
      ParseExpectedCase(
          with(R"([{"name": "a", "category": "other", "required": true, "extra": 1}])"), "e")
          .ok());
  EXPECT_FALSE(
      ParseExpectedCase(
          with(
              R"([{"name": "a", "category": "full_name_kana", "required": true, "kana_script": "romaji"}])"),
          "e")
          .ok());

  FieldList got = {{"a", "1"}, {"b", "x"}, {"b", "y"}, {"t", "tok"}};
  EXPECT_TRUE(CompareFinalFields(*good, got).empty());
  FieldList wrong = {{"a", "2"}, {"b", "x"}, {"t", ""}, {"z", "extra"}};
  auto problems = CompareFinalFields(*good, wrong);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0], "\"a\" is \"2\", expected \"1\"");
  EXPECT_EQ(problems[1], "\"b\" sent 1 value(s), expected 2");
  EXPECT_EQ(problems[2], "\"t\" is empty");
  EXPECT_EQ(problems[3], "unexpected \"z\" = \"extra\"");
  FieldList crlf = {{"a", "1"}, {"b", "x"}, {"b", "y"}, {"t", "1"}};
  EXPECT_TRUE(CompareFinalFields(*good, crlf).empty());
}

}  // namespace
}  // namespace formsender::sites

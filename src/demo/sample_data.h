#pragma once
// The demo's campaign: one client, two targetings and N companies whose form URLs point at the
// bundled sample sites (src/sites replicas of the tests/forms cases). Each company carries the
// outcome its site's case expects, so the final report can say how many ended as expected.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "sites/expected_case.h"

namespace formsender::demo {

struct SampleSite {
  std::string name;           // "site-0007"
  std::string template_case;  // "cf7-basic"
  std::string url;            // "http://site-0007.localhost:PORT/"
};

using CaseExpectation = sites::ExpectedCase;

// Reads tests/forms/<case>/expected.json of every case folder under `forms_dir`, by case name.
Result<std::map<std::string, CaseExpectation>> LoadCaseExpectations(const std::string& forms_dir);

struct DemoCompany {
  int64_t id = 0;
  std::string site;
  std::string template_case;
  int64_t targeting_id = 0;  // which demo targeting's filter selects it
  CaseExpectation expected;
};

struct SampleData {
  std::string clients_csv;
  std::string targeting_csv;
  std::string companies_csv;
  std::vector<DemoCompany> companies;
};

struct SampleDataOptions {
  int companies = 300;
  // Cases left out of the demo (slow faults would only make the newcomer wait).
  std::vector<std::string> excluded_cases;
};

// Builds the campaign over `sites` (used in turn; a site serves at most one company so the
// sink can prove "never twice" per company). Companies alternate between the two targetings'
// prefectures (東京都 → targeting 1, 大阪府 → targeting 2). InvalidArgument when there are
// fewer usable sites than companies or a site's case has no expectation.
Result<SampleData> BuildSampleData(const std::vector<SampleSite>& sites,
                                   const std::map<std::string, CaseExpectation>& expectations,
                                   const SampleDataOptions& options);

// Cases the demo leaves out by default: the ones built to hang or drip (timeouts cost tens of
// seconds each) — they stay in the accuracy run and the whole-system tests.
std::vector<std::string> DefaultExcludedCases();

}  // namespace formsender::demo

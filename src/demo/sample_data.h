#pragma once
// The demo's campaign: one client, two (or, for the whole-system test, three) targetings and N
// companies whose form URLs point at the
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

// One targeting row of the demo's sheet. Companies are spread over the targetings in turn and
// each targeting selects its own prefecture.
struct DemoTargeting {
  int64_t id = 0;
  std::string description;
  std::string prefecture;
  int max_daily_sends = 1000;
  int instance_count = 1;
  int workers_per_workflow = 2;
  std::string send_end_time = "18:00";
  bool test_mode = false;  // triggered with --test-mode (the _test tables)
  int share = 1;           // companies go to the targetings in proportion to their shares
  // What the system scenario checks about it: its window closes mid-run; its cap is below
  // its queue.
  bool closes_mid_run = false;
  bool capped = false;
};

// The demo's two campaigns: 東京都 (two batch tasks) and 大阪府 (one), with max_daily_sends
// above their queues (`companies`, at least 1000, at most the 10000 a targeting may have).
std::vector<DemoTargeting> DefaultTargetings(int companies = 1000);
// The whole-system test's three: 東京都 with the send window ending at `window_end` (HH:MM),
// three batch tasks and half of the companies, 大阪府 with max_daily_sends `cap` (below its
// queue), 福岡県 in test mode.
std::vector<DemoTargeting> SystemTestTargetings(const std::string& window_end, int cap);

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
  std::vector<DemoTargeting> targetings = DefaultTargetings(companies);
};

// Builds the campaign over `sites` (used in turn; a site serves at most one company so the
// sink can prove "never twice" per company). Companies go to the targetings in turn, each in
// its targeting's prefecture. InvalidArgument when there are no targetings, fewer usable sites
// than companies, or a site's case has no expectation.
Result<SampleData> BuildSampleData(const std::vector<SampleSite>& sites,
                                   const std::map<std::string, CaseExpectation>& expectations,
                                   const SampleDataOptions& options);

// Cases the demo leaves out by default: the ones built to hang or drip (timeouts cost tens of
// seconds each) — they stay in the accuracy run and the whole-system tests.
std::vector<std::string> DefaultExcludedCases();

}  // namespace formsender::demo

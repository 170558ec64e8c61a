// Plays every corpus case back against the sample-site server with the answer key: each
// successful case must be completed by a browser-exact submission of expected.json's values
// and produce exactly expected.json's final_fields, once; sites guarded by a CAPTCHA or a
// server-side rule must refuse those same values.
#include <gtest/gtest.h>

#include "common/clock.h"
#include "common/http_client.h"
#include "sites/corpus_util.h"
#include "sites/reference_client.h"
#include "sites/site_server.h"

namespace formsender::sites {
namespace {

class CorpusReplayTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    server_ = new SiteServer({}, clock_);
    auto sites = LoadSitesUnder(testing::CorpusDir());
    ASSERT_TRUE(sites.ok()) << sites.status().ToString();
    ASSERT_TRUE(server_->AddSites(std::move(*sites)).ok());
    ASSERT_TRUE(server_->Start().ok());
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static inline SystemClock clock_;
  static inline SiteServer* server_ = nullptr;
};

TEST_P(CorpusReplayTest, AnswerKeyPlaysBack) {
  ASSERT_NE(server_, nullptr);
  auto expected = LoadExpectedCase(testing::CorpusDir() + "/" + GetParam());
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  const ExpectedCase& c = *expected;
  bool replayable =
      c.outcome == "success" || c.verdict == "captcha" || c.code == "FORM_VALIDATION_ERROR";
  if (!replayable) GTEST_SKIP() << "nothing to submit in a " << c.code << " case";
  bool has_values = std::any_of(c.fields.begin(), c.fields.end(),
                                [](const ExpectedField& f) { return f.has_value; });
  if (!has_values) GTEST_SKIP() << "no values to submit";

  server_->sink().Clear(c.name);
  CurlHttpClient http;
  ReferenceClient client(http, server_->HostUrl(c.name, ""));
  auto run = client.Complete(c);
  std::string steps;
  if (run.ok()) {
    for (const auto& s : run->steps) steps += "\n  " + s;
  }
  auto finals = server_->sink().List(c.name, /*finals_only=*/true);
  if (c.outcome != "success") {
    EXPECT_TRUE(finals.empty()) << "the site accepted what it should refuse" << steps;
    return;
  }
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_EQ(finals.size(), 1u) << "steps:" << steps;
  auto problems = CompareFinalFields(c, finals[0].effective_fields);
  std::string report;
  for (const auto& p : problems) report += "\n  " + p;
  EXPECT_TRUE(problems.empty()) << "final submission differs from final_fields:" << report
                                << "\nsteps:" << steps;
  if (c.expect_confirm_step) {
    auto all = server_->sink().List(c.name);
    EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const Submission& s) {
      return s.step == "confirm";
    })) << "no confirmation step was played";
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, CorpusReplayTest, ::testing::ValuesIn(testing::CorpusCases()),
                         [](const auto& info) { return testing::ParamName(info.param); });

}  // namespace
}  // namespace formsender::sites

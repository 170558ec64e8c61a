// What gets recorded: runner skips (K-169…K-173, Q-22), the ledger outcome of a final
// submission, mark_done of engine results (§5.5 steps 9–12) and the test-mode rule.
#include "runner/outcome.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runner/company_checks.h"

namespace formsender::runner {
namespace {

using sendqueue::TableMode;

engine::FormResult FormResultOf(std::string outcome, std::string code, bool submitted = false) {
  engine::FormResult r;
  r.task_id = "42";
  r.outcome = std::move(outcome);
  r.code = std::move(code);
  r.submitted = submitted;
  r.detail = engine::MakeDetail(r.code, 0.9, Json::object(), submitted);
  r.field_mapping = Json::array({{{"name", "your-name"}, {"category", "full_name"}}});
  return r;
}

TEST(OutcomeTest, LedgerOutcome) {
  EXPECT_EQ(LedgerOutcomeOf(FormResultOf("success", "SUCCESS", true)), LedgerOutcome::kSent);
  EXPECT_EQ(LedgerOutcomeOf(FormResultOf("failed", "FORM_VALIDATION_ERROR", false)),
            LedgerOutcome::kFailed);
  auto judged = FormResultOf("failed", "SUCCESS_DETERMINATION_FAILED", true);
  judged.steps.push_back({"POST", "http://a.localhost/contact/", 200, "submit"});
  EXPECT_EQ(LedgerOutcomeOf(judged), LedgerOutcome::kFailed);
  auto cut = FormResultOf("failed", "TIMEOUT", true);
  cut.steps.push_back({"GET", "http://a.localhost/contact/", 200, "page"});
  EXPECT_EQ(LedgerOutcomeOf(cut), LedgerOutcome::kUnknown);
  auto reset = FormResultOf("failed", "CONNECTION_RESET", true);
  reset.steps.push_back({"POST", "http://a.localhost/confirm/", 0, "final"});
  EXPECT_EQ(LedgerOutcomeOf(reset), LedgerOutcome::kUnknown);
}

TEST(OutcomeTest, Case173_SuccessIsRecordedWithoutErrorType) {
  sendqueue::MarkDoneRequest base;
  base.company_id = 42;
  base.run_id = "run";
  auto req = MarkDoneFor(FormResultOf("success", "SUCCESS", true), base);
  EXPECT_TRUE(req.success);
  EXPECT_FALSE(req.error_type.has_value());
  EXPECT_EQ(req.classify_detail["code"], "SUCCESS");
  EXPECT_EQ(req.classify_detail["category"], "SUBMISSION");
  EXPECT_EQ(req.field_mapping[0]["category"], "full_name");
  EXPECT_EQ(req.run_id, "run");
}

TEST(OutcomeTest, BotFlagOverridesTheErrorType) {
  auto r = FormResultOf("failed", "FORM_VALIDATION_ERROR");
  r.bot_protection_detected = true;
  auto req = MarkDoneFor(r, {});
  EXPECT_EQ(req.error_type, "BOT_DETECTED");
  EXPECT_TRUE(req.bot_protection);
  auto waf = FormResultOf("failed", "WAF_CHALLENGE");
  waf.bot_protection_detected = true;
  EXPECT_EQ(MarkDoneFor(waf, {}).error_type, "WAF_CHALLENGE");
}

TEST(OutcomeTest, CompanyFlags) {
  EXPECT_TRUE(FlagsFor(FormResultOf("skipped", "PROHIBITION_DETECTED")).prohibition);
  EXPECT_TRUE(FlagsFor(FormResultOf("skipped", "NO_MESSAGE_AREA")).black);
  auto ok = FlagsFor(FormResultOf("success", "SUCCESS", true));
  EXPECT_FALSE(ok.prohibition || ok.black);
}

TEST(OutcomeTest, SinkUrls) {
  EXPECT_TRUE(IsSinkUrl("http://cf7-basic.localhost:8480/contact/"));
  EXPECT_TRUE(IsSinkUrl("http://localhost/"));
  EXPECT_TRUE(IsSinkUrl("https://127.0.0.1:9000/_site/x/"));
  EXPECT_TRUE(IsSinkUrl("http://127.12.0.3/"));
  EXPECT_FALSE(IsSinkUrl("https://www.example.co.jp/contact/"));
  EXPECT_FALSE(IsSinkUrl("http://localhost.example.com/"));
  EXPECT_FALSE(IsSinkUrl("http://10.0.0.1/"));
  EXPECT_FALSE(IsSinkUrl("http://127.0.0.1.nip.io/"));
  EXPECT_FALSE(IsSinkUrl("ftp://localhost/"));
  EXPECT_FALSE(IsSinkUrl("not a url"));
}

CompanyRecord Company() {
  CompanyRecord c;
  c.id = 42;
  c.company_name = "株式会社サンプル";
  c.form_url = "https://www.example.co.jp/contact/";
  c.client = "株式会社クライアント";
  return c;
}

std::optional<SkipDecision> Check(const CompanyRecord& c, int64_t today = 0,
                                  TableMode mode = TableMode::kDefault) {
  static const sendqueue::NamePolicy policy;
  return CheckCompany(c, today, mode, "株式会社クライアント", policy);
}

TEST(OutcomeTest, CompanyChecks) {
  EXPECT_FALSE(Check(Company()).has_value());
  CompanyRecord c = Company();
  c.company_name = "医療法人　さくら会";  // NFKC + whitespace removed before matching
  auto skip = Check(c);
  ASSERT_TRUE(skip);
  EXPECT_EQ(skip->code, "SKIPPED_BY_NAME_POLICY");
  EXPECT_EQ(skip->evidence["name_policy_keywords"][0], "医療法人");
  EXPECT_EQ(Check(Company(), 1)->code, "SKIPPED_ALREADY_SENT_TODAY");  // K-169
  c = Company();
  c.black = false;  // K-170 with Q-22: any non-NULL black
  EXPECT_EQ(Check(c)->code, "SKIPPED_BLACKLISTED");
  EXPECT_EQ(Check(c)->category, "POLICY");
  c = Company();
  c.form_url = "";
  EXPECT_EQ(Check(c)->code, "NO_FORM_URL");
  EXPECT_EQ(Check(c)->category, "CONFIG");
  c = Company();
  c.prohibition_detected = true;
  EXPECT_EQ(Check(c)->code, "PROHIBITION_DETECTED");
  c = Company();
  c.client = "株式会社Y";  // K-171
  skip = Check(c, 0, TableMode::kExtra);
  ASSERT_TRUE(skip);
  EXPECT_EQ(skip->code, "SKIPPED_WRONG_CLIENT");
  EXPECT_EQ(skip->evidence["expected_client"], "株式会社クライアント");
  EXPECT_EQ(skip->evidence["actual_client"], "株式会社Y");
  EXPECT_FALSE(Check(Company(), 0, TableMode::kExtra).has_value());
}

TEST(OutcomeTest, Q35_TestModeSubmitsOnlyToSinks) {
  RunnerSettings s;
  s.tables.mode = TableMode::kTest;
  Campaign campaign;
  CompanyRecord real = Company();
  engine::FormTask t = MakeFormTask(real, campaign, s);
  EXPECT_TRUE(t.dry_run);
  EXPECT_FALSE(t.allow_private_targets);
  CompanyRecord sink = Company();
  sink.form_url = "http://cf7-basic.localhost:8480/contact/";
  t = MakeFormTask(sink, campaign, s);
  EXPECT_FALSE(t.dry_run);
  EXPECT_TRUE(t.allow_private_targets);
  s.tables.mode = TableMode::kDefault;
  t = MakeFormTask(real, campaign, s);
  EXPECT_FALSE(t.dry_run);
  EXPECT_EQ(t.id, "42");
  EXPECT_EQ(t.time_limit, std::chrono::milliseconds(120'000));
  EXPECT_TRUE(MakeFormTask(real, campaign, s, /*dry_run=*/true).dry_run);
}

TEST(OutcomeTest, RunnerDetailShape) {
  Json d = RunnerDetail("SKIPPED_BLACKLISTED", "POLICY", {{"black", true}});
  EXPECT_EQ(d, (Json{{"code", "SKIPPED_BLACKLISTED"},
                     {"category", "POLICY"},
                     {"retryable", false},
                     {"cooldown_seconds", 0},
                     {"confidence", 1.0},
                     {"evidence", {{"black", true}}}}));
}

}  // namespace
}  // namespace formsender::runner

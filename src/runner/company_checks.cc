#include "runner/company_checks.h"

#include "common/strings.h"
#include "runner/outcome.h"

namespace formsender::runner {

std::optional<SkipDecision> CheckCompany(const CompanyRecord& company, int64_t submissions_today,
                                         sendqueue::TableMode mode,
                                         const std::string& client_company_name,
                                         const sendqueue::NamePolicy& name_policy) {
  if (mode == sendqueue::TableMode::kExtra) {
    std::string actual(Trim(company.client.value_or("")));
    if (client_company_name.empty() || actual.empty() || actual != client_company_name) {
      return SkipDecision{
          kSkippedWrongClient,
          "POLICY",
          {{"expected_client", client_company_name},
           {"actual_client", actual},
           {"note", "companies_extra.client differs from the client's company_name"}}};
    }
  }
  if (auto keyword = name_policy.Match(sendqueue::NormalizeCompanyName(company.company_name))) {
    return SkipDecision{kSkippedByNamePolicy, "POLICY", {{"name_policy_keywords", {*keyword}}}};
  }
  if (submissions_today > 0) {
    return SkipDecision{
        kSkippedAlreadySentToday, "POLICY", {{"submissions_today", submissions_today}}};
  }
  if (company.black) {
    return SkipDecision{kSkippedBlacklisted, "POLICY", {{"black", *company.black}}};
  }
  if (company.prohibition_detected) {
    return SkipDecision{
        kProhibitionDetected, "BUSINESS", {{"source", "companies.prohibition_detected"}}};
  }
  if (company.form_url.empty()) {
    return SkipDecision{kNoFormUrl, "CONFIG", {{"form_url", nullptr}}};
  }
  return std::nullopt;
}

engine::FormTask MakeFormTask(const CompanyRecord& company, const Campaign& campaign,
                              const RunnerSettings& settings, bool dry_run) {
  engine::FormTask task;
  task.id = std::to_string(company.id);
  task.url = company.form_url;
  task.client_config = campaign.config;
  task.company = company.row;
  switch (settings.engine) {
    case EngineChoice::kHttp:
      task.mode = engine::EngineMode::kHttp;
      break;
    case EngineChoice::kBrowser:
      task.mode = engine::EngineMode::kBrowser;
      break;
    case EngineChoice::kAuto:
      task.mode = engine::EngineMode::kAuto;
      break;
  }
  task.time_limit =
      std::chrono::duration_cast<std::chrono::milliseconds>(settings.tuning.form_time_limit);
  task.allow_private_targets = settings.allow_private_targets;
  task.dry_run = dry_run;
  if (settings.test_mode()) {
    if (IsSinkUrl(company.form_url)) {
      task.allow_private_targets = true;  // the sink is on loopback
    } else {
      task.dry_run = true;
    }
  }
  return task;
}

}  // namespace formsender::runner

#pragma once
// The checks a claimed company goes through before the engine sees it (orchestration §5.5
// steps 3–7, Q-22 fixed): the extra table's owner, the name policy, the duplicate of the day,
// the blacklist and a known refusal, the form URL. Pure: the caller reads the row and the
// day's submissions.

#include <cstdint>
#include <optional>
#include <string>

#include "common/json.h"
#include "engine/engine.h"
#include "runner/campaign.h"
#include "runner/company_store.h"
#include "runner/runner_settings.h"
#include "sendqueue/company_names.h"
#include "sendqueue/tables.h"

namespace formsender::runner {

struct SkipDecision {
  std::string code;      // SKIPPED_WRONG_CLIENT, SKIPPED_BY_NAME_POLICY, … (outcome.h)
  std::string category;  // §5.7 category
  Json evidence = Json::object();
};

// nullopt: the company goes to the engine.
std::optional<SkipDecision> CheckCompany(const CompanyRecord& company, int64_t submissions_today,
                                         sendqueue::TableMode mode,
                                         const std::string& client_company_name,
                                         const sendqueue::NamePolicy& name_policy);

// The engine's task for a company that passed the checks: the form URL, the client_config,
// the row for the message placeholders, the engine mode and time limit. Test mode (DESIGN §9,
// Q-35) submits only to sinks (IsSinkUrl); any other form runs as a dry run, stopped before
// the request that would send. `dry_run` forces a dry run (formsender runner --dry-run).
engine::FormTask MakeFormTask(const CompanyRecord& company, const Campaign& campaign,
                              const RunnerSettings& settings, bool dry_run = false);

}  // namespace formsender::runner

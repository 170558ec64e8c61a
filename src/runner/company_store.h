#pragma once
// The runner's reads and writes of a company and its history (orchestration §5.5 steps 2, 5 and
// 10) on the mode's tables: the companies row (for the checks and the message placeholders),
// the duplicate check, and the flags a result sets.

#include <cstdint>
#include <optional>
#include <string>

#include "common/json.h"
#include "common/status.h"
#include "common/time.h"
#include "sendqueue/tables.h"
#include "store/database.h"

namespace formsender::runner {

struct CompanyRecord {
  int64_t id = 0;
  std::string company_name;
  std::string form_url;       // trimmed; empty when NULL
  std::optional<bool> black;  // NULL → nullopt
  bool prohibition_detected = false;
  std::optional<std::string> client;  // companies_extra.client
  Json row = Json::object();          // every column, typed, for {column} placeholders
};

class CompanyStore {
 public:
  CompanyStore(store::Database& db, sendqueue::TableMode mode) : db_(db), mode_(mode) {}

  // The row, or nullopt when the company does not exist.
  Result<std::optional<CompanyRecord>> Find(int64_t company_id);
  // Submissions of (targeting, company) recorded on the JST day `date` (the duplicate check).
  Result<int64_t> CountSubmissionsOn(int64_t targeting_id, int64_t company_id, CivilDate date);
  // companies.prohibition_detected = true (the site refuses sales contact).
  Status FlagProhibition(int64_t company_id);
  // companies.black = true (a form without a message area: never queued again).
  Status FlagBlack(int64_t company_id);

 private:
  store::Database& db_;
  sendqueue::TableMode mode_;
};

}  // namespace formsender::runner

#pragma once
// The few targeting values the queue commands need, read straight from the `targeting` and
// `clients` tables. Interim: the settings component owns targeting resolution (precedence,
// properties, validation); once it lands, the CLI should build BuildRequest/ClaimRequest
// from its resolved targeting instead of this lookup.

#include <optional>
#include <string>

#include "common/status.h"
#include "store/database.h"

namespace formsender::sendqueue {

struct QueueTargeting {
  int64_t id = 0;
  std::string targeting_sql;
  std::string ng_companies;
  std::optional<int> max_daily_sends;
  bool use_extra_table = false;
  std::string client_company_name;  // clients.company_name of the targeting's client
};

// NotFound when the targeting row does not exist.
Result<QueueTargeting> LookupQueueTargeting(store::Database& db, int64_t targeting_id);

}  // namespace formsender::sendqueue

#pragma once
// Reads a targeting or client sheet exported as CSV into validated rows. All-or-nothing: every
// problem of every row is collected and returned as one error, one line per problem, each
// "<label>:<line>: column <name>: <what is wrong>", and no row is returned.

#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "settings/models.h"

namespace formsender::settings {

template <typename Row>
struct ParsedSheet {
  std::vector<Row> rows;
  std::string encoding;               // "UTF-8" or "Shift_JIS (CP932)"
  std::vector<std::string> warnings;  // columns kept but not read, columns without a header …
};

// Required in every targeting row: id and client_id (positive, ids unique). Required in active
// rows (the reference's getTargetingConfig check): subject, message, max_daily_sends,
// send_start_time, send_days_of_week. Every other cell is checked whenever it is not blank.
Result<ParsedSheet<Targeting>> ParseTargetingSheet(std::string_view bytes, std::string_view label,
                                                   TimePoint imported_at);
// Required in every client row: id and the 22 fields of spec §2.4.
Result<ParsedSheet<Client>> ParseClientSheet(std::string_view bytes, std::string_view label,
                                             TimePoint imported_at);

// At most this many problems are listed before "… and N more".
inline constexpr size_t kMaxReportedProblems = 30;

}  // namespace formsender::settings

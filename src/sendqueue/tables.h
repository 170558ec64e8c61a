#pragma once
// The three table sets of the reference (orchestration §5.6), by table mode. Each mode reads
// and writes one consistent set: extra mode uses companies_extra, send_queue_extra and
// submissions_extra everywhere (the reference mixed submissions and submissions_extra, Q-5);
// test mode keeps the reference's `companies` with the `_test` queue and submissions.

#include <string_view>

#include "common/status.h"

namespace formsender::sendqueue {

enum class TableMode { kDefault, kExtra, kTest };

// "default", "extra", "test": the values of FORM_SENDER_TABLE_MODE and send_ledger.table_mode.
std::string_view TableModeName(TableMode mode);
Result<TableMode> ParseTableMode(std::string_view text);

struct TableSet {
  TableMode mode;
  std::string_view companies;
  std::string_view send_queue;
  std::string_view submissions;
};

const TableSet& TablesFor(TableMode mode);

}  // namespace formsender::sendqueue

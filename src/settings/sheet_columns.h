#pragma once
// The columns of the targeting and client sheets: canonical name (= the store column), the
// header aliases of spec §2.3, how a cell is read, and whether it is required. One table drives
// the import, the store repositories and the documentation, so they cannot disagree.

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"
#include "settings/models.h"
#include "settings/values.h"

namespace formsender::settings {

enum class CellKind {
  kId,            // a positive whole number, required
  kText,          // trimmed text
  kMessageText,   // text kept exactly as written (subject, message)
  kBool,          // ParseBool; blank is false (active, use_extra_table)
  kOptionalBool,  // ParseBool; blank is "not set"
  kInteger,       // a whole number within `range`; blank is "not set"
  kHourMinute,    // H:MM or HH:MM, stored as HH:MM
  kDaysOfWeek,    // weekdays 0–6
  kHours,         // a positive number of hours ≤ 24
  kMachineType,   // a valid GCP machine type, stored lower-case
};

using TargetingMember =
    std::variant<int64_t Targeting::*, bool Targeting::*, std::string Targeting::*,
                 std::optional<int64_t> Targeting::*, std::optional<bool> Targeting::*,
                 std::optional<std::string> Targeting::*, std::optional<double> Targeting::*,
                 std::optional<std::vector<int>> Targeting::*>;

struct TargetingColumn {
  std::string_view name;                  // canonical header and store column
  std::vector<std::string_view> aliases;  // lower-case, as the reference accepts them
  CellKind kind;
  IntRange range{0, 0};  // kInteger only
  bool required_header = false;
  bool required_when_active = false;  // must be non-blank in an active row
  TargetingMember member;
  std::string_view meaning;  // one line for docs and `formsender plan`
};

struct ClientColumn {
  std::string_view name;
  bool required = true;  // non-blank in every row (spec §2.4)
  std::string Client::*member;
};

const std::vector<TargetingColumn>& TargetingColumns();
const std::vector<ClientColumn>& ClientColumns();

// The column whose name or alias equals `header` after trimming and lower-casing; null if none.
const TargetingColumn* FindTargetingColumn(std::string_view header);
const ClientColumn* FindClientColumn(std::string_view header);

// Reads `cell` into `row` by the column's kind. Errors read "column <name>: <what is wrong>".
Status SetTargetingCell(Targeting& row, const TargetingColumn& column, std::string_view cell);
// Whether the member the column sets is blank/unset in `row` (for required checks).
bool IsTargetingCellBlank(const Targeting& row, const TargetingColumn& column);

}  // namespace formsender::settings

#include "sendqueue/tables.h"

#include <string>

#include "common/strings.h"

namespace formsender::sendqueue {

std::string_view TableModeName(TableMode mode) {
  switch (mode) {
    case TableMode::kDefault:
      return "default";
    case TableMode::kExtra:
      return "extra";
    case TableMode::kTest:
      return "test";
  }
  return "default";
}

Result<TableMode> ParseTableMode(std::string_view text) {
  std::string t = ToLowerAscii(Trim(text));
  if (t == "default") return TableMode::kDefault;
  if (t == "extra") return TableMode::kExtra;
  if (t == "test") return TableMode::kTest;
  return Status::InvalidArgument("table mode \"" + std::string(text) +
                                 "\" is not one of default, extra, test");
}

const TableSet& TablesFor(TableMode mode) {
  static constexpr TableSet kDefaultSet{TableMode::kDefault, "companies", "send_queue",
                                        "submissions"};
  static constexpr TableSet kExtraSet{TableMode::kExtra, "companies_extra", "send_queue_extra",
                                      "submissions_extra"};
  static constexpr TableSet kTestSet{TableMode::kTest, "companies", "send_queue_test",
                                     "submissions_test"};
  switch (mode) {
    case TableMode::kExtra:
      return kExtraSet;
    case TableMode::kTest:
      return kTestSet;
    default:
      return kDefaultSet;
  }
}

}  // namespace formsender::sendqueue

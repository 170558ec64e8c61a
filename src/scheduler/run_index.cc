#include "scheduler/run_index.h"

#include <algorithm>

#include "common/json.h"
#include "common/time.h"

namespace formsender::scheduler {

std::string RunIndexStateKey(int64_t targeting_id) {
  return "FORM_SENDER_RUN_INDEX_BASE__" + std::to_string(targeting_id) + "__STATE";
}

Result<int64_t> AllocateRunIndexBase(store::ScriptStateRepository& state, const Clock& clock,
                                     int64_t targeting_id, int64_t run_total) {
  TimePoint now = clock.Now();
  std::string today = JstDateOf(now).ToString();
  int64_t base = 0;
  FS_RETURN_IF_ERROR(
      state
          .Update(RunIndexStateKey(targeting_id),
                  [&](const std::optional<std::string>& current) -> Result<std::string> {
                    base = 0;
                    if (current) {
                      // A broken value starts the day again at 0, as the reference does.
                      auto doc = ParseJson(*current);
                      if (doc.ok() && doc->is_object() && doc->value("date", "") == today &&
                          (*doc)["counter"].is_number_integer()) {
                        base = std::max<int64_t>(0, (*doc)["counter"].get<int64_t>());
                      }
                    }
                    Json next = {{"date", today},
                                 {"counter", base + std::max<int64_t>(1, run_total)},
                                 {"updated_at", FormatUtcIso(now)}};
                    return DumpJson(next);
                  })
          .status());
  return base;
}

}  // namespace formsender::scheduler

#pragma once
// Run-index allocation (spec §6.4 step 4): FORM_SENDER_RUN_INDEX_BASE__<id>__STATE holds
// {date (JST yyyy-MM-dd), counter, updated_at}; a run of `run_total` tasks gets the counter
// and moves it on by max(1, run_total). A new JST day starts again at 0. Serialised by the
// store, so concurrent starts never share indices (the reference used a 5 s script lock).

#include <cstdint>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "store/script_state.h"

namespace formsender::scheduler {

std::string RunIndexStateKey(int64_t targeting_id);

// Returns the run_index_base for a run of `run_total` tasks of `targeting_id` today (JST).
Result<int64_t> AllocateRunIndexBase(store::ScriptStateRepository& state, const Clock& clock,
                                     int64_t targeting_id, int64_t run_total);

}  // namespace formsender::scheduler

#pragma once
// The batch monitor's terminal hook of `serve`: when an execution has ended for good, its
// client_config object is deleted (spec Q-16: never when the first task ends, as the reference
// entry did, but after the whole execution). Idempotent; an object another running execution
// of the campaign still uses is kept.

#include "batch/monitor.h"
#include "common/log.h"
#include "objects/object_store.h"
#include "store/database.h"

namespace formsender::dispatcher {

batch::BatchMonitor::TerminalHook MakeClientConfigCleanup(objects::ObjectStore& store,
                                                          store::Database& db, const Clock& clock,
                                                          LoggerPtr log);

// The other terminal hook: queue rows still assigned to the execution's runs (a runner killed
// before it could give its claims back) are resolved at once, in every table mode, as the
// ledger-aware stale requeue would resolve them later: back to pending when no final
// submission was attempted, completed from the ledger, or failed as outcome-unknown. Once the
// execution is over none of its runners is alive, so nothing waits for the stale timeout.
batch::BatchMonitor::TerminalHook MakeHeldRowRelease(store::Database& db, const Clock& clock,
                                                     LoggerPtr log);

}  // namespace formsender::dispatcher

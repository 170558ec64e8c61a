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

}  // namespace formsender::dispatcher

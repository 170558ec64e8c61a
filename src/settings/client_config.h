#pragma once
// The client_config object (spec §2.5): what the orchestrator uploads, validate-config checks,
// the dispatcher forwards and the runner reads. Built byte-compatible with the reference:
// the same keys in the same order, serialised compactly like JSON.stringify.

#include <string>

#include "common/json.h"
#include "settings/effective_settings.h"
#include "settings/models.h"

namespace formsender::settings {

// `settings` supplies the values the reference resolves while building the object
// (send_end_time, session_max_hours, the weekday default); the rest comes from the rows.
// Differences from the reference (docs/compatibility.md): send_start_time is normalised to
// HH:MM, and `active` is read with the one boolean parser.
OrderedJson BuildClientConfig(const Targeting& targeting, const Client& client,
                              const EffectiveSettings& settings);

// DumpJson of the above: the exact bytes to upload.
std::string ClientConfigText(const Targeting& targeting, const Client& client,
                             const EffectiveSettings& settings);

}  // namespace formsender::settings

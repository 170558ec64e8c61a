#pragma once
// POST /v1/form-sender/validate-config's check of a client_config (spec §4.2.2), with the
// reference validator's (Japanese) messages, returned verbatim in `detail`:
//   - top level: `client` and `targeting` sections (objects), `targeting_id`, `client_id`;
//   - client: 17 required non-blank fields (postal_code_2, address_4, phone_2, phone_3,
//     email_2 may be blank);
//   - targeting: subject, message, max_daily_sends, send_start_time, send_end_time,
//     send_days_of_week not null; times "HH:MM" (two-digit hour); days a list of 0–6; the cap
//     an integer;
//   - `active` (default true) a boolean as the reference parses it.
// Differences (docs/compatibility.md): a client_config that is not an object is a 400 with a
// message (the reference answered 500), and booleans are not integers (`true` is not a valid
// max_daily_sends or weekday).

#include "common/json.h"
#include "common/status.h"

namespace formsender::dispatcher {

// OK, or InvalidArgument with the reference's message.
Status ValidateClientConfig(const Json& config);

}  // namespace formsender::dispatcher

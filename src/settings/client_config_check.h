#pragma once
// The checks of the reference's validate-config (orchestration §4.2.2), for a client_config
// object read back by the runner (and by the dispatcher's /v1/form-sender/validate-config):
// `client` and `targeting` objects, `targeting_id` and `client_id` present; the client's
// sender fields non-blank; the targeting's sending rules present and well-formed. A config that
// fails is never run with empty settings (the reference's runner did, Q-19).

#include <span>

#include "common/json.h"
#include "common/status.h"

namespace formsender::settings {

// The sender fields the reference's validator requires non-blank (§4.2.2), in its order;
// postal_code_2, address_4, phone_2, phone_3 and email_2 may be blank.
std::span<const char* const> RequiredClientFields();

// OK, or InvalidArgument naming the first wrong member by its path ("client.email_1 is
// blank", "targeting.send_start_time \"9:00\" is not HH:MM (two-digit hour)").
Status ValidateClientConfig(const Json& config);

}  // namespace formsender::settings

#pragma once
// Checks for Google resource names ("projects/P/locations/L/…"), shared by the typed clients so
// a malformed name fails before any request with a message naming it.

#include <string_view>
#include <vector>

#include "common/status.h"

namespace formsender::gcp {

// `name` must have the shape of `pattern`, whose segments are literals or "*" (one non-empty
// segment without '/'). `what` names the value in the error ("Batch job name").
Status CheckResourceName(std::string_view name, std::string_view pattern, std::string_view what);

}  // namespace formsender::gcp

#pragma once
// Message templates (form-engine §1.4): {client.x}, {targeting.x}, {company_column} and
// conditional blocks "[ … {company_column} … ]" that vanish when the company value is empty.
// Unlike the reference, which sent the braces verbatim, an unresolvable placeholder is an
// error so the caller fails closed and sends nothing.

#include <string>
#include <string_view>

#include "common/json.h"
#include "common/status.h"

namespace formsender::engine {

// Renders `tmpl`. `company` is the companies row (an object, possibly empty). Errors are
// kInvalidArgument naming the placeholder that could not be resolved.
Result<std::string> RenderTemplate(std::string_view tmpl, const Json& client, const Json& targeting,
                                   const Json& company);

}  // namespace formsender::engine

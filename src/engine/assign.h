#pragma once
// Values for classified fields, from the client profile, in the format each field asks
// (width, kana script, hyphens, splits, maxlength), and option choices for selects, radios and
// checkboxes. Honeypots and CAPTCHAs are never given a value.

#include <string>
#include <vector>

#include "common/json.h"
#include "common/status.h"
#include "engine/classify.h"
#include "engine/form_model.h"

namespace formsender::engine {

// The sender (client_config.client), the campaign (client_config.targeting) and the company
// row, with the subject and message already rendered for this company.
struct ClientProfile {
  Json client = Json::object();
  Json targeting = Json::object();
  Json company = Json::object();
  std::string subject;
  std::string message;

  // A client field as text ("" when absent); numbers are accepted as text.
  std::string Get(std::string_view key) const;
  std::string Email() const;
  std::string FullName(std::string_view sep = "\u3000") const;
  // "male", "female", "other" or "".
  std::string Gender() const;

  // Validates the client_config JSON (form-engine §1; targeting_id, client, targeting) and
  // renders the templates. Errors are kInvalidArgument naming the field; an unresolvable
  // placeholder gives a message starting with "placeholder".
  static Result<ClientProfile> FromConfig(const Json& client_config, const Json& company_row);
};

// Fills Field::value / checked / unfillable for every field of `form`.
void AssignValues(const FormModel& form, std::vector<Field>& fields, const ClientProfile& p);

// True for option texts that are a "please choose" placeholder.
bool IsPlaceholderOption(const SelectOption& o);

}  // namespace formsender::engine

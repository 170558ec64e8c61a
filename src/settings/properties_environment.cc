#include "settings/properties_environment.h"

namespace formsender::settings {

std::optional<std::string> PropertiesEnvironment::Get(std::string_view name) const {
  for (const PropertySpec& spec : PropertyCatalog()) {
    if (spec.name != name && spec.env != name) continue;
    const PropertyValue* value = properties_.Find(spec.name);
    if (!value) return std::nullopt;  // blank or unset, in the file and the environment
    return value->Text();
  }
  return fallback_.Get(name);
}

}  // namespace formsender::settings

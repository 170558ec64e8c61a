#pragma once
// The loaded properties seen as an Environment, for the components whose configuration
// functions read variables (objects, batch, gcp, tasks): a name of the catalog, given as its
// environment name or its formsender.toml key, answers with the property's value (file or
// environment, already validated); any other name is looked up in `fallback` (the process
// environment: GCE_METADATA_HOST, FORMSENDER_*_ENDPOINT …).
//
//   settings::PropertiesEnvironment config(props, process_env);
//   auto objects = objects::ObjectStoreConfigFromEnvironment(config, data_dir);

#include <optional>
#include <string>
#include <string_view>

#include "common/env.h"
#include "settings/properties.h"

namespace formsender::settings {

class PropertiesEnvironment final : public Environment {
 public:
  // Both must outlive this object.
  PropertiesEnvironment(const Properties& properties, const Environment& fallback)
      : properties_(properties), fallback_(fallback) {}

  std::optional<std::string> Get(std::string_view name) const override;

 private:
  const Properties& properties_;
  const Environment& fallback_;
};

}  // namespace formsender::settings

// formsender.toml (settings/properties.h) on arbitrary text: the TOML subset reader, then the
// property catalog's checks of every value. No crash; errors name the file; every accepted
// value reads back as its canonical text.
//
// Input: the TOML text.
#include <cstdint>
#include <string>

#include "common/env.h"
#include "fuzz/fuzz_input.h"
#include "settings/properties.h"
#include "settings/toml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace formsender;
  using namespace formsender::settings;
  const std::string text(reinterpret_cast<const char*>(data), size);

  auto entries = ParseToml(text, "fuzz.toml");
  if (entries.ok()) {
    for (const TomlEntry& e : *entries) (void)TomlValueText(e.value);
  } else {
    FUZZ_CHECK(entries.status().message().find("fuzz.toml") != std::string::npos,
               entries.status().message());
  }

  static const MapEnvironment kEnv;
  auto props = Properties::Parse(text, "fuzz.toml", kEnv);
  if (!props.ok()) {
    FUZZ_CHECK(props.status().message().find("fuzz.toml") != std::string::npos,
               props.status().message());
    return 0;
  }
  (void)props->DailyTriggerTime();
  (void)props->Calendar();
  return 0;
}

// JSON payloads on arbitrary text: the project's JSON reader (errors, never exceptions), the
// client_config the engine receives (validation and {placeholder} templates rendered against
// a company row), and the merge used for partial updates.
//
// Input: JSON text, either a client_config or {"config": …, "company": …}.
#include <cstdint>
#include <string>

#include "common/json.h"
#include "engine/assign.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace formsender;
  const std::string text(reinterpret_cast<const char*>(data), size);

  auto ordered = ParseOrderedJson(text, "payload");
  auto parsed = ParseJson(text, "payload");
  FUZZ_CHECK(ordered.ok() == parsed.ok(), "the two JSON readers disagree");
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.status().message().find("payload") != std::string::npos,
               parsed.status().message());
    return 0;
  }
  const Json& j = *parsed;
  // Serialising never throws, even on strings that are not UTF-8.
  std::string dumped = DumpJson(j);
  (void)DumpJson(*ordered);
  (void)StripNulls(j);
  (void)DeepMergeSkippingNulls(j, j);

  if (!j.is_object()) return 0;
  for (const char* key : {"targeting_id", "client_id", "company_name", "config"}) {
    (void)GetString(j, key);
    (void)GetInt(j, key);
    (void)GetBool(j, key);
    (void)GetObject(j, key);
    (void)GetOptionalString(j, key);
    (void)GetOptionalInt(j, key);
    (void)GetOptionalBool(j, key);
  }
  const bool wrapped = j.contains("config") && j["config"].is_object();
  const Json& config = wrapped ? j["config"] : j;
  Json company = Json::object();
  if (wrapped && j.contains("company") && j["company"].is_object()) company = j["company"];
  auto profile = engine::ClientProfile::FromConfig(config, company);
  if (!profile.ok()) {
    FUZZ_CHECK(!profile.status().message().empty(), "an error without a message");
  }
  return 0;
}

#pragma once
// Object names and refs of the reference deployment (spec H4).

#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"

namespace formsender::objects {

// "{yyyyMMdd in JST}/targeting-{targeting_id}-{run_id}.json"; run_id is a fresh lower-case
// UUID when empty.
std::string ClientConfigObjectKey(TimePoint now, int64_t targeting_id, std::string run_id = "");

struct GcsRef {
  std::string bucket;
  std::string object;
};
// "gs://bucket/object". Errors are the dispatcher's: "client_config_object must be a gs:// URI"
// and "client_config_object is invalid" (empty bucket or object).
Result<GcsRef> ParseGcsRef(std::string_view ref);
std::string FormatGcsRef(std::string_view bucket, std::string_view object);

inline constexpr std::string_view kLocalRefPrefix = "local://objects/";
// "local://objects/<key>" → key. Errors: "client_config_object must be a local://objects/ URI",
// "client_config_object is invalid".
Result<std::string> ParseLocalRef(std::string_view ref);

}  // namespace formsender::objects

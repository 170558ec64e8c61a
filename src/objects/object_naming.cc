#include "objects/object_naming.h"

#include "common/crypto.h"
#include "common/time.h"

namespace formsender::objects {

std::string ClientConfigObjectKey(TimePoint now, int64_t targeting_id, std::string run_id) {
  if (run_id.empty()) run_id = NewUuid();
  return JstDateOf(now).ToCompactString() + "/targeting-" + std::to_string(targeting_id) + "-" +
         run_id + ".json";
}

Result<GcsRef> ParseGcsRef(std::string_view ref) {
  constexpr std::string_view kScheme = "gs://";
  if (!ref.starts_with(kScheme)) {
    return Status::InvalidArgument("client_config_object must be a gs:// URI");
  }
  std::string_view rest = ref.substr(kScheme.size());
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= rest.size()) {
    return Status::InvalidArgument("client_config_object is invalid");
  }
  return GcsRef{std::string(rest.substr(0, slash)), std::string(rest.substr(slash + 1))};
}

std::string FormatGcsRef(std::string_view bucket, std::string_view object) {
  return "gs://" + std::string(bucket) + "/" + std::string(object);
}

Result<std::string> ParseLocalRef(std::string_view ref) {
  if (!ref.starts_with(kLocalRefPrefix)) {
    return Status::InvalidArgument("client_config_object must be a local://objects/ URI");
  }
  std::string_view key = ref.substr(kLocalRefPrefix.size());
  if (key.empty()) return Status::InvalidArgument("client_config_object is invalid");
  return std::string(key);
}

}  // namespace formsender::objects

#include "gcp/secret_manager_client.h"

#include <array>

#include "common/strings.h"
#include "gcp/resource_names.h"

namespace formsender::gcp {
namespace {

std::array<uint32_t, 256> MakeCrc32cTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    table[i] = c;
  }
  return table;
}

}  // namespace

uint32_t Crc32c(std::string_view data) {
  static const std::array<uint32_t, 256> kTable = MakeCrc32cTable();
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : data) crc = kTable[(crc ^ c) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

Result<std::string> NormalizeSecretVersionName(std::string_view value, std::string_view project) {
  std::string v(Trim(value));
  if (v.empty()) return Status::InvalidArgument("secret name is blank");
  if (v.starts_with("projects/")) {
    if (v.find("/versions/") != std::string::npos) return v;
    while (!v.empty() && v.back() == '/') v.pop_back();
    return v + "/versions/latest";
  }
  if (project.empty()) {
    return Status::InvalidArgument("secret \"" + v + "\" needs a project to be resolved");
  }
  return "projects/" + std::string(project) + "/secrets/" + v + "/versions/latest";
}

SecretManagerClient::SecretManagerClient(RestClient& rest, std::string base_url)
    : rest_(rest), base_url_(std::move(base_url)) {}

Result<std::string> SecretManagerClient::AccessSecretVersion(std::string_view name) {
  FS_RETURN_IF_ERROR(
      CheckResourceName(name, "projects/*/secrets/*/versions/*", "secret version name"));
  RestRequest request;
  request.url = JoinUrl(base_url_, "v1/" + EncodeResourceName(name) + ":access");
  request.operation = "secretmanager.versions.access " + std::string(name);
  FS_ASSIGN_OR_RETURN(Json body, rest_.Call(request));
  const Json* payload = body.is_object() && body.contains("payload") ? &body["payload"] : nullptr;
  if (!payload || !payload->is_object() || !payload->contains("data") ||
      !(*payload)["data"].is_string()) {
    return Status::Unavailable(request.operation + ": response has no payload.data");
  }
  auto data = Base64Decode((*payload)["data"].get<std::string>());
  if (!data.ok()) return Status::Unavailable(request.operation + ": payload.data is not base64");
  if (auto crc = payload->find("dataCrc32c"); crc != payload->end() && crc->is_string()) {
    auto expected = ParseInt64(crc->get<std::string>(), "dataCrc32c");
    if (!expected.ok() || static_cast<uint32_t>(*expected) != Crc32c(*data) || *expected < 0 ||
        *expected > 0xFFFFFFFFLL) {
      return Status::Unavailable(request.operation + ": payload checksum mismatch");
    }
  }
  return std::move(*data);
}

}  // namespace formsender::gcp

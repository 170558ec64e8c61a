#pragma once
// How a local `formsender serve` is found and authenticated: its bearer token, generated on
// first start into <data-dir>/keys/dispatcher.token (mode 0600), and <data-dir>/serve.json
// ({"url", "pid", "started_at"}), written when it listens and removed when it stops. The CLI
// and local runner tasks read both.

#include <cstdint>
#include <filesystem>
#include <string>

#include "common/status.h"

namespace formsender::dispatcher {

std::filesystem::path DispatcherTokenPath(const std::filesystem::path& data_dir);
// The token (64 hex characters), created on first use. A file readable by others is refused.
Result<std::string> LoadOrCreateDispatcherToken(const std::filesystem::path& data_dir);
// The token, without creating it: kNotFound when serve never ran with this data directory.
Result<std::string> ReadDispatcherToken(const std::filesystem::path& data_dir);

struct ServeInfo {
  std::string url;  // "http://127.0.0.1:8080"
  int64_t pid = 0;
  std::string started_at;  // UTC ISO-8601
};
std::filesystem::path ServeInfoPath(const std::filesystem::path& data_dir);
Status WriteServeInfo(const std::filesystem::path& data_dir, const ServeInfo& info);
// kNotFound when no serve is running for this data directory (or it died without cleaning up
// and its pid is gone).
Result<ServeInfo> ReadServeInfo(const std::filesystem::path& data_dir);
void RemoveServeInfo(const std::filesystem::path& data_dir);

}  // namespace formsender::dispatcher

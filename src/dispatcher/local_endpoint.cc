#include "dispatcher/local_endpoint.h"

#include <signal.h>

#include <cerrno>

#include "common/files.h"
#include "common/json.h"
#include "common/strings.h"

namespace formsender::dispatcher {
namespace {

constexpr size_t kTokenBytes = 32;

}  // namespace

std::filesystem::path DispatcherTokenPath(const std::filesystem::path& data_dir) {
  return data_dir / "keys" / "dispatcher.token";
}

Result<std::string> LoadOrCreateDispatcherToken(const std::filesystem::path& data_dir) {
  FS_ASSIGN_OR_RETURN(std::string raw,
                      LoadOrCreateSecretFile(DispatcherTokenPath(data_dir), kTokenBytes));
  return HexEncode(raw);
}

Result<std::string> ReadDispatcherToken(const std::filesystem::path& data_dir) {
  auto raw = ReadSecretFile(DispatcherTokenPath(data_dir), kTokenBytes);
  if (!raw.ok()) {
    if (raw.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("no dispatcher token in " + data_dir.string() +
                              " (formsender serve creates it on first start)");
    }
    return raw.status();
  }
  return HexEncode(*raw);
}

std::filesystem::path ServeInfoPath(const std::filesystem::path& data_dir) {
  return data_dir / "serve.json";
}

Status WriteServeInfo(const std::filesystem::path& data_dir, const ServeInfo& info) {
  FS_RETURN_IF_ERROR(MakePrivateDirs(data_dir));
  Json j = {{"url", info.url}, {"pid", info.pid}, {"started_at", info.started_at}};
  return WriteFileAtomic(ServeInfoPath(data_dir), DumpJson(j) + "\n");
}

Result<ServeInfo> ReadServeInfo(const std::filesystem::path& data_dir) {
  auto text = ReadFileNoFollow(ServeInfoPath(data_dir));
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("formsender serve is not running for " + data_dir.string() +
                              " (no serve.json)");
    }
    return text.status();
  }
  FS_ASSIGN_OR_RETURN(Json j, ParseJson(*text, ServeInfoPath(data_dir).string()));
  ServeInfo info;
  FS_ASSIGN_OR_RETURN(info.url, GetString(j, "url"));
  FS_ASSIGN_OR_RETURN(info.pid, GetInt(j, "pid"));
  info.started_at = j.value("started_at", "");
  // A serve killed with SIGKILL leaves the file: its pid tells.
  if (info.pid <= 0 || (::kill(static_cast<pid_t>(info.pid), 0) != 0 && errno == ESRCH)) {
    return Status::NotFound("formsender serve (pid " + std::to_string(info.pid) +
                            ") is not running for " + data_dir.string());
  }
  return info;
}

void RemoveServeInfo(const std::filesystem::path& data_dir) {
  std::error_code ec;
  std::filesystem::remove(ServeInfoPath(data_dir), ec);
}

}  // namespace formsender::dispatcher

#include "objects/local_object_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/crypto.h"
#include "common/files.h"
#include "common/handles.h"
#include "common/strings.h"
#include "common/time.h"
#include "objects/object_naming.h"
#include "objects/url_parts.h"

namespace formsender::objects {
namespace {

constexpr size_t kSecretBytes = 32;
constexpr std::string_view kObjectsPath = "/objects/";

std::string ErrnoText() { return std::strerror(errno); }

bool IsKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

std::string TrimBaseUrl(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

Status ValidateObjectKey(std::string_view key) {
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument("object key \"" + std::string(key.substr(0, 200)) + "\" " +
                                   std::string(why));
  };
  if (key.empty() || key.size() > 1024) return bad("must be 1-1024 bytes long");
  for (const std::string& segment : Split(key, '/')) {
    if (segment.empty()) return bad("has an empty path segment");
    if (segment.front() == '.') return bad("has a segment starting with '.'");
    for (char c : segment) {
      if (!IsKeyChar(c)) return bad("may contain only letters, digits, '.', '_', '-' and '/'");
    }
  }
  return Status::Ok();
}

std::string ContentTypeForKey(std::string_view key) {
  if (key.ends_with(".json")) return "application/json; charset=utf-8";
  if (key.ends_with(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

LocalObjectStore::LocalObjectStore(std::filesystem::path objects_dir, std::string public_base_url,
                                   std::string secret, const Clock& clock)
    : objects_dir_(std::move(objects_dir)),
      public_base_url_(std::move(public_base_url)),
      secret_(std::move(secret)),
      clock_(clock) {}

Result<std::unique_ptr<LocalObjectStore>> LocalObjectStore::Open(LocalObjectStoreOptions options,
                                                                 const Clock& clock) {
  if (options.data_dir.empty())
    return Status::InvalidArgument("object store: data directory is empty");
  std::string base = TrimBaseUrl(options.public_base_url);
  auto parts = SplitUrl(base);
  if (!parts.ok() || (parts->scheme != "http" && parts->scheme != "https") || parts->host.empty() ||
      !parts->path.empty() || !parts->query.empty()) {
    return Status::InvalidArgument("object store: public URL \"" + options.public_base_url +
                                   "\" must be http(s)://host[:port] without a path");
  }
  std::filesystem::path objects_dir = options.data_dir / "objects";
  FS_RETURN_IF_ERROR(MakePrivateDirs(objects_dir));
  FS_ASSIGN_OR_RETURN(
      std::string secret,
      LoadOrCreateSecretFile(options.data_dir / "keys" / "objects-url.key", kSecretBytes));
  return std::unique_ptr<LocalObjectStore>(
      new LocalObjectStore(objects_dir, std::move(base), std::move(secret), clock));
}

std::string LocalObjectStore::RefFor(std::string_view key) const {
  return std::string(kLocalRefPrefix) + std::string(key);
}

Result<std::string> LocalObjectStore::KeyFromRef(std::string_view ref) const {
  FS_ASSIGN_OR_RETURN(std::string key, ParseLocalRef(ref));
  if (!ValidateObjectKey(key).ok())
    return Status::InvalidArgument("client_config_object is invalid");
  return key;
}

Result<std::string> LocalObjectStore::Put(std::string_view key, std::string_view data,
                                          std::string_view) {
  FS_RETURN_IF_ERROR(ValidateObjectKey(key));
  std::filesystem::path path = objects_dir_ / std::string(key);
  FS_RETURN_IF_ERROR(MakePrivateDirs(path.parent_path()));
  FS_RETURN_IF_ERROR(WriteFileAtomic(path, data));
  return RefFor(key);
}

Result<std::string> LocalObjectStore::Get(std::string_view key) {
  FS_RETURN_IF_ERROR(ValidateObjectKey(key));
  auto data = ReadFileNoFollow(objects_dir_ / std::string(key));
  if (!data.ok() && data.status().code() == StatusCode::kNotFound) {
    return Status::NotFound("no object " + RefFor(key));
  }
  return data;
}

Result<bool> LocalObjectStore::Exists(std::string_view key) {
  FS_RETURN_IF_ERROR(ValidateObjectKey(key));
  struct stat st {};
  if (::lstat((objects_dir_ / std::string(key)).c_str(), &st) == 0) return S_ISREG(st.st_mode);
  if (errno == ENOENT || errno == ENOTDIR) return false;
  return Status::Unavailable("cannot stat object " + std::string(key) + ": " + ErrnoText());
}

Status LocalObjectStore::Delete(std::string_view key) {
  FS_RETURN_IF_ERROR(ValidateObjectKey(key));
  std::filesystem::path path = objects_dir_ / std::string(key);
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound("no object " + RefFor(key));
    return Status::Unavailable("cannot delete " + path.string() + ": " + ErrnoText());
  }
  // Drop directories the delete left empty (one per day), never the objects directory itself.
  for (auto dir = path.parent_path();
       dir != objects_dir_ && dir.string().size() > objects_dir_.string().size();
       dir = dir.parent_path()) {
    if (::rmdir(dir.c_str()) != 0) break;
  }
  return Status::Ok();
}

std::string LocalObjectStore::Signature(std::string_view key, int64_t expires) const {
  return HexEncode(HmacSha256(secret_, "GET\n" + std::string(kObjectsPath) + std::string(key) +
                                           "\n" + std::to_string(expires)));
}

Result<std::string> LocalObjectStore::SignedGetUrl(std::string_view key, std::chrono::seconds ttl) {
  FS_RETURN_IF_ERROR(ValidateObjectKey(key));
  if (ttl.count() < 1 || ttl > std::chrono::hours(168)) {
    return Status::InvalidArgument("signed URL lifetime must be 1 s to 168 h, got " +
                                   std::to_string(ttl.count()) + " s");
  }
  int64_t expires = ToUnixSeconds(clock_.Now()) + ttl.count();
  return public_base_url_ + std::string(kObjectsPath) + PercentEncodePath(key) +
         "?expires=" + std::to_string(expires) + "&signature=" + Signature(key, expires);
}

Result<std::string> LocalObjectStore::Authorize(std::string_view raw_path,
                                                const std::map<std::string, std::string>& query,
                                                TimePoint now) const {
  if (!raw_path.starts_with(kObjectsPath)) {
    return Status::InvalidArgument("not an object path");
  }
  auto key = PercentDecode(raw_path.substr(kObjectsPath.size()));
  if (!key.ok() || !ValidateObjectKey(*key).ok()) {
    return Status::InvalidArgument("invalid object path");
  }
  auto expires_it = query.find("expires");
  auto signature_it = query.find("signature");
  if (expires_it == query.end() || signature_it == query.end()) {
    return Status::PermissionDenied("the object URL is not signed");
  }
  auto expires = ParseInt64(expires_it->second, "expires");
  if (!expires.ok()) return Status::PermissionDenied("the object URL signature does not match");
  // The signature is checked before the expiry, so a forged URL learns nothing about timing.
  if (!ConstantTimeEquals(Signature(*key, *expires), ToLowerAscii(signature_it->second))) {
    return Status::PermissionDenied("the object URL signature does not match");
  }
  if (ToUnixSeconds(now) > *expires) return Status::PermissionDenied("the object URL has expired");
  return std::move(*key);
}

Status LocalObjectStore::CheckIssuedUrl(std::string_view key, std::string_view url) const {
  auto parts = SplitUrl(url);
  auto base = SplitUrl(public_base_url_);
  if (!parts.ok() || parts->scheme != base->scheme || parts->host != base->host ||
      ToLowerAscii(parts->authority) != ToLowerAscii(base->authority)) {
    return Status::InvalidArgument("client_config_ref must point to " + public_base_url_ +
                                   std::string(kObjectsPath));
  }
  if (!parts->path.starts_with(kObjectsPath) || parts->path.size() == kObjectsPath.size()) {
    return Status::InvalidArgument("client_config_ref is missing object path");
  }
  auto path_key = PercentDecode(std::string_view(parts->path).substr(kObjectsPath.size()));
  if (!path_key.ok() || !ValidateObjectKey(*path_key).ok()) {
    return Status::InvalidArgument("client_config_ref path is invalid");
  }
  if (*path_key != key) {
    return Status::InvalidArgument("client_config_ref does not match client_config_object");
  }
  if (!parts->Param("expires") || !parts->Param("signature")) {
    return Status::InvalidArgument("client_config_ref must be a signed object URL");
  }
  return Status::Ok();
}

Result<SignedUrlInfo> LocalObjectStore::InspectSignedUrl(std::string_view url) const {
  auto parts = SplitUrl(url);
  if (!parts.ok()) return Status::InvalidArgument("client_config_ref is not a URL");
  SignedUrlInfo info;
  auto key = PercentDecode(
      std::string_view(parts->path).substr(std::min(parts->path.size(), kObjectsPath.size())));
  if (key.ok()) info.key = *key;
  if (const std::string* expires = parts->Param("expires")) {
    auto seconds = ParseInt64(*expires, "expires");
    if (!seconds.ok()) return Status::InvalidArgument("client_config_ref has a malformed expires");
    info.expires_at = FromUnixSeconds(*seconds);
  }
  return info;
}

}  // namespace formsender::objects

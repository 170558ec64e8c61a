#include "objects/local_object_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/crypto.h"
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

Status MakeDirs(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Unavailable("cannot create " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  return Status::Ok();
}

Status WriteAll(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::Unavailable("cannot write " + path.string() + ": " + ErrnoText());
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Status FsyncDir(const std::filesystem::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid() || ::fsync(fd.get()) != 0) {
    return Status::Unavailable("cannot sync directory " + dir.string() + ": " + ErrnoText());
  }
  return Status::Ok();
}

// Writes `data` to `path` atomically with mode 0600 (temp file, fsync, rename, fsync dir).
Status AtomicWrite(const std::filesystem::path& path, std::string_view data) {
  std::filesystem::path dir = path.parent_path();
  std::filesystem::path temp = dir / (".tmp-" + RandomHexToken(8));
  UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid())
    return Status::Unavailable("cannot create " + temp.string() + ": " + ErrnoText());
  Status written = WriteAll(fd.get(), data, temp);
  if (written.ok() && ::fsync(fd.get()) != 0) {
    written = Status::Unavailable("cannot sync " + temp.string() + ": " + ErrnoText());
  }
  fd.Reset();
  if (written.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    written = Status::Unavailable("cannot rename into " + path.string() + ": " + ErrnoText());
  }
  if (!written.ok()) {
    ::unlink(temp.c_str());
    return written;
  }
  return FsyncDir(dir);
}

Result<std::string> ReadFile(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound("no object " + path.string());
    return Status::Unavailable("cannot open " + path.string() + ": " + ErrnoText());
  }
  std::string out;
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::Unavailable("cannot read " + path.string() + ": " + ErrnoText());
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// Reads the signing key, creating it on first use. Two processes starting together agree:
// O_EXCL lets one create it, the other reads what the first wrote.
Result<std::string> LoadOrCreateSecret(const std::filesystem::path& keys_dir) {
  FS_RETURN_IF_ERROR(MakeDirs(keys_dir));
  std::filesystem::path path = keys_dir / "objects-url.key";
  for (int attempt = 0; attempt < 2; ++attempt) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
      if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(path.string() + " is not a file");
      if ((st.st_mode & 077) != 0) {
        return Status::PermissionDenied(path.string() +
                                        " is readable by other users; run chmod 600 on it");
      }
      FS_ASSIGN_OR_RETURN(std::string hex, ReadFile(path));
      auto secret = HexDecode(Trim(hex));
      if (!secret.ok() || secret->size() != kSecretBytes) {
        // A half-written file from a creator that died: only possible before it was renamed
        // into place, so a malformed file here was edited by hand.
        return Status::InvalidArgument(path.string() + " must hold 64 hexadecimal characters");
      }
      return std::move(*secret);
    }
    std::string secret = RandomBytes(kSecretBytes);
    std::filesystem::path temp = keys_dir / (".tmp-" + RandomHexToken(8));
    {
      UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
      if (!fd.valid())
        return Status::Unavailable("cannot create " + temp.string() + ": " + ErrnoText());
      FS_RETURN_IF_ERROR(WriteAll(fd.get(), HexEncode(secret) + "\n", temp));
      ::fsync(fd.get());
    }
    // link() fails with EEXIST when another process won the race: then read theirs.
    int rc = ::link(temp.c_str(), path.c_str());
    int link_errno = errno;
    ::unlink(temp.c_str());
    if (rc == 0) {
      FS_RETURN_IF_ERROR(FsyncDir(keys_dir));
      return secret;
    }
    if (link_errno != EEXIST) {
      return Status::Unavailable("cannot create " + path.string() + ": " +
                                 std::strerror(link_errno));
    }
  }
  return Status::Internal("cannot load " + path.string());
}

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
  FS_RETURN_IF_ERROR(MakeDirs(objects_dir));
  FS_ASSIGN_OR_RETURN(std::string secret, LoadOrCreateSecret(options.data_dir / "keys"));
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
  FS_RETURN_IF_ERROR(MakeDirs(path.parent_path()));
  FS_RETURN_IF_ERROR(AtomicWrite(path, data));
  return RefFor(key);
}

Result<std::string> LocalObjectStore::Get(std::string_view key) {
  FS_RETURN_IF_ERROR(ValidateObjectKey(key));
  auto data = ReadFile(objects_dir_ / std::string(key));
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

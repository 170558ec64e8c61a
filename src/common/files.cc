#include "common/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/crypto.h"
#include "common/handles.h"
#include "common/strings.h"

namespace formsender {
namespace {

std::string ErrnoText() { return std::strerror(errno); }

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

}  // namespace

Status MakePrivateDirs(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Unavailable("cannot create " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  return Status::Ok();
}

Status WriteFileAtomic(const std::filesystem::path& path, std::string_view data) {
  std::filesystem::path dir = path.parent_path();
  std::filesystem::path temp = dir / (".tmp-" + RandomHexToken(8));
  UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) {
    return Status::Unavailable("cannot create " + temp.string() + ": " + ErrnoText());
  }
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

Result<std::string> ReadFileNoFollow(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound("no file " + path.string());
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

Result<std::string> ReadSecretFile(const std::filesystem::path& path, size_t bytes) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound("no file " + path.string());
    return Status::Unavailable("cannot stat " + path.string() + ": " + ErrnoText());
  }
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(path.string() + " is not a file");
  if ((st.st_mode & 077) != 0) {
    return Status::PermissionDenied(path.string() +
                                    " is readable by other users; run chmod 600 on it");
  }
  FS_ASSIGN_OR_RETURN(std::string hex, ReadFileNoFollow(path));
  auto secret = HexDecode(Trim(hex));
  if (!secret.ok() || secret->size() != bytes) {
    // A creator that died never leaves a partial file (it links a complete one into place),
    // so a malformed file here was edited by hand.
    return Status::InvalidArgument(path.string() + " must hold " + std::to_string(bytes * 2) +
                                   " hexadecimal characters");
  }
  return std::move(*secret);
}

Result<std::string> LoadOrCreateSecretFile(const std::filesystem::path& path, size_t bytes) {
  std::filesystem::path dir = path.parent_path();
  FS_RETURN_IF_ERROR(MakePrivateDirs(dir));
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto existing = ReadSecretFile(path, bytes);
    if (existing.ok() || existing.status().code() != StatusCode::kNotFound) return existing;
    std::string secret = RandomBytes(bytes);
    std::filesystem::path temp = dir / (".tmp-" + RandomHexToken(8));
    {
      UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
      if (!fd.valid()) {
        return Status::Unavailable("cannot create " + temp.string() + ": " + ErrnoText());
      }
      FS_RETURN_IF_ERROR(WriteAll(fd.get(), HexEncode(secret) + "\n", temp));
      ::fsync(fd.get());
    }
    // link() fails with EEXIST when another process won the race: then read theirs.
    int rc = ::link(temp.c_str(), path.c_str());
    int link_errno = errno;
    ::unlink(temp.c_str());
    if (rc == 0) {
      FS_RETURN_IF_ERROR(FsyncDir(dir));
      return secret;
    }
    if (link_errno != EEXIST) {
      return Status::Unavailable("cannot create " + path.string() + ": " +
                                 std::strerror(link_errno));
    }
  }
  return Status::Internal("cannot load " + path.string());
}

}  // namespace formsender

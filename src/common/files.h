#pragma once
// Private files of the data directory: directories with mode 0700, files written atomically
// with mode 0600, and secrets (keys, tokens) created once and shared by every process that
// starts with the same data directory (the object store's signing key, the dispatcher token).

#include <filesystem>
#include <string>
#include <string_view>

#include "common/status.h"

namespace formsender {

// Creates `dir` (and its parents) if needed and makes it 0700.
Status MakePrivateDirs(const std::filesystem::path& dir);

// Writes `data` to `path` atomically with mode 0600: a temporary file in the same directory,
// fsync, rename, fsync of the directory. Readers see the old or the new content, never a part.
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view data);

// Reads the whole file without following a symlink at `path`. kNotFound when it does not exist.
Result<std::string> ReadFileNoFollow(const std::filesystem::path& path);

// The secret of `bytes` random bytes kept hex-encoded in `path` (mode 0600), created on first
// use. Processes starting together agree on one (the file appears with a link() of a fully
// written temporary file). A file readable by group or others is refused ("run chmod 600").
Result<std::string> LoadOrCreateSecretFile(const std::filesystem::path& path, size_t bytes);
// The same, without creating it: kNotFound when there is none yet.
Result<std::string> ReadSecretFile(const std::filesystem::path& path, size_t bytes);

}  // namespace formsender

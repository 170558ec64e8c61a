#pragma once
// Files compiled into the binary (migrations, dashboard assets, sample sites) by
// cmake/embed.cmake.

#include <string_view>
#include <vector>

namespace formsender {

struct EmbeddedFile {
  std::string_view path;  // relative to the folder that declared it
  std::string_view data;
};

}  // namespace formsender

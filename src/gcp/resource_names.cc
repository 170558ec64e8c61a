#include "gcp/resource_names.h"

#include <string>

#include "common/strings.h"

namespace formsender::gcp {

Status CheckResourceName(std::string_view name, std::string_view pattern, std::string_view what) {
  auto bad = [&] {
    return Status::InvalidArgument(std::string(what) + " \"" + std::string(name) +
                                   "\" must look like " + std::string(pattern));
  };
  std::vector<std::string> parts = Split(name, '/');
  std::vector<std::string> expected = Split(pattern, '/');
  if (parts.size() != expected.size()) return bad();
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].empty()) return bad();
    for (char c : parts[i]) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == '?' || c == '#') return bad();
    }
    if (expected[i] != "*" && parts[i] != expected[i]) return bad();
  }
  return Status::Ok();
}

}  // namespace formsender::gcp

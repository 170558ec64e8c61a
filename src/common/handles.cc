#include "common/handles.h"

#include <unistd.h>

namespace formsender {

void UniqueFd::Reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

}  // namespace formsender

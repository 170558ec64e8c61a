#include "sites/pauser.h"

namespace formsender::sites {

bool StoppablePauser::Pause(std::chrono::milliseconds duration) {
  std::unique_lock lock(mu_);
  return !cv_.wait_for(lock, duration, [this] { return stopped_; });
}

void StoppablePauser::Stop() {
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
  }
  cv_.notify_all();
}

void StoppablePauser::Reset() {
  std::lock_guard lock(mu_);
  stopped_ = false;
}

}  // namespace formsender::sites

#include "runner/watchers.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstring>

namespace formsender::runner {
namespace {

sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

SignalWatcher::SignalWatcher(std::function<void(int)> on_signal)
    : on_signal_(std::move(on_signal)) {
  sigset_t set = StopSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal_fd_ = UniqueFd(signalfd(-1, &set, SFD_CLOEXEC));
  wake_fd_ = UniqueFd(eventfd(0, EFD_CLOEXEC));
  if (!signal_fd_.valid() || !wake_fd_.valid()) {
    status_ = Status::Internal(std::string("signalfd/eventfd: ") + std::strerror(errno));
    return;
  }
  thread_ = std::thread([this] { Loop(); });
}

SignalWatcher::~SignalWatcher() {
  if (thread_.joinable()) {
    uint64_t one = 1;
    ssize_t n = ::write(wake_fd_.get(), &one, sizeof one);
    (void)n;
    thread_.join();
  }
  sigset_t set = StopSignals();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

void SignalWatcher::Loop() {
  while (true) {
    pollfd fds[2] = {{signal_fd_.get(), POLLIN, 0}, {wake_fd_.get(), POLLIN, 0}};
    int n = ::poll(fds, 2, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents) return;
    if (fds[0].revents & POLLIN) {
      signalfd_siginfo info{};
      if (::read(signal_fd_.get(), &info, sizeof info) == sizeof info) {
        on_signal_(static_cast<int>(info.ssi_signo));
      }
    }
  }
}

PreemptionWatcher::PreemptionWatcher(std::function<Result<bool>()> probe,
                                     std::chrono::milliseconds interval,
                                     std::function<void()> on_preempted)
    : probe_(std::move(probe)), interval_(interval), on_preempted_(std::move(on_preempted)) {}

PreemptionWatcher::~PreemptionWatcher() { Stop(); }

void PreemptionWatcher::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void PreemptionWatcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PreemptionWatcher::Loop() {
  while (true) {
    auto preempted = probe_();
    if (preempted.ok() && *preempted) {
      on_preempted_();
      return;
    }
    std::unique_lock<std::mutex> lock(mu_);
    // Real time on purpose: this thread only exists on a Spot VM, where the platform's clock
    // is the one that matters.
    if (cv_.wait_for(lock, interval_, [this] { return stop_; })) return;
  }
}

}  // namespace formsender::runner

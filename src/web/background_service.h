#pragma once
// Something `formsender serve` runs next to its HTTP server (the task deliverer, the batch
// monitor, the scheduler loop of a later issue): started after the server listens, stopped
// before it closes.

#include <string_view>

#include "common/status.h"

namespace formsender::web {

class BackgroundService {
 public:
  virtual ~BackgroundService() = default;
  virtual std::string_view name() const = 0;
  virtual Status Start() = 0;
  // Returns when the service has stopped; work in flight is finished or handed over.
  virtual void Stop() = 0;
};

}  // namespace formsender::web

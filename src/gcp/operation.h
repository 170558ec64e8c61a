#pragma once
// google.longrunning.Operation as returned by Batch jobs.delete and the Cloud Run v2 methods.

#include <optional>
#include <string>

#include "common/json.h"
#include "common/status.h"

namespace formsender::gcp {

struct Operation {
  std::string name;
  bool done = false;
  std::optional<Status> error;  // set when done with an error (google.rpc.Status mapped)
  Json metadata;                // may carry "@type"
  Json response;
  Json raw;
};

// Unknown fields are ignored; a body that is not an object is an error.
Result<Operation> ParseOperation(const Json& body, std::string_view what);

}  // namespace formsender::gcp

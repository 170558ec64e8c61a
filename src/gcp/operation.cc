#include "gcp/operation.h"

#include "gcp/api_error.h"

namespace formsender::gcp {
namespace {

// google.rpc.Code numbers → their canonical names (for StatusCodeForApiError).
std::string_view RpcCodeName(int64_t code) {
  static constexpr std::string_view kNames[] = {"OK",
                                                "CANCELLED",
                                                "UNKNOWN",
                                                "INVALID_ARGUMENT",
                                                "DEADLINE_EXCEEDED",
                                                "NOT_FOUND",
                                                "ALREADY_EXISTS",
                                                "PERMISSION_DENIED",
                                                "RESOURCE_EXHAUSTED",
                                                "FAILED_PRECONDITION",
                                                "ABORTED",
                                                "OUT_OF_RANGE",
                                                "UNIMPLEMENTED",
                                                "INTERNAL",
                                                "UNAVAILABLE",
                                                "DATA_LOSS",
                                                "UNAUTHENTICATED"};
  if (code < 0 || code >= static_cast<int64_t>(std::size(kNames))) return "UNKNOWN";
  return kNames[code];
}

}  // namespace

Result<Operation> ParseOperation(const Json& body, std::string_view what) {
  if (!body.is_object()) {
    return Status::Unavailable(std::string(what) + ": operation is not a JSON object");
  }
  Operation op;
  op.raw = body;
  op.name = body.value("name", "");
  op.done = body.value("done", false);
  if (auto it = body.find("metadata"); it != body.end()) op.metadata = *it;
  if (auto it = body.find("response"); it != body.end()) op.response = *it;
  if (auto it = body.find("error"); it != body.end() && it->is_object()) {
    int64_t code = it->value("code", int64_t{2});
    ApiError error;
    error.status = std::string(RpcCodeName(code));
    error.message = it->value("message", "");
    Status status = ApiErrorToStatus(std::string(what) + " operation " + op.name, error);
    op.error = Status(status.code(), status.message());
  }
  return op;
}

}  // namespace formsender::gcp

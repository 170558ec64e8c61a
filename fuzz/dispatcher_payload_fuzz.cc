// The dispatcher's request bodies on arbitrary text: POST /v1/form-sender/tasks and
// /signed-url/refresh are parsed like the reference's pydantic models. Whatever arrives, the
// parse ends in a task or in field errors that each name a path under "body" (never both, never
// neither, never an exception), and an accepted task written back as metadata.task_payload
// parses again to the same payload.
//
// Input: one selector line ("gcs" or "local": which object store's rules), then the JSON body.
#include <cstdint>
#include <string>

#include "common/json.h"
#include "dispatcher/task_payload.h"
#include "fuzz/fuzz_input.h"

namespace {

using namespace formsender;

void CheckErrors(const std::vector<dispatcher::FieldError>& errors) {
  for (const dispatcher::FieldError& e : errors) {
    FUZZ_CHECK(e.loc.is_array() && !e.loc.empty() && e.loc[0] == "body",
               "an error without a body path: " + DumpJson(e.ToJson()));
    FUZZ_CHECK(!e.msg.empty() && !e.type.empty(), "an error without a message or type");
    (void)DumpJson(e.ToJson());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::FuzzInput in(data, size);
  dispatcher::PayloadRules rules;
  if (in.Line(16) == "local") rules = {"local://objects/", "http://127.0.0.1:8080"};
  auto body = ParseJson(in.Rest(), "body");
  if (!body.ok()) return 0;

  dispatcher::TaskParse task = dispatcher::ParseFormSenderTask(*body, rules);
  FUZZ_CHECK(task.task.has_value() == task.errors.empty(),
             "a task parse must end in a task or in errors, not both or neither");
  CheckErrors(task.errors);
  if (task.task) {
    Json payload = task.task->ToJson();
    dispatcher::TaskParse again = dispatcher::ParseFormSenderTask(payload, rules);
    FUZZ_CHECK(again.task.has_value(),
               "an accepted task written back does not parse: " + DumpJson(payload));
    FUZZ_CHECK(again.task->ToJson() == payload, "the payload changed on a second parse");
  }

  dispatcher::RefreshParse refresh = dispatcher::ParseRefreshRequest(*body);
  FUZZ_CHECK(refresh.request.has_value() == refresh.errors.empty(),
             "a refresh parse must end in a request or in errors");
  CheckErrors(refresh.errors);
  return 0;
}

#include "browser/dom_agent.h"

#include "common/embedded.h"
#include "common/strings.h"

namespace formsender::browser {

const std::vector<EmbeddedFile>& EmbeddedScripts();  // generated from js/*.js

namespace {

constexpr const char* kWorldName = "formsender";

std::string ExceptionText(const Json& details) {
  if (details.contains("exception") && details["exception"].contains("description") &&
      details["exception"]["description"].is_string()) {
    return details["exception"]["description"].get<std::string>();
  }
  return details.value("text", std::string("script exception"));
}

bool IsStaleContext(const Status& s) {
  return s.code() == StatusCode::kUnavailable &&
         (s.message().find("Cannot find context") != std::string::npos ||
          s.message().find("Execution context was destroyed") != std::string::npos);
}

}  // namespace

std::string_view AgentScript() {
  for (const auto& f : EmbeddedScripts()) {
    if (f.path == "js/agent.js") return f.data;
  }
  return {};
}

Result<Json> DomAgent::EvalIn(int context_id, const std::string& expression, bool by_value,
                              std::chrono::milliseconds timeout) {
  Json params = {{"expression", expression},
                 {"contextId", context_id},
                 {"returnByValue", by_value},
                 {"awaitPromise", false},
                 {"userGesture", true}};
  auto r = cdp_.Call("Runtime.evaluate", std::move(params), session_, timeout);
  if (!r.ok()) {
    if (r.status().code() == StatusCode::kDeadlineExceeded) {
      return Status::DeadlineExceeded("the page did not answer within " +
                                      std::to_string(timeout.count()) +
                                      " ms (a script keeps it busy)");
    }
    return r.status();
  }
  if (r->contains("exceptionDetails")) {
    std::string text = ExceptionText((*r)["exceptionDetails"]);
    if (text.find("is not in the page any more") != std::string::npos) {
      return Status::NotFound(text);
    }
    return Status::Internal("formsender script failed in the page: " + text);
  }
  if (!r->contains("result")) return Status::Internal("Runtime.evaluate returned no result");
  return std::move((*r)["result"]);
}

Result<DomAgent::World> DomAgent::EnsureWorld(const std::string& frame_id,
                                              std::chrono::milliseconds timeout) {
  {
    std::lock_guard lock(mu_);
    if (auto it = worlds_.find(frame_id); it != worlds_.end()) return it->second;
  }
  auto created = cdp_.Call("Page.createIsolatedWorld",
                           {{"frameId", frame_id}, {"worldName", kWorldName}}, session_, timeout);
  if (!created.ok()) return created.status();
  World world;
  world.context_id = created->value("executionContextId", 0);
  if (world.context_id == 0) return Status::Internal("Page.createIsolatedWorld gave no context");
  int proposed;
  {
    std::lock_guard lock(mu_);
    proposed = next_document_;
  }
  std::string install = "(" + std::string(AgentScript()) + ")(" + std::to_string(proposed) + ")";
  FS_ASSIGN_OR_RETURN(Json installed, EvalIn(world.context_id, install, true, timeout));
  if (!installed.contains("value") || !installed["value"].is_number_integer()) {
    return Status::Internal("the formsender script did not install in frame " + frame_id);
  }
  world.document_index = installed["value"].get<int>();
  std::lock_guard lock(mu_);
  if (world.document_index >= next_document_) next_document_ = world.document_index + 1;
  worlds_[frame_id] = world;
  document_frame_[world.document_index] = frame_id;
  return world;
}

Result<Json> DomAgent::Eval(const std::string& frame_id, const std::string& expression,
                            std::chrono::milliseconds timeout) {
  for (int attempt = 0;; ++attempt) {
    auto world = EnsureWorld(frame_id, timeout);
    Result<Json> r = world.ok() ? EvalIn(world->context_id, expression, true, timeout)
                                : Result<Json>(world.status());
    if (r.ok()) return r->contains("value") ? (*r)["value"] : Json();
    if (attempt == 0 && IsStaleContext(r.status())) {
      ForgetFrame(frame_id);  // the document was replaced under us: install in the new one
      continue;
    }
    return r.status();
  }
}

Result<std::string> DomAgent::ObjectId(const std::string& frame_id, const std::string& element_id,
                                       std::chrono::milliseconds timeout) {
  FS_ASSIGN_OR_RETURN(World world, EnsureWorld(frame_id, timeout));
  FS_ASSIGN_OR_RETURN(
      Json result,
      EvalIn(world.context_id, "__fs.find(" + DumpJson(Json(element_id)) + ")", false, timeout));
  if (!result.contains("objectId")) {
    return Status::NotFound("element " + element_id + " is not in the page any more");
  }
  return result["objectId"].get<std::string>();
}

Result<std::string> DomAgent::IdOfBackendNode(const std::string& frame_id, int backend_node_id,
                                              std::chrono::milliseconds timeout) {
  FS_ASSIGN_OR_RETURN(World world, EnsureWorld(frame_id, timeout));
  FS_ASSIGN_OR_RETURN(Json node, cdp_.Call("DOM.resolveNode",
                                           {{"backendNodeId", backend_node_id},
                                            {"executionContextId", world.context_id}},
                                           session_, timeout));
  if (!node.contains("object") || !node["object"].contains("objectId")) {
    return Status::NotFound("DOM node " + std::to_string(backend_node_id) + " has no object");
  }
  std::string object_id = node["object"]["objectId"].get<std::string>();
  auto r = cdp_.Call("Runtime.callFunctionOn",
                     {{"objectId", object_id},
                      {"functionDeclaration", "function() { return __fs.idOf(this); }"},
                      {"returnByValue", true}},
                     session_, timeout);
  cdp_.Post("Runtime.releaseObject", {{"objectId", object_id}}, session_);
  if (!r.ok()) return r.status();
  if (r->contains("exceptionDetails")) {
    return Status::Internal("cannot name DOM node: " + ExceptionText((*r)["exceptionDetails"]));
  }
  const Json& value = (*r)["result"]["value"];
  if (!value.is_string()) return Status::Internal("idOf returned no id");
  return value.get<std::string>();
}

Result<std::string> DomAgent::FrameOfElement(const std::string& element_id) const {
  size_t dot = element_id.find('.');
  auto doc = dot == std::string::npos ? Result<int64_t>(Status::InvalidArgument("no dot"))
                                      : ParseInt64(element_id.substr(0, dot));
  if (!doc.ok() || dot + 1 >= element_id.size()) {
    return Status::InvalidArgument("element id \"" + element_id +
                                   "\" is not a data-fs-id (expected <document>.<number>)");
  }
  std::lock_guard lock(mu_);
  auto it = document_frame_.find(static_cast<int>(*doc));
  if (it != document_frame_.end()) {
    auto w = worlds_.find(it->second);
    if (w != worlds_.end() && w->second.document_index == *doc) return it->second;
  }
  return Status::NotFound("element " + element_id +
                          " belongs to a document that is no longer loaded (the page navigated "
                          "since the snapshot it came from)");
}

int DomAgent::DocumentIndex(const std::string& frame_id) const {
  std::lock_guard lock(mu_);
  auto it = worlds_.find(frame_id);
  return it == worlds_.end() ? 0 : it->second.document_index;
}

void DomAgent::ForgetFrame(const std::string& frame_id) {
  std::lock_guard lock(mu_);
  auto it = worlds_.find(frame_id);
  if (it == worlds_.end()) return;
  document_frame_.erase(it->second.document_index);
  worlds_.erase(it);
}

void DomAgent::ForgetAll() {
  std::lock_guard lock(mu_);
  worlds_.clear();
  document_frame_.clear();
}

}  // namespace formsender::browser

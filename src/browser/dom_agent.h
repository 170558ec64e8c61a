#pragma once
// Runs formsender's script (js/agent.js) inside each frame of one page, in an isolated world
// named "formsender": element ids, serialization, DOM quietness and the DOM half of filling.
//
// Element ids are "<document index>.<n>". Each document (a frame after each navigation) gets a
// new index from this page's counter, so an id always names one element of one document; an id
// of a replaced document is reported as such instead of hitting another element.
//
// Thread-safety: calls may come from the session's caller thread while the event thread calls
// ForgetFrame; a mutex guards the maps (CDP calls are made outside it).

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "browser/cdp_connection.h"
#include "common/json.h"
#include "common/status.h"

namespace formsender::browser {

class DomAgent {
 public:
  DomAgent(CdpConnection& cdp, std::string session_id) : cdp_(cdp), session_(session_id) {}

  // Evaluates `expression` (JavaScript using the agent, e.g. "__fs.serialize(1000)") in the
  // frame's world, installing the agent first when the frame's document is new, and returns the
  // value. A script exception becomes kNotFound when an element is gone, kInternal otherwise;
  // kDeadlineExceeded when the page does not answer (a busy script).
  Result<Json> Eval(const std::string& frame_id, const std::string& expression,
                    std::chrono::milliseconds timeout);
  // A remote object id (for DOM.* calls) of element `element_id` in `frame_id`'s world.
  Result<std::string> ObjectId(const std::string& frame_id, const std::string& element_id,
                               std::chrono::milliseconds timeout);
  // The data-fs-id of the element behind a DOM backend node id, as seen from `frame_id`.
  Result<std::string> IdOfBackendNode(const std::string& frame_id, int backend_node_id,
                                      std::chrono::milliseconds timeout);

  // The frame whose current document holds `element_id`: kInvalidArgument for a malformed id,
  // kNotFound when the document it came from is gone.
  Result<std::string> FrameOfElement(const std::string& element_id) const;
  // The document index of the frame's current document (0 when not installed yet).
  int DocumentIndex(const std::string& frame_id) const;

  // The frame's document changed or went away: its world must be made again.
  void ForgetFrame(const std::string& frame_id);
  void ForgetAll();

 private:
  struct World {
    int context_id = 0;
    int document_index = 0;
  };
  Result<World> EnsureWorld(const std::string& frame_id, std::chrono::milliseconds timeout);
  Result<Json> EvalIn(int context_id, const std::string& expression, bool by_value,
                      std::chrono::milliseconds timeout);

  CdpConnection& cdp_;
  std::string session_;
  mutable std::mutex mu_;
  std::map<std::string, World> worlds_;        // frame id -> its current world
  std::map<int, std::string> document_frame_;  // document index -> frame id
  int next_document_ = 1;
};

// The agent script itself (embedded from js/agent.js).
std::string_view AgentScript();

}  // namespace formsender::browser

// Page snapshots: every frame serialized by the agent, the network record since the last
// snapshot, the context's cookies, and the optional screenshot.

#include <filesystem>
#include <fstream>

#include "browser/browser_pool.h"
#include "browser/page.h"
#include "common/strings.h"

namespace formsender::browser {
namespace {

struct FrameNode {
  std::string id;
  std::string parent_id;
  std::string url;
};

void Flatten(const Json& tree, const std::string& parent, std::vector<FrameNode>& out,
             size_t max_frames) {
  if (out.size() >= max_frames || !tree.contains("frame")) return;
  const Json& frame = tree["frame"];
  FrameNode node{frame.value("id", std::string()), parent, frame.value("url", std::string())};
  out.push_back(node);
  if (!tree.contains("childFrames")) return;
  for (const auto& child : tree["childFrames"]) Flatten(child, node.id, out, max_frames);
}

Cookie CookieFromCdp(const Json& c) {
  Cookie cookie;
  cookie.name = c.value("name", std::string());
  cookie.value = c.value("value", std::string());
  cookie.domain = c.value("domain", std::string());
  cookie.path = c.value("path", std::string("/"));
  cookie.expires_unix_s = c.value("session", false) ? -1 : c.value("expires", -1.0);
  cookie.http_only = c.value("httpOnly", false);
  cookie.secure = c.value("secure", false);
  cookie.same_site = c.value("sameSite", std::string());
  return cookie;
}

// The request was refused by our own interceptor; it is listed under `blocked` instead.
bool BlockedByUs(const NetworkExchange& x) {
  return x.error.find("ERR_BLOCKED_BY_CLIENT") != std::string::npos ||
         x.error.find("ERR_ACCESS_DENIED") != std::string::npos;
}

}  // namespace

Result<std::vector<FrameSnapshot>> Page::SerializeFrames(const Deadlines& deadlines) {
  FS_ASSIGN_OR_RETURN(Json tree, cdp_.Call("Page.getFrameTree", Json::object(), target_.session_id,
                                           Remaining(deadlines)));
  std::vector<FrameNode> nodes;
  Flatten(tree["frameTree"], "", nodes, static_cast<size_t>(std::max(options_.max_frames, 1)));
  std::vector<FrameSnapshot> frames;
  const std::string call = "__fs.serialize(" + std::to_string(options_.max_html_bytes) + ")";
  for (const auto& node : nodes) {
    auto serialized = Agent(node.id, call, deadlines);
    if (!serialized.ok()) {
      // A child frame that went away meanwhile is simply not part of the page any more.
      bool gone = serialized.status().code() == StatusCode::kNotFound ||
                  serialized.status().code() == StatusCode::kUnavailable;
      if (!node.parent_id.empty() && gone && CheckAlive().ok()) continue;
      return serialized.status().WithContext("serializing frame " + node.url);
    }
    FrameSnapshot f;
    f.frame_id = node.id;
    f.parent_frame_id = node.parent_id;
    f.url = node.url;
    f.document_index = agent_.DocumentIndex(node.id);
    f.html = serialized->value("html", std::string());
    f.title = serialized->value("title", std::string());
    f.html_truncated = serialized->value("truncated", false);
    if (f.html.size() > options_.max_html_bytes) {
      f.html.resize(options_.max_html_bytes);
      f.html_truncated = true;
    }
    if (!node.parent_id.empty()) {
      auto owner = cdp_.Call("DOM.getFrameOwner", {{"frameId", node.id}}, target_.session_id,
                             Remaining(deadlines));
      if (owner.ok() && owner->contains("backendNodeId")) {
        auto id = agent_.IdOfBackendNode(node.parent_id, (*owner)["backendNodeId"].get<int>(),
                                         Remaining(deadlines));
        if (id.ok()) f.owner_element_id = *id;
      }
    }
    frames.push_back(std::move(f));
  }
  if (frames.empty()) return Status::Unavailable("the page has no frame to serialize");
  return frames;
}

void Page::DrainNetwork(PageSnapshot& snapshot) {
  std::lock_guard lock(mu_);
  std::vector<NetworkExchange> kept;
  std::map<std::string, size_t> kept_index;
  for (const auto& [request_id, index] : exchange_index_) {
    // Requests still running stay recorded, so their answer is not lost to the next snapshot.
    if (in_flight_.count(request_id)) {
      kept_index[request_id] = kept.size();
      kept.push_back(exchanges_[index]);
    }
  }
  for (auto& x : exchanges_) {
    if (!BlockedByUs(x)) snapshot.network.push_back(std::move(x));
  }
  exchanges_ = std::move(kept);
  exchange_index_ = std::move(kept_index);
  snapshot.blocked = std::move(blocked_);
  blocked_.clear();
  snapshot.dialogs = std::move(dialogs_);
  dialogs_.clear();
  snapshot.popups = std::move(popups_);
  popups_.clear();
}

std::string Page::WriteScreenshot(const std::string& path, const Deadlines& deadlines) {
  const std::string& s = target_.session_id;
  auto metrics = cdp_.Call("Page.getLayoutMetrics", Json::object(), s, Remaining(deadlines));
  if (!metrics.ok()) return metrics.status().message();
  const Json& size = (*metrics)["cssContentSize"];
  // Bounded: an endless page would make an enormous image.
  double width = std::clamp(size.value("width", 1280.0), 1.0, 4096.0);
  double height = std::clamp(size.value("height", 900.0), 1.0, 16384.0);
  Json clip = {{"x", 0}, {"y", 0}, {"width", width}, {"height", height}, {"scale", 1}};
  auto shot = cdp_.Call("Page.captureScreenshot",
                        {{"format", "png"}, {"clip", clip}, {"captureBeyondViewport", true}}, s,
                        Remaining(deadlines));
  if (!shot.ok()) return shot.status().message();
  auto png = Base64Decode(shot->value("data", std::string()));
  if (!png.ok()) return "screenshot data is not base64: " + png.status().message();
  std::error_code ec;
  std::filesystem::path target(path);
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  std::string temp = path + ".partial";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(png->data(), static_cast<std::streamsize>(png->size()));
    if (!out) return "cannot write " + temp;
  }
  std::filesystem::rename(temp, target, ec);
  if (ec) return "cannot write " + path + ": " + ec.message();
  return "";
}

Result<PageSnapshot> Page::TakeSnapshot(const StepOptions& options, const Deadlines& deadlines) {
  PageSnapshot snapshot;
  FS_ASSIGN_OR_RETURN(snapshot.frames, SerializeFrames(deadlines));
  auto cookies = cdp_.Call("Storage.getCookies", {{"browserContextId", context_id_}}, "",
                           Remaining(deadlines));
  if (!cookies.ok()) return cookies.status().WithContext("reading the session's cookies");
  for (const auto& c : (*cookies)["cookies"]) snapshot.cookies.push_back(CookieFromCdp(c));
  {
    std::lock_guard lock(mu_);
    snapshot.url = snapshot.frames.front().url.empty() ? main_url_ : snapshot.frames.front().url;
    if (auto it = document_status_.find(loader_id_); it != document_status_.end()) {
      snapshot.http_status = it->second;
    }
  }
  if (!options.screenshot_path.empty()) {
    snapshot.screenshot_error = WriteScreenshot(options.screenshot_path, deadlines);
    if (snapshot.screenshot_error.empty()) snapshot.screenshot_path = options.screenshot_path;
  }
  DrainNetwork(snapshot);
  return snapshot;
}

}  // namespace formsender::browser

#pragma once
// What the browser fallback hands to the engine, and the plan the engine hands back.
//
// The engine renders a page (BrowserSession::Render), runs its ordinary analysis on the HTML of
// PageSnapshot::frames (form choice, labels, classification, values, refusal and CAPTCHA
// decisions), then expresses what to type and click as a FillPlan over the `data-fs-id`
// attributes found in that HTML, and runs it (BrowserSession::Execute). Every element of every
// frame carries a `data-fs-id` in the serialized HTML; the live page is not modified (the ids
// live in an isolated script world), so page scripts never see them.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace formsender::browser {

// One frame's document, serialized after the page settled. The HTML is a complete document
// (doctype included) whose form controls show their live state: `value` attributes hold what
// an input currently contains, `<textarea>` text its current value, `checked` and `selected`
// the current choices. Controls, buttons, links and labels also carry
// data-fs-visible="1|0" (rendered and not hidden by CSS).
struct FrameSnapshot {
  std::string frame_id;  // Chromium's frame id (stable while the frame exists)
  // Element ids of this document start with "<document_index>." (a new document, after a
  // navigation, gets a new index, so ids of a replaced page are never mistaken for new ones).
  int document_index = 0;
  std::string parent_frame_id;  // "" for the main frame
  std::string url;
  // data-fs-id of the <iframe>/<frame> element hosting this frame in its parent's HTML ("" for
  // the main frame, or when the owner could not be identified).
  std::string owner_element_id;
  std::string html;
  std::string title;
  bool html_truncated = false;  // the document exceeded BrowserOptions::max_html_bytes
};

// A request the page made, with its response. Bodies are kept for XHR/fetch (where AJAX forms
// such as Contact Form 7 answer, e.g. {"status":"mail_sent"}) and for request bodies the page
// posted, each capped at BrowserOptions::max_body_bytes.
struct NetworkExchange {
  std::string url;
  std::string method;
  std::string resource_type;  // CDP type: "Document", "XHR", "Fetch", "Script", ...
  std::string frame_id;
  int status = 0;  // 0: no response (failed, blocked, or still running)
  std::string mime_type;
  std::string remote_address;  // "203.0.113.7:443"
  std::string request_body;
  std::string response_body;  // XHR/Fetch with a textual MIME type only
  bool body_truncated = false;
  std::string error;  // "net::ERR_CONNECTION_REFUSED", "net::ERR_BLOCKED_BY_CLIENT", ...
};

// A request refused before it left the browser.
struct BlockedRequest {
  std::string url;
  std::string resource_type;
  std::string frame_id;
  // "address policy: refused destination 10.0.0.5: private address; ...", "resource type
  // Image", "tracker googletagmanager.com", "scheme ftp".
  std::string reason;
  bool is_policy = false;  // refused by the SSRF policy (as opposed to saving time)
};

struct Cookie {
  std::string name;
  std::string value;
  std::string domain;
  std::string path = "/";
  double expires_unix_s = -1;  // -1: session cookie
  bool http_only = false;
  bool secure = false;
  std::string same_site;  // "Strict", "Lax", "None" or ""
};

// How the wait for a quiet page ended. Render/Execute fail with kDeadlineExceeded only when the
// document never became usable (no DOMContentLoaded) or the page stopped answering; a page that
// loaded but kept its network or DOM busy is returned with settled() false after
// StepOptions::settle_timeout.
struct SettleReport {
  bool load_event = false;    // the window load event fired
  bool network_idle = false;  // no request in flight for StepOptions::network_idle
  bool dom_stable = false;    // no DOM mutation for StepOptions::dom_quiet
  std::chrono::milliseconds waited{0};
  // When the network did not go idle: URLs of requests still running (at most 10).
  std::vector<std::string> pending_requests;
  bool settled() const { return load_event && network_idle && dom_stable; }
};

struct PageSnapshot {
  std::string url;                    // the main frame's URL
  int http_status = 0;                // status of the main document's response (0 if not seen)
  std::vector<FrameSnapshot> frames;  // frames[0] is the main frame, then in tree order
  std::vector<Cookie> cookies;        // every cookie of this session's browser context
  // Requests since the previous snapshot of this session (the whole load for Render; what the
  // click caused for Execute), in the order they were sent.
  std::vector<NetworkExchange> network;
  std::vector<BlockedRequest> blocked;
  // JavaScript dialogs shown and accepted since the previous snapshot ("confirm: 送信しますか？").
  std::vector<std::string> dialogs;
  // Windows the page opened since the previous snapshot (target="_blank" forms, window.open),
  // by their first URL. Their requests pass the same filter and appear under `network`; their
  // documents are not serialized.
  std::vector<std::string> popups;
  SettleReport settle;
  std::string screenshot_path;   // set when a screenshot was asked for and written
  std::string screenshot_error;  // why it could not be written (the step itself succeeded)

  const FrameSnapshot& main_frame() const { return frames.front(); }
  // The frame whose document holds `element_id`, or nullptr.
  const FrameSnapshot* FrameOf(std::string_view element_id) const;
};

enum class FillKind {
  kText,     // input (text-like types) / textarea / contenteditable: replace the value
  kSelect,   // <select>: choose one option
  kCheck,    // checkbox: ensure checked
  kUncheck,  // checkbox: ensure unchecked
  kRadio,    // radio button: ensure this one is selected
};

std::string_view FillKindName(FillKind kind);  // "text", "select", "check", "uncheck", "radio"
Result<FillKind> ParseFillKind(std::string_view name);

struct FillAction {
  std::string element_id;  // a data-fs-id from the latest snapshot
  FillKind kind = FillKind::kText;
  // kText: the text to put in (an empty text clears the field). kSelect: the option whose
  // value equals this, else whose trimmed label equals it. Ignored for the other kinds.
  std::string value = {};
  // kSelect: the data-fs-id of the <option> to choose; wins over `value` when set.
  std::string option_id = {};
  // kText: one key event per character instead of a single Input.insertText (for inputs with
  // key handlers, e.g. masked phone fields).
  bool per_key_events = false;
};

// Fill these, in order, then click `submit_element_id` (leave it empty to fill only; leave
// `actions` empty to only click, e.g. the 送信 button of a confirmation page).
struct FillPlan {
  std::vector<FillAction> actions = {};
  std::string submit_element_id = {};
};

struct ActionOutcome {
  std::string element_id;
  FillKind kind = FillKind::kText;
  // The element holds the wanted state afterwards (text: the value contains what was asked;
  // select: the option is selected; check/uncheck/radio: the checked state is right).
  bool ok = false;
  std::string actual_value;  // value after filling (text, select)
  bool checked = false;      // checked state after filling (check, uncheck, radio)
  // How it was done: "insert_text", "keys", "clear", "select", "mouse", "label", "js_click",
  // "js_set", "unchanged".
  std::string method;
  std::string error;  // why not ok ("element 3.17 is disabled", "no option matches ...")
};

struct ExecuteResult {
  std::vector<ActionOutcome> actions;
  bool clicked = false;      // the submit element received the click
  std::string click_method;  // "mouse" or "js_click"
  std::string click_error;   // why there was no click ("submit element 1.9 is disabled")
  bool navigated = false;    // the main frame committed a new document after the click
  PageSnapshot page;         // the page after settling
};

// Limits and waits of one Render or Execute call.
struct StepOptions {
  // Hard bound on the whole call. The document must reach DOMContentLoaded (after the
  // navigation, or after a navigation the click started) within it: kDeadlineExceeded if not.
  std::chrono::milliseconds timeout{30'000};
  // Once the document is usable, how long to wait at most for load + network idle + DOM
  // stable before returning anyway (bounded by `timeout`).
  std::chrono::milliseconds settle_timeout{10'000};
  std::chrono::milliseconds network_idle{500};
  std::chrono::milliseconds dom_quiet{500};
  // Execute: wait at least this long after the click before judging the page settled, so a
  // handler that submits after a short timer is not missed.
  std::chrono::milliseconds min_wait_after_click{300};
  // When not empty, a PNG of the whole page is written here after settling (evidence).
  std::string screenshot_path;
};

}  // namespace formsender::browser

// Filling and clicking with real input events: text through Input.insertText (or one key event
// per character), clicks through Input.dispatchMouseEvent at the element's center, so
// framework-bound forms (React, Vue) see what a user would produce. Script fallbacks are used
// only when the real event did not reach the element, and are reported as such.

#include "browser/browser_pool.h"
#include "browser/page.h"
#include "common/strings.h"

namespace formsender::browser {
namespace {

constexpr size_t kMaxActions = 500;

std::string Quoted(const std::string& s) { return DumpJson(Json(s)); }

std::string WithoutCarriageReturns(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
  return s;
}

// UTF-8 code points as separate strings (invalid bytes pass through one by one).
std::vector<std::string> CodePoints(const std::string& text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xe  ? 3
                 : (c >> 3) == 0x1e ? 4
                                    : 1;
    len = std::min(len, text.size() - i);
    out.push_back(text.substr(i, len));
    i += len;
  }
  return out;
}

bool TextMatches(const std::string& actual, const std::string& wanted) {
  std::string a = WithoutCarriageReturns(actual), w = WithoutCarriageReturns(wanted);
  return a == w || (!w.empty() && a.find(w) != std::string::npos);
}

}  // namespace

Status Page::CheckPlan(const FillPlan& plan) const {
  if (plan.actions.size() > kMaxActions) {
    return Status::InvalidArgument("a plan may hold at most " + std::to_string(kMaxActions) +
                                   " actions, this one has " + std::to_string(plan.actions.size()));
  }
  if (plan.actions.empty() && plan.submit_element_id.empty()) {
    return Status::InvalidArgument("the plan has nothing to fill and nothing to click");
  }
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    const FillAction& a = plan.actions[i];
    std::string where =
        "plan action " + std::to_string(i) + " (" + std::string(FillKindName(a.kind)) + ")";
    if (a.element_id.empty()) return Status::InvalidArgument(where + " has no element id");
    auto frame = agent_.FrameOfElement(a.element_id);
    if (!frame.ok()) return frame.status().WithContext(where);
    if (a.kind == FillKind::kSelect && !a.option_id.empty()) {
      auto option_frame = agent_.FrameOfElement(a.option_id);
      if (!option_frame.ok()) return option_frame.status().WithContext(where);
      if (*option_frame != *frame) {
        return Status::InvalidArgument(where + ": option " + a.option_id +
                                       " is not in the same document as " + a.element_id);
      }
    }
  }
  if (!plan.submit_element_id.empty()) {
    auto frame = agent_.FrameOfElement(plan.submit_element_id);
    if (!frame.ok()) return frame.status().WithContext("the plan's submit element");
  }
  return Status::Ok();
}

Status Page::Fill(const FillAction& action, ActionOutcome& out, const Deadlines& deadlines) {
  out.element_id = action.element_id;
  out.kind = action.kind;
  auto frame = agent_.FrameOfElement(action.element_id);
  if (!frame.ok()) {
    out.error = frame.status().message();  // the page navigated during the plan
    return Status::Ok();
  }
  Status s;
  switch (action.kind) {
    case FillKind::kText:
      s = FillText(*frame, action, out, deadlines);
      break;
    case FillKind::kSelect:
      s = FillSelect(*frame, action, out, deadlines);
      break;
    case FillKind::kCheck:
    case FillKind::kUncheck:
    case FillKind::kRadio:
      s = FillCheckable(*frame, action, out, deadlines);
      break;
  }
  if (s.code() == StatusCode::kNotFound) {  // the element left the page: that action failed
    out.ok = false;
    out.error = s.message();
    return Status::Ok();
  }
  return s;
}

Status Page::FillText(const std::string& frame, const FillAction& action, ActionOutcome& out,
                      const Deadlines& deadlines) {
  const std::string id = Quoted(action.element_id);
  FS_ASSIGN_OR_RETURN(Json focus, Agent(frame, "__fs.focusText(" + id + ")", deadlines));
  if (focus.contains("error")) {
    out.error = focus["error"].get<std::string>();
    return Status::Ok();
  }
  const std::string& value = action.value;
  std::string before = focus.value("value", std::string());
  auto insert = [&]() -> Status {
    if (!action.per_key_events) {
      out.method = "insert_text";
      auto r = cdp_.Call("Input.insertText", {{"text", value}}, target_.session_id,
                         Remaining(deadlines));
      return r.ok() ? Status::Ok() : r.status();
    }
    out.method = "keys";
    for (const std::string& ch : CodePoints(value)) {
      bool enter = ch == "\n";
      Json down =
          enter ? Json{{"type", "keyDown"},
                       {"key", "Enter"},
                       {"code", "Enter"},
                       {"windowsVirtualKeyCode", 13},
                       {"text", "\r"}}
                : Json{{"type", "keyDown"}, {"key", ch}, {"text", ch}, {"unmodifiedText", ch}};
      if (ch == "\r") continue;
      auto r = cdp_.Call("Input.dispatchKeyEvent", down, target_.session_id, Remaining(deadlines));
      if (!r.ok()) return r.status();
      r = cdp_.Call("Input.dispatchKeyEvent", {{"type", "keyUp"}, {"key", enter ? "Enter" : ch}},
                    target_.session_id, Remaining(deadlines));
      if (!r.ok()) return r.status();
    }
    return Status::Ok();
  };

  if (focus.value("picked", false)) {
    out.method = "js_set";
    FS_RETURN_IF_ERROR(
        Agent(frame, "__fs.setValue(" + id + "," + Quoted(value) + ")", deadlines).status());
  } else if (value.empty()) {
    out.method = "clear";
    if (!before.empty()) {
      FS_RETURN_IF_ERROR(Agent(frame, "__fs.clearText(" + id + ")", deadlines).status());
    }
  } else if (!focus.value("focused", false)) {
    // Something (an overlay script, a disabled frame) kept focus away: set it directly.
    out.method = "js_set";
    FS_RETURN_IF_ERROR(
        Agent(frame, "__fs.setValue(" + id + "," + Quoted(value) + ")", deadlines).status());
  } else {
    FS_RETURN_IF_ERROR(insert());
    FS_ASSIGN_OR_RETURN(Json now, Agent(frame, "__fs.value(" + id + ")", deadlines));
    if (!before.empty() && now.is_string() && !TextMatches(now.get<std::string>(), value)) {
      // The old content was not selected (types without a selection API): clear, type again.
      FS_RETURN_IF_ERROR(Agent(frame, "__fs.clearText(" + id + ")", deadlines).status());
      FS_RETURN_IF_ERROR(Agent(frame, "__fs.focusText(" + id + ")", deadlines).status());
      FS_RETURN_IF_ERROR(insert());
    }
  }
  FS_ASSIGN_OR_RETURN(Json after, Agent(frame, "__fs.finishText(" + id + ")", deadlines));
  out.actual_value = after.is_string() ? after.get<std::string>() : "";
  out.ok = value.empty() ? out.actual_value.empty() : TextMatches(out.actual_value, value);
  if (!out.ok) {
    out.error = "the field holds \"" + out.actual_value + "\" after typing (" +
                std::to_string(CodePoints(out.actual_value).size()) + " of " +
                std::to_string(CodePoints(value).size()) +
                " characters; a maxlength or an input mask may have changed it)";
  }
  return Status::Ok();
}

Status Page::FillSelect(const std::string& frame, const FillAction& action, ActionOutcome& out,
                        const Deadlines& deadlines) {
  out.method = "select";
  FS_ASSIGN_OR_RETURN(Json r, Agent(frame,
                                    "__fs.selectOption(" + Quoted(action.element_id) + "," +
                                        Quoted(action.option_id) + "," + Quoted(action.value) + ")",
                                    deadlines));
  if (r.contains("error")) {
    out.error = r["error"].get<std::string>();
    return Status::Ok();
  }
  out.actual_value = r.value("value", std::string());
  out.ok = r.value("selected", false);
  if (!out.ok) out.error = "the option did not stay selected (a script changed it back)";
  return Status::Ok();
}

Status Page::FillCheckable(const std::string& frame, const FillAction& action, ActionOutcome& out,
                           const Deadlines& deadlines) {
  const std::string id = Quoted(action.element_id);
  const bool want = action.kind != FillKind::kUncheck;
  auto checked = [&]() -> Result<bool> {
    FS_ASSIGN_OR_RETURN(Json v, Agent(frame, "__fs.checked(" + id + ")", deadlines));
    return v.is_boolean() && v.get<bool>();
  };
  FS_ASSIGN_OR_RETURN(Json target, Agent(frame, "__fs.clickTargetFor(" + id + ")", deadlines));
  if (target.contains("error")) {
    out.error = target["error"].get<std::string>();
    return Status::Ok();
  }
  FS_ASSIGN_OR_RETURN(bool state, checked());
  if (state == want) {
    out.method = "unchanged";
  } else {
    std::string via = target.value("via", std::string("js_click"));
    if (via != "js_click" && target.value("hit", false)) {
      FS_RETURN_IF_ERROR(MouseClick(frame, target.value("targetId", action.element_id), deadlines));
      out.method = via;
      FS_ASSIGN_OR_RETURN(state, checked());
    }
    if (state != want) {
      out.method = "js_click";
      FS_RETURN_IF_ERROR(Agent(frame, "__fs.jsClick(" + id + ")", deadlines).status());
      FS_ASSIGN_OR_RETURN(state, checked());
    }
    if (state != want) {
      out.method = "js_set";
      FS_RETURN_IF_ERROR(
          Agent(frame, "__fs.setChecked(" + id + "," + (want ? "true" : "false") + ")", deadlines)
              .status());
      FS_ASSIGN_OR_RETURN(state, checked());
    }
  }
  out.checked = state;
  out.ok = state == want;
  if (!out.ok) out.error = "the control would not change its checked state";
  return Status::Ok();
}

Status Page::MouseClick(const std::string& frame, const std::string& element_id,
                        const Deadlines& deadlines) {
  const std::string& s = target_.session_id;
  FS_ASSIGN_OR_RETURN(std::string object_id,
                      agent_.ObjectId(frame, element_id, Remaining(deadlines)));
  auto quads = cdp_.Call("DOM.getContentQuads", {{"objectId", object_id}}, s, Remaining(deadlines));
  cdp_.Post("Runtime.releaseObject", {{"objectId", object_id}}, s);
  if (!quads.ok()) return quads.status();
  const Json& list = (*quads)["quads"];
  if (!list.is_array() || list.empty() || list[0].size() != 8) {
    return Status::NotFound("element " + element_id + " has no box on screen to click");
  }
  const Json& q = list[0];
  double x =
      (q[0].get<double>() + q[2].get<double>() + q[4].get<double>() + q[6].get<double>()) / 4;
  double y =
      (q[1].get<double>() + q[3].get<double>() + q[5].get<double>() + q[7].get<double>()) / 4;
  for (const char* type : {"mouseMoved", "mousePressed", "mouseReleased"}) {
    Json event = {{"type", type}, {"x", x}, {"y", y}};
    if (std::string_view(type) != "mouseMoved") {
      event["button"] = "left";
      event["clickCount"] = 1;
      event["buttons"] = std::string_view(type) == "mousePressed" ? 1 : 0;
    }
    auto r = cdp_.Call("Input.dispatchMouseEvent", std::move(event), s, Remaining(deadlines));
    if (!r.ok()) return r.status();
  }
  return Status::Ok();
}

Status Page::ClickSubmit(const std::string& element_id, ExecuteResult& result,
                         const Deadlines& deadlines) {
  FS_ASSIGN_OR_RETURN(std::string frame, agent_.FrameOfElement(element_id));
  const std::string id = Quoted(element_id);
  // A submit button enabled by script once the form is valid may need a moment (≤ 3 s).
  auto enabled_by = std::min(deadlines.total, SteadyClock::now() + std::chrono::seconds(3));
  Json arm;
  while (true) {
    FS_ASSIGN_OR_RETURN(arm, Agent(frame, "__fs.armClick(" + id + ")", deadlines));
    if (!arm.value("disabled", false) || SteadyClock::now() >= enabled_by) break;
    std::unique_lock lock(mu_);
    changed_.wait_for(lock, std::chrono::milliseconds(100));
  }
  if (arm.value("disabled", false)) {
    result.click_error = "submit element " + element_id + " is disabled";
    return Status::Ok();
  }
  int documents_before;
  {
    std::lock_guard lock(mu_);
    documents_before = documents_committed_;
  }
  bool mouse_clicked = false;
  if (arm.value("visible", false) && arm.value("hit", false)) {
    FS_RETURN_IF_ERROR(MouseClick(frame, element_id, deadlines));
    mouse_clicked = true;
    auto seen = Agent(frame, "__fs.clickSeen(" + id + ")", deadlines);
    bool navigating;
    {
      std::lock_guard lock(mu_);
      navigating = navigation_pending_ || documents_committed_ > documents_before;
    }
    // When the click already replaced the document, the listener went with it: it was seen.
    if (navigating || (seen.ok() && seen->is_boolean() && seen->get<bool>()) ||
        (!seen.ok() && seen.status().code() != StatusCode::kDeadlineExceeded)) {
      result.clicked = true;
      result.click_method = "mouse";
      return CheckAlive();
    }
    if (!seen.ok()) return seen.status();
  }
  auto js = Agent(frame, "__fs.jsClick(" + id + ")", deadlines);
  if (!js.ok() && mouse_clicked && js.status().code() == StatusCode::kNotFound) {
    // The mouse click was not seen in time, but its target is gone now: the form answered it
    // by replacing itself (a widget posting by fetch, then writing its thank-you). It was
    // clicked; the page is judged as after any click, and nothing is clicked twice.
    result.clicked = true;
    result.click_method = "mouse";
    return CheckAlive();
  }
  FS_RETURN_IF_ERROR(js.status());
  result.clicked = true;
  result.click_method = "js_click";
  return Status::Ok();
}

}  // namespace formsender::browser

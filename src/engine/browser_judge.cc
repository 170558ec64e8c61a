#include "engine/browser_judge.h"

#include <algorithm>
#include <memory>
#include <optional>

#include "common/strings.h"

namespace formsender::engine {

PageAnalysis AnalyzeRendered(const browser::PageSnapshot& page, const ClientProfile& profile) {
  AnalyzeOptions ao;
  ao.profile = &profile;
  ao.http_status = page.http_status > 0 ? page.http_status : 200;
  ao.rendered = true;
  auto analyze = [&](size_t i) {
    const browser::FrameSnapshot& f = page.frames[i];
    return PageAnalysis{AnalyzePage(f.html, f.url, "UTF-8", ao), i};
  };
  PageAnalysis main = analyze(0);
  if (main.analysis.refusal.detected || main.analysis.verdict != "not_a_contact_form") return main;
  for (size_t i = 1; i < page.frames.size(); ++i) {
    PageAnalysis child = analyze(i);
    if (child.analysis.verdict != "not_a_contact_form") return child;
  }
  return main;
}

namespace {

std::string ElementId(Node n) { return std::string(Attr(n, "data-fs-id")); }

bool Contains(const std::vector<int>& v, int x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

Result<browser::FillPlan> BuildFillPlan(const Analysis& an) {
  const FormModel* form = an.form();
  if (form == nullptr) return Status::NotFound("no form was chosen");
  browser::FillPlan plan;
  auto add = [&](const Control& c, browser::FillKind kind, std::string value) -> Status {
    std::string id = ElementId(c.node);
    if (id.empty())
      return Status::NotFound("control " + (c.name.empty() ? c.tag : c.name) +
                              " has no data-fs-id (not a rendered page)");
    plan.actions.push_back({id, kind, std::move(value)});
    return Status::Ok();
  };
  for (const Field& f : an.fields) {
    if (!f.has_value) continue;
    const Control& first = form->controls[static_cast<size_t>(f.controls.front())];
    switch (first.kind) {
      case ControlKind::kText:
      case ControlKind::kTextarea:
        FS_RETURN_IF_ERROR(add(first, browser::FillKind::kText, f.value));
        break;
      case ControlKind::kSelect:
        FS_RETURN_IF_ERROR(add(first, browser::FillKind::kSelect, f.value));
        break;
      case ControlKind::kCheckbox:
        for (int idx : f.controls) {
          const Control& c = form->controls[static_cast<size_t>(idx)];
          bool want = Contains(f.checked, idx);
          if (want != c.checked)
            FS_RETURN_IF_ERROR(
                add(c, want ? browser::FillKind::kCheck : browser::FillKind::kUncheck, ""));
        }
        break;
      case ControlKind::kRadio:
        for (int idx : f.checked)
          FS_RETURN_IF_ERROR(
              add(form->controls[static_cast<size_t>(idx)], browser::FillKind::kRadio, ""));
        break;
      default:  // hidden, password, file: left as the page has them
        break;
    }
  }
  if (an.submit_button < 0) return Status::NotFound("no button submits the form");
  plan.submit_element_id = ElementId(form->buttons[static_cast<size_t>(an.submit_button)].node);
  if (plan.submit_element_id.empty())
    return Status::NotFound("the submit button has no data-fs-id (not a rendered page)");
  return plan;
}

std::vector<std::pair<std::string, std::string>> PlanFields(const Analysis& an) {
  std::vector<std::pair<std::string, std::string>> out;
  const FormModel* form = an.form();
  if (form == nullptr) return out;
  for (const Field& f : an.fields) {
    if (!f.has_value) continue;
    std::string name = f.name.empty() ? f.label : f.name;
    const Control& first = form->controls[static_cast<size_t>(f.controls.front())];
    if (first.kind == ControlKind::kCheckbox || first.kind == ControlKind::kRadio) {
      for (int idx : f.checked)
        out.emplace_back(name, form->controls[static_cast<size_t>(idx)].value);
    } else {
      out.emplace_back(name, f.value);
    }
  }
  return out;
}

Judgment JudgeAfterClick(const ClickJudgeInput& in) {
  const browser::PageSnapshot& page = *in.page;
  std::optional<Judgment> network;
  for (const auto& ex : page.network) {
    if (ex.resource_type != "XHR" && ex.resource_type != "Fetch") continue;
    if (ex.status == 0 || ex.response_body.empty()) continue;
    JudgeInput ji;
    ji.http_status = ex.status;
    ji.final_url = ex.url;
    ji.request_url = ex.url;
    ji.form_page_url = in.form_page_url;
    ji.content_type = ex.mime_type;
    ji.body = ex.response_body;
    ji.submitted = in.submitted;
    std::unique_ptr<Document> doc;
    if (ToLowerAscii(ex.mime_type).find("html") != std::string::npos)
      doc = std::make_unique<Document>(ex.response_body);
    Judgment j = JudgeResponse(ji, doc.get());
    for (std::string& s : j.signals)
      s = ex.method + " " + ex.url + " (" + ex.resource_type + "): " + s;
    if (j.outcome == "success") return j;
    if (!network || network->code == "SUCCESS_DETERMINATION_FAILED") network = std::move(j);
  }
  const browser::FrameSnapshot* frame = &page.main_frame();
  for (const auto& f : page.frames)
    if (f.frame_id == in.frame_id) frame = &f;
  JudgeInput pi;
  pi.http_status = page.http_status > 0 ? page.http_status : 200;
  pi.final_url = frame->url;
  pi.request_url = frame->url;
  pi.form_page_url = in.form_page_url;
  pi.content_type = "text/html";
  pi.body = frame->html;
  pi.submitted = in.submitted;
  Document doc(frame->html);
  Judgment j = JudgeResponse(pi, &doc);
  if (j.outcome == "success" || j.outcome == "confirm") return j;
  // The page did not answer; a dialog may have (alert("送信しました") after a fetch). It is
  // believed only when no request of the page was refused with a specific code.
  bool network_refused = network && network->code != "SUCCESS_DETERMINATION_FAILED";
  for (const std::string& message : page.dialogs) {
    Judgment dj = JudgeDialog(message);
    if (dj.outcome.empty() || (dj.outcome == "success" && network_refused)) continue;
    if (dj.outcome == "success" || j.code == "SUCCESS_DETERMINATION_FAILED") {
      dj.signals.insert(dj.signals.begin(), j.signals.begin(), j.signals.end());
      return dj;
    }
  }
  // A specific answer of the site's API (validation_failed, spam …) says more than a page
  // that did not change.
  if (network && network->code != "SUCCESS_DETERMINATION_FAILED") {
    network->signals.insert(network->signals.begin(), j.signals.begin(), j.signals.end());
    return *network;
  }
  return j;
}

}  // namespace formsender::engine

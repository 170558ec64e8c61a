#pragma once
// The pieces of the browser path that need no browser: the analysis of a rendered page (every
// frame, the same AnalyzePage as the HTTP path), the fill plan that puts the assigned values in
// through the rendered DOM's data-fs-id handles, and the judgment of the page after a click
// (the same JudgeResponse, on the page and on the XHR/fetch answers the click caused).

#include <string>
#include <utility>
#include <vector>

#include "browser/types.h"
#include "engine/analyze.h"
#include "engine/assign.h"
#include "engine/judge.h"

namespace formsender::engine {

struct PageAnalysis {
  Analysis analysis;
  size_t frame = 0;  // index into PageSnapshot::frames of the analysed document
};

// The main frame's analysis, unless it has no contact form (and no refusal) and a child frame
// has one (embedded widgets), exactly like the HTTP path's same-site frame rule, but for
// every frame the browser rendered.
PageAnalysis AnalyzeRendered(const browser::PageSnapshot& page, const ClientProfile& profile);

// Text, select, checkbox (ticked or unticked to match) and radio actions for every field with
// a value, and the chosen button as the element to click. kNotFound when a control or the
// button carries no data-fs-id or there is no button.
Result<browser::FillPlan> BuildFillPlan(const Analysis& an);

// name (or label for nameless controls) → value of everything the plan fills, for hooks and
// evidence.
std::vector<std::pair<std::string, std::string>> PlanFields(const Analysis& an);

struct ClickJudgeInput {
  const browser::PageSnapshot* page = nullptr;  // after the click
  std::string frame_id;                         // the frame the form was in
  std::string form_page_url;
  std::vector<std::pair<std::string, std::string>> submitted;
};

// success / confirm / failed, from the XHR/fetch answers first (a JSON mail_sent proves it),
// then the form's frame.
Judgment JudgeAfterClick(const ClickJudgeInput& in);

}  // namespace formsender::engine

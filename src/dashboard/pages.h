#pragma once
// The dashboard's pages as server-side HTML: readable without JavaScript, no external assets
// (the stylesheet is embedded and served from /dashboard/static/), every value escaped, no
// secret rendered (tokens, signed URLs and client_config never reach these functions).

#include <string>

#include "common/clock.h"
#include "dashboard/i18n.h"
#include "dashboard/queries.h"

namespace formsender::dashboard {

struct PageContext {
  Lang lang = Lang::kJa;
  std::string csrf_token;  // put in every form that changes something
  std::string path;        // this page's path, for the language switch
  TimePoint now{};
  std::string notice;  // a one-line message at the top ("Cancel requested.")
};

std::string RenderLoginPage(const PageContext& page, bool wrong_token);
std::string RenderOverviewPage(const PageContext& page, const Overview& overview);
// `settings_plan`: the resolved settings (settings::PlanToJson), or an error message.
std::string RenderCampaignPage(const PageContext& page, const Campaign& campaign,
                               const Json& settings_plan, const std::string& settings_error);
std::string RenderSubmissionPage(const PageContext& page, const SubmissionRow& submission);
std::string RenderMessagePage(const PageContext& page, const std::string& title,
                              const std::string& message);

// Shared pieces (pages_layout.cc).
std::string PageStart(const PageContext& page, std::string_view title);
std::string PageEnd();
std::string Esc(std::string_view text);
// A column heading: the translation of `key`, escaped.
std::string Th(const PageContext& page, std::string_view key);
std::string FormatJst(const std::optional<TimePoint>& t);
std::string CancelForm(const PageContext& page, const std::string& action, std::string_view label);

}  // namespace formsender::dashboard

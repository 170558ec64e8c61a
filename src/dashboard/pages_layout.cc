#include "common/strings.h"
#include "common/time.h"
#include "dashboard/pages.h"

namespace formsender::dashboard {

std::string Esc(std::string_view text) { return HtmlEscape(text); }

std::string Th(const PageContext& page, std::string_view key) {
  return "<th scope=\"col\">" + Esc(Tr(page.lang, key)) + "</th>";
}

std::string FormatJst(const std::optional<TimePoint>& t) {
  if (!t) return "—";
  JstDateTime j = ToJst(*t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", j.date.year, j.date.month, j.date.day,
                j.time.hour, j.time.minute);
  return buf;
}

std::string PageStart(const PageContext& page, std::string_view title) {
  Lang other = page.lang == Lang::kJa ? Lang::kEn : Lang::kJa;
  std::string out =
      "<!doctype html>\n<html lang=\"" + std::string(LangCode(page.lang)) +
      "\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
      Esc(title) +
      " — formsender</title>"
      "<link rel=\"stylesheet\" href=\"/dashboard/static/dashboard.css\">"
      "</head><body><header><nav><a class=\"brand\" href=\"/dashboard\">formsender</a>"
      "<a href=\"/dashboard\">" +
      Esc(Tr(page.lang, "Overview")) + "</a><span class=\"spacer\"></span>" +
      "<a id=\"lang-switch\" href=\"" + Esc(page.path) + "?lang=" + std::string(LangCode(other)) +
      "\">" + (other == Lang::kJa ? "日本語" : "English") + "</a></nav></header><main>";
  out += "<h1>" + Esc(title) + "</h1>";
  if (!page.notice.empty())
    out += "<p class=\"notice\" role=\"status\">" + Esc(page.notice) + "</p>";
  return out;
}

std::string PageEnd() { return "</main></body></html>\n"; }

std::string CancelForm(const PageContext& page, const std::string& action, std::string_view label) {
  return "<form method=\"post\" action=\"" + Esc(action) +
         "\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"" +
         Esc(page.csrf_token) + "\"><button type=\"submit\" class=\"danger\">" + Esc(label) +
         "</button></form>";
}

std::string RenderMessagePage(const PageContext& page, const std::string& title,
                              const std::string& message) {
  return PageStart(page, title) + "<p>" + Esc(message) + "</p><p><a href=\"/dashboard\">" +
         Esc(Tr(page.lang, "Overview")) + "</a></p>" + PageEnd();
}

std::string RenderLoginPage(const PageContext& page, bool wrong_token) {
  std::string out = PageStart(page, std::string(Tr(page.lang, "Sign in")));
  if (wrong_token) {
    out += "<p class=\"error\" role=\"alert\">" + Esc(Tr(page.lang, "Wrong token.")) + "</p>";
  }
  out += "<form method=\"post\" action=\"/dashboard/login\" class=\"login\"><label for=\"token\">" +
         Esc(Tr(page.lang, "Access token")) +
         "</label><input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" "
         "required><p class=\"hint\">" +
         Esc(Tr(page.lang, "The token in <data-dir>/keys/dispatcher.token.")) +
         "</p><button type=\"submit\">" + Esc(Tr(page.lang, "Sign in")) + "</button></form>";
  return out + PageEnd();
}

}  // namespace formsender::dashboard

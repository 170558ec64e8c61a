#include <set>

#include "dashboard/pages.h"

namespace formsender::dashboard {
namespace {

// A stacked bar per hour, drawn as inline SVG (no script, no external library), with the same
// numbers in a table for screen readers and for reading without styles.
std::string OutcomeChart(const PageContext& page, const Campaign& c) {
  std::set<std::string> codes;
  int64_t max_total = 1;
  for (const auto& [hour, by_code] : c.outcomes_by_hour) {
    int64_t total = 0;
    for (const auto& [code, n] : by_code) {
      codes.insert(code);
      total += n;
    }
    max_total = std::max(max_total, total);
  }
  static const char* kPalette[] = {"#2e7d32", "#c62828", "#f9a825", "#1565c0", "#6a1b9a",
                                   "#00838f", "#ef6c00", "#5d4037", "#546e7a", "#ad1457"};
  std::map<std::string, std::string> color;
  size_t i = 0;
  for (const auto& code : codes) {
    color[code] = code == "SUCCESS" ? "#2e7d32" : kPalette[1 + (i++ % 9)];
  }
  const int width = 24 * 20, height = 120;
  std::string svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + std::to_string(width) +
                    " " + std::to_string(height + 14) + "\" aria-label=\"" +
                    Esc(Tr(page.lang, "Outcomes by hour (JST)")) + "\">";
  for (int h = 0; h < 24; ++h) {
    int y = height;
    auto it = c.outcomes_by_hour.find(h);
    if (it != c.outcomes_by_hour.end()) {
      for (const auto& [code, n] : it->second) {
        int bar = static_cast<int>(n * height / max_total);
        y -= bar;
        svg += "<rect x=\"" + std::to_string(h * 20 + 2) + "\" y=\"" + std::to_string(y) +
               "\" width=\"16\" height=\"" + std::to_string(bar) + "\" fill=\"" + color[code] +
               "\"><title>" + std::to_string(h) + ":00 " + Esc(code) + " " + std::to_string(n) +
               "</title></rect>";
      }
    }
    if (h % 3 == 0) {
      svg += "<text x=\"" + std::to_string(h * 20 + 2) + "\" y=\"" + std::to_string(height + 12) +
             "\" font-size=\"10\">" + std::to_string(h) + "</text>";
    }
  }
  svg += "</svg><ul class=\"legend\">";
  for (const auto& code : codes) {
    // An SVG swatch: the page's CSP allows no inline style attributes.
    svg +=
        "<li><svg class=\"swatch\" viewBox=\"0 0 10 10\" aria-hidden=\"true\"><rect width=\"10\" "
        "height=\"10\" fill=\"" +
        color[code] + "\"/></svg>" + Esc(code) + "</li>";
  }
  svg += "</ul><table class=\"data\" id=\"outcomes\"><thead><tr>" + Th(page, "Time") +
         Th(page, "Code") + Th(page, "Count") + "</tr></thead><tbody>";
  for (const auto& [hour, by_code] : c.outcomes_by_hour) {
    for (const auto& [code, n] : by_code) {
      svg += "<tr><td>" + std::to_string(hour) + ":00</td><td>" + Esc(code) +
             "</td><td class=\"num\">" + std::to_string(n) + "</td></tr>";
    }
  }
  return svg + "</tbody></table>";
}

std::string SettingValue(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "—";
  return v.dump();
}

// PlanToJson's settings: an object of name → {value, source} (or a list of such with "name").
std::string SettingsTable(const PageContext& page, const Json& plan) {
  std::string out = "<table class=\"data\" id=\"settings\"><thead><tr>" + Th(page, "Setting") +
                    Th(page, "Value") + Th(page, "Source") + "</tr></thead><tbody>";
  auto row = [&](const std::string& name, const Json& entry) {
    if (entry.is_object() && entry.contains("value")) {
      out += "<tr><td class=\"mono\">" + Esc(name) + "</td><td>" +
             Esc(SettingValue(entry["value"])) + "</td><td>" +
             Esc(entry.contains("source") ? SettingValue(entry["source"]) : "") + "</td></tr>";
    } else if (!entry.is_object() && !entry.is_array()) {
      out += "<tr><td class=\"mono\">" + Esc(name) + "</td><td>" + Esc(SettingValue(entry)) +
             "</td><td></td></tr>";
    }
  };
  // The settings with their sources, then what `formsender plan` derives from them.
  for (const char* part : {"settings", "plan", "machine"}) {
    if (!plan.contains(part) || !plan[part].is_object()) continue;
    for (auto it = plan[part].begin(); it != plan[part].end(); ++it) row(it.key(), it.value());
  }
  return out + "</tbody></table>";
}

}  // namespace

std::string RenderCampaignPage(const PageContext& page, const Campaign& c,
                               const Json& settings_plan, const std::string& settings_error) {
  const Lang l = page.lang;
  const TargetingToday& t = c.targeting;
  std::string title = std::string(Tr(l, "Campaign")) + " #" + std::to_string(t.targeting_id);
  std::string out = PageStart(page, title);
  out += "<p class=\"lead\">" + Esc(t.description) + "</p>";

  out += "<section id=\"progress\"><h2>" + Esc(Tr(l, "Progress today")) + "</h2><dl class=\"kv\">";
  out += "<dt>" + Esc(Tr(l, "Sent")) + "</dt><dd>" + std::to_string(t.sent_today) +
         (t.max_daily_sends ? " / " + std::to_string(*t.max_daily_sends) : "") + "</dd>";
  for (const char* status : {"pending", "assigned", "done", "failed"}) {
    auto it = c.queue_by_status.find(status);
    std::string key(status);
    key[0] = static_cast<char>(key[0] - 'a' + 'A');
    out += "<dt>" + Esc(Tr(l, key)) + "</dt><dd>" +
           std::to_string(it == c.queue_by_status.end() ? 0 : it->second) + "</dd>";
  }
  std::string rate = "—";
  if (c.attempts_today > 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * c.successes_today / c.attempts_today);
    rate = buf;
  }
  out += "<dt>" + Esc(Tr(l, "Success rate")) + "</dt><dd id=\"success-rate\">" + rate + " (" +
         std::to_string(c.successes_today) + " / " + std::to_string(c.attempts_today) +
         ")</dd></dl></section>";

  out += "<section id=\"chart\"><h2>" + Esc(Tr(l, "Outcomes by hour (JST)")) + "</h2>" +
         OutcomeChart(page, c) + "</section>";

  out += "<section id=\"failures\"><h2>" + Esc(Tr(l, "Recent failures")) +
         "</h2><table class=\"data\"><thead><tr>" + Th(page, "Time") + Th(page, "Company") +
         Th(page, "Code") + Th(page, "URL") + Th(page, "Matched words") +
         Th(page, "Field mapping") + "</tr></thead><tbody>";
  for (const SubmissionRow& s : c.recent_failures) {
    std::string words;
    for (const auto& w : MatchedWords(s.classify_detail)) words += (words.empty() ? "" : ", ") + w;
    size_t fields = s.field_mapping.is_array() ? s.field_mapping.size() : 0;
    std::string link = "/dashboard/submissions/" + std::to_string(s.id);
    out += "<tr><td><a href=\"" + link + "\">" + Esc(FormatJst(s.submitted_at)) + "</a></td><td>" +
           Esc(s.company_name.empty() ? "#" + std::to_string(s.company_id) : s.company_name) +
           "</td><td>" + Esc(s.error_type) + "</td><td class=\"url\">" +
           Esc(EvidenceUrl(s.classify_detail)) + "</td><td>" + Esc(words) + "</td><td><a href=\"" +
           link + "\">" + std::to_string(fields) + "</a></td></tr>";
  }
  out += "</tbody></table></section>";

  out += "<section id=\"skips\"><h2>" + Esc(Tr(l, "Refusal and CAPTCHA skips")) + "</h2><ul>";
  for (const auto& [code, n] : c.skips)
    out += "<li>" + Esc(code) + ": " + std::to_string(n) + "</li>";
  if (c.skips.empty()) out += "<li>0</li>";
  out += "</ul></section>";

  out += "<section id=\"resolved\"><h2>" + Esc(Tr(l, "Resolved settings")) + "</h2>";
  if (!settings_error.empty()) {
    out += "<p class=\"error\">" + Esc(Tr(l, "Resolving the settings failed")) + ": " +
           Esc(settings_error) + "</p>";
  } else {
    out += SettingsTable(page, settings_plan);
  }
  out += "</section>";
  return out + PageEnd();
}

std::string RenderSubmissionPage(const PageContext& page, const SubmissionRow& s) {
  const Lang l = page.lang;
  std::string title = std::string(Tr(l, "Submission")) + " #" + std::to_string(s.id);
  std::string out = PageStart(page, title);
  std::string outcome =
      s.success.value_or(false) ? std::string(Tr(l, "Success")) : std::string(Tr(l, "Failure"));
  out += "<dl class=\"kv\"><dt>" + Esc(Tr(l, "Company")) + "</dt><dd>" +
         Esc(s.company_name.empty() ? "#" + std::to_string(s.company_id) : s.company_name) +
         "</dd><dt>" + Esc(Tr(l, "Targeting")) + "</dt><dd><a href=\"/dashboard/campaigns/" +
         std::to_string(s.targeting_id) + "\">" + std::to_string(s.targeting_id) + "</a></dd><dt>" +
         Esc(Tr(l, "Outcome")) + "</dt><dd id=\"outcome\">" + Esc(outcome) + "</dd><dt>" +
         Esc(Tr(l, "Code")) + "</dt><dd>" +
         Esc(s.success.value_or(false) ? "SUCCESS" : s.error_type) + "</dd><dt>" +
         Esc(Tr(l, "Time")) + "</dt><dd>" + Esc(FormatJst(s.submitted_at)) + "</dd><dt>" +
         Esc(Tr(l, "URL")) + "</dt><dd class=\"url\">" + Esc(EvidenceUrl(s.classify_detail)) +
         "</dd></dl>";

  out += "<section id=\"mapping\"><h2>" + Esc(Tr(l, "Field mapping")) +
         "</h2><table class=\"data\" id=\"fields\"><thead><tr>" + Th(page, "Field") +
         Th(page, "Label") + Th(page, "Category") + Th(page, "Value") + Th(page, "Score") +
         Th(page, "Evidence") + "</tr></thead><tbody>";
  if (s.field_mapping.is_array()) {
    for (const Json& f : s.field_mapping) {
      if (!f.is_object()) continue;
      auto text = [&](const char* key) {
        return f.contains(key) ? SettingValue(f[key]) : std::string("—");
      };
      std::string evidence;
      if (f.contains("evidence") && f["evidence"].is_array()) {
        for (const Json& e : f["evidence"]) {
          evidence += "<li>" + Esc(SettingValue(e)) + "</li>";
        }
      }
      out += "<tr><td class=\"mono\">" + Esc(text("name")) + "</td><td>" + Esc(text("label")) +
             "</td><td>" + Esc(text("category")) + "</td><td>" + Esc(text("value")) +
             "</td><td class=\"num\">" + Esc(text("score")) + "</td><td><ul>" + evidence +
             "</ul></td></tr>";
    }
  }
  out += "</tbody></table></section>";

  // The engine's classification and what it saw on the way (URLs, HTTP status, judge signals).
  out += "<section id=\"steps\"><h2>" + Esc(Tr(l, "Steps")) + "</h2><dl class=\"kv\">";
  const Json& d = s.classify_detail;
  if (d.is_object()) {
    for (auto it = d.begin(); it != d.end(); ++it) {
      if (it.key() == "evidence") continue;
      out += "<dt>" + Esc(it.key()) + "</dt><dd>" + Esc(SettingValue(it.value())) + "</dd>";
    }
    if (d.contains("evidence") && d["evidence"].is_object()) {
      for (auto it = d["evidence"].begin(); it != d["evidence"].end(); ++it) {
        out += "<dt>" + Esc(it.key()) + "</dt><dd>" + Esc(SettingValue(it.value())) + "</dd>";
      }
    }
  }
  out += "</dl></section>";
  return out + PageEnd();
}

}  // namespace formsender::dashboard

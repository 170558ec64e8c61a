#include <set>

#include "dashboard/pages.h"

namespace formsender::dashboard {
namespace {

std::string Td(std::string_view text, std::string_view cls = "") {
  return cls.empty() ? "<td>" + Esc(text) + "</td>"
                     : "<td class=\"" + std::string(cls) + "\">" + Esc(text) + "</td>";
}

std::string CampaignLink(int64_t targeting_id) {
  std::string id = std::to_string(targeting_id);
  return "<a href=\"/dashboard/campaigns/" + id + "\">" + id + "</a>";
}

}  // namespace

std::string RenderOverviewPage(const PageContext& page, const Overview& o) {
  const Lang l = page.lang;
  std::string out = PageStart(page, std::string(Tr(l, "Overview")));

  out += "<section id=\"running\"><h2>" + Esc(Tr(l, "Running executions")) + "</h2>";
  if (o.running.empty()) {
    out += "<p>" + Esc(Tr(l, "No running executions.")) + "</p>";
  } else {
    out += "<table class=\"data\" id=\"executions\"><thead><tr>" + Th(page, "Execution") +
           Th(page, "Targeting") + Th(page, "Mode") + Th(page, "Status") + Th(page, "Tasks done") +
           Th(page, "Machine") + Th(page, "Provisioning") + Th(page, "Preemptions") +
           Th(page, "Started") + Th(page, "ETA") + "<th></th></tr></thead><tbody>";
    for (const RunningExecution& r : o.running) {
      const auto& e = r.execution;
      out +=
          "<tr data-execution=\"" + Esc(e.execution_id) + "\">" + Td(e.execution_id, "mono") +
          "<td>" + CampaignLink(e.targeting_id) + "</td>" + Td(e.execution_mode) + Td(e.status) +
          Td(std::to_string(r.tasks_done) + " / " + std::to_string(e.task_count)) +
          Td(r.machine_type.empty() ? "—" : r.machine_type) +
          Td(r.provisioning.empty() ? "—" : r.provisioning) + Td(std::to_string(r.preemptions)) +
          Td(FormatJst(e.started_at)) + Td(FormatJst(r.eta)) + "<td>" +
          CancelForm(page, "/dashboard/executions/" + e.execution_id + "/cancel", Tr(l, "Cancel")) +
          "</td></tr>";
    }
    out += "</tbody></table>";
    std::set<int64_t> targetings;
    for (const RunningExecution& r : o.running) targetings.insert(r.execution.targeting_id);
    out += "<div class=\"actions\">";
    for (int64_t t : targetings) {
      out +=
          CancelForm(page, "/dashboard/campaigns/" + std::to_string(t) + "/cancel",
                     std::string(Tr(l, "Cancel all of this targeting")) + " #" + std::to_string(t));
    }
    out += "</div>";
  }
  out += "</section>";

  out += "<section id=\"queues\"><h2>" + Esc(Tr(l, "Task queue")) +
         "</h2><table class=\"data\"><thead><tr>" + Th(page, "Queue") + Th(page, "Waiting") +
         Th(page, "Oldest waiting (s)") + "</tr></thead><tbody>";
  for (const QueueStat& q : o.queues) {
    out +=
        "<tr>" + Td(q.queue_name) + Td(std::to_string(q.waiting), "num") +
        Td(std::to_string(q.oldest_wait_seconds), q.oldest_wait_seconds > 300 ? "num bad" : "num") +
        "</tr>";
  }
  if (o.queues.empty()) out += "<tr><td colspan=\"3\">0</td></tr>";
  out += "</tbody></table></section>";

  out += "<section id=\"today\"><h2>" + Esc(Tr(l, "Today's sends")) +
         "</h2><table class=\"data\"><thead><tr>" + Th(page, "Targeting") +
         Th(page, "Description") + Th(page, "Active") + Th(page, "Sent") + Th(page, "Daily limit") +
         "</tr></thead><tbody>";
  for (const TargetingToday& t : o.targetings) {
    std::string limit = t.max_daily_sends ? std::to_string(*t.max_daily_sends) : "—";
    std::string meter;
    if (t.max_daily_sends && *t.max_daily_sends > 0) {
      meter = " <meter min=\"0\" max=\"" + std::to_string(*t.max_daily_sends) + "\" value=\"" +
              std::to_string(t.sent_today) + "\"></meter>";
    }
    out += "<tr><td>" + CampaignLink(t.targeting_id) + "</td>" + Td(t.description) +
           Td(t.active ? "✓" : "—") + "<td class=\"num\">" + std::to_string(t.sent_today) + meter +
           "</td>" + Td(limit, "num") + "</tr>";
  }
  out += "</tbody></table></section>";

  out += "<section id=\"health\"><h2>" + Esc(Tr(l, "Health")) +
         "</h2><table class=\"data\"><thead><tr>" + Th(page, "Backend") + Th(page, "Status") +
         Th(page, "Detail") + "</tr></thead><tbody>";
  for (const BackendHealth& h : o.health) {
    out += "<tr>" + Td(h.name) + Td(h.ok ? "OK" : "NG", h.ok ? "good" : "bad") + Td(h.detail) +
           "</tr>";
  }
  out += "</tbody></table><h3>" + Esc(Tr(l, "Executions by status (24 h)")) + "</h3><ul>";
  for (const auto& [status, n] : o.executions_by_status_24h) {
    out += "<li>" + Esc(status) + ": " + std::to_string(n) + "</li>";
  }
  out += "</ul></section>";
  return out + PageEnd();
}

}  // namespace formsender::dashboard

#include "sites/submission_sink.h"

#include <algorithm>

#include "common/time.h"

namespace formsender::sites {
namespace {

Json FieldsJson(const FieldList& fields) {
  Json out = Json::array();
  for (const auto& [name, value] : fields) out.push_back(Json::array({name, value}));
  return out;
}

}  // namespace

Json Submission::ToJson() const {
  Json files_json = Json::array();
  for (const auto& f : files) {
    files_json.push_back({{"field", f.field},
                          {"filename", f.filename},
                          {"content_type", f.content_type},
                          {"size_bytes", f.size_bytes}});
  }
  Json errors_json = Json::object();
  for (const auto& [field, message] : errors) errors_json[field] = message;
  return {{"id", id},
          {"time", FormatUtcIso(time, /*with_micros=*/true)},
          {"site", site},
          {"host", host},
          {"method", method},
          {"path", path},
          {"content_type", content_type},
          {"encoding", encoding},
          {"charset", charset},
          {"remote_address", remote_address},
          {"fields", FieldsJson(fields)},
          {"effective_fields", FieldsJson(effective_fields)},
          {"files", files_json},
          {"step", step},
          {"accepted", accepted},
          {"final", is_final},
          {"spam", spam},
          {"honeypots_filled", honeypots_filled},
          {"rejection", rejection},
          {"errors", errors_json}};
}

int64_t SubmissionSink::Record(Submission s) {
  std::lock_guard lock(mu_);
  s.id = next_id_++;
  s.time = clock_.Now();
  SiteCounts& c = counts_[s.site];
  ++c.requests;
  if (s.is_final) ++c.final;
  if (!s.rejection.empty()) ++c.rejected;
  if (s.spam) ++c.spam;
  submissions_.push_back(std::move(s));
  return submissions_.back().id;
}

std::vector<Submission> SubmissionSink::List(std::string_view site, bool finals_only) const {
  std::lock_guard lock(mu_);
  std::vector<Submission> out;
  for (const auto& s : submissions_) {
    if (!site.empty() && s.site != site) continue;
    if (finals_only && !s.is_final) continue;
    out.push_back(s);
  }
  return out;
}

int64_t SubmissionSink::FinalCount(std::string_view site) const {
  std::lock_guard lock(mu_);
  auto it = counts_.find(site);
  return it == counts_.end() ? 0 : it->second.final;
}

std::map<std::string, SiteCounts> SubmissionSink::Counts() const {
  std::lock_guard lock(mu_);
  return {counts_.begin(), counts_.end()};
}

void SubmissionSink::Clear(std::string_view site) {
  std::lock_guard lock(mu_);
  if (site.empty()) {
    submissions_.clear();
    counts_.clear();
    return;
  }
  submissions_.erase(std::remove_if(submissions_.begin(), submissions_.end(),
                                    [&](const Submission& s) { return s.site == site; }),
                     submissions_.end());
  if (auto it = counts_.find(site); it != counts_.end()) counts_.erase(it);
}

Json SubmissionSink::ListJson(std::string_view site, bool finals_only) const {
  Json out = Json::array();
  for (const auto& s : List(site, finals_only)) out.push_back(s.ToJson());
  return {{"submissions", out}};
}

Json SubmissionSink::CountsJson() const {
  Json sites = Json::object();
  int64_t total_final = 0, total_requests = 0;
  for (const auto& [name, c] : Counts()) {
    sites[name] = {
        {"requests", c.requests}, {"final", c.final}, {"rejected", c.rejected}, {"spam", c.spam}};
    total_final += c.final;
    total_requests += c.requests;
  }
  return {{"sites", sites}, {"total_final", total_final}, {"total_requests", total_requests}};
}

}  // namespace formsender::sites

#pragma once
// Records every submission the sample sites receive, so tests and the demo can see exactly
// what a client sent and prove that no site got a final submission twice. Thread-safe.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "sites/form_data.h"

namespace formsender::sites {

struct Submission {
  int64_t id = 0;  // 1, 2, … in arrival order (assigned by the sink)
  TimePoint time;  // arrival, from the sink's clock
  std::string site;
  std::string host;
  std::string method;
  std::string path;
  std::string content_type;
  std::string encoding;  // urlencoded, multipart, json, query
  std::string charset;   // the charset the fields were decoded from
  std::string remote_address;
  FieldList fields;  // what arrived, decoded to UTF-8, in order
  // What the site would mail: the fields, with the confirm step's stored values merged in
  // when the final step reads them from the session.
  FieldList effective_fields;
  std::vector<UploadedFile> files;
  std::string step;       // input, confirm or final
  bool accepted = false;  // passed the site's checks
  bool is_final = false;  // accepted as the final submission: the site "sent the mail"
  bool spam = false;      // a honeypot was filled (the site pretends success, sends nothing)
  std::vector<std::string> honeypots_filled;
  // Why it was refused: "" | validation | csrf | hidden | session | malformed.
  std::string rejection;
  std::vector<std::pair<std::string, std::string>> errors;

  Json ToJson() const;
};

struct SiteCounts {
  int64_t requests = 0;  // submissions of any step
  int64_t final = 0;     // accepted final submissions
  int64_t rejected = 0;
  int64_t spam = 0;
};

class SubmissionSink {
 public:
  explicit SubmissionSink(const Clock& clock) : clock_(clock) {}

  // Stores `s` with the next id and the current time; returns the id.
  int64_t Record(Submission s);
  // Submissions of `site` (all sites when empty), optionally only accepted finals.
  std::vector<Submission> List(std::string_view site = "", bool finals_only = false) const;
  int64_t FinalCount(std::string_view site) const;
  std::map<std::string, SiteCounts> Counts() const;
  // Forgets the submissions and counts of `site` (everything when empty).
  void Clear(std::string_view site = "");

  Json ListJson(std::string_view site = "", bool finals_only = false) const;
  Json CountsJson() const;

 private:
  const Clock& clock_;
  mutable std::mutex mu_;
  int64_t next_id_ = 1;
  std::vector<Submission> submissions_;
  std::map<std::string, SiteCounts, std::less<>> counts_;
};

}  // namespace formsender::sites

#pragma once
// Cloud Batch API v1 (batch.googleapis.com): jobs.create / get / delete / list.
//
// Jobs are JSON objects shaped as the discovery document's "Job" schema (int64 fields as
// strings, durations as "3600s", enums as strings); the batch component builds them. Unknown
// response fields are kept, so newer API fields survive a round trip.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gcp/operation.h"
#include "gcp/rest_client.h"

namespace formsender::gcp {

struct ListJobsOptions {
  std::string filter;    // e.g. labels.workload="form_sender" AND status.state="RUNNING"
  std::string order_by;  // "name", "name desc", "create_time", "create_time desc"
  int page_size = 0;     // 0 = server default
  std::string page_token;
};

struct JobList {
  std::vector<Json> jobs;
  std::string next_page_token;
  std::vector<std::string> unreachable;
};

class BatchClient {
 public:
  explicit BatchClient(RestClient& rest, std::string base_url = "https://batch.googleapis.com/");

  // POST v1/{parent}/jobs?jobId=…&requestId=…; parent = "projects/P/locations/L". The request id
  // (a UUID; generated when empty) makes retries of the same create safe: Batch de-duplicates
  // it for at least an hour. Returns the created Job.
  Result<Json> CreateJob(std::string_view parent, std::string_view job_id, const Json& job,
                         std::string request_id = "");
  // GET v1/{name}; name = "projects/P/locations/L/jobs/J".
  Result<Json> GetJob(std::string_view name);
  // DELETE v1/{name}?reason=…&requestId=…; returns the long-running Operation.
  Result<Operation> DeleteJob(std::string_view name, std::string_view reason = "",
                              std::string request_id = "");
  // GET v1/{parent}/jobs with filter, order, paging: one page.
  Result<JobList> ListJobs(std::string_view parent, const ListJobsOptions& options = {});
  // Every page of ListJobs (at most `max_pages`).
  Result<std::vector<Json>> ListAllJobs(std::string_view parent, ListJobsOptions options = {},
                                        int max_pages = 100);

 private:
  RestClient& rest_;
  std::string base_url_;
};

// Batch job-id rules: 1–63 characters, a lowercase letter first, then lowercase letters,
// digits and '-', not ending with '-'.
Status ValidateBatchJobId(std::string_view job_id);
// "projects/P/locations/L".
Status ValidateBatchParent(std::string_view parent);
// "projects/P/locations/L/jobs/J".
Status ValidateBatchJobName(std::string_view name);

}  // namespace formsender::gcp

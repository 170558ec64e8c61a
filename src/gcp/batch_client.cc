#include "gcp/batch_client.h"

#include "common/crypto.h"
#include "gcp/resource_names.h"

namespace formsender::gcp {

Status ValidateBatchJobId(std::string_view id) {
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument("Batch job id \"" + std::string(id) + "\" " + std::string(why));
  };
  if (id.empty() || id.size() > 63) return bad("must be 1-63 characters long");
  if (id.front() < 'a' || id.front() > 'z') return bad("must start with a lowercase letter");
  if (id.back() == '-') return bad("must not end with '-'");
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return bad("may contain only lowercase letters, digits and '-'");
    }
  }
  return Status::Ok();
}

Status ValidateBatchParent(std::string_view parent) {
  return CheckResourceName(parent, "projects/*/locations/*", "Batch parent");
}

Status ValidateBatchJobName(std::string_view name) {
  return CheckResourceName(name, "projects/*/locations/*/jobs/*", "Batch job name");
}

BatchClient::BatchClient(RestClient& rest, std::string base_url)
    : rest_(rest), base_url_(std::move(base_url)) {}

Result<Json> BatchClient::CreateJob(std::string_view parent, std::string_view job_id,
                                    const Json& job, std::string request_id) {
  FS_RETURN_IF_ERROR(ValidateBatchParent(parent));
  if (!job_id.empty()) FS_RETURN_IF_ERROR(ValidateBatchJobId(job_id));
  if (!job.is_object()) return Status::InvalidArgument("Batch job must be a JSON object");
  if (request_id.empty()) request_id = NewUuid();
  RestRequest request;
  request.method = "POST";
  request.url = JoinUrl(base_url_, "v1/" + EncodeResourceName(parent) + "/jobs");
  if (!job_id.empty()) request.query.emplace_back("jobId", std::string(job_id));
  request.query.emplace_back("requestId", request_id);
  request.json_body = job;
  request.is_idempotent = true;  // the request id de-duplicates
  request.operation = "batch.jobs.create " + std::string(parent) + "/jobs/" + std::string(job_id);
  return rest_.Call(request);
}

Result<Json> BatchClient::GetJob(std::string_view name) {
  FS_RETURN_IF_ERROR(ValidateBatchJobName(name));
  RestRequest request;
  request.url = JoinUrl(base_url_, "v1/" + EncodeResourceName(name));
  request.operation = "batch.jobs.get " + std::string(name);
  return rest_.Call(request);
}

Result<Operation> BatchClient::DeleteJob(std::string_view name, std::string_view reason,
                                         std::string request_id) {
  FS_RETURN_IF_ERROR(ValidateBatchJobName(name));
  if (request_id.empty()) request_id = NewUuid();
  RestRequest request;
  request.method = "DELETE";
  request.url = JoinUrl(base_url_, "v1/" + EncodeResourceName(name));
  if (!reason.empty()) request.query.emplace_back("reason", std::string(reason));
  request.query.emplace_back("requestId", request_id);
  request.operation = "batch.jobs.delete " + std::string(name);
  FS_ASSIGN_OR_RETURN(Json body, rest_.Call(request));
  return ParseOperation(body, request.operation);
}

Result<JobList> BatchClient::ListJobs(std::string_view parent, const ListJobsOptions& options) {
  FS_RETURN_IF_ERROR(ValidateBatchParent(parent));
  RestRequest request;
  request.url = JoinUrl(base_url_, "v1/" + EncodeResourceName(parent) + "/jobs");
  if (!options.filter.empty()) request.query.emplace_back("filter", options.filter);
  if (!options.order_by.empty()) request.query.emplace_back("orderBy", options.order_by);
  if (options.page_size > 0) {
    request.query.emplace_back("pageSize", std::to_string(options.page_size));
  }
  if (!options.page_token.empty()) request.query.emplace_back("pageToken", options.page_token);
  request.operation = "batch.jobs.list " + std::string(parent);
  FS_ASSIGN_OR_RETURN(Json body, rest_.Call(request));
  JobList out;
  if (body.is_object()) {
    if (auto it = body.find("jobs"); it != body.end() && it->is_array()) {
      out.jobs.assign(it->begin(), it->end());
    }
    out.next_page_token = body.value("nextPageToken", "");
    if (auto it = body.find("unreachable"); it != body.end() && it->is_array()) {
      for (const auto& u : *it) {
        if (u.is_string()) out.unreachable.push_back(u.get<std::string>());
      }
    }
  }
  return out;
}

Result<std::vector<Json>> BatchClient::ListAllJobs(std::string_view parent, ListJobsOptions options,
                                                   int max_pages) {
  std::vector<Json> all;
  for (int page = 0; page < max_pages; ++page) {
    FS_ASSIGN_OR_RETURN(JobList list, ListJobs(parent, options));
    for (auto& job : list.jobs) all.push_back(std::move(job));
    if (list.next_page_token.empty()) return all;
    options.page_token = std::move(list.next_page_token);
  }
  return Status::ResourceExhausted("batch.jobs.list " + std::string(parent) + ": more than " +
                                   std::to_string(max_pages) + " pages");
}

}  // namespace formsender::gcp

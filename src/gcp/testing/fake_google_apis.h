#pragma once
// A loopback fake of the Google APIs formsender calls, for tests only (fs_gcp_testing):
// the OAuth token endpoint, the metadata server, Cloud Batch, Cloud Tasks, Cloud Storage (JSON
// API), IAM Credentials, Secret Manager and Cloud Run v2.
//
// Every API request is checked against the discovery documents (method, path, query, JSON body
// field by field) and its bearer token against the tokens the fake issued; the fake's own
// answers are checked against the response schemas. Problems answer HTTP 400/401/404 like
// Google would and are also collected in violations(), so a test can assert there were none.
// Scripted answers (Script) replay errors: 401, 429 with Retry-After, 500, 409 ….
//
//   auto fake = FakeGoogleApis::Start({.service_accounts = {key}, .clock = &clock});
//   gcp::GoogleCloud cloud(GoogleCredentials::ForServiceAccount(key, http, clock,
//                                                               (*fake)->endpoints().oauth_token_uri),
//                          (*fake)->endpoints(), http, clock);
//   (*fake)->Script("batch.projects.locations.jobs.create", {FakeResponse::Error(503)});

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/http.h"
#include "common/http_server.h"
#include "gcp/endpoints.h"
#include "gcp/service_account.h"
#include "gcp/testing/discovery.h"

namespace formsender::gcp::testing {

struct FakeResponse {
  int status = 200;
  Json body;  // JSON answer; for errors built by Error()
  std::map<std::string, std::string> headers;

  // A Google-style error: {"error": {"code", "message", "status"}}. The status name defaults to
  // the canonical one for the HTTP code.
  // A JSON answer with any status.
  static FakeResponse WithJson(int http_status, Json body) {
    FakeResponse r;
    r.status = http_status;
    r.body = std::move(body);
    return r;
  }
  static FakeResponse Error(int http_status, std::string status_name = "",
                            std::string message = "scripted error",
                            std::map<std::string, std::string> headers = {});
};

struct RecordedRequest {
  std::string api;        // "batch", "cloudtasks", "storage", "iamcredentials", "secretmanager",
                          // "run", "oauth2", "metadata", or an extension prefix
  std::string method_id;  // the discovery id, "oauth2.token" or "metadata.<path>"
  std::string http_method;
  std::string path;                                        // raw, below the API prefix
  std::vector<std::pair<std::string, std::string>> query;  // decoded
  HttpHeaders headers;
  std::string body;
  int response_status = 0;
};

class FakeGoogleApis {
 public:
  struct Options {
    // Accounts whose keys the fake knows: their JWT assertions are verified, and signBlob /
    // generateIdToken sign with their keys. The first one is the metadata server's identity.
    std::vector<ServiceAccountKey> service_accounts;
    const Clock* clock = nullptr;  // token lifetimes; null = the system clock
    std::chrono::seconds access_token_lifetime{3599};
    std::string project_id = "test-project";
    bool reject_read_only_fields = true;
  };

  static Result<std::unique_ptr<FakeGoogleApis>> Start(Options options);
  ~FakeGoogleApis();
  FakeGoogleApis(const FakeGoogleApis&) = delete;
  FakeGoogleApis& operator=(const FakeGoogleApis&) = delete;

  std::string base_url() const;       // "http://127.0.0.1:PORT"
  GcpEndpoints endpoints() const;     // every API and the token endpoint on this server
  std::string metadata_host() const;  // "127.0.0.1:PORT", for GCE_METADATA_HOST

  // The next answers to `method_id` (a discovery id, "oauth2.token", or "metadata.<path>"),
  // given after the request's shape and token were checked.
  void Script(const std::string& method_id, std::vector<FakeResponse> responses);
  // Every access token issued so far stops working (the next API call gets 401).
  void RevokeTokens();
  // instance/preempted of the metadata server.
  void SetPreempted(bool preempted);
  // Extra routes under "/<prefix>/" (e.g. a GCS XML endpoint checking V4 signatures).
  void AddExtension(const std::string& prefix, HttpHandler handler);

  // State, for arranging and asserting.
  void PutObject(const std::string& bucket, const std::string& name, std::string data,
                 std::string content_type = "application/octet-stream");
  std::optional<std::string> ObjectData(const std::string& bucket, const std::string& name) const;
  std::optional<Json> Job(const std::string& name) const;
  // Sets status.state (and appends a status event) of a stored Batch job.
  bool SetJobState(const std::string& name, const std::string& state,
                   const std::string& event_description = "", int exit_code = -1);
  std::optional<Json> Task(const std::string& name) const;
  std::vector<Json> Tasks() const;
  void AddSecretVersion(const std::string& version_name, std::string data);

  // Cloud Run (fake_cloud_run.cc). Once a job is added, jobs.run on any other job is a 404;
  // with none added every job exists. `parallelism` 0 = all tasks at once; `task_count` is
  // the job's own (an override replaces it).
  void AddRunJob(const std::string& job_name, int task_count = 1, int parallelism = 0);
  // From now on a RunJob answer carries no execution name in its metadata (as before the
  // execution exists), nor do the first `polls` − 1 operations.get of that operation; 0 turns
  // this off.
  void SetRunOperationNameDelay(int polls);
  std::optional<Json> Execution(const std::string& name) const;
  std::vector<Json> RunTasks(const std::string& execution_name) const;
  // Task `index` of an execution starts (attempt `retried`), or ends with `exit_code`
  // (after `retried` retries). The execution's counts, start/completion times and its
  // Completed condition follow from its tasks, as Cloud Run reports them.
  bool StartRunTask(const std::string& execution_name, int index, int retried = 0);
  bool FinishRunTask(const std::string& execution_name, int index, int exit_code, int retried = 0);
  // Arbitrary edits (e.g. a CANCELLING reason); the counts are not recomputed.
  bool UpdateExecution(const std::string& name, const std::function<void(Json&)>& edit);
  // The execution is gone (executions.get answers 404).
  bool DeleteExecution(const std::string& name);

  std::vector<RecordedRequest> requests() const;
  int CountRequests(const std::string& method_id) const;
  std::vector<std::string> violations() const;
  void ClearRequests();

  // The key of `email` (one of Options.service_accounts).
  const ServiceAccountKey* KeyFor(std::string_view email) const;

 private:
  explicit FakeGoogleApis(Options options);
  HttpResponse Handle(HttpRequest& request);
  HttpResponse HandleApi(const std::string& api, HttpRequest& request, RecordedRequest& record);
  HttpResponse HandleToken(HttpRequest& request, RecordedRequest& record);
  HttpResponse HandleMetadata(HttpRequest& request, RecordedRequest& record);
  HttpResponse Emulate(const std::string& api, const DiscoveryMatch& match, HttpRequest& request,
                       const Json* body);
  std::string NextId();
  // Service emulations (fake_services.cc). Called with mu_ held.
  HttpResponse EmulateBatch(const DiscoveryMatch& m, HttpRequest& r, const Json* body);
  HttpResponse EmulateTasks(const DiscoveryMatch& m, HttpRequest& r, const Json* body);
  HttpResponse EmulateStorage(const DiscoveryMatch& m, HttpRequest& r, const Json* body);
  HttpResponse EmulateIam(const DiscoveryMatch& m, HttpRequest& r, const Json* body);
  HttpResponse EmulateSecrets(const DiscoveryMatch& m, HttpRequest& r, const Json* body);
  HttpResponse EmulateRun(const DiscoveryMatch& m, HttpRequest& r, const Json* body);
  HttpResponse RunJobLocked(const std::string& job_name, const Json* body);
  void RecomputeExecutionLocked(const std::string& execution_name);
  Json OperationForExecutionLocked(const std::string& location, const Json& execution, bool done);

  std::optional<FakeResponse> NextScripted(const std::string& method_id);
  bool IsValidAccessToken(const std::string& token) const;
  std::string IssueAccessToken();
  Result<std::string> IssueIdToken(const std::string& email, const std::string& audience);
  void Violation(const std::string& what);
  TimePoint Now() const;
  std::string NowIso() const;

  Options options_;
  SystemClock system_clock_;
  std::map<std::string, DiscoveryDocument> docs_;
  std::unique_ptr<HttpServer> server_;

  mutable std::mutex mu_;
  std::map<std::string, std::deque<FakeResponse>> scripts_;
  std::map<std::string, HttpHandler> extensions_;
  std::map<std::string, TimePoint> access_tokens_;  // token → expiry
  int token_counter_ = 0;
  bool preempted_ = false;
  std::vector<RecordedRequest> requests_;
  std::vector<std::string> violations_;

  struct StoredObject {
    std::string data;
    std::string content_type;
    int64_t generation = 0;
    std::string updated;
  };
  std::map<std::string, StoredObject> objects_;  // "bucket/name"
  int64_t generation_counter_ = 1000;
  std::map<std::string, Json> jobs_;                    // Batch job name → Job
  std::map<std::string, std::string> job_request_ids_;  // requestId → job name
  std::map<std::string, Json> tasks_;                   // task name → Task
  // Names of deleted tasks: Cloud Tasks keeps an id reserved for about an hour after its task
  // was deleted or executed (ALREADY_EXISTS meanwhile).
  std::map<std::string, TimePoint> task_tombstones_;
  std::map<std::string, std::string> secrets_;          // version name → data
  std::map<std::string, Json> executions_;              // Cloud Run execution name → Execution
  std::map<std::string, std::vector<Json>> run_tasks_;  // execution name → Tasks by index
  std::map<std::string, Json> run_jobs_;                // Cloud Run job name → {taskCount, …}
  std::map<std::string, Json> operations_;              // operation name → Operation
  // operation name → operations.get answers left before the execution name shows.
  std::map<std::string, int> anonymous_operations_;
  int run_operation_name_delay_ = 0;
  int execution_counter_ = 0;
  int id_counter_ = 0;
};

// The canonical status name of an HTTP error code ("NOT_FOUND" for 404 …).
std::string CanonicalStatusName(int http_status);
HttpResponse GoogleErrorResponse(int http_status, const std::string& status_name,
                                 const std::string& message);

}  // namespace formsender::gcp::testing

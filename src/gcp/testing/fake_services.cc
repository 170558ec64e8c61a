// The service emulations of FakeGoogleApis: small in-memory models of Batch jobs, Cloud Tasks
// tasks, Storage objects, IAM signing and Secret Manager versions — enough behaviour for the
// clients and the components above them to be tested end to end. Cloud Run: fake_cloud_run.cc.
#include <openssl/evp.h>

#include <algorithm>

#include "common/crypto.h"
#include "common/strings.h"
#include "common/time.h"
#include "gcp/jwt.h"
#include "gcp/secret_manager_client.h"
#include "gcp/testing/fake_google_apis.h"

namespace formsender::gcp::testing {
namespace {

std::string QueryValue(const HttpRequest& request, std::string_view name) {
  return request.QueryParam(name).value_or("");
}

std::string Md5Base64(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_md5(), nullptr);
  return Base64Encode(std::string_view(reinterpret_cast<char*>(digest), len));
}

std::string Crc32cBase64(std::string_view data) {
  uint32_t crc = Crc32c(data);
  char bytes[4] = {static_cast<char>(crc >> 24), static_cast<char>(crc >> 16),
                   static_cast<char>(crc >> 8), static_cast<char>(crc)};
  return Base64Encode(std::string_view(bytes, 4));
}

// "a.b.c" inside a JSON object; null when absent.
const Json* FieldAt(const Json& obj, std::string_view dotted) {
  const Json* cur = &obj;
  for (const std::string& part : Split(dotted, '.')) {
    if (!cur->is_object() || !cur->contains(part)) return nullptr;
    cur = &(*cur)[part];
  }
  return cur;
}

// The subset of AIP-160 filters the fake understands: clauses `field.path="value"` (or
// without quotes) joined by AND. Anything else is refused with a clear message.
Result<std::vector<std::pair<std::string, std::string>>> ParseSimpleFilter(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> clauses;
  std::string s(Trim(text));
  if (s.empty()) return clauses;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t and_pos = s.find(" AND ", pos);
    std::string clause(Trim(std::string_view(s).substr(
        pos, and_pos == std::string::npos ? std::string::npos : and_pos - pos)));
    size_t eq = clause.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("fake supports only field=\"value\" filters joined by AND");
    }
    std::string field(Trim(std::string_view(clause).substr(0, eq)));
    std::string value(Trim(std::string_view(clause).substr(eq + 1)));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    clauses.emplace_back(field, value);
    if (and_pos == std::string::npos) break;
    pos = and_pos + 5;
  }
  return clauses;
}

}  // namespace

// ---------------------------------------------------------------------------- Cloud Batch

HttpResponse FakeGoogleApis::EmulateBatch(const DiscoveryMatch& m, HttpRequest& r,
                                          const Json* body) {
  const std::string& id = m.id;
  if (id == "batch.projects.locations.jobs.create") {
    const std::string& parent = m.path_params.at("parent");
    std::string request_id = QueryValue(r, "requestId");
    if (!request_id.empty()) {
      if (auto it = job_request_ids_.find(request_id); it != job_request_ids_.end()) {
        // The same request again (a retry): Batch answers with the job it created.
        if (auto job = jobs_.find(it->second); job != jobs_.end()) {
          return HttpResponse::JsonBody(200, job->second);
        }
      }
    }
    std::string job_id = QueryValue(r, "jobId");
    if (job_id.empty()) job_id = "job-" + NextId();
    std::string name = parent + "/jobs/" + job_id;
    if (jobs_.contains(name)) {
      return GoogleErrorResponse(409, "ALREADY_EXISTS", "Job " + name + " already exists");
    }
    Json job = *body;
    job["name"] = name;
    job["uid"] = job_id + "-" + RandomHexToken(4);
    job["createTime"] = NowIso();
    job["updateTime"] = NowIso();
    job["status"] = {{"state", "QUEUED"}, {"statusEvents", Json::array()}};
    if (job.contains("taskGroups") && job["taskGroups"].is_array()) {
      for (size_t i = 0; i < job["taskGroups"].size(); ++i) {
        job["taskGroups"][i]["name"] = name + "/taskGroups/group" + std::to_string(i);
      }
    }
    jobs_[name] = job;
    if (!request_id.empty()) job_request_ids_[request_id] = name;
    return HttpResponse::JsonBody(200, job);
  }
  if (id == "batch.projects.locations.jobs.get") {
    auto it = jobs_.find(m.path_params.at("name"));
    if (it == jobs_.end()) {
      return GoogleErrorResponse(404, "NOT_FOUND",
                                 "Job " + m.path_params.at("name") + " not found");
    }
    return HttpResponse::JsonBody(200, it->second);
  }
  if (id == "batch.projects.locations.jobs.delete") {
    const std::string& name = m.path_params.at("name");
    auto it = jobs_.find(name);
    if (it == jobs_.end())
      return GoogleErrorResponse(404, "NOT_FOUND", "Job " + name + " not found");
    jobs_.erase(it);
    std::string location = name.substr(0, name.find("/jobs/"));
    Json op = {{"name", location + "/operations/operation-" + NextId()},
               {"done", true},
               {"metadata", {{"createTime", NowIso()}, {"target", name}, {"verb", "delete"}}},
               {"response", Json::object()}};
    return HttpResponse::JsonBody(200, op);
  }
  if (id == "batch.projects.locations.jobs.list") {
    const std::string& parent = m.path_params.at("parent");
    auto clauses = ParseSimpleFilter(QueryValue(r, "filter"));
    if (!clauses.ok()) return GoogleErrorResponse(400, "", clauses.status().message());
    std::vector<Json> found;
    for (const auto& [name, job] : jobs_) {
      if (!name.starts_with(parent + "/jobs/")) continue;
      bool keep = true;
      for (const auto& [field, value] : *clauses) {
        const Json* v = FieldAt(job, field);
        keep = keep && v && v->is_string() && v->get<std::string>() == value;
      }
      if (keep) found.push_back(job);
    }
    std::string order = QueryValue(r, "orderBy");
    std::string key = order.starts_with("create_time") ? "createTime" : "name";
    bool desc = order.ends_with(" desc");
    std::stable_sort(found.begin(), found.end(), [&](const Json& a, const Json& b) {
      return desc ? a.value(key, "") > b.value(key, "") : a.value(key, "") < b.value(key, "");
    });
    size_t start = 0;
    if (std::string token = QueryValue(r, "pageToken"); !token.empty()) {
      auto parsed = ParseInt64(token);
      if (!parsed.ok() || *parsed < 0) return GoogleErrorResponse(400, "", "bad pageToken");
      start = static_cast<size_t>(*parsed);
    }
    size_t size = 100;
    if (std::string ps = QueryValue(r, "pageSize"); !ps.empty()) {
      auto parsed = ParseInt64(ps);
      if (parsed.ok() && *parsed > 0) size = static_cast<size_t>(*parsed);
    }
    Json out = {{"jobs", Json::array()}};
    for (size_t i = start; i < found.size() && i < start + size; ++i)
      out["jobs"].push_back(found[i]);
    if (start + size < found.size()) out["nextPageToken"] = std::to_string(start + size);
    return HttpResponse::JsonBody(200, out);
  }
  return GoogleErrorResponse(501, "UNIMPLEMENTED", "fake does not emulate " + id);
}

// ---------------------------------------------------------------------------- Cloud Tasks

HttpResponse FakeGoogleApis::EmulateTasks(const DiscoveryMatch& m, HttpRequest& r,
                                          const Json* body) {
  const std::string& id = m.id;
  if (id == "cloudtasks.projects.locations.queues.tasks.create") {
    const std::string& parent = m.path_params.at("parent");
    if (!body || !body->contains("task")) return GoogleErrorResponse(400, "", "task is required");
    Json task = (*body)["task"];
    std::string name = task.value("name", "");
    if (name.empty()) {
      name = parent + "/tasks/" + std::to_string(1000000 + id_counter_++) + RandomHexToken(4);
    } else if (!name.starts_with(parent + "/tasks/")) {
      return GoogleErrorResponse(400, "INVALID_ARGUMENT",
                                 "Task name must be in the queue of the request");
    }
    auto tombstone = task_tombstones_.find(name);
    if (tombstone != task_tombstones_.end() && Now() - tombstone->second >= std::chrono::hours(1)) {
      task_tombstones_.erase(tombstone);
      tombstone = task_tombstones_.end();
    }
    if (tasks_.contains(name) || tombstone != task_tombstones_.end()) {
      return GoogleErrorResponse(409, "ALREADY_EXISTS", "Requested entity already exists");
    }
    task["name"] = name;
    task["createTime"] = FormatUtcIso(Now());
    if (!task.contains("scheduleTime")) task["scheduleTime"] = NowIso();
    if (!task.contains("dispatchDeadline")) task["dispatchDeadline"] = "600s";
    task["dispatchCount"] = 0;
    task["responseCount"] = 0;
    std::string view = body->value("responseView", "BASIC");
    task["view"] = view == "FULL" ? "FULL" : "BASIC";
    tasks_[name] = task;
    Json shown = task;
    if (view != "FULL" && shown.contains("httpRequest")) shown["httpRequest"].erase("body");
    return HttpResponse::JsonBody(200, shown);
  }
  if (id == "cloudtasks.projects.locations.queues.tasks.list") {
    const std::string prefix = m.path_params.at("parent") + "/tasks/";
    size_t page_size = 1000;
    size_t start = 0;
    for (const auto& [k, v] : r.QueryParams()) {
      auto n = ParseInt64(v);
      if (k == "pageSize" && n.ok() && *n > 0) page_size = static_cast<size_t>(*n);
      if (k == "pageToken" && n.ok() && *n >= 0) start = static_cast<size_t>(*n);
    }
    std::vector<Json> found;
    for (const auto& [name, task] : tasks_) {
      if (!name.starts_with(prefix)) continue;
      Json shown = task;
      if (shown.contains("httpRequest")) shown["httpRequest"].erase("body");  // BASIC view
      shown["view"] = "BASIC";
      found.push_back(shown);
    }
    Json out = Json::object();
    if (start < found.size()) out["tasks"] = Json::array();
    for (size_t i = start; i < found.size() && i < start + page_size; ++i) {
      out["tasks"].push_back(found[i]);
    }
    if (start + page_size < found.size()) out["nextPageToken"] = std::to_string(start + page_size);
    return HttpResponse::JsonBody(200, out);
  }
  if (id == "cloudtasks.projects.locations.queues.tasks.delete") {
    auto it = tasks_.find(m.path_params.at("name"));
    if (it == tasks_.end()) {
      return GoogleErrorResponse(404, "NOT_FOUND", "Requested entity was not found.");
    }
    task_tombstones_[it->first] = Now();
    tasks_.erase(it);
    return HttpResponse::JsonBody(200, Json::object());
  }
  return GoogleErrorResponse(501, "UNIMPLEMENTED", "fake does not emulate " + id);
}

// ---------------------------------------------------------------------------- Cloud Storage

HttpResponse FakeGoogleApis::EmulateStorage(const DiscoveryMatch& m, HttpRequest& r, const Json*) {
  const std::string& id = m.id;
  const std::string& bucket = m.path_params.at("bucket");
  auto metadata = [&](const std::string& name, const StoredObject& o) {
    return Json{{"kind", "storage#object"},
                {"id", bucket + "/" + name + "/" + std::to_string(o.generation)},
                {"name", name},
                {"bucket", bucket},
                {"generation", std::to_string(o.generation)},
                {"metageneration", "1"},
                {"contentType", o.content_type},
                {"size", std::to_string(o.data.size())},
                {"md5Hash", Md5Base64(o.data)},
                {"crc32c", Crc32cBase64(o.data)},
                {"storageClass", "STANDARD"},
                {"timeCreated", o.updated},
                {"updated", o.updated}};
  };
  if (id == "storage.objects.insert") {
    std::string name = QueryValue(r, "name");
    std::string key = bucket + "/" + name;
    std::string if_generation = QueryValue(r, "ifGenerationMatch");
    auto existing = objects_.find(key);
    if (!if_generation.empty()) {
      bool ok = if_generation == "0"
                    ? existing == objects_.end()
                    : existing != objects_.end() &&
                          std::to_string(existing->second.generation) == if_generation;
      if (!ok) {
        return GoogleErrorResponse(
            412, "FAILED_PRECONDITION",
            "At least one of the pre-conditions you specified did not hold.");
      }
    }
    StoredObject o{r.body, r.headers.Get("Content-Type").value_or(""), ++generation_counter_,
                   NowIso()};
    objects_[key] = o;
    return HttpResponse::JsonBody(200, metadata(name, o));
  }
  const std::string& name = m.path_params.at("object");
  auto it = objects_.find(bucket + "/" + name);
  if (it == objects_.end()) {
    return GoogleErrorResponse(404, "NOT_FOUND", "No such object: " + bucket + "/" + name);
  }
  if (id == "storage.objects.get") {
    if (QueryValue(r, "alt") == "media") {
      return HttpResponse::Text(200, it->second.data, it->second.content_type);
    }
    return HttpResponse::JsonBody(200, metadata(name, it->second));
  }
  if (id == "storage.objects.delete") {
    objects_.erase(it);
    HttpResponse resp;
    resp.status = 204;
    return resp;
  }
  return GoogleErrorResponse(501, "UNIMPLEMENTED", "fake does not emulate " + id);
}

// ---------------------------------------------------------------------------- IAM Credentials

HttpResponse FakeGoogleApis::EmulateIam(const DiscoveryMatch& m, HttpRequest&, const Json* body) {
  const std::string& name = m.path_params.at("name");
  std::string email = name.substr(name.rfind('/') + 1);
  const ServiceAccountKey* key = KeyFor(email);
  if (!key) {
    return GoogleErrorResponse(403, "PERMISSION_DENIED",
                               "Permission 'iam.serviceAccounts.signBlob' denied on resource (or "
                               "it may not exist).");
  }
  if (m.id == "iamcredentials.projects.serviceAccounts.signBlob") {
    auto payload = Base64Decode(body->value("payload", ""));
    if (!payload.ok()) return GoogleErrorResponse(400, "", "payload is not base64");
    auto signature = RsaSha256Sign(key->private_key, *payload);
    if (!signature.ok()) return GoogleErrorResponse(500, "", signature.status().message());
    return HttpResponse::JsonBody(
        200, Json{{"keyId", key->private_key_id}, {"signedBlob", Base64Encode(*signature)}});
  }
  if (m.id == "iamcredentials.projects.serviceAccounts.generateIdToken") {
    std::string audience = body->value("audience", "");
    if (audience.empty()) return GoogleErrorResponse(400, "", "audience is required");
    auto token = IssueIdToken(email, audience);
    if (!token.ok()) return GoogleErrorResponse(500, "", token.status().message());
    return HttpResponse::JsonBody(200, Json{{"token", *token}});
  }
  return GoogleErrorResponse(501, "UNIMPLEMENTED", "fake does not emulate " + m.id);
}

// ---------------------------------------------------------------------------- Secret Manager

HttpResponse FakeGoogleApis::EmulateSecrets(const DiscoveryMatch& m, HttpRequest&, const Json*) {
  std::string name = m.path_params.at("name");
  if (name.ends_with("/versions/latest")) {
    std::string prefix = name.substr(0, name.size() - std::string("latest").size());
    std::string best;
    int64_t best_number = -1;
    for (const auto& [version, data] : secrets_) {
      if (!version.starts_with(prefix)) continue;
      auto number = ParseInt64(version.substr(prefix.size()));
      if (number.ok() && *number > best_number) {
        best_number = *number;
        best = version;
      }
    }
    if (!best.empty()) name = best;
  }
  auto it = secrets_.find(name);
  if (it == secrets_.end()) {
    return GoogleErrorResponse(404, "NOT_FOUND", "Secret Version [" + name + "] not found.");
  }
  return HttpResponse::JsonBody(200, Json{{"name", name},
                                          {"payload",
                                           {{"data", Base64Encode(it->second)},
                                            {"dataCrc32c", std::to_string(Crc32c(it->second))}}}});
}

// ---------------------------------------------------------------------------- state helpers

void FakeGoogleApis::PutObject(const std::string& bucket, const std::string& name, std::string data,
                               std::string content_type) {
  std::lock_guard lock(mu_);
  objects_[bucket + "/" + name] =
      StoredObject{std::move(data), std::move(content_type), ++generation_counter_, NowIso()};
}

std::optional<std::string> FakeGoogleApis::ObjectData(const std::string& bucket,
                                                      const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = objects_.find(bucket + "/" + name);
  if (it == objects_.end()) return std::nullopt;
  return it->second.data;
}

std::optional<Json> FakeGoogleApis::Job(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(name);
  if (it == jobs_.end()) return std::nullopt;
  return it->second;
}

bool FakeGoogleApis::SetJobState(const std::string& name, const std::string& state,
                                 const std::string& event_description, int exit_code) {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(name);
  if (it == jobs_.end()) return false;
  Json& status = it->second["status"];
  status["state"] = state;
  if (!event_description.empty()) {
    Json event = {
        {"type", "STATUS_CHANGED"}, {"description", event_description}, {"eventTime", NowIso()}};
    if (exit_code >= 0) {
      event["taskState"] = state == "SUCCEEDED" ? "SUCCEEDED" : "FAILED";
      event["taskExecution"] = {{"exitCode", exit_code}};
    }
    status["statusEvents"].push_back(event);
  }
  it->second["updateTime"] = NowIso();
  return true;
}

std::optional<Json> FakeGoogleApis::Task(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = tasks_.find(name);
  if (it == tasks_.end()) return std::nullopt;
  return it->second;
}

std::vector<Json> FakeGoogleApis::Tasks() const {
  std::lock_guard lock(mu_);
  std::vector<Json> out;
  for (const auto& [name, task] : tasks_) out.push_back(task);
  return out;
}

void FakeGoogleApis::AddSecretVersion(const std::string& version_name, std::string data) {
  std::lock_guard lock(mu_);
  secrets_[version_name] = std::move(data);
}

}  // namespace formsender::gcp::testing

#pragma once
// Google API discovery documents as a test oracle: find the method an HTTP request calls and
// check its query parameters and JSON body against the method's schemas, field by field
// (unknown fields, wrong types, bad enum values, malformed int64/duration/byte/date-time
// strings, output-only fields).
//
// Test-only (fs_gcp_testing). The documents come from shared/anchors/discovery/ and, for the
// APIs not stored there, from gcp/testing/schemas/ (minimal hand-written extracts).

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json.h"
#include "common/status.h"

namespace formsender::gcp::testing {

struct DiscoveryMatch {
  std::string id;  // "batch.projects.locations.jobs.create"
  const Json* method = nullptr;
  std::map<std::string, std::string> path_params;  // decoded
  bool is_media_upload = false;
};

class DiscoveryDocument {
 public:
  static Result<DiscoveryDocument> Load(const std::filesystem::path& file);
  static Result<DiscoveryDocument> FromJson(Json doc);

  const std::string& name() const { return name_; }  // "batch", "storage", …
  const Json& doc() const { return doc_; }

  // The method called by `http_method` on `path`, relative to the API root URL
  // ("v1/projects/p/locations/l/jobs", "upload/storage/v1/b/bkt/o"), raw (percent-encoded).
  std::optional<DiscoveryMatch> FindMethod(std::string_view http_method,
                                           std::string_view path) const;
  // Every query parameter must be declared (by the method or API-wide) and well-typed; every
  // required one present.
  Status CheckQuery(const DiscoveryMatch& match,
                    const std::vector<std::pair<std::string, std::string>>& query) const;
  // The body against the method's request schema. Methods without a request accept only an
  // empty body.
  Status CheckRequestBody(const DiscoveryMatch& match, const Json* body,
                          bool reject_read_only = true) const;
  // A response against the method's response schema (the fakes check what they send).
  Status CheckResponseBody(const DiscoveryMatch& match, const Json& body) const;
  // `value` against `schema` (a schema object or {"$ref": …}); `path` names it in errors.
  Status CheckValue(const Json& schema, const Json& value, const std::string& path,
                    bool reject_read_only) const;

 private:
  struct Method {
    std::string id;
    std::string http_method;
    std::string path_template;  // relative to the root URL
    bool is_media_upload = false;
    const Json* spec = nullptr;
  };

  std::string name_;
  Json doc_;
  std::vector<Method> methods_;
};

// Loads the six documents the fakes use: batch, cloudtasks, storage, iamcredentials (anchors)
// and run, secretmanager (gcp/testing/schemas).
Result<std::map<std::string, DiscoveryDocument>> LoadGoogleApiDocuments();

// shared/anchors: $FORMSENDER_ANCHORS_DIR, else the first "shared/anchors" found walking up
// from $FORMSENDER_SOURCE_DIR (or the current directory).
Result<std::filesystem::path> FindAnchorsDir();
// src/gcp/testing/schemas in the source tree ($FORMSENDER_SOURCE_DIR or walking up).
Result<std::filesystem::path> FindTestSchemasDir();

}  // namespace formsender::gcp::testing

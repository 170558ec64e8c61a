// The test oracle itself: method lookup, query and body checks against the discovery files.
#include "gcp/testing/discovery.h"

#include <gtest/gtest.h>

namespace formsender::gcp::testing {
namespace {

class DiscoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto docs = LoadGoogleApiDocuments();
    ASSERT_TRUE(docs.ok()) << docs.status().ToString();
    docs_ = std::move(*docs);
  }
  const DiscoveryDocument& doc(const std::string& name) { return docs_.at(name); }
  std::map<std::string, DiscoveryDocument> docs_;
};

TEST_F(DiscoveryTest, FindsMethodsByVerbAndPath) {
  auto create = doc("batch").FindMethod("POST", "v1/projects/p/locations/l/jobs");
  ASSERT_TRUE(create.has_value());
  EXPECT_EQ(create->id, "batch.projects.locations.jobs.create");
  EXPECT_EQ(create->path_params.at("parent"), "projects/p/locations/l");
  auto get = doc("batch").FindMethod("GET", "v1/projects/p/locations/l/jobs/j");
  ASSERT_TRUE(get.has_value());
  EXPECT_EQ(get->id, "batch.projects.locations.jobs.get");
  EXPECT_EQ(doc("batch").FindMethod("GET", "v1/projects/p/locations/l/jobs")->id,
            "batch.projects.locations.jobs.list");
  EXPECT_FALSE(doc("batch").FindMethod("PUT", "v1/projects/p/locations/l/jobs/j").has_value());
  auto upload = doc("storage").FindMethod("POST", "upload/storage/v1/b/bkt/o");
  ASSERT_TRUE(upload.has_value());
  EXPECT_TRUE(upload->is_media_upload);
  auto object = doc("storage").FindMethod("GET", "storage/v1/b/bkt/o/a%2Fb.json");
  ASSERT_TRUE(object.has_value());
  EXPECT_EQ(object->path_params.at("object"), "a/b.json");
  auto sign =
      doc("iamcredentials")
          .FindMethod("POST",
                      "v1/projects/-/serviceAccounts/a%40b.iam.gserviceaccount.com:signBlob");
  ASSERT_TRUE(sign.has_value());
  EXPECT_EQ(sign->id, "iamcredentials.projects.serviceAccounts.signBlob");
  EXPECT_EQ(doc("run").FindMethod("POST", "v2/projects/p/locations/l/jobs/j:run")->id,
            "run.projects.locations.jobs.run");
  EXPECT_EQ(doc("secretmanager").FindMethod("GET", "v1/projects/p/secrets/s/versions/2:access")->id,
            "secretmanager.projects.secrets.versions.access");
}

TEST_F(DiscoveryTest, ChecksQueryParameters) {
  auto list = *doc("batch").FindMethod("GET", "v1/projects/p/locations/l/jobs");
  EXPECT_TRUE(doc("batch").CheckQuery(list, {{"pageSize", "10"}, {"filter", "x"}}).ok());
  EXPECT_FALSE(doc("batch").CheckQuery(list, {{"pageSize", "ten"}}).ok());
  EXPECT_FALSE(doc("batch").CheckQuery(list, {{"limit", "10"}}).ok());
  EXPECT_TRUE(doc("batch").CheckQuery(list, {{"alt", "json"}}).ok());  // API-wide parameter
}

TEST_F(DiscoveryTest, WalksTheRequestSchema) {
  auto create = *doc("cloudtasks").FindMethod("POST", "v2/projects/p/locations/l/queues/q/tasks");
  const auto& tasks = doc("cloudtasks");
  Json good = {{"task",
                {{"httpRequest",
                  {{"url", "https://x"},
                   {"httpMethod", "POST"},
                   {"body", "e30="},
                   {"headers", {{"A", "b"}}},
                   {"oidcToken", {{"serviceAccountEmail", "a@b"}}}}},
                 {"dispatchDeadline", "600s"},
                 {"scheduleTime", "2025-10-16T00:00:01Z"}}}};
  EXPECT_TRUE(tasks.CheckRequestBody(create, &good).ok());
  Json bad = good;
  bad["task"]["httpRequest"]["oidc_token"] = Json::object();
  auto s = tasks.CheckRequestBody(create, &bad);
  EXPECT_NE(s.message().find("task.httpRequest.oidc_token: unknown field"), std::string::npos)
      << s.message();
  bad = good;
  bad["task"]["dispatchDeadline"] = "10 minutes";
  EXPECT_FALSE(tasks.CheckRequestBody(create, &bad).ok());
  bad = good;
  bad["task"]["httpRequest"]["httpMethod"] = "FETCH";
  EXPECT_FALSE(tasks.CheckRequestBody(create, &bad).ok());
  bad = good;
  bad["task"]["httpRequest"]["body"] = "not base64!";
  EXPECT_FALSE(tasks.CheckRequestBody(create, &bad).ok());
  bad = good;
  bad["task"]["scheduleTime"] = "tomorrow";
  EXPECT_FALSE(tasks.CheckRequestBody(create, &bad).ok());
  bad = good;
  bad["task"]["httpRequest"]["headers"]["A"] = 1;
  EXPECT_FALSE(tasks.CheckRequestBody(create, &bad).ok());
  auto del = *tasks.FindMethod("DELETE", "v2/projects/p/locations/l/queues/q/tasks/t");
  Json body = {{"x", 1}};
  EXPECT_FALSE(tasks.CheckRequestBody(del, &body).ok());
  EXPECT_TRUE(tasks.CheckRequestBody(del, nullptr).ok());
}

}  // namespace
}  // namespace formsender::gcp::testing

// The task body's validation, case by case from ../shared/spec/orchestration-cases.md §F (85–94)
// and the refresh body (113): what is refused, with which field path and message, and what is
// accepted and how it is normalised.
#include "dispatcher/task_payload.h"

#include <gtest/gtest.h>

#include <set>

namespace formsender::dispatcher {
namespace {

Json ValidBody() {
  return Json{{"targeting_id", 12},
              {"client_config_ref", "https://storage.googleapis.com/b/o.json?X-Goog-Expires=60"},
              {"client_config_object", "gs://b/o.json"},
              {"execution",
               {{"run_total", 2},
                {"parallelism", 1},
                {"run_index_base", 0},
                {"shards", 8},
                {"workers_per_workflow", 4}}}};
}

TaskParse Parse(const Json& body) { return ParseFormSenderTask(body, PayloadRules{}); }

// The single error of a body, as "loc: msg".
std::string OnlyError(const Json& body) {
  TaskParse p = Parse(body);
  if (p.errors.size() != 1) return std::to_string(p.errors.size()) + " errors";
  return DumpJson(p.errors[0].loc) + ": " + p.errors[0].msg;
}

TEST(TaskPayloadTest, AValidBodyParsesWithTheReferenceDefaults) {
  TaskParse p = Parse(ValidBody());
  ASSERT_TRUE(p.task) << (p.errors.empty() ? "" : p.errors[0].msg);
  EXPECT_EQ(p.task->targeting_id, 12);
  EXPECT_EQ(p.task->mode, "cloud_run");
  EXPECT_FALSE(p.task->batch);
  EXPECT_EQ(p.task->workflow_trigger, "automated");
  EXPECT_EQ(p.task->tables.send_queue_table, "send_queue");
  Json j = p.task->ToJson();
  EXPECT_EQ(j["execution"]["shards"], 8);
  EXPECT_TRUE(j["batch"].is_null());
}

TEST(TaskPayloadTest, Case85_RunTotalAndRunIndexBaseBounds) {
  Json body = ValidBody();
  body["execution"]["run_total"] = 0;
  body["execution"]["parallelism"] = 0;
  TaskParse p = Parse(body);
  EXPECT_FALSE(p.task);
  bool run_total = false;
  for (const FieldError& e : p.errors) {
    if (e.loc == Json::array({"body", "execution", "run_total"})) run_total = true;
  }
  EXPECT_TRUE(run_total);
  body = ValidBody();
  body["execution"]["run_index_base"] = -1;
  TaskParse negative = Parse(body);
  ASSERT_EQ(negative.errors.size(), 1u);
  EXPECT_EQ(negative.errors[0].loc, Json::array({"body", "execution", "run_index_base"}));
  EXPECT_EQ(negative.errors[0].type, "value_error.number.not_ge");
  body = ValidBody();
  body["execution"]["parallelism"] = 3;  // more than run_total
  EXPECT_EQ(
      OnlyError(body),
      R"(["body","execution","__root__"]: parallelism must be less than or equal to run_total)");
}

TEST(TaskPayloadTest, Case86_87_ConfigRefAndObjectRules) {
  Json body = ValidBody();
  body["client_config_ref"] = "http://storage.googleapis.com/b/o.json";
  EXPECT_EQ(OnlyError(body),
            R"(["body","client_config_ref"]: client_config_ref must use https scheme)");
  body["client_config_ref"] = "  ";
  EXPECT_EQ(OnlyError(body),
            R"(["body","client_config_ref"]: client_config_ref must be a non-empty string)");
  body = ValidBody();
  body["client_config_object"] = "https://x/b/o";
  EXPECT_EQ(OnlyError(body),
            R"(["body","client_config_object"]: client_config_object must be a gs:// URI)");
  // The embedded store: local:// objects and http:// URLs of its own origin only.
  PayloadRules local{"local://objects/", "http://127.0.0.1:8080"};
  body = ValidBody();
  body["client_config_object"] = "local://objects/a.json";
  body["client_config_ref"] = "http://127.0.0.1:8080/objects/a.json?expires=1&signature=x";
  EXPECT_TRUE(ParseFormSenderTask(body, local).task);
  body["client_config_ref"] = "http://127.0.0.1:9999/objects/a.json";
  EXPECT_FALSE(ParseFormSenderTask(body, local).task);
}

TEST(TaskPayloadTest, Case89_CpuClassIsTrimmedAndLowerCased) {
  Json body = ValidBody();
  body["cpu_class"] = " LOW ";
  TaskParse p = Parse(body);
  ASSERT_TRUE(p.task);
  EXPECT_EQ(p.task->cpu_class, "low");
  body["cpu_class"] = "high";
  EXPECT_EQ(OnlyError(body),
            R"(["body","cpu_class"]: cpu_class must be 'standard', 'low', or 'gcp_spot')");
}

TEST(TaskPayloadTest, Case90_BranchNames) {
  Json body = ValidBody();
  body["branch"] = "feature/serverless";
  EXPECT_TRUE(Parse(body).task);
  for (const std::string& bad : std::vector<std::string>{"--upload-pack=bad", "branch with space",
                                                         "", std::string(256, 'a')}) {
    body["branch"] = bad;
    TaskParse p = Parse(body);
    EXPECT_FALSE(p.task) << bad;
    ASSERT_EQ(p.errors.size(), 1u) << bad;
    EXPECT_EQ(p.errors[0].loc, Json::array({"body", "branch"})) << bad;
  }
}

TEST(TaskPayloadTest, Case91_ModeGithubIsRefusedAndBatchWithoutOptionsIsBatch) {
  Json body = ValidBody();
  body["mode"] = "github";
  TaskParse refused = Parse(body);
  ASSERT_EQ(refused.errors.size(), 1u);
  EXPECT_EQ(refused.errors[0].loc, Json::array({"body", "mode"}));
  EXPECT_EQ(refused.errors[0].type, "value_error.const");
  body["mode"] = "batch";
  TaskParse p = Parse(body);
  ASSERT_TRUE(p.task);
  EXPECT_TRUE(p.task->batch_mode());
  EXPECT_FALSE(p.task->batch);
  // A batch object alone makes it a batch task.
  body.erase("mode");
  body["batch"] = Json::object();
  p = Parse(body);
  ASSERT_TRUE(p.task);
  EXPECT_TRUE(p.task->batch_mode());
  EXPECT_TRUE(p.task->batch->enabled);
}

TEST(TaskPayloadTest, Case93_BatchBounds) {
  for (auto [field, value] :
       {std::pair{"signed_url_ttl_hours", 169},
        std::pair{"signed_url_refresh_threshold_seconds", 59}, std::pair{"instance_count", 17},
        std::pair{"memory_per_worker_mb", 1000}}) {
    Json body = ValidBody();
    body["batch"] = {{field, value}};
    TaskParse p = Parse(body);
    EXPECT_FALSE(p.task) << field;
    ASSERT_EQ(p.errors.size(), 1u) << field;
    EXPECT_EQ(p.errors[0].loc, Json::array({"body", "batch", field}));
  }
  Json body = ValidBody();
  body["batch"] = {{"signed_url_ttl_hours", 168},
                   {"signed_url_refresh_threshold_seconds", 60},
                   {"instance_count", 16},
                   {"memory_per_worker_mb", 1024}};
  EXPECT_TRUE(Parse(body).task);
}

TEST(TaskPayloadTest, Case94_UnknownKeysAreDroppedAndReported) {
  Json body = ValidBody();
  body["dispatcher_mode"] = "x";
  body["batch"] = {{"machine_type_overridden", true}, {"fallback_vcpu", 2}};
  TaskParse p = Parse(body);
  ASSERT_TRUE(p.task);
  EXPECT_EQ(p.unknown_keys.size(), 3u);
  Json j = p.task->ToJson();
  EXPECT_FALSE(j.contains("dispatcher_mode"));
  EXPECT_FALSE(j["batch"].contains("fallback_vcpu"));
}

TEST(TaskPayloadTest, WrongTypesAndMissingFieldsAreNamed) {
  Json body = ValidBody();
  body.erase("client_config_object");
  body["targeting_id"] = "twelve";
  TaskParse p = Parse(body);
  EXPECT_FALSE(p.task);
  std::set<std::string> locs;
  for (const FieldError& e : p.errors) locs.insert(DumpJson(e.loc));
  EXPECT_EQ(locs, (std::set<std::string>{R"(["body","client_config_object"])",
                                         R"(["body","targeting_id"])"}));
  // pydantic's coercion: a numeric string is a number.
  body = ValidBody();
  body["targeting_id"] = "12";
  ASSERT_TRUE(Parse(body).task);
  EXPECT_EQ(Parse(body).task->targeting_id, 12);
  EXPECT_FALSE(ParseFormSenderTask(Json::array(), PayloadRules{}).task);
}

TEST(TaskPayloadTest, Case113_RefreshTtlBounds) {
  RefreshParse zero =
      ParseRefreshRequest({{"client_config_object", "gs://b/o.json"}, {"signed_url_ttl_hours", 0}});
  EXPECT_FALSE(zero.request);
  ASSERT_EQ(zero.errors.size(), 1u);
  EXPECT_EQ(zero.errors[0].loc, Json::array({"body", "signed_url_ttl_hours"}));
  RefreshParse ok =
      ParseRefreshRequest({{"client_config_object", "gs://b/o.json"}, {"signed_url_ttl_hours", 2}});
  ASSERT_TRUE(ok.request);
  EXPECT_EQ(ok.request->signed_url_ttl_hours, 2);
}

}  // namespace
}  // namespace formsender::dispatcher

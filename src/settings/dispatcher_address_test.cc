// Cases B-29, B-30, E-82, E-83 of orchestration-cases.md.
#include "settings/dispatcher_address.h"

#include <gtest/gtest.h>

#include "common/strings.h"

namespace formsender::settings {
namespace {

Properties With(const std::map<std::string, std::string>& vars) {
  MapEnvironment env;
  for (const auto& [k, v] : vars) env.Set(k, v);
  return *Properties::Parse("", "", env);
}

TEST(DispatcherAddressTest, TasksUrlAndApiBase) {
  EXPECT_EQ(*DispatcherTasksUrl(
                With({{"FORM_SENDER_DISPATCHER_BASE_URL", "https://d.example.run.app/"}})),
            "https://d.example.run.app/v1/form-sender/tasks");
  EXPECT_EQ(*DispatcherTasksUrl(With({{"FORM_SENDER_DISPATCHER_BASE_URL", "https://b.example"},
                                      {"FORM_SENDER_DISPATCHER_URL", "https://u.example/x"}})),
            "https://u.example/x");
  EXPECT_FALSE(DispatcherTasksUrl(Properties()).ok());
  EXPECT_EQ(DispatcherApiBase("https://d.example.run.app/v1/form-sender/tasks"),
            "https://d.example.run.app");
  EXPECT_EQ(DispatcherApiBase("https://d.example.run.app/custom/path"),
            "https://d.example.run.app/custom/path");
  EXPECT_EQ(DispatcherApiBase("https://d.example.run.app/v1/form-sender/"),
            "https://d.example.run.app");
}

TEST(DispatcherAddressTest, DerivedBaseUrl) {
  EXPECT_EQ(DeriveDispatcherBaseUrl("https://x.a.run.app/v1/form-sender/tasks"),
            "https://x.a.run.app");
  EXPECT_EQ(DeriveDispatcherBaseUrl("x.a.run.app/v1"), std::nullopt);
  EXPECT_EQ(DeriveDispatcherBaseUrl("https:///v1"), std::nullopt);
}

TEST(DispatcherAddressTest, ConfiguredAndMissingBatchSettings) {
  EXPECT_FALSE(IsDispatcherConfigured(Properties()));
  EXPECT_TRUE(
      IsDispatcherConfigured(With({{"FORM_SENDER_TASKS_QUEUE", "projects/p/locations/l/queues/q"},
                                   {"FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT", "sa@p.iam"},
                                   {"FORM_SENDER_DISPATCHER_BASE_URL", "https://d"}})));
  std::map<std::string, std::string> full = {
      {"FORM_SENDER_DISPATCHER_URL", "https://x.a.run.app/v1/form-sender/tasks"},
      {"DISPATCHER_PROJECT_ID", "p"},
      {"DISPATCHER_LOCATION", "asia-northeast1"},
      {"FORM_SENDER_BATCH_JOB_TEMPLATE", "projects/p/locations/l/jobs/t"},
      {"FORM_SENDER_BATCH_TASK_GROUP", "g"},
      {"FORM_SENDER_BATCH_SERVICE_ACCOUNT", "b@p.iam"},
      {"FORM_SENDER_BATCH_CONTAINER_IMAGE", "img"},
      {"FORM_SENDER_BATCH_SUPABASE_URL_SECRET", "s1"},
      {"FORM_SENDER_BATCH_SUPABASE_SERVICE_ROLE_SECRET", "s2"},
      {"FORM_SENDER_BATCH_NETWORK", "n"},
      {"FORM_SENDER_BATCH_SUBNETWORK", "sn"}};
  EXPECT_TRUE(MissingBatchSettings(With(full)).empty());
  auto no_base = full;
  no_base.erase("FORM_SENDER_DISPATCHER_URL");
  std::string missing = Join(MissingBatchSettings(With(no_base)), ", ");
  EXPECT_NE(missing.find("FORM_SENDER_DISPATCHER_BASE_URL"), std::string::npos);
  auto no_network = full;
  no_network.erase("FORM_SENDER_BATCH_NETWORK");
  no_network.erase("FORM_SENDER_BATCH_SUBNETWORK");
  EXPECT_EQ(
      MissingBatchSettings(With(no_network)),
      (std::vector<std::string>{"FORM_SENDER_BATCH_NETWORK", "FORM_SENDER_BATCH_SUBNETWORK"}));
}

}  // namespace
}  // namespace formsender::settings

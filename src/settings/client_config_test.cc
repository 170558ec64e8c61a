// client_config (spec §2.5) byte for byte: the key order of the reference's builder and
// JSON.stringify's compact form.
#include "settings/client_config.h"

#include <gtest/gtest.h>

#include "settings/sheet_import.h"

namespace formsender::settings {
namespace {

Client SampleClient() {
  auto r = ParseClientSheet(
      "id,company_name,company_name_kana,form_sender_name,last_name,first_name,last_name_kana,"
      "first_name_kana,last_name_hiragana,first_name_hiragana,position,gender,email_1,email_2,"
      "postal_code_1,postal_code_2,address_1,address_2,address_3,address_4,address_5,phone_1,"
      "phone_2,phone_3,department,website_url\n"
      "7,株式会社サンプル,カブシキガイシャサンプル,営業部,山田,太郎,ヤマダ,タロウ,やまだ,たろう,"
      "部長,男性,info,example.co.jp,100,0001,東京都,千代田区,千代田,1-1,,03,1234,5678,営業部,"
      "https://example.co.jp\n",
      "client.csv", TimePoint{});
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r->rows[0];
}

Targeting SampleTargeting(const std::string& header, const std::string& cells) {
  auto r = ParseTargetingSheet(
      "id,active,client_id,description,subject,message,targeting_sql,ng_companies,"
      "max_daily_sends,send_start_time,send_days_of_week" +
          (header.empty() ? "" : "," + header) + "\n" +
          "3,TRUE,7,説明,件名,\"本文\\n2行目 \"\"引用\"\"\",prefecture = '東京都',A社,50,9:00,"
          "\"[0,1,2]\"" +
          (header.empty() ? "" : "," + cells) + "\n",
      "targeting.csv", TimePoint{});
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r->rows[0];
}

std::string Config(const Targeting& t, const std::map<std::string, std::string>& vars = {}) {
  MapEnvironment env;
  env.Set("USE_GCP_BATCH", "true");
  for (const auto& [k, v] : vars) env.Set(k, v);
  auto props = Properties::Parse("", "", env);
  EXPECT_TRUE(props.ok());
  auto s = ResolveSettings(t, *props);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return ClientConfigText(t, SampleClient(), *s);
}

constexpr const char* kClientJson =
    R"("client":{"company_name":"株式会社サンプル","company_name_kana":"カブシキガイシャサンプル",)"
    R"("form_sender_name":"営業部","last_name":"山田","first_name":"太郎","last_name_kana":"ヤマダ",)"
    R"("first_name_kana":"タロウ","last_name_hiragana":"やまだ","first_name_hiragana":"たろう",)"
    R"("position":"部長","gender":"男性","email_1":"info","email_2":"example.co.jp",)"
    R"("postal_code_1":"100","postal_code_2":"0001","address_1":"東京都","address_2":"千代田区",)"
    R"("address_3":"千代田","address_4":"1-1","phone_1":"03","phone_2":"1234","phone_3":"5678",)"
    R"("department":"営業部","website_url":"https://example.co.jp","address_5":""})";

TEST(ClientConfigTest, MinimalRowMatchesTheReferenceBytes) {
  std::string expected =
      std::string(R"({"targeting_id":3,"client_id":7,"active":true,"description":"説明",)"
                  R"("use_extra_table":false,)") +
      kClientJson +
      R"(,"targeting":{"id":3,"subject":"件名","message":"本文\n2行目 \"引用\"",)"
      R"("targeting_sql":"prefecture = '東京都'","ng_companies":"A社","max_daily_sends":50,)"
      R"("send_start_time":"09:00","send_end_time":"18:00","send_days_of_week":[0,1,2],)"
      R"("use_extra_table":false,"session_max_hours":8,"concurrent_workflow":1},"batch":{}})";
  EXPECT_EQ(Config(SampleTargeting("", "")), expected);
}

TEST(ClientConfigTest, ModeFlagsAndBatchColumnsAppearOnlyWhenSet) {
  Targeting t = SampleTargeting(
      "use_serverless,use_gcp_batch,extra,batch_max_parallelism,batch_prefer_spot,"
      "batch_allow_on_demand_fallback,batch_machine_type,batch_instance_count,"
      "batch_workers_per_workflow,batch_signed_url_ttl_hours,"
      "batch_signed_url_refresh_threshold_seconds,batch_vcpu_per_worker,"
      "batch_memory_per_worker_mb,batch_memory_buffer_mb,batch_max_attempts,session_max_hours,"
      "concurrent_workflow,send_end_time",
      "FALSE,TRUE,TRUE,3,TRUE,FALSE,n2d-custom-4-8192,4,6,24,3600,1,3072,1024,2,2.5,5,17:30");
  std::string expected =
      std::string(R"({"targeting_id":3,"client_id":7,"active":true,"description":"説明",)"
                  R"("use_extra_table":true,)") +
      kClientJson +
      R"(,"targeting":{"id":3,"subject":"件名","message":"本文\n2行目 \"引用\"",)"
      R"("targeting_sql":"prefecture = '東京都'","ng_companies":"A社","max_daily_sends":50,)"
      R"("send_start_time":"09:00","send_end_time":"17:30","send_days_of_week":[0,1,2],)"
      R"("use_extra_table":true,"session_max_hours":2.5,"concurrent_workflow":5,)"
      R"("useServerless":false,"use_serverless":false,"useGcpBatch":true,"use_gcp_batch":true},)"
      R"("useServerless":false,"use_serverless":false,"useGcpBatch":true,"use_gcp_batch":true,)"
      R"("batch":{"enabled":true,"max_parallelism":3,"prefer_spot":true,)"
      R"("allow_on_demand_fallback":false,"machine_type":"n2d-custom-4-8192","instance_count":4,)"
      R"("workers_per_workflow":6,"signed_url_ttl_hours":24,)"
      R"("signed_url_refresh_threshold_seconds":3600,"vcpu_per_worker":1,)"
      R"("memory_per_worker_mb":3072,"max_attempts":2}})";
  EXPECT_EQ(Config(t), expected);
}

TEST(ClientConfigTest, PropertyFallbacksFlowIn) {
  std::string text =
      Config(SampleTargeting("", ""), {{"FORM_SENDER_DEFAULT_SEND_END_TIME", "17:00"},
                                       {"FORM_SENDER_MAX_SESSION_HOURS_DEFAULT", "10"}});
  EXPECT_NE(text.find(R"("send_end_time":"17:00")"), std::string::npos);
  EXPECT_NE(text.find(R"("session_max_hours":10,)"), std::string::npos);
}

}  // namespace
}  // namespace formsender::settings

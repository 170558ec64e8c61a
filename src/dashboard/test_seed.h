#pragma once
// Seeded store for the dashboard's tests: one campaign (targeting 1 of client 7) with today's
// queue, submissions (one success, a refusal, a CAPTCHA, a validation failure whose label holds
// markup), two running batch executions with attempts, and waiting tasks.

#include <gtest/gtest.h>

#include "common/clock.h"
#include "common/time.h"
#include "engine/stage_stats.h"
#include "settings/sheet_import_db.h"
#include "settings/test_sheets.h"
#include "store/database.h"

namespace formsender::dashboard::testing {

// 2026-06-01 12:00 JST, a Monday.
inline TimePoint SeedNow() { return ParseIsoTimestamp("2026-06-01T03:00:00Z").value(); }

inline void Seed(store::Database& db, const Clock& clock) {
  using store::SqlValue;
  const char* targeting_csv =
      "id,active,client_id,description,subject,message,max_daily_sends,send_start_time,"
      "send_days_of_week,concurrent_workflow,use_gcp_batch\n"
      "1,TRUE,7,春の案内,件名,本文,50,09:00,\"[0,1,2,3,4]\",3,TRUE\n";
  ASSERT_TRUE(settings::ImportSheet(db, settings::SheetKind::kClients,
                                    {settings::testing::kClientCsv, "c.csv", "c.csv"}, clock)
                  .ok());
  ASSERT_TRUE(settings::ImportSheet(db, settings::SheetKind::kTargeting,
                                    {targeting_csv, "t.csv", "t.csv"}, clock)
                  .ok());
  TimePoint now = clock.Now();
  auto ago = [&](int minutes) { return SqlValue::Time(now - std::chrono::minutes(minutes)); };
  auto exec = [&](std::string_view sql, const store::Params& params) {
    auto r = db.Execute(sql, params);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  };
  for (int id : {101, 102, 103, 104}) {
    exec("INSERT INTO companies (id, company_name, form_url) VALUES ($1, $2, $3)",
         {id, "会社" + std::to_string(id),
          "http://form" + std::to_string(id) + ".localhost/contact"});
  }
  exec(
      "INSERT INTO send_queue (target_date_jst, targeting_id, company_id, status) VALUES "
      "($1::date, 1, 101, 'done'), ($1::date, 1, 102, 'done'), ($1::date, 1, 103, 'done'), "
      "($1::date, 1, 104, 'pending')",
      {JstDateOf(now).ToString()});
  const char* insert_submission =
      "INSERT INTO submissions (id, targeting_id, company_id, error_type, submitted_at, success, "
      "classify_detail, field_mapping) VALUES ($1, 1, $2, $3, $4, $5, $6, $7)";
  Json mapping = Json::array({Json{{"name", "your-name"},
                                   {"label", "お名前 <b>必須</b>"},
                                   {"category", "name"},
                                   {"score", 0.92},
                                   {"value", "山田 太郎"},
                                   {"evidence", Json::array({"label お名前", "name=your-name"})}},
                              Json{{"name", "email"},
                                   {"label", "メール"},
                                   {"category", "email"},
                                   {"score", 0.99},
                                   {"value", "info@example.co.jp"},
                                   {"evidence", Json::array({"type=email"})}}});
  exec(insert_submission,
       {1, 101, nullptr, ago(60), true,
        SqlValue::JsonText(
            Json{{"code", "SUCCESS"},
                 {"evidence", {{"original_url", "http://form101.localhost/contact"}}}}),
        SqlValue::JsonText(mapping)});
  exec(insert_submission,
       {2, 102, "PROHIBITION_DETECTED", ago(50), false,
        SqlValue::JsonText(
            Json{{"code", "PROHIBITION_DETECTED"},
                 {"evidence",
                  {{"original_url", "http://form102.localhost/contact"},
                   {"prohibition_phrases", Json::array({"営業目的のお問い合わせはお断り"})}}}}),
        SqlValue::JsonText(Json::array())});
  Json validation_detail = {{"code", "FORM_VALIDATION_ERROR"},
                            {"evidence",
                             {{"original_url", "http://form103.localhost/contact"},
                              {"final_url", "http://form103.localhost/confirm"},
                              {"http_status", 422}}}};
  exec(insert_submission, {3, 103, "FORM_VALIDATION_ERROR", ago(40), false,
                           SqlValue::JsonText(validation_detail), SqlValue::JsonText(mapping)});
  exec(insert_submission,
       {4, 104, "BOT_DETECTED", ago(30), false, SqlValue::JsonText(Json{{"code", "BOT_DETECTED"}}),
        SqlValue::JsonText(Json::array())});
  const char* insert_execution =
      "INSERT INTO job_executions (execution_id, targeting_id, run_index_base, task_count, status, "
      "execution_mode, started_at, metadata) VALUES ($1, 1, $2, 3, $3, 'batch', $4, $5)";
  // The runners' heartbeats: alpha's task 0 ran a form sent over HTTP and one that timed out,
  // beta's task 0 a form the browser finished.
  engine::EngineStats alpha_engine, beta_engine;
  engine::FormResult sent;
  sent.stage_seconds = {{"fetch", 0.2}, {"analyze", 0.003}, {"submit", 0.4}, {"judge", 0.002}};
  sent.elapsed_seconds = 0.7;
  alpha_engine.Observe(sent);
  engine::FormResult timed_out;
  timed_out.stage_seconds = {{"fetch", 12}};
  timed_out.fetch_errors = {{"timeout", 1}};
  timed_out.elapsed_seconds = 12;
  alpha_engine.Observe(timed_out);
  engine::FormResult browser;
  browser.engine = "browser";
  browser.stage_seconds = {{"fetch", 0.3}, {"analyze", 0.01}, {"browser", 4}};
  browser.elapsed_seconds = 4.5;
  beta_engine.Observe(browser);
  for (auto [id, run, status, minutes, engine] :
       {std::tuple{"exec-alpha", 0, "running", 90, alpha_engine},
        std::tuple{"exec-beta", 100, "running", 20, beta_engine},
        std::tuple{"exec-old", 200, "failed", 600, engine::EngineStats{}}}) {
    Json metadata = {{"execution_mode", "batch"},
                     {"batch",
                      {{"job_name", std::string(id) + "-job"},
                       {"backend", "noop"},
                       {"machine_type", "e2-standard-2"}}}};
    if (!engine.empty()) metadata["runner"]["tasks"]["0"]["engine"] = engine.ToJson();
    exec(insert_execution, {id, run, status, ago(minutes), SqlValue::JsonText(metadata)});
  }
  const char* insert_attempt =
      "INSERT INTO job_execution_attempts (execution_id, job_name, task_index, attempt, status, "
      "machine_type, provisioning_model, preempted) VALUES ('exec-alpha', 'exec-alpha-job', $1, "
      "$2, $3, 'n2d-custom-4-8192', 'SPOT', $4)";
  exec(insert_attempt, {0, 0, "succeeded", false});
  exec(insert_attempt, {1, 0, "preempted", true});
  exec(insert_attempt, {1, 1, "running", false});
  exec(
      "INSERT INTO task_queue (queue_name, task_name, url, schedule_time, create_time, state, "
      "dispatch_count) VALUES ('form-sender', 't1', 'http://127.0.0.1/x', $1, $1, 'pending', 2), "
      "('form-sender', 't2', 'http://127.0.0.1/x', $2, $2, 'succeeded', 1)",
      {ago(10), ago(5)});
  exec(
      "INSERT INTO send_ledger (targeting_id, company_id, target_date_jst, run_id, "
      "fencing_token, state, intent_at) VALUES (1, 101, $1::date, 'r', 1, 'sent', $2), "
      "(1, 103, $1::date, 'r', 2, 'unknown', $2)",
      {JstDateOf(now).ToString(), ago(40)});
}

}  // namespace formsender::dashboard::testing

#pragma once
// The targeting (campaign) and client (sender company) rows as imported from their sheets
// (spec §2.3, §2.4). Every value is already parsed and validated; optional members are the
// cells the sheet left blank, which the precedence rules fill (effective_settings.h).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/json.h"

namespace formsender::settings {

struct Targeting {
  int64_t id = 0;
  bool active = false;
  int64_t client_id = 0;
  std::string description;
  std::string subject;  // as in the sheet; ExpandEscapes turns literal \n into newlines
  std::string message;
  std::string targeting_sql;
  std::string ng_companies;
  std::optional<int64_t> max_daily_sends;
  std::optional<std::string> send_start_time;  // normalised "HH:MM"
  std::optional<std::string> send_end_time;    // normalised "HH:MM"
  std::optional<std::vector<int>> send_days_of_week;
  std::optional<int64_t> concurrent_workflow;
  bool use_extra_table = false;
  std::optional<bool> use_serverless;
  std::optional<bool> use_gcp_batch;
  std::optional<int64_t> batch_max_parallelism;
  std::optional<bool> batch_prefer_spot;
  std::optional<bool> batch_allow_on_demand_fallback;
  std::optional<std::string> batch_machine_type;  // validated, lower-case
  std::optional<int64_t> batch_instance_count;
  std::optional<int64_t> batch_workers_per_workflow;
  std::optional<int64_t> batch_signed_url_ttl_hours;
  std::optional<int64_t> batch_signed_url_refresh_threshold_seconds;
  std::optional<int64_t> batch_vcpu_per_worker;
  std::optional<int64_t> batch_memory_per_worker_mb;
  std::optional<int64_t> batch_memory_buffer_mb;
  std::optional<int64_t> batch_max_attempts;
  std::optional<double> session_max_hours;
  std::optional<std::string> branch;
  // Columns the sheet has that formsender does not read (memo columns …), header → value.
  Json extra_columns = Json::object();
  std::string source;  // file name or sheet URL it was imported from
  int sheet_row = 0;   // 1-based line of the row in that CSV
  TimePoint imported_at{};
};

struct Client {
  int64_t id = 0;
  std::string company_name;
  std::string company_name_kana;
  std::string form_sender_name;
  std::string last_name;
  std::string first_name;
  std::string last_name_kana;
  std::string first_name_kana;
  std::string last_name_hiragana;
  std::string first_name_hiragana;
  std::string position;
  std::string gender;
  std::string email_1;  // the address is email_1@email_2
  std::string email_2;
  std::string postal_code_1;  // postal_code_1-postal_code_2
  std::string postal_code_2;
  std::string address_1;  // prefecture
  std::string address_2;  // city
  std::string address_3;  // town
  std::string address_4;  // block number
  std::string address_5;  // building (optional)
  std::string phone_1;    // phone_1-phone_2-phone_3
  std::string phone_2;
  std::string phone_3;
  std::string department;   // optional
  std::string website_url;  // optional
  Json extra_columns = Json::object();
  std::string source;
  int sheet_row = 0;
  TimePoint imported_at{};
};

}  // namespace formsender::settings

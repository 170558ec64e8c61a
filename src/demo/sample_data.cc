#include "demo/sample_data.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "common/csv.h"

namespace formsender::demo {
namespace {

// The sender of tests/forms/client_config.json, so the sites' server-side validation (formats,
// kana, required fields) sees the values the corpus was written for.
constexpr const char* kClientsCsv =
    "id,company_name,company_name_kana,form_sender_name,last_name,first_name,last_name_kana,"
    "first_name_kana,last_name_hiragana,first_name_hiragana,position,department,gender,email_1,"
    "email_2,website_url,postal_code_1,postal_code_2,address_1,address_2,address_3,address_4,"
    "address_5,phone_1,phone_2,phone_3\n"
    "1,株式会社ミライテック,カブシキガイシャミライテック,佐藤 健一,佐藤,健一,サトウ,ケンイチ,"
    "さとう,けんいち,営業部長,営業部,男性,k.sato,example.co.jp,https://www.example.co.jp/,150,"
    "0002,東京都,渋谷区,渋谷,2-15-1,ミライビル8階,03,6451,7820\n";

constexpr const char* kMessage =
    "{company_name}\n"
    "ご担当者様\n\n"
    "突然のご連絡失礼いたします。\n"
    "{client.company_name}の{client.last_name}と申します。\n\n"
    "[{prefecture}の]企業様に向けて、お問い合わせ対応を効率化するクラウドサービス"
    "「ミライデスク」をご案内しております。\n"
    "導入企業様では、問い合わせ対応にかかる時間を平均で約40%削減できております。\n\n"
    "ご検討のほど、よろしくお願い申し上げます。\n\n"
    "{client.company_name}\n"
    "{client.department} {client.last_name} {client.first_name}\n"
    "TEL：{client.phone_1}-{client.phone_2}-{client.phone_3}\n"
    "Email：{client.email_1}@{client.email_2}";

std::string TargetingCsv(const std::vector<DemoTargeting>& targetings) {
  std::ostringstream out;
  out << "id,active,client_id,description,subject,message,targeting_sql,ng_companies,"
         "max_daily_sends,send_start_time,send_end_time,send_days_of_week,concurrent_workflow,"
         "useGcpBatch,batch_instance_count,batch_workers_per_workflow,session_max_hours,"
         "batch_max_attempts,batch_allow_on_demand_fallback\n";
  for (const DemoTargeting& t : targetings) {
    std::vector<std::string> row = {std::to_string(t.id), "TRUE", "1", t.description,
                                    "【ご提案】お問い合わせ対応の効率化について"
                                    "（{client.company_name}）",
                                    kMessage, std::string("prefecture = '") + t.prefecture + "'",
                                    "", std::to_string(t.max_daily_sends), "09:00", t.send_end_time,
                                    "[0,1,2,3,4]", std::to_string(t.instance_count), "TRUE",
                                    std::to_string(t.instance_count),
                                    std::to_string(t.workers_per_workflow), "2",
                                    // Spot tasks are preempted: each may run three times, and
                                    // a job whose tasks were all lost to preemption is run
                                    // again on standard machines (the monitor's fallback).
                                    "3", "TRUE"};
    out << FormatCsvRow(row) << "\n";
  }
  return out.str();
}

}  // namespace

// Campaigns of one client, split by prefecture: what an operator's sheet would hold.
std::vector<DemoTargeting> DefaultTargetings(int companies) {
  int cap = std::clamp(companies, 1000, 10000);
  return {{.id = 1,
           .description = "東京の企業向け（デモ）",
           .prefecture = "東京都",
           .max_daily_sends = cap,
           .instance_count = 2},
          {.id = 2,
           .description = "大阪の企業向け（デモ）",
           .prefecture = "大阪府",
           .max_daily_sends = cap,
           .instance_count = 1}};
}

std::vector<DemoTargeting> SystemTestTargetings(const std::string& window_end, int cap) {
  return {{.id = 1,
           .description = "東京・送信枠が途中で終わる",
           .prefecture = "東京都",
           .instance_count = 3,
           .send_end_time = window_end,
           .share = 2,
           .closes_mid_run = true},
          {.id = 2,
           .description = "大阪・上限が待ち行列より少ない",
           .prefecture = "大阪府",
           .max_daily_sends = cap,
           .instance_count = 1,
           .capped = true},
          {.id = 3,
           .description = "福岡・テストモード",
           .prefecture = "福岡県",
           .instance_count = 1,
           .test_mode = true}};
}

std::vector<std::string> DefaultExcludedCases() {
  return {"fail-slow-loris", "fail-timeout", "fail-endless-chunked", "slow-first-byte"};
}

Result<std::map<std::string, CaseExpectation>> LoadCaseExpectations(const std::string& forms_dir) {
  std::map<std::string, CaseExpectation> out;
  std::error_code ec;
  std::filesystem::directory_iterator it(forms_dir, ec);
  if (ec) return Status::NotFound("forms folder " + forms_dir + ": " + ec.message());
  for (const auto& entry : it) {
    if (!entry.is_directory() || !std::filesystem::exists(entry.path() / "expected.json")) {
      continue;
    }
    FS_ASSIGN_OR_RETURN(CaseExpectation e, sites::LoadExpectedCase(entry.path().string()));
    out[entry.path().filename().string()] = std::move(e);
  }
  if (out.empty()) return Status::NotFound("no case folders with expected.json in " + forms_dir);
  return out;
}

Result<SampleData> BuildSampleData(const std::vector<SampleSite>& sites,
                                   const std::map<std::string, CaseExpectation>& expectations,
                                   const SampleDataOptions& options) {
  if (options.companies < 1) {
    return Status::InvalidArgument("--companies must be at least 1");
  }
  if (options.targetings.empty()) return Status::InvalidArgument("the demo needs a targeting");
  const auto& targetings = options.targetings;
  // One turn of the round: each targeting as many times as its share, interleaved.
  std::vector<const DemoTargeting*> turn;
  for (int round = 0; static_cast<int>(turn.size()) < 1000; ++round) {
    size_t before = turn.size();
    for (const DemoTargeting& t : targetings) {
      if (t.share > round) turn.push_back(&t);
    }
    if (turn.size() == before) break;
  }
  SampleData data;
  data.clients_csv = kClientsCsv;
  data.targeting_csv = TargetingCsv(targetings);
  std::ostringstream companies;
  companies << "id,company_name,company_url,form_url,prefecture,employee_count\n";
  for (const SampleSite& site : sites) {
    if (static_cast<int>(data.companies.size()) == options.companies) break;
    const auto& excluded = options.excluded_cases;
    if (std::find(excluded.begin(), excluded.end(), site.template_case) != excluded.end()) {
      continue;
    }
    auto e = expectations.find(site.template_case);
    if (e == expectations.end()) {
      return Status::InvalidArgument("site " + site.name + " plays case \"" + site.template_case +
                                     "\", which has no expected.json");
    }
    DemoCompany c;
    c.id = static_cast<int64_t>(data.companies.size()) + 1;
    c.site = site.name;
    c.template_case = site.template_case;
    const DemoTargeting& t = *turn[static_cast<size_t>(c.id - 1) % turn.size()];
    c.targeting_id = t.id;
    c.expected = e->second;
    std::string base = site.url;
    if (!base.empty() && base.back() == '/') base.pop_back();
    std::string name = "デモ商事" + std::to_string(c.id) + "株式会社";
    companies << FormatCsvRow({std::to_string(c.id), name, site.url, base + c.expected.entry_path,
                               t.prefecture, std::to_string(20 + (c.id * 37) % 900)})
              << "\n";
    data.companies.push_back(std::move(c));
  }
  if (static_cast<int>(data.companies.size()) < options.companies) {
    return Status::InvalidArgument("only " + std::to_string(data.companies.size()) +
                                   " usable sample sites for " + std::to_string(options.companies) +
                                   " companies: start the sites with more replicas");
  }
  data.companies_csv = companies.str();
  return data;
}

}  // namespace formsender::demo

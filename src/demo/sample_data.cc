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

struct DemoTargeting {
  int64_t id;
  const char* description;
  const char* prefecture;
  int max_daily_sends;
  int instance_count;
  int workers_per_workflow;
};

// Two campaigns of one client, split by prefecture: what an operator's sheet would hold.
constexpr DemoTargeting kTargetings[] = {
    {1, "東京の企業向け（デモ）", "東京都", 1000, 2, 2},
    {2, "大阪の企業向け（デモ）", "大阪府", 1000, 1, 2},
};

std::string TargetingCsv() {
  std::ostringstream out;
  out << "id,active,client_id,description,subject,message,targeting_sql,ng_companies,"
         "max_daily_sends,send_start_time,send_end_time,send_days_of_week,concurrent_workflow,"
         "useGcpBatch,batch_instance_count,batch_workers_per_workflow,session_max_hours\n";
  for (const DemoTargeting& t : kTargetings) {
    std::vector<std::string> row = {std::to_string(t.id),
                                    "TRUE",
                                    "1",
                                    t.description,
                                    "【ご提案】お問い合わせ対応の効率化について"
                                    "（{client.company_name}）",
                                    kMessage,
                                    std::string("prefecture = '") + t.prefecture + "'",
                                    "",
                                    std::to_string(t.max_daily_sends),
                                    "09:00",
                                    "18:00",
                                    "[0,1,2,3,4]",
                                    std::to_string(t.instance_count),
                                    "TRUE",
                                    std::to_string(t.instance_count),
                                    std::to_string(t.workers_per_workflow),
                                    "2"};
    out << FormatCsvRow(row) << "\n";
  }
  return out.str();
}

}  // namespace

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
  SampleData data;
  data.clients_csv = kClientsCsv;
  data.targeting_csv = TargetingCsv();
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
    c.targeting_id = kTargetings[(c.id - 1) % 2].id;
    c.expected = e->second;
    std::string base = site.url;
    if (!base.empty() && base.back() == '/') base.pop_back();
    std::string name = "デモ商事" + std::to_string(c.id) + "株式会社";
    companies << FormatCsvRow({std::to_string(c.id), name, site.url, base + c.expected.entry_path,
                               kTargetings[(c.id - 1) % 2].prefecture,
                               std::to_string(20 + (c.id * 37) % 900)})
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

// The targeting and client sheets: header aliases, every cell rule (cases A of
// orchestration-cases.md, corrected where the reference was wrong), all-or-nothing errors.
#include "settings/sheet_import.h"

#include <gtest/gtest.h>

#include "common/strings.h"

namespace formsender::settings {
namespace {

const TimePoint kNow{};
constexpr const char* kHeader =
    "id,active,client_id,subject,message,max_daily_sends,send_start_time,send_days_of_week";

std::string Sheet(const std::string& extra_header, const std::vector<std::string>& rows) {
  std::string out = std::string(kHeader) + (extra_header.empty() ? "" : "," + extra_header) + "\n";
  for (const auto& r : rows) out += r + "\n";
  return out;
}

// One active row with valid required cells plus `extra` cells for `extra_header`.
Result<ParsedSheet<Targeting>> OneRow(const std::string& extra_header, const std::string& extra,
                                      const std::string& active = "TRUE") {
  return ParseTargetingSheet(
      Sheet(extra_header, {"1," + active + ",7,件名,本文,50,09:00,\"[0,1,2,3,4]\"" +
                           (extra_header.empty() ? "" : "," + extra)}),
      "targeting.csv", kNow);
}

Targeting Row(const std::string& extra_header, const std::string& extra) {
  auto r = OneRow(extra_header, extra);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() && !r->rows.empty() ? r->rows[0] : Targeting{};
}

std::string Error(const std::string& extra_header, const std::string& extra) {
  auto r = OneRow(extra_header, extra);
  EXPECT_FALSE(r.ok()) << extra_header << "=" << extra;
  return r.ok() ? "" : r.status().message();
}

TEST(TargetingSheetTest, ReadsAValidRow) {
  auto r = ParseTargetingSheet(
      "ID , Active,Client_ID,Description,Subject,Message,targeting_sql,ng_companies,"
      "max_daily_sends,send_start_time,send_end_time,send_days_of_week,concurrent_workflow,"
      "memo\r\n"
      "3,TRUE,7,テスト,ご提案,\"1行目\\n2行目\",prefecture = '東京都',\"A社, B社\",\"1,000\",9:00,"
      "17:30,\"[0,1,2,3,4]\",2,社内メモ\r\n",
      "targeting.csv", kNow);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->rows.size(), 1u);
  const Targeting& t = r->rows[0];
  EXPECT_EQ(t.id, 3);
  EXPECT_TRUE(t.active);
  EXPECT_EQ(t.client_id, 7);
  EXPECT_EQ(t.description, "テスト");
  EXPECT_EQ(t.message, "1行目\\n2行目");  // expanded when the client_config is built
  EXPECT_EQ(t.targeting_sql, "prefecture = '東京都'");
  EXPECT_EQ(t.ng_companies, "A社, B社");
  EXPECT_EQ(t.max_daily_sends, 1000);
  EXPECT_EQ(t.send_start_time, "09:00");  // normalised
  EXPECT_EQ(t.send_end_time, "17:30");
  EXPECT_EQ(t.send_days_of_week, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(t.concurrent_workflow, 2);
  EXPECT_EQ(t.extra_columns, Json({{"memo", "社内メモ"}}));
  EXPECT_EQ(t.sheet_row, 2);
  EXPECT_EQ(r->encoding, "UTF-8");
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0], "columns formsender does not read (kept as extra_columns): memo");
}

// column A is read like any other (case A-13 threw "必須フィールドが不足: subject").
TEST(TargetingSheetTest, ColumnAIsReadLikeAnyOther) {
  auto r = ParseTargetingSheet(
      "subject,id,active,client_id,message,max_daily_sends,send_start_time,send_days_of_week\n"
      "件名,1,TRUE,7,本文,50,09:00,\"[0]\"\n",
      "targeting.csv", kNow);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->rows[0].subject, "件名");
}

// Cases: one boolean parser; the reference skipped "True", "1" and "yes".
TEST(TargetingSheetTest, ActiveUsesTheOneBooleanParser) {
  for (const char* yes : {"TRUE", "true", "True", "1", "yes", "on", " Yes "}) {
    auto r = OneRow("", "", yes);
    ASSERT_TRUE(r.ok()) << yes;
    EXPECT_TRUE(r->rows[0].active) << yes;
  }
  for (const char* no : {"FALSE", "false", "False", "0", "no", "off", ""}) {
    auto r = OneRow("", "", no);
    ASSERT_TRUE(r.ok()) << no;
    EXPECT_FALSE(r->rows[0].active) << no;
  }
  auto maybe = OneRow("", "", "maybe");
  ASSERT_FALSE(maybe.ok());
  EXPECT_EQ(maybe.status().message(),
            "targeting.csv:2: column active: \"maybe\" is not a boolean (true/false, 1/0, yes/no, "
            "on/off)");
}

// Case A-5 and the mode aliases of spec §2.3.
TEST(TargetingSheetTest, ModeFlagsAndTheirAliases) {
  EXPECT_EQ(Row("use_gcp_batch", "FALSE").use_gcp_batch, false);
  EXPECT_EQ(Row("use_gcp_batch", "").use_gcp_batch, std::nullopt);
  EXPECT_EQ(Row("useGcpBatch", "yes").use_gcp_batch, true);
  EXPECT_EQ(Row("use gcp batch", "1").use_gcp_batch, true);
  EXPECT_EQ(Row("UseGcpBatch?", "on").use_gcp_batch, true);
  EXPECT_EQ(Row(" usegcpbatch ", "TRUE").use_gcp_batch, true);
  EXPECT_EQ(Row("use gcp_batch", "TRUE").use_gcp_batch, true);
  EXPECT_EQ(Row("useServerless", "True").use_serverless, true);
  EXPECT_EQ(Row("use serverless", "0").use_serverless, false);
  EXPECT_EQ(Row("extra", "TRUE").use_extra_table, true);
  EXPECT_EQ(Row("Use Extra Table", "1").use_extra_table, true);
  EXPECT_EQ(Row("use_extra_table", "").use_extra_table, false);
  // The reference read "maybe" as an explicit false; it is an error here.
  EXPECT_EQ(Error("use_gcp_batch", "maybe"),
            "targeting.csv:2: column use_gcp_batch: \"maybe\" is not a boolean (true/false, 1/0, "
            "yes/no, on/off)");
}

TEST(TargetingSheetTest, BatchColumnsAndTheirAliases) {
  Targeting t = Row(
      "batchMaxParallelism,batch_prefer_spot,BatchAllowOnDemandFallback,batch_machine_type,"
      "batchinstancecount,batch_workers_per_workflow,batchsignedurlttlhours,"
      "batch_signed_url_refresh_threshold_seconds,batchvcpuperworker,batch_memory_per_worker_mb,"
      "batchmemorybuffermb,batch_max_attempts,max_session_hours,branch",
      "3,no,YES, N2D-Custom-4-8192 ,4,6,24,3600,2,3072,1024,3,2.5,feature/x");
  EXPECT_EQ(t.batch_max_parallelism, 3);
  EXPECT_EQ(t.batch_prefer_spot, false);  // case D-58
  EXPECT_EQ(t.batch_allow_on_demand_fallback, true);
  EXPECT_EQ(t.batch_machine_type, "n2d-custom-4-8192");
  EXPECT_EQ(t.batch_instance_count, 4);
  EXPECT_EQ(t.batch_workers_per_workflow, 6);  // case A-17: read (Q-2 is fixed downstream)
  EXPECT_EQ(t.batch_signed_url_ttl_hours, 24);
  EXPECT_EQ(t.batch_signed_url_refresh_threshold_seconds, 3600);
  EXPECT_EQ(t.batch_vcpu_per_worker, 2);
  EXPECT_EQ(t.batch_memory_per_worker_mb, 3072);
  EXPECT_EQ(t.batch_memory_buffer_mb, 1024);
  EXPECT_EQ(t.batch_max_attempts, 3);
  EXPECT_EQ(t.session_max_hours, 2.5);
  EXPECT_EQ(t.branch, "feature/x");
  EXPECT_EQ(Row("session_hours", "12").session_max_hours, 12);
}

// Cases and the ranges of D/E: the reference's silent fallbacks are
// errors naming the row, the column and the value.
TEST(TargetingSheetTest, BadCellsAreErrorsNamingRowColumnAndValue) {
  EXPECT_EQ(Row("concurrent_workflow", "3").concurrent_workflow, 3);
  EXPECT_EQ(Row("concurrent_workflow", "").concurrent_workflow, std::nullopt);
  EXPECT_EQ(Error("concurrent_workflow", "0"),
            "targeting.csv:2: column concurrent_workflow: \"0\" is not in 1–1000");
  EXPECT_EQ(Error("concurrent_workflow", "2.7"),
            "targeting.csv:2: column concurrent_workflow: \"2.7\" is not a whole number");
  EXPECT_EQ(Error("concurrent_workflow", "abc"),
            "targeting.csv:2: column concurrent_workflow: \"abc\" is not a whole number");
  EXPECT_EQ(Error("send_end_time", "25:00"),
            "targeting.csv:2: column send_end_time: \"25:00\" is not HH:MM");
  EXPECT_EQ(Row("send_end_time", "7:30").send_end_time, "07:30");
  EXPECT_EQ(Row("send_end_time", "").send_end_time, std::nullopt);
  EXPECT_EQ(Error("send_end_time", "bad"),
            "targeting.csv:2: column send_end_time: \"bad\" is not HH:MM");
  EXPECT_EQ(Error("session_max_hours", "0"),
            "targeting.csv:2: column session_max_hours: \"0\" is not more than 0 and at most 24 "
            "hours");
  EXPECT_EQ(Error("batch_instance_count", "40"),
            "targeting.csv:2: column batch_instance_count: \"40\" is not in 1–16");
  EXPECT_EQ(Error("batch_workers_per_workflow", "17"),
            "targeting.csv:2: column batch_workers_per_workflow: \"17\" is not in 1–16");
  EXPECT_EQ(Error("batch_signed_url_ttl_hours", "169"),
            "targeting.csv:2: column batch_signed_url_ttl_hours: \"169\" is not in 1–168");
  EXPECT_EQ(Error("batch_signed_url_refresh_threshold_seconds", "30"),
            "targeting.csv:2: column batch_signed_url_refresh_threshold_seconds: \"30\" is not in "
            "60–604800");
  EXPECT_EQ(Error("batch_memory_per_worker_mb", "1000"),
            "targeting.csv:2: column batch_memory_per_worker_mb: \"1000\" is not in 1024–32768");
  EXPECT_EQ(Row("batch_memory_per_worker_mb", "1500").batch_memory_per_worker_mb, 1500);
  EXPECT_EQ(Error("batch_machine_type", "e2-standard-2x"),
            "targeting.csv:2: column batch_machine_type: \"e2-standard-2x\" is not a valid machine "
            "type: e2-standard comes in 2, 4, 8, 16, 32 vCPUs");
  EXPECT_EQ(Error("batch_machine_type", "n2d-custom-3-8192"),
            "targeting.csv:2: column batch_machine_type: \"n2d-custom-3-8192\" is not a valid "
            "machine type: N2D custom vCPU count must be one of 2, 4, 8, 16, 32, 48, 64, 80, 96");
}

TEST(TargetingSheetTest, RequiredCellsOfActiveRows) {
  auto r =
      ParseTargetingSheet(Sheet("", {"1,TRUE,7,,本文,0,9AM,\"[7,8]\""}), "targeting.csv", kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "targeting.csv:2: column max_daily_sends: \"0\" is not in 1–10000\n"
            "targeting.csv:2: column send_start_time: \"9AM\" is not HH:MM\n"
            "targeting.csv:2: column send_days_of_week: \"[7,8]\" is not a list of weekdays 0–6 "
            "(Monday = 0): \"7\" is not a weekday");
  auto blank = ParseTargetingSheet(Sheet("", {"1,TRUE,7,, ,,,"}), "targeting.csv", kNow);
  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(blank.status().message(),
            "targeting.csv:2: targeting 1 is active but these columns are blank: subject, message, "
            "max_daily_sends, send_start_time, send_days_of_week");
  // An inactive draft may leave them blank.
  auto draft = ParseTargetingSheet(Sheet("", {"2,FALSE,7,,,,,"}), "targeting.csv", kNow);
  ASSERT_TRUE(draft.ok()) << draft.status().message();
  EXPECT_FALSE(draft->rows[0].active);
}

TEST(TargetingSheetTest, IdsAndHeaders) {
  auto dup = ParseTargetingSheet(
      Sheet("", {"1,FALSE,7,,,,,", "", "1,FALSE,8,,,,,", "x,FALSE,8,,,,,", ",FALSE,8,,,,,"}),
      "targeting.csv", kNow);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().message(),
            "targeting.csv:4: id 1 is also on line 2\n"
            "targeting.csv:5: column id: \"x\" is not a positive whole number\n"
            "targeting.csv:6: column id: blank");
  auto missing = ParseTargetingSheet("id,client_id\n1,2\n", "t.csv", kNow);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "t.csv:1: missing column active\nt.csv:1: missing column subject\n"
            "t.csv:1: missing column message\nt.csv:1: missing column max_daily_sends\n"
            "t.csv:1: missing column send_start_time\nt.csv:1: missing column send_days_of_week");
  auto twice = OneRow("useGcpBatch,use_gcp_batch", "TRUE,FALSE");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().message(),
            "targeting.csv:1: headers \"useGcpBatch\" (column 9) and \"use_gcp_batch\" (column 10) "
            "both name use_gcp_batch");
  auto wide = ParseTargetingSheet(Sheet("", {"1,FALSE,7,,,,,,surplus"}), "t.csv", kNow);
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.status().message(), "t.csv:2: cell 9 has a value but the header has 8 columns");
  auto empty = ParseTargetingSheet("", "t.csv", kNow);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(), "t.csv:1: the first row must be the header row");
}

TEST(TargetingSheetTest, ManyProblemsAreCapped) {
  std::vector<std::string> rows;
  for (int i = 1; i <= 40; ++i) rows.push_back(std::to_string(i) + ",maybe,7,,,,,");
  auto r = ParseTargetingSheet(Sheet("", rows), "t.csv", kNow);
  ASSERT_FALSE(r.ok());
  auto lines = Split(r.status().message(), '\n');
  ASSERT_EQ(lines.size(), kMaxReportedProblems + 1);
  EXPECT_EQ(lines.back(), "… and 10 more");
}

TEST(TargetingSheetTest, ShiftJisCsvFromExcel) {
  // Header and one row, with the subject 件名 in CP932.
  std::string sjis = std::string(kHeader) + "\r\n1,TRUE,7,\x8C\x8F\x96\xBC,x,5,09:00,0\r\n";
  auto r = ParseTargetingSheet(sjis, "t.csv", kNow);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->rows[0].subject, "件名");
  EXPECT_EQ(r->encoding, "Shift_JIS (CP932)");
}

const char* kClientHeader =
    "id,company_name,company_name_kana,form_sender_name,last_name,first_name,last_name_kana,"
    "first_name_kana,last_name_hiragana,first_name_hiragana,position,gender,email_1,email_2,"
    "postal_code_1,postal_code_2,address_1,address_2,address_3,address_4,phone_1,phone_2,phone_3,"
    "department,website_url,address_5,project_name";
const char* kClientRow =
    "7,株式会社サンプル,カブシキガイシャサンプル,サンプル営業部,山田,太郎,ヤマダ,タロウ,やまだ,"
    "たろう,部長,男性,info,example.co.jp,100,0001,東京都,千代田区,千代田,1-1,03,1234,5678,"
    "営業部,https://example.co.jp, サンプルビル5F ,案件A";

TEST(ClientSheetTest, ReadsEveryColumn) {
  auto r =
      ParseClientSheet(std::string(kClientHeader) + "\n" + kClientRow + "\n", "client.csv", kNow);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Client& c = r->rows[0];
  EXPECT_EQ(c.id, 7);
  EXPECT_EQ(c.company_name, "株式会社サンプル");
  EXPECT_EQ(c.email_1, "info");
  EXPECT_EQ(c.email_2, "example.co.jp");
  EXPECT_EQ(c.address_5, "サンプルビル5F");  // trimmed
  EXPECT_EQ(c.extra_columns, Json({{"project_name", "案件A"}}));
  EXPECT_EQ(r->warnings,
            std::vector<std::string>{
                "columns formsender does not read (kept as extra_columns): project_name"});
}

// Case A-15: a blank email_2 is an error; blank department/website_url/address_5 are fine.
TEST(ClientSheetTest, RequiredAndOptionalColumns) {
  std::string row = kClientRow;
  row = ReplaceAll(row, ",example.co.jp,", ",,");
  auto r = ParseClientSheet(std::string(kClientHeader) + "\n" + row + "\n", "client.csv", kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "client.csv:2: client 7: these required columns are blank: email_2");
  std::string optional =
      ReplaceAll(kClientRow, ",営業部,https://example.co.jp, サンプルビル5F ,", ",,,,");
  auto ok =
      ParseClientSheet(std::string(kClientHeader) + "\n" + optional + "\n", "client.csv", kNow);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->rows[0].department, "");
  auto no_id = ParseClientSheet("company_name\nx\n", "client.csv", kNow);
  ASSERT_FALSE(no_id.ok());
  EXPECT_EQ(Split(no_id.status().message(), '\n')[0], "client.csv:1: missing column id");
}

}  // namespace
}  // namespace formsender::settings

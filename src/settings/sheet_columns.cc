#include "settings/sheet_columns.h"

#include "calendar/send_window.h"
#include "common/overloaded.h"
#include "common/strings.h"
#include "settings/machine_types.h"

namespace formsender::settings {
namespace {

using T = Targeting;

std::vector<TargetingColumn> MakeTargetingColumns() {
  const bool kHeader = true, kActive = true;
  return {
      {"id", {}, CellKind::kId, {}, kHeader, false, &T::id, "targeting id"},
      {"active", {}, CellKind::kBool, {}, kHeader, false, &T::active, "campaign runs when true"},
      {"client_id", {}, CellKind::kId, {}, kHeader, false, &T::client_id, "id in the client sheet"},
      {"description", {}, CellKind::kText, {}, false, false, &T::description, "free text"},
      {"subject", {}, CellKind::kMessageText, {}, kHeader, kActive, &T::subject, "message subject"},
      {"message", {}, CellKind::kMessageText, {}, kHeader, kActive, &T::message, "message body"},
      {"targeting_sql",
       {},
       CellKind::kText,
       {},
       false,
       false,
       &T::targeting_sql,
       "SQL condition over companies (without WHERE)"},
      {"ng_companies",
       {},
       CellKind::kText,
       {},
       false,
       false,
       &T::ng_companies,
       "comma-separated company names to exclude"},
      {"max_daily_sends",
       {},
       CellKind::kInteger,
       kMaxDailySendsRange,
       kHeader,
       kActive,
       &T::max_daily_sends,
       "successful sends per day"},
      {"send_start_time",
       {},
       CellKind::kHourMinute,
       {},
       kHeader,
       kActive,
       &T::send_start_time,
       "start of the sending window (JST)"},
      {"send_end_time",
       {},
       CellKind::kHourMinute,
       {},
       false,
       false,
       &T::send_end_time,
       "end of the sending window (JST, the minute included)"},
      {"send_days_of_week",
       {},
       CellKind::kDaysOfWeek,
       {},
       kHeader,
       kActive,
       &T::send_days_of_week,
       "weekdays to send on, Monday = 0"},
      {"concurrent_workflow",
       {},
       CellKind::kInteger,
       kConcurrentWorkflowRange,
       false,
       false,
       &T::concurrent_workflow,
       "tasks requested"},
      {"use_extra_table",
       {"extra", "use extra table"},
       CellKind::kBool,
       {},
       false,
       false,
       &T::use_extra_table,
       "use companies_extra / send_queue_extra"},
      {"use_serverless",
       {"useserverless", "use serverless"},
       CellKind::kOptionalBool,
       {},
       false,
       false,
       &T::use_serverless,
       "run on Cloud Run Jobs"},
      {"use_gcp_batch",
       {"usegcpbatch", "use gcp batch", "usegcpbatch?", "use gcp_batch"},
       CellKind::kOptionalBool,
       {},
       false,
       false,
       &T::use_gcp_batch,
       "run on Cloud Batch"},
      {"batch_max_parallelism",
       {"batchmaxparallelism"},
       CellKind::kInteger,
       kMaxParallelismRange,
       false,
       false,
       &T::batch_max_parallelism,
       "tasks running at once, at most"},
      {"batch_prefer_spot",
       {"batchpreferspot"},
       CellKind::kOptionalBool,
       {},
       false,
       false,
       &T::batch_prefer_spot,
       "Spot VMs"},
      {"batch_allow_on_demand_fallback",
       {"batchallowondemandfallback"},
       CellKind::kOptionalBool,
       {},
       false,
       false,
       &T::batch_allow_on_demand_fallback,
       "on-demand VMs when Spot is out"},
      {"batch_machine_type",
       {"batchmachinetype"},
       CellKind::kMachineType,
       {},
       false,
       false,
       &T::batch_machine_type,
       "machine type"},
      {"batch_instance_count",
       {"batchinstancecount"},
       CellKind::kInteger,
       kInstanceCountRange,
       false,
       false,
       &T::batch_instance_count,
       "VMs (tasks) at least"},
      {"batch_workers_per_workflow",
       {"batchworkersperworkflow"},
       CellKind::kInteger,
       kWorkersRange,
       false,
       false,
       &T::batch_workers_per_workflow,
       "workers per task"},
      {"batch_signed_url_ttl_hours",
       {"batchsignedurlttlhours"},
       CellKind::kInteger,
       kSignedUrlTtlHoursRange,
       false,
       false,
       &T::batch_signed_url_ttl_hours,
       "signed URL lifetime (hours)"},
      {"batch_signed_url_refresh_threshold_seconds",
       {"batchsignedurlrefreshthresholdseconds"},
       CellKind::kInteger,
       kRefreshThresholdSecondsRange,
       false,
       false,
       &T::batch_signed_url_refresh_threshold_seconds,
       "re-sign when less time is left (s)"},
      {"batch_vcpu_per_worker",
       {"batchvcpuperworker"},
       CellKind::kInteger,
       kVcpuPerWorkerRange,
       false,
       false,
       &T::batch_vcpu_per_worker,
       "vCPU per worker"},
      {"batch_memory_per_worker_mb",
       {"batchmemoryperworkermb"},
       CellKind::kInteger,
       kMemoryPerWorkerMbRange,
       false,
       false,
       &T::batch_memory_per_worker_mb,
       "memory per worker (MiB)"},
      {"batch_memory_buffer_mb",
       {"batchmemorybuffermb"},
       CellKind::kInteger,
       kMemoryBufferMbRange,
       false,
       false,
       &T::batch_memory_buffer_mb,
       "shared memory buffer per task (MiB)"},
      {"batch_max_attempts",
       {"batchmaxattempts"},
       CellKind::kInteger,
       kMaxAttemptsRange,
       false,
       false,
       &T::batch_max_attempts,
       "Batch attempts per task"},
      {"session_max_hours",
       {"max_session_hours", "session_hours"},
       CellKind::kHours,
       {},
       false,
       false,
       &T::session_max_hours,
       "longest run (hours)"},
      {"branch", {}, CellKind::kText, {}, false, false, &T::branch, "git ref (GitHub path only)"},
  };
}

std::vector<ClientColumn> MakeClientColumns() {
  using C = Client;
  return {
      {"company_name", true, &C::company_name},
      {"company_name_kana", true, &C::company_name_kana},
      {"form_sender_name", true, &C::form_sender_name},
      {"last_name", true, &C::last_name},
      {"first_name", true, &C::first_name},
      {"last_name_kana", true, &C::last_name_kana},
      {"first_name_kana", true, &C::first_name_kana},
      {"last_name_hiragana", true, &C::last_name_hiragana},
      {"first_name_hiragana", true, &C::first_name_hiragana},
      {"position", true, &C::position},
      {"gender", true, &C::gender},
      {"email_1", true, &C::email_1},
      {"email_2", true, &C::email_2},
      {"postal_code_1", true, &C::postal_code_1},
      {"postal_code_2", true, &C::postal_code_2},
      {"address_1", true, &C::address_1},
      {"address_2", true, &C::address_2},
      {"address_3", true, &C::address_3},
      {"address_4", true, &C::address_4},
      {"phone_1", true, &C::phone_1},
      {"phone_2", true, &C::phone_2},
      {"phone_3", true, &C::phone_3},
      {"department", false, &C::department},
      {"website_url", false, &C::website_url},
      {"address_5", false, &C::address_5},
  };
}

std::string NormaliseHeader(std::string_view header) { return ToLowerAscii(Trim(header)); }

}  // namespace

const std::vector<TargetingColumn>& TargetingColumns() {
  static const std::vector<TargetingColumn> kColumns = MakeTargetingColumns();
  return kColumns;
}

const std::vector<ClientColumn>& ClientColumns() {
  static const std::vector<ClientColumn> kColumns = MakeClientColumns();
  return kColumns;
}

const TargetingColumn* FindTargetingColumn(std::string_view header) {
  std::string h = NormaliseHeader(header);
  for (const auto& c : TargetingColumns()) {
    if (c.name == h) return &c;
    for (auto alias : c.aliases) {
      if (alias == h) return &c;
    }
  }
  return nullptr;
}

const ClientColumn* FindClientColumn(std::string_view header) {
  std::string h = NormaliseHeader(header);
  for (const auto& c : ClientColumns()) {
    if (c.name == h) return &c;
  }
  return nullptr;
}

Status SetTargetingCell(Targeting& row, const TargetingColumn& column, std::string_view cell) {
  std::string what = "column " + std::string(column.name);
  std::string_view trimmed = Trim(cell);
  auto fail = [&](const Status& s) { return Status(s.code(), what + ": " + s.message()); };
  return std::visit(Overloaded{
                        [&](int64_t T::*m) -> Status {
                          if (trimmed.empty()) return Status::InvalidArgument(what + ": blank");
                          auto v = ParseIntInRange(trimmed, IntRange{1, INT64_MAX});
                          if (!v.ok()) {
                            return Status::InvalidArgument(what + ": \"" + std::string(cell) +
                                                           "\" is not a positive whole number");
                          }
                          row.*m = *v;
                          return Status::Ok();
                        },
                        [&](bool T::*m) -> Status {
                          if (trimmed.empty()) {
                            row.*m = false;
                            return Status::Ok();
                          }
                          auto v = ParseBool(cell, what);
                          if (!v.ok()) return v.status();
                          row.*m = *v;
                          return Status::Ok();
                        },
                        [&](std::string T::*m) -> Status {
                          row.*m = column.kind == CellKind::kMessageText ? std::string(cell)
                                                                         : std::string(trimmed);
                          return Status::Ok();
                        },
                        [&](std::optional<int64_t> T::*m) -> Status {
                          if (trimmed.empty()) return (row.*m = std::nullopt, Status::Ok());
                          auto v = ParseIntInRange(trimmed, column.range);
                          if (!v.ok()) return fail(v.status());
                          row.*m = *v;
                          return Status::Ok();
                        },
                        [&](std::optional<bool> T::*m) -> Status {
                          if (trimmed.empty()) return (row.*m = std::nullopt, Status::Ok());
                          auto v = ParseBool(cell, what);
                          if (!v.ok()) return v.status();
                          row.*m = *v;
                          return Status::Ok();
                        },
                        [&](std::optional<std::string> T::*m) -> Status {
                          if (trimmed.empty()) return (row.*m = std::nullopt, Status::Ok());
                          if (column.kind == CellKind::kHourMinute) {
                            auto t = calendar::ParseHourMinute(trimmed);
                            if (!t.ok()) return fail(t.status());
                            row.*m = calendar::FormatHourMinute(*t);
                          } else if (column.kind == CellKind::kMachineType) {
                            auto shape = ParseMachineType(trimmed);
                            if (!shape.ok()) return fail(shape.status());
                            row.*m = shape->name;
                          } else {
                            row.*m = std::string(trimmed);
                          }
                          return Status::Ok();
                        },
                        [&](std::optional<double> T::*m) -> Status {
                          if (trimmed.empty()) return (row.*m = std::nullopt, Status::Ok());
                          auto v = ParseSessionHours(trimmed);
                          if (!v.ok()) return fail(v.status());
                          row.*m = *v;
                          return Status::Ok();
                        },
                        [&](std::optional<std::vector<int>> T::*m) -> Status {
                          if (trimmed.empty()) return (row.*m = std::nullopt, Status::Ok());
                          auto v = ParseDaysOfWeek(trimmed);
                          if (!v.ok()) return fail(v.status());
                          row.*m = *v;
                          return Status::Ok();
                        },
                    },
                    column.member);
}

bool IsTargetingCellBlank(const Targeting& row, const TargetingColumn& column) {
  return std::visit(Overloaded{
                        [&](int64_t T::*m) { return row.*m == 0; },
                        [&](bool T::*) { return false; },
                        [&](std::string T::*m) { return Trim(row.*m).empty(); },
                        [&](auto m) { return !(row.*m).has_value(); },
                    },
                    column.member);
}

}  // namespace formsender::settings

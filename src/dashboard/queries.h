#pragma once
// What the dashboard shows, read from the store. Every query works on SQLite and PostgreSQL;
// the pages (pages.h) only format these values.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "common/status.h"
#include "store/database.h"
#include "store/job_executions.h"

namespace formsender::dashboard {

struct RunningExecution {
  store::JobExecution execution;
  int64_t tasks_done = 0;    // task indexes with a succeeded attempt
  std::string machine_type;  // of the latest attempt (or metadata.batch)
  std::string provisioning;  // SPOT / STANDARD
  int64_t preemptions = 0;
  std::optional<TimePoint> eta;  // from the pace so far; none before the first task finishes
};

struct QueueStat {
  std::string queue_name;
  int64_t waiting = 0;
  int64_t oldest_wait_seconds = 0;  // now − the oldest due task's schedule time (≥ 0)
};

struct TargetingToday {
  int64_t targeting_id = 0;
  std::string description;
  bool active = false;
  std::optional<int64_t> max_daily_sends;
  int64_t sent_today = 0;
};

struct BackendHealth {
  std::string name;
  bool ok = false;
  std::string detail;
};

struct Overview {
  std::vector<RunningExecution> running;
  std::vector<QueueStat> queues;
  std::vector<TargetingToday> targetings;
  std::vector<BackendHealth> health;
  std::map<std::string, int64_t> executions_by_status_24h;
};

struct SubmissionRow {
  int64_t id = 0;
  int64_t targeting_id = 0;
  int64_t company_id = 0;
  std::string company_name;
  std::string error_type;
  std::optional<bool> success;
  std::optional<TimePoint> submitted_at;
  Json classify_detail;
  Json field_mapping;
};

struct Campaign {
  TargetingToday targeting;
  std::map<std::string, int64_t> queue_by_status;  // today's send_queue rows
  // hour of day (JST) → code → count, today
  std::map<int, std::map<std::string, int64_t>> outcomes_by_hour;
  int64_t successes_today = 0;
  int64_t attempts_today = 0;
  std::vector<SubmissionRow> recent_failures;
  std::map<std::string, int64_t> skips;  // refusal and CAPTCHA codes → count today
};

Result<Overview> LoadOverview(store::Database& db, const Clock& clock);
// kNotFound for an unknown targeting.
Result<Campaign> LoadCampaign(store::Database& db, const Clock& clock, int64_t targeting_id);
Result<SubmissionRow> LoadSubmission(store::Database& db, int64_t submission_id);

// The evidence's URL and matched words of a classify_detail (empty when it has none).
std::string EvidenceUrl(const Json& classify_detail);
std::vector<std::string> MatchedWords(const Json& classify_detail);
// The codes counted as refusal (営業お断り) and CAPTCHA/bot-protection skips.
bool IsRefusalOrCaptchaCode(std::string_view code);

}  // namespace formsender::dashboard

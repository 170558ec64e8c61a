#include "batch/job_status.h"

#include <array>
#include <utility>

#include "common/strings.h"
#include "common/time.h"

namespace formsender::batch {
namespace {

constexpr std::array<std::pair<JobState, std::string_view>, 9> kJobStates = {{
    {JobState::kUnspecified, "STATE_UNSPECIFIED"},
    {JobState::kQueued, "QUEUED"},
    {JobState::kScheduled, "SCHEDULED"},
    {JobState::kRunning, "RUNNING"},
    {JobState::kSucceeded, "SUCCEEDED"},
    {JobState::kFailed, "FAILED"},
    {JobState::kDeletionInProgress, "DELETION_IN_PROGRESS"},
    {JobState::kCancellationInProgress, "CANCELLATION_IN_PROGRESS"},
    {JobState::kCancelled, "CANCELLED"},
}};

constexpr std::array<std::pair<TaskState, std::string_view>, 7> kTaskStates = {{
    {TaskState::kUnspecified, "STATE_UNSPECIFIED"},
    {TaskState::kPending, "PENDING"},
    {TaskState::kAssigned, "ASSIGNED"},
    {TaskState::kRunning, "RUNNING"},
    {TaskState::kFailed, "FAILED"},
    {TaskState::kSucceeded, "SUCCEEDED"},
    {TaskState::kUnexecuted, "UNEXECUTED"},
}};

// Enum ↔ API name through one of the tables above; the first entry is the "unspecified" value.
template <typename E, size_t N>
std::string_view NameIn(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return table[0].second;
}

template <typename E, size_t N>
E ValueIn(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name) {
  std::string upper = ToUpperAscii(Trim(name));
  for (const auto& [v, n] : table) {
    if (n == upper) return v;
  }
  return table[0].first;
}

}  // namespace

std::string_view JobStateName(JobState s) { return NameIn(kJobStates, s); }
JobState ParseJobState(std::string_view name) { return ValueIn(kJobStates, name); }
std::string_view TaskStateName(TaskState s) { return NameIn(kTaskStates, s); }
TaskState ParseTaskState(std::string_view name) { return ValueIn(kTaskStates, name); }

bool IsTerminal(JobState s) {
  return s == JobState::kSucceeded || s == JobState::kFailed || s == JobState::kCancelled;
}

std::string_view AttemptOutcomeName(AttemptOutcome o) {
  switch (o) {
    case AttemptOutcome::kRunning:
      return "running";
    case AttemptOutcome::kSucceeded:
      return "succeeded";
    case AttemptOutcome::kFailed:
      return "failed";
    case AttemptOutcome::kPreempted:
      return "preempted";
    case AttemptOutcome::kCancelled:
      return "cancelled";
  }
  return "failed";
}

std::vector<TaskAttempt> JobStatus::AllAttempts() const {
  std::vector<TaskAttempt> out;
  for (const TaskInfo& t : tasks) out.insert(out.end(), t.attempts.begin(), t.attempts.end());
  return out;
}

std::string JobStatus::EventText() const {
  std::vector<std::string> parts;
  for (const StatusEvent& e : events) {
    if (!Trim(e.description).empty()) parts.push_back(std::string(Trim(e.description)));
  }
  return Join(parts, "; ");
}

FailureAnalysis AnalyzeFailures(const JobStatus& status) {
  FailureAnalysis a;
  for (const TaskInfo& task : status.tasks) {
    if (task.state != TaskState::kFailed || task.attempts.empty()) continue;
    const TaskAttempt& last = task.attempts.back();
    ++a.failed_tasks;
    // A task failed without an exit code (e.g. cancelled) counts against the fallback.
    ExitKind kind =
        last.preempted() ? ExitKind::kPreempted : ClassifyExitCode(last.exit_code.value_or(50000));
    if (!last.exit_code && !last.preempted()) kind = ExitKind::kApplicationFailure;
    switch (kind) {
      case ExitKind::kPreempted:
        ++a.preempted_tasks;
        break;
      case ExitKind::kPlatformRetryable:
        ++a.platform_failures;
        break;
      default:
        ++a.application_failures;
        break;
    }
    a.details.push_back(Json{{"task_index", task.index},
                             {"attempt", last.attempt},
                             {"exit_code", last.exit_code ? Json(*last.exit_code) : Json()},
                             {"kind", ExitKindName(kind)}});
  }
  return a;
}

std::string ShortReason(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > 512) {
    size_t cut = 509;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
    out = out.substr(0, cut) + "...";
  }
  return out;
}

std::optional<TimePoint> TimeAt(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return std::nullopt;
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return std::nullopt;
  auto t = ParseIsoTimestamp(it->get<std::string>());
  return t.ok() ? std::optional<TimePoint>(*t) : std::nullopt;
}

}  // namespace formsender::batch

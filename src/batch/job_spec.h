#pragma once
// What a batch backend is asked to run: one job of `task_count` identical tasks (the role of a
// Cloud Batch job in the reference, orchestration §4.6), and the small pure rules around it:
// job ids valid for the API, task-group names, labels, effective parallelism, and how an exit
// code is classified (Cloud Batch reserves 50000–50006 for platform failures).

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "common/json.h"
#include "common/status.h"

namespace formsender::batch {

enum class ProvisioningModel { kSpot, kStandard };
// "SPOT" / "STANDARD" (the Cloud Batch enum names).
std::string_view ProvisioningModelName(ProvisioningModel m);
// "spot" / "standard" (the reference's metadata.batch.effective_provisioning_model).
std::string_view ProvisioningModelMetadataName(ProvisioningModel m);
Result<ProvisioningModel> ParseProvisioningModel(std::string_view text);

// The machine plan the settings component computes (orchestration §4.7.2); batch takes it as
// given and only records it.
struct MachinePlan {
  std::string machine_type;  // "e2-standard-2", "n2d-custom-4-10240"
  int64_t cpu_milli = 0;     // computeResource.cpuMilli
  int64_t memory_mb = 0;     // computeResource.memoryMib
  ProvisioningModel provisioning_model = ProvisioningModel::kSpot;
  // Spot → STANDARD is allowed (at submit on capacity errors, and by the monitor after a run
  // lost to Spot capacity or preemption). Meaningless for a STANDARD plan.
  bool allow_on_demand_fallback = false;
  // Planner facts copied into metadata.batch as they are (resolved_machine_type,
  // memory_buffer_mb, memory_warning, computed_memory_mb, requested_machine_type,
  // recommended_memory_mb, instance_count …).
  Json metadata = Json::object();
};

// Fields only the Cloud Batch backend uses (orchestration §4.1, §4.6).
struct CloudBatchSettings {
  std::string job_template;     // FORM_SENDER_BATCH_JOB_TEMPLATE (projects/…/jobs/…), optional
  std::string task_group;       // FORM_SENDER_BATCH_TASK_GROUP (label/metadata only), optional
  std::string container_image;  // FORM_SENDER_BATCH_CONTAINER_IMAGE, required
  std::string entrypoint;       // FORM_SENDER_BATCH_ENTRYPOINT, optional
  std::string service_account;  // FORM_SENDER_BATCH_SERVICE_ACCOUNT, optional
  std::string network;          // FORM_SENDER_BATCH_NETWORK
  std::string subnetwork;       // FORM_SENDER_BATCH_SUBNETWORK
  bool no_external_ip = true;   // FORM_SENDER_BATCH_NO_EXTERNAL_IP
};

// The platform failures that are retried (lifecycle policy RETRY_TASK): Spot preemption (50001),
// VM reporting timeout (50002), VM reboot (50003), unresponsive VM (50004), VM recreated
// (50006). 50005 (the task ran over maxRunDuration) is not: retrying it would only repeat a run
// the operator capped. Application exit codes are never retried.
inline const std::set<int64_t>& DefaultRetryExitCodes() {
  static const std::set<int64_t> kCodes = {50001, 50002, 50003, 50004, 50006};
  return kCodes;
}

struct JobSpec {
  std::string execution_id;  // job_executions.execution_id
  int64_t targeting_id = 0;
  int64_t task_count = 1;   // ≥ 1
  int64_t parallelism = 1;  // ≥ 1; clamped to task_count when built
  // Runs per task at most (Cloud Batch maxRetryCount = attempts − 1, 0..10).
  int64_t attempts = 1;
  std::set<int64_t> retry_exit_codes = DefaultRetryExitCodes();
  MachinePlan machine;
  std::map<std::string, std::string> env;
  // Name → secret. Cloud Batch: a Secret Manager version resource name. Local: the value.
  std::map<std::string, std::string> secret_env;
  // Added to the standard labels (workload, targeting_id, job_template, task_group).
  std::map<std::string, std::string> labels;
  std::optional<std::chrono::seconds> max_run_duration;
  CloudBatchSettings gcp;

  int64_t max_retry_count() const { return attempts - 1; }
  int64_t effective_parallelism() const;
};

// Checks a spec before any backend sees it; the error names the field and the value.
Status ValidateJobSpec(const JobSpec& spec);

// The dispatcher's parallelism rule (orchestration §4.2.3 step 7): run_total tasks, the
// payload's parallelism, batch.max_parallelism and batch.instance_count.
int64_t EffectiveParallelism(int64_t task_count, int64_t parallelism,
                             std::optional<int64_t> max_parallelism,
                             std::optional<int64_t> instance_count);

// The job-id prefix from a template resource name (orchestration §4.6 step 1): its last path
// segment, lower-cased, [^a-z0-9-] → '-', dashes collapsed and trimmed, ≤ 46 characters;
// "form-sender" when nothing valid remains.
std::string JobIdPrefix(std::string_view job_template);
// "<prefix>-<16 hex>", ≤ 63 characters, valid for jobs.create.
std::string NewJobId(std::string_view job_template);
// Whether `id` satisfies the Batch jobId rules (≤ 63, ^[a-z]([a-z0-9-]*[a-z0-9])?$).
bool IsValidJobId(std::string_view id);
// FORM_SENDER_BATCH_TASK_GROUP sanitised (orchestration §4.6 step 5).
std::string SanitizeTaskGroup(std::string_view group);
// Lower-cased and cut to 63 characters when `value` is a valid label value
// ([a-z0-9_-], ≤ 63 after lower-casing); nullopt when it cannot be one.
std::optional<std::string> LabelValue(std::string_view value);

// workload=form_sender, targeting_id=<id>, job_template/task_group when configured,
// execution_id when it is a valid label value, then `spec.labels`.
std::map<std::string, std::string> JobLabels(const JobSpec& spec);

// How a task attempt ended, from its exit code (Cloud Batch conventions).
enum class ExitKind {
  kSuccess,             // 0
  kPreempted,           // 50001
  kPlatformRetryable,   // 50002, 50003, 50004, 50006
  kMaxRunDuration,      // 50005
  kPlatformUnknown,     // 50000
  kApplicationFailure,  // anything else
};
ExitKind ClassifyExitCode(int64_t exit_code);
std::string_view ExitKindName(ExitKind kind);

inline constexpr int64_t kExitPreempted = 50001;
inline constexpr int64_t kExitVmLost = 50002;  // also: the local supervisor died mid-attempt
inline constexpr int64_t kExitMaxRunDuration = 50005;

// Whether a failed attempt with `exit_code` is run again, given how many attempts the task has
// had (1-based `attempts_so_far`).
bool ShouldRetry(const JobSpec& spec, int64_t attempts_so_far, int64_t exit_code);

// Serialised form of a spec (secret values left out) for storage and metadata, and back.
Json JobSpecToJson(const JobSpec& spec);
Result<JobSpec> JobSpecFromJson(const Json& j);

}  // namespace formsender::batch

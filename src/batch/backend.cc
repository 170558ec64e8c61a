#include "batch/backend.h"

#include "common/strings.h"
#include "common/time.h"

namespace formsender::batch {

Json BatchSubmissionMetadata(const JobSpec& spec, const SubmittedJob& job,
                             std::string_view backend_name, std::string_view job_parent) {
  Json m = spec.machine.metadata.is_object() ? spec.machine.metadata : Json::object();
  m["machine_type"] = spec.machine.machine_type;
  m["cpu_milli"] = spec.machine.cpu_milli;
  m["memory_mb"] = spec.machine.memory_mb;
  m["prefer_spot"] = spec.machine.provisioning_model == ProvisioningModel::kSpot;
  m["allow_on_demand"] = spec.machine.allow_on_demand_fallback;
  m["parallelism"] = job.parallelism;
  m["array_size"] = spec.task_count;
  m["task_count"] = spec.task_count;
  m["attempts"] = spec.attempts;
  m["max_retry_count"] = spec.max_retry_count();
  m["effective_provisioning_model"] = ProvisioningModelMetadataName(job.provisioning_model);
  m["job_name"] = job.name;
  m["job_id"] = job.job_id;
  m["backend"] = backend_name;
  m["submitted_at"] = FormatUtcIso(job.submitted_at);
  if (!Trim(spec.gcp.job_template).empty()) m["job_template"] = spec.gcp.job_template;
  if (!Trim(spec.gcp.task_group).empty()) {
    std::string group = SanitizeTaskGroup(spec.gcp.task_group);
    m["configured_task_group_id"] = group;
    m["configured_task_group"] = group;
    if (!job_parent.empty()) {
      m["task_group_resource_hint"] =
          std::string(job_parent) + "/jobs/" + job.job_id + "/taskGroups/" + group;
    }
  }
  // Cloud Batch names the only task group "group0".
  m["task_group"] = job.name + "/taskGroups/group0";
  if (job.spot_fallback) m["spot_fallback"] = *job.spot_fallback;
  m["monitor"] = Json{{"state", "scheduled"}};
  return m;
}

}  // namespace formsender::batch

#pragma once
// The Cloud Batch job of a JobSpec (orchestration §4.6), and a Cloud Batch Job/Task back into
// JobStatus. Pure functions over the discovery document's JSON shapes (int64 fields as
// strings, durations as "3600s").

#include <vector>

#include "batch/job_spec.h"
#include "batch/job_status.h"
#include "common/json.h"

namespace formsender::batch {

// Builds the Job body for jobs.create:
//  - the template's first task group and logsPolicy deep-copied (output fields dropped);
//  - runnables[0] a container runnable with the image (and the entrypoint when set);
//  - environment.variables = the template's, overwritten by spec.env; secretVariables from
//    spec.secret_env (Secret Manager version names);
//  - computeResource from the machine plan, maxRetryCount = attempts − 1, one lifecycle policy
//    RETRY_TASK on spec.retry_exit_codes (preemption and VM loss retried, application failures
//    not), maxRunDuration when the spec sets one (else the template's);
//  - taskCount, parallelism (clamped to taskCount);
//  - allocationPolicy: instances[0].policy = the template's policy (boot disk …) with
//    machineType and provisioningModel set, the template's allowed locations, the service
//    account, and the network interface (noExternalIpAddress) when network and subnetwork are
//    both set;
//  - labels workload=form_sender, targeting_id, job_template, task_group, execution_id, extras.
// `template_job` may be null. Errors name the missing setting (the container image).
Result<Json> BuildCloudBatchJob(const JobSpec& spec, const Json* template_job,
                                ProvisioningModel model);

// A copy of a created job fit for jobs.create again (output-only fields removed) with another
// provisioning model: the monitor's Spot → STANDARD resubmission.
Json ResubmittableJob(const Json& job, ProvisioningModel model);

// JobStatus from a Job resource (jobs.get). Task attempts come from `tasks` (taskGroups.tasks.list)
// when given; otherwise from the job's status events that name a task and an exit code
// ("… task with index 0 failed … with exit code 50001"), which is all a job-level view has.
JobStatus ParseCloudJob(const Json& job, const std::vector<Json>* tasks);

// The attempts of one Task resource, from its status events in time order: each transition to
// RUNNING starts an attempt, a FAILED/SUCCEEDED event with an exit code ends it (50001 makes it
// a preemption).
TaskInfo ParseCloudTask(const Json& task, const std::string& provisioning_model,
                        const std::string& machine_type);

}  // namespace formsender::batch

// Chaos: runners SIGKILLed at random points, again and again, then one runner cleans up; and a
// Spot preemption simulated by the local batch backend. Afterwards no company is lost, none
// received two final submissions, and ledger intents without outcome exist only for companies
// whose runner died between the intent and the outcome.
#include <random>

#include "common/strings.h"

#include "batch/local_backend.h"
#include "common/http_router.h"
#include "common/http_server.h"
#include "runner/process_fixture.h"
#include "store/job_executions.h"

namespace formsender::runner::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_P(RunnerProcessTest, SigkillAtRandomPointsLosesAndDuplicatesNothing) {
  constexpr int kCompanies = 400;
  SetUpSites(kCompanies, /*latency_ms=*/100);
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> delay_ms(150, 1200);
  int kills = 0;
  for (int round = 0; round < 4; ++round) {
    std::vector<ChildProcess> runners;
    for (int i = 0; i < 2; ++i) {
      runners.push_back(StartRunner("kill-" + std::to_string(round) + "-" + std::to_string(i),
                                    Env({{"FORM_SENDER_RUN_INDEX", std::to_string(i + 1)}}),
                                    {"--num-workers", "2", "--forms-in-flight", "8"}));
    }
    for (auto& r : runners) {
      std::this_thread::sleep_for(milliseconds(delay_ms(rng)));
      r.Signal(SIGKILL);
      auto code = r.Wait(seconds(30));
      ASSERT_TRUE(code.has_value());
      if (*code == 128 + SIGKILL) ++kills;
    }
    CheckInvariants(/*allow_assigned=*/true);
  }
  // Rows the dead runners held are put back (stale after 0 minutes: no runner is alive) or,
  // where a final submission was attempted, completed from the ledger; then the rest is sent.
  ChildProcess sweeper =
      StartRunner("sweeper", Env({{"FORMSENDER_RUNNER_REQUEUE_STALE_MINUTES", "0"}}),
                  {"--num-workers", "2", "--forms-in-flight", "16"});
  auto code = sweeper.Wait(seconds(300));
  ASSERT_TRUE(code.has_value()) << sweeper.Log();
  EXPECT_EQ(*code, 0) << sweeper.Log();
  int64_t cut_off = CheckInvariants();
  EXPECT_LE(cut_off, kills * 2 * 8);  // at most the forms a killed runner had in flight
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'pending'"), 0);
  // Completed rows: done ones were sent exactly once; failed ones are exactly the cut-off sends.
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'failed'"), cut_off);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'done'"),
            kCompanies - cut_off);
  for (int i = 1; i <= kCompanies; ++i) {
    int64_t finals = server_->sink().FinalCount(ReplicaName(i));
    EXPECT_LE(finals, 1) << i;
  }
  EXPECT_GE(kills, 1);
}

TEST_P(RunnerProcessTest, SpotPreemptionByTheLocalBatchBackend) {
  constexpr int kCompanies = 240;
  SetUpSites(kCompanies, /*latency_ms=*/150);
  // The client_config behind a URL, as the dispatcher hands it to Batch tasks.
  Router router;
  std::string config_text = DumpJson(SampleConfig(kProcessTargeting));
  router.Add("GET", "/objects/config.json", [&](HttpRequest&) {
    return HttpResponse::Text(200, config_text, "application/json");
  });
  router.Add("HEAD", "/objects/config.json",
             [&](HttpRequest&) { return HttpResponse::Text(200, "", "application/json"); });
  HttpServer objects(HttpServerOptions{}, router.AsHandler());
  ASSERT_TRUE(objects.Start().ok());

  store::JobExecutionRepository executions(db(), clock_);
  store::JobExecution e;
  e.execution_id = "exec-preempt-" + RandomHexToken(3);
  e.targeting_id = kProcessTargeting;
  e.task_count = 2;
  e.execution_mode = "batch";
  ASSERT_TRUE(executions.Insert(e).ok());

  batch::LocalBatchOptions options;
  options.command = {FormsenderBinary(), "runner"};
  options.log_dir = dir_ / "batch-logs";
  options.preemption_grace = milliseconds(20'000);
  options.cancel_grace = milliseconds(5'000);
  options.orphan_grace = milliseconds(1'000);
  options.scan_interval = milliseconds(50);
  batch::LocalBatchBackend backend(db(), clock_, options);
  ASSERT_TRUE(backend.Start().ok());

  batch::JobSpec spec;
  spec.execution_id = e.execution_id;
  spec.targeting_id = kProcessTargeting;
  spec.task_count = 2;
  spec.parallelism = 2;
  spec.attempts = 3;
  spec.machine.machine_type = "local";
  spec.machine.provisioning_model = batch::ProvisioningModel::kSpot;
  for (auto& [k, v] : Env({{"FORMSENDER_RUNNER_SHUTDOWN_GRACE_SECONDS", "8"},
                           {"FORMSENDER_RUNNER_FORMS_IN_FLIGHT", "8"},
                           {"FORMSENDER_ALLOW_PRIVATE_TARGETS", "1"}})) {
    spec.env[k] = v;
  }
  spec.env["FORM_SENDER_CLIENT_CONFIG_URL"] = objects.base_url() + "/objects/config.json";
  spec.env["FORM_SENDER_TARGETING_ID"] = std::to_string(kProcessTargeting);
  spec.env["JOB_EXECUTION_ID"] = e.execution_id;
  spec.env["JOB_EXECUTION_META"] = Base64Encode(
      R"({"run_index_base": 0, "shards": 8, "workers_per_workflow": 2, "test_mode": false})");
  auto job = backend.Submit(spec);
  ASSERT_TRUE(job.ok()) << job.status().ToString();

  auto deadline = std::chrono::steady_clock::now() + seconds(120);
  while (Count("SELECT count(*) AS n FROM send_ledger") < 20) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline);
    std::this_thread::sleep_for(milliseconds(50));
  }
  ASSERT_TRUE(backend.Preempt(job->name, 0).ok());
  auto done = backend.WaitForJob(job->name, std::chrono::minutes(5));
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  backend.Stop();
  objects.Stop();
  EXPECT_EQ(done->state, batch::JobState::kSucceeded) << done->EventText();
  const batch::TaskInfo& task0 = done->tasks.at(0);
  ASSERT_EQ(task0.attempts.size(), 2u) << done->EventText();
  EXPECT_EQ(task0.attempts[0].exit_code, 50001);
  EXPECT_EQ(task0.attempts[0].details["process_exit_code"], 143);  // drained in time, SIGTERM
  EXPECT_EQ(CheckInvariants(), 0);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'done'"), kCompanies);
  for (int i = 1; i <= kCompanies; ++i) {
    EXPECT_EQ(server_->sink().FinalCount(ReplicaName(i)), 1) << "company " << i;
  }
  // The preempted attempt did not end the execution (Q-18); both tasks reported.
  auto row = executions.Get(e.execution_id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->status, "running");  // the monitor (not running here) owns the status
  EXPECT_EQ(row->metadata["runner"]["tasks"]["ri1"]["state"], "finished");
  EXPECT_EQ(row->metadata["runner"]["tasks"]["ri2"]["state"], "finished");
}

}  // namespace
}  // namespace formsender::runner::testing

// The Cloud Batch job template of deploy/gcp (as setup.sh renders it) against the Batch v1
// discovery document (shared/anchors/discovery/batch.v1.json), and the jobs the dispatcher
// builds from it.
#include <gtest/gtest.h>

#include "batch/cloud_job.h"
#include "deploy/tests/deploy_test_util.h"
#include "gcp/testing/discovery.h"

namespace formsender::deploy_test {
namespace {

class TemplateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto docs = gcp::testing::LoadGoogleApiDocuments();
    ASSERT_TRUE(docs.ok()) << docs.status().ToString();
    // The document indexes its own JSON by pointer: keep the loaded one (a map's nodes stay
    // put when the map moves) instead of copying it.
    docs_ = new std::map<std::string, gcp::testing::DiscoveryDocument>(std::move(*docs));
    batch_ = &docs_->at("batch");
    rendered_ = new Json(RunSetupDryRun({}, {"--only", "template"}).batch_template);
  }
  static void TearDownTestSuite() {
    delete docs_;
    batch_ = nullptr;
    delete rendered_;
  }
  // jobs.create's request body check, with output-only fields refused.
  static Status CheckJob(const Json& job) {
    auto match =
        batch_->FindMethod("POST", "v1/projects/test-project/locations/asia-northeast1/jobs");
    if (!match) return Status::Internal("batch.v1.json has no jobs.create");
    EXPECT_EQ(match->id, "batch.projects.locations.jobs.create");
    return batch_->CheckRequestBody(*match, &job, /*reject_read_only=*/true);
  }
  static std::map<std::string, gcp::testing::DiscoveryDocument>* docs_;
  static const gcp::testing::DiscoveryDocument* batch_;
  static Json* rendered_;
};
std::map<std::string, gcp::testing::DiscoveryDocument>* TemplateTest::docs_ = nullptr;
const gcp::testing::DiscoveryDocument* TemplateTest::batch_ = nullptr;
Json* TemplateTest::rendered_ = nullptr;

TEST_F(TemplateTest, TheRenderedTemplateIsAValidBatchJob) {
  const Json& t = *rendered_;
  ASSERT_TRUE(t.is_object()) << "setup.sh --dry-run printed no template";
  Status s = CheckJob(t);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(t.dump().find("${"), std::string::npos) << "unrendered placeholder: " << t.dump();
  const Json& spec = t["taskGroups"][0]["taskSpec"];
  EXPECT_EQ(spec["runnables"][0]["container"]["commands"], Json::array({"runner"}));
  EXPECT_EQ(spec["environment"]["secretVariables"]["FORMSENDER_DATABASE_URL"],
            "projects/test-project/secrets/form-sender-database-url/versions/latest");
  const Json& nic = t["allocationPolicy"]["network"]["networkInterfaces"][0];
  EXPECT_EQ(nic["subnetwork"],
            "projects/test-project/regions/asia-northeast1/subnetworks/form-sender-batch-subnet");
  EXPECT_EQ(nic["noExternalIpAddress"], true);
  EXPECT_EQ(t["allocationPolicy"]["instances"][0]["policy"]["provisioningModel"], "SPOT");
  EXPECT_EQ(t["labels"]["workload"], "form_sender");
}

TEST_F(TemplateTest, TheSchemaCheckRefusesABrokenTemplate) {
  // The oracle must be able to fail: a misspelt field and a wrong enum.
  Json broken = *rendered_;
  broken["taskGroups"][0]["taskSpec"]["maxRunDurations"] = "60s";
  EXPECT_FALSE(CheckJob(broken).ok());
  broken = *rendered_;
  broken["allocationPolicy"]["instances"][0]["policy"]["provisioningModel"] = "CHEAP";
  EXPECT_FALSE(CheckJob(broken).ok());
}

TEST_F(TemplateTest, JobsBuiltFromItAreValidAndKeepItsParts) {
  batch::JobSpec spec;
  spec.execution_id = "e-1";
  spec.targeting_id = 3;
  spec.task_count = 4;
  spec.parallelism = 2;
  spec.attempts = 3;
  spec.machine.machine_type = "n2d-custom-4-10240";
  spec.machine.cpu_milli = 4000;
  spec.machine.memory_mb = 10240;
  spec.env = {{"FORM_SENDER_ENV", "gcp_batch"}, {"JOB_EXECUTION_ID", "e-1"}};
  spec.gcp.container_image = "asia-northeast1-docker.pkg.dev/test-project/formsender/formsender:2";
  spec.gcp.job_template = "projects/test-project/locations/asia-northeast1/jobs/form-sender";
  spec.gcp.network = "projects/test-project/global/networks/form-sender-batch-vpc";
  spec.gcp.subnetwork =
      "projects/test-project/regions/asia-northeast1/subnetworks/form-sender-batch-subnet";
  spec.gcp.service_account = "form-sender-batch@test-project.iam.gserviceaccount.com";
  for (auto model : {batch::ProvisioningModel::kSpot, batch::ProvisioningModel::kStandard}) {
    auto job = batch::BuildCloudBatchJob(spec, rendered_, model);
    ASSERT_TRUE(job.ok()) << job.status().ToString();
    Status s = CheckJob(*job);
    EXPECT_TRUE(s.ok()) << s.ToString();
    const Json& task = (*job)["taskGroups"][0]["taskSpec"];
    EXPECT_EQ(task["runnables"][0]["container"]["commands"], Json::array({"runner"}));
    EXPECT_EQ(task["runnables"][0]["container"]["imageUri"], spec.gcp.container_image);
    EXPECT_EQ(task["environment"]["secretVariables"]["FORMSENDER_DATABASE_URL"],
              "projects/test-project/secrets/form-sender-database-url/versions/latest");
    EXPECT_EQ(task["environment"]["variables"]["JOB_EXECUTION_ID"], "e-1");
    EXPECT_EQ(task["maxRunDuration"], "32400s");
    const Json& policy = (*job)["allocationPolicy"]["instances"][0]["policy"];
    EXPECT_EQ(policy["bootDisk"]["sizeGb"], "30");
    EXPECT_EQ(policy["machineType"], "n2d-custom-4-10240");
    EXPECT_EQ((*job)["allocationPolicy"]["location"]["allowedLocations"][0],
              "regions/asia-northeast1");
  }
}

}  // namespace
}  // namespace formsender::deploy_test

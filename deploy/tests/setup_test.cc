// deploy/gcp/setup.sh --dry-run: every resource of the issue is created with the right flags,
// every role of the operations guide §2 is granted, and every environment variable and
// property the script sets is one formsender reads (and parses).
#include <gtest/gtest.h>

#include <set>

#include "common/strings.h"
#include "deploy/tests/deploy_test_util.h"
#include "settings/dispatcher_address.h"
#include "settings/execution_mode.h"
#include "settings/properties.h"

namespace formsender::deploy_test {
namespace {

bool StartsWith(const std::vector<std::string>& words, std::initializer_list<std::string_view> p) {
  if (words.size() < p.size()) return false;
  size_t i = 0;
  for (std::string_view w : p) {
    if (words[i++] != w) return false;
  }
  return true;
}

const std::vector<std::string>* FindCommand(const SetupDryRun& run,
                                            std::initializer_list<std::string_view> prefix) {
  for (const auto& c : run.commands) {
    if (StartsWith(c, prefix)) return &c;
  }
  return nullptr;
}

bool HasWord(const std::vector<std::string>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

// NAME → value of every --set-env-vars / --update-env-vars, and NAME → secret of every
// --set-secrets, over all commands.
std::map<std::string, std::string> EnvAssignments(const SetupDryRun& run, std::string_view flag) {
  std::map<std::string, std::string> out;
  for (const auto& c : run.commands) {
    std::string list = Flag(c, flag);
    if (list.empty()) continue;
    for (const std::string& item : Split(list, ',')) {
      auto eq = item.find('=');
      EXPECT_NE(eq, std::string::npos) << item;
      if (eq != std::string::npos) out[item.substr(0, eq)] = item.substr(eq + 1);
    }
  }
  return out;
}

class SetupTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { run_ = new SetupDryRun(RunSetupDryRun()); }
  static void TearDownTestSuite() {
    delete run_;
    run_ = nullptr;
  }
  const SetupDryRun& run() { return *run_; }
  static SetupDryRun* run_;
};
SetupDryRun* SetupTest::run_ = nullptr;

TEST_F(SetupTest, DryRunPrintsEveryCommandAndRunsNone) {
  ASSERT_EQ(run().exit_code, 0) << run().output;
  EXPECT_GT(run().commands.size(), 40u);
  // Nothing but gcloud commands, comments and the printed formsender.toml.
  bool in_toml = false;
  for (const std::string& line : Split(run().output, '\n')) {
    if (line.starts_with("# ---8<---"))
      in_toml = !in_toml && line.find("toml") != std::string::npos;
    if (in_toml || line.empty() || line.starts_with("#") || line.starts_with("gcloud ")) continue;
    ADD_FAILURE() << "unexpected line: " << line;
  }
  // Every command acts on the one project: by --project, or as the resource itself.
  for (const auto& c : run().commands) {
    if (StartsWith(c, {"gcloud", "projects", "describe"})) {
      EXPECT_EQ(c.size() > 3 ? c[3] : "", "test-project") << Join(c, " ");
    } else {
      EXPECT_EQ(Flag(c, "--project"), "test-project") << Join(c, " ");
    }
  }
  EXPECT_NE(run().output.find("(dry run: nothing was changed)"), std::string::npos);
}

TEST_F(SetupTest, NetworkIsPrivateWithCloudNat) {
  const auto* subnet = FindCommand(run(), {"gcloud", "compute", "networks", "subnets", "create"});
  ASSERT_NE(subnet, nullptr);
  EXPECT_TRUE(HasWord(*subnet, "--enable-private-ip-google-access"));
  EXPECT_EQ(Flag(*subnet, "--network"), "form-sender-batch-vpc");
  EXPECT_EQ(Flag(*subnet, "--region"), "asia-northeast1");
  const auto* vpc = FindCommand(run(), {"gcloud", "compute", "networks", "create"});
  ASSERT_NE(vpc, nullptr);
  EXPECT_EQ(Flag(*vpc, "--subnet-mode"), "custom");
  ASSERT_NE(FindCommand(run(), {"gcloud", "compute", "routers", "create"}), nullptr);
  const auto* nat = FindCommand(run(), {"gcloud", "compute", "routers", "nats", "create"});
  ASSERT_NE(nat, nullptr);
  EXPECT_TRUE(HasWord(*nat, "--nat-all-subnet-ip-ranges"));
  EXPECT_TRUE(HasWord(*nat, "--auto-allocate-nat-external-ips"));
}

TEST_F(SetupTest, ServiceAccountsHaveTheRolesOfTheGuide) {
  std::set<std::string> accounts;
  for (const auto& c : run().commands) {
    if (StartsWith(c, {"gcloud", "iam", "service-accounts", "create"})) accounts.insert(c[4]);
  }
  EXPECT_EQ(accounts, (std::set<std::string>{"form-sender-gas", "form-sender-dispatcher",
                                             "form-sender-batch"}));
  // (member, role) of project bindings, and of bindings on a service account or a service.
  std::set<std::pair<std::string, std::string>> project, on_account, on_run;
  for (const auto& c : run().commands) {
    std::pair<std::string, std::string> b{Flag(c, "--member"), Flag(c, "--role")};
    if (StartsWith(c, {"gcloud", "projects", "add-iam-policy-binding"})) project.insert(b);
    if (StartsWith(c, {"gcloud", "iam", "service-accounts", "add-iam-policy-binding"}))
      on_account.insert({c[4] + " " + b.first, b.second});
    if (StartsWith(c, {"gcloud", "run"}) && HasWord(c, "add-iam-policy-binding"))
      on_run.insert({c[2] + " " + b.first, b.second});
  }
  const std::string gas = "serviceAccount:form-sender-gas@test-project.iam.gserviceaccount.com";
  const std::string dispatcher =
      "serviceAccount:form-sender-dispatcher@test-project.iam.gserviceaccount.com";
  const std::string batch = "serviceAccount:form-sender-batch@test-project.iam.gserviceaccount.com";
  // Guide §2: the orchestrator's four roles.
  for (const char* role : {"roles/cloudtasks.enqueuer", "roles/storage.objectAdmin",
                           "roles/run.invoker", "roles/iam.serviceAccountUser"}) {
    EXPECT_TRUE(project.count({gas, role})) << role;
  }
  // Guide §2: token creator on the dispatcher's account, for it and the Cloud Tasks agent.
  const std::string dispatcher_email =
      "form-sender-dispatcher@test-project.iam.gserviceaccount.com";
  EXPECT_TRUE(on_account.count(
      {dispatcher_email + " " + dispatcher, "roles/iam.serviceAccountTokenCreator"}));
  EXPECT_TRUE(on_account.count(
      {dispatcher_email + " serviceAccount:service-<PROJECT_NUMBER>@gcp-sa-cloudtasks.iam."
                          "gserviceaccount.com",
       "roles/iam.serviceAccountTokenCreator"}));
  // Batch roles, logging, and the dispatcher acting as the runner's account.
  EXPECT_TRUE(project.count({dispatcher, "roles/batch.jobsEditor"}));
  EXPECT_TRUE(project.count({batch, "roles/batch.agentReporter"}));
  EXPECT_TRUE(project.count({batch, "roles/logging.logWriter"}));
  EXPECT_TRUE(project.count({dispatcher, "roles/logging.logWriter"}));
  EXPECT_TRUE(
      on_account.count({"form-sender-batch@test-project.iam.gserviceaccount.com " + dispatcher,
                        "roles/iam.serviceAccountUser"}));
  // Cloud Tasks (OIDC as the dispatcher's account), the orchestrator and the runners may call
  // the dispatcher; the dispatcher may run the runner job with overrides.
  for (const std::string& m : {dispatcher, gas, batch}) {
    EXPECT_TRUE(on_run.count({"services " + m, "roles/run.invoker"})) << m;
  }
  EXPECT_TRUE(on_run.count({"jobs " + dispatcher, "roles/run.developer"}));
}

TEST_F(SetupTest, BucketDeletesObjectsAfterSevenDays) {
  const auto* create = FindCommand(run(), {"gcloud", "storage", "buckets", "create"});
  ASSERT_NE(create, nullptr);
  EXPECT_EQ((*create)[4], "gs://test-project-form-sender-client-config");
  EXPECT_TRUE(HasWord(*create, "--uniform-bucket-level-access"));
  const auto* update = FindCommand(run(), {"gcloud", "storage", "buckets", "update"});
  ASSERT_NE(update, nullptr);
  auto rules = ParseJson(ReadFile(Flag(*update, "--lifecycle-file")), "lifecycle");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_EQ((*rules)["rule"].size(), 1u);
  EXPECT_EQ((*rules)["rule"][0]["action"]["type"], "Delete");
  EXPECT_EQ((*rules)["rule"][0]["condition"]["age"], 7);
}

TEST_F(SetupTest, QueueServiceJobTemplateAndSecrets) {
  const auto* queue = FindCommand(run(), {"gcloud", "tasks", "queues", "create"});
  ASSERT_NE(queue, nullptr);
  EXPECT_EQ((*queue)[4], "form-sender-dispatcher");
  EXPECT_EQ(Flag(*queue, "--max-attempts"), "10");
  EXPECT_EQ(Flag(*queue, "--max-concurrent-dispatches"), "10");
  EXPECT_EQ(Flag(*queue, "--min-backoff"), "60s");

  const auto* service = FindCommand(run(), {"gcloud", "run", "deploy"});
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(Flag(*service, "--args"), "serve");
  EXPECT_TRUE(HasWord(*service, "--no-allow-unauthenticated"));
  EXPECT_TRUE(HasWord(*service, "--no-cpu-throttling"));  // the monitor runs in serve
  EXPECT_EQ(Flag(*service, "--min-instances"), "1");

  const auto* job = FindCommand(run(), {"gcloud", "run", "jobs", "deploy"});
  ASSERT_NE(job, nullptr);
  EXPECT_EQ((*job)[4], "form-sender-runner");
  EXPECT_EQ(Flag(*job, "--args"), "runner");
  EXPECT_EQ(Flag(*job, "--vpc-egress"), "all-traffic");
  EXPECT_EQ(Flag(*job, "--set-secrets"), "FORMSENDER_DATABASE_URL=form-sender-database-url:latest");

  const auto* tmpl = FindCommand(run(), {"gcloud", "batch", "jobs", "submit"});
  ASSERT_NE(tmpl, nullptr);
  EXPECT_EQ((*tmpl)[4], "form-sender");
  EXPECT_FALSE(Flag(*tmpl, "--config").empty());
  EXPECT_TRUE(run().batch_template.is_object());

  ASSERT_NE(FindCommand(run(), {"gcloud", "secrets", "create", "form-sender-database-url"}),
            nullptr);
  const auto* build = FindCommand(run(), {"gcloud", "builds", "submit"});
  ASSERT_NE(build, nullptr);
  EXPECT_EQ(Flag(*build, "--config"), (SourceDir() / "deploy/gcp/cloudbuild.yaml").string());
  EXPECT_NE(ReadFile(SourceDir() / "deploy/gcp/cloudbuild.yaml").find("deploy/Dockerfile"),
            std::string::npos);
}

TEST_F(SetupTest, EveryVariableItSetsIsOneFormsenderReads) {
  std::set<std::string> read = VariablesFormsenderReads();
  ASSERT_TRUE(read.count("FORMSENDER_DATABASE_URL"));  // the grep works
  auto env = EnvAssignments(run(), "--set-env-vars");
  auto updated = EnvAssignments(run(), "--update-env-vars");
  auto secrets = EnvAssignments(run(), "--set-secrets");
  EXPECT_GE(env.size(), 15u);
  env.insert(updated.begin(), updated.end());
  for (const auto& [name, value] : env) EXPECT_TRUE(read.count(name)) << name << " is not read";
  for (const auto& [name, secret] : secrets) EXPECT_TRUE(read.count(name)) << name;
  for (const auto& [name, secret] :
       run()
           .batch_template["taskGroups"][0]["taskSpec"]["environment"]["secretVariables"]
           .items()) {
    EXPECT_TRUE(read.count(name)) << name;
  }
  // The values parse as formsender's properties (types, choices, ranges).
  MapEnvironment vars;
  for (const auto& [name, value] : env) vars.Set(name, value);
  auto props = settings::Properties::Parse("", "", vars);
  ASSERT_TRUE(props.ok()) << props.status().ToString();
  EXPECT_EQ(props->String("batch.backend"), "gcp");
  EXPECT_EQ(props->String("tasks.backend"), "cloudtasks");
  // Behind Cloud Run's front end every peer is the front end: the client limiter keys on the
  // address it appends to X-Forwarded-For (docs/dispatcher.md).
  EXPECT_EQ(props->Bool("dispatcher.trust_forwarded_for"), true);
  // The dispatcher has every batch-mode setting of the reference's check except the Supabase
  // secrets, which only a deployment keeping them sets (next test).
  EXPECT_EQ(settings::MissingBatchSettings(*props),
            (std::vector<std::string>{"FORM_SENDER_BATCH_SUPABASE_URL_SECRET",
                                      "FORM_SENDER_BATCH_SUPABASE_SERVICE_ROLE_SECRET"}));
  // It resolves a mode and its Cloud Tasks dispatcher is complete.
  settings::Targeting blank;
  blank.id = 1;
  auto mode = settings::ResolveExecutionMode(blank, *props);
  ASSERT_TRUE(mode.ok()) << mode.status().ToString();
  EXPECT_EQ(mode->mode, settings::ExecutionMode::kBatch);
  EXPECT_TRUE(settings::CheckDispatcherConfigured(*props).ok());
}

TEST_F(SetupTest, ThePrintedFormsenderTomlParsesAndCanDispatch) {
  ASSERT_FALSE(run().toml.empty()) << run().output;
  auto props =
      settings::Properties::Parse(run().toml, "setup.sh formsender.toml", MapEnvironment());
  ASSERT_TRUE(props.ok()) << props.status().ToString() << "\n" << run().toml;
  EXPECT_TRUE(settings::CheckDispatcherConfigured(*props).ok());
  EXPECT_EQ(props->String("tasks.backend"), "cloudtasks");
  settings::Targeting blank;
  blank.id = 1;
  EXPECT_TRUE(settings::ResolveExecutionMode(blank, *props).ok());
}

TEST(SetupOptionsTest, SupabaseSecretsServerlessModeAndSteps) {
  SetupDryRun supa = RunSetupDryRun({{"SUPABASE_URL_FILE", "/tmp/u"},
                                     {"SUPABASE_SERVICE_ROLE_KEY_FILE", "/tmp/k"},
                                     {"DEFAULT_MODE", "serverless"}});
  ASSERT_EQ(supa.exit_code, 0) << supa.output;
  auto env = EnvAssignments(supa, "--set-env-vars");
  env.insert({"FORM_SENDER_DISPATCHER_BASE_URL", "https://d.example.run.app"});
  MapEnvironment vars;
  for (const auto& [name, value] : env) vars.Set(name, value);
  auto props = settings::Properties::Parse("", "", vars);
  ASSERT_TRUE(props.ok()) << props.status().ToString();
  EXPECT_TRUE(settings::MissingBatchSettings(*props).empty());
  EXPECT_EQ(env.count("USE_GCP_BATCH"), 0u);
  EXPECT_EQ(env["USE_SERVERLESS_FORM_SENDER"], "true");
  auto secrets = EnvAssignments(supa, "--set-secrets");
  EXPECT_EQ(secrets["SUPABASE_URL"], "form-sender-supabase-url:latest");
  std::set<std::string> read = VariablesFormsenderReads();
  for (const auto& [name, value] : env) EXPECT_TRUE(read.count(name)) << name;
  for (const auto& [name, value] : secrets) EXPECT_TRUE(read.count(name)) << name;

  SetupDryRun network = RunSetupDryRun({}, {"--only", "network"});
  ASSERT_EQ(network.exit_code, 0);
  for (const auto& c : network.commands) EXPECT_EQ(c[1], "compute") << Join(c, " ");

  SetupDryRun no_project = RunSetupDryRun({{"PROJECT_ID", ""}});
  EXPECT_EQ(no_project.exit_code, 2);
  EXPECT_NE(no_project.output.find("PROJECT_ID is not set"), std::string::npos);
  SetupDryRun bad_step = RunSetupDryRun({}, {"--only", "netwrok"});
  EXPECT_EQ(bad_step.exit_code, 2);
  EXPECT_NE(bad_step.output.find("unknown step 'netwrok'"), std::string::npos);
  SetupDryRun half = RunSetupDryRun({{"SUPABASE_URL_FILE", "/tmp/u"}});
  EXPECT_EQ(half.exit_code, 2);
  EXPECT_NE(half.output.find("SUPABASE_SERVICE_ROLE_KEY_FILE"), std::string::npos);
}

TEST(SetupOptionsTest, ConfigFileExampleIsAccepted) {
  SetupDryRun r = RunSetupDryRun(
      {{"PROJECT_ID", ""}},
      {"--config", (SourceDir() / "deploy/gcp/setup.env.example").string(), "--only", "bucket"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_FALSE(r.commands.empty());
  EXPECT_EQ(Flag(r.commands[0], "--project"), "my-formsender-project");
}

}  // namespace
}  // namespace formsender::deploy_test

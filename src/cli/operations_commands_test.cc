// Process-level tests of start, start-all, trigger, running, stop, stop-all, scheduler tick|run
// and check against a real `formsender serve` (batch.backend = noop: executions stay running
// without runner processes, so nothing here waits for a runner).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "cli/cli_test_support.h"
#include "common/json.h"

namespace formsender::cli {
namespace {

class OperationsTest : public BinaryTest {
 protected:
  void SetUp() override {
    BinaryTest::SetUp();
    env_ = {{"FORMSENDER_BATCH_BACKEND", "noop"},
            {"FORMSENDER_DATA_DIR", (dir_ / "data").string()}};
    // Targeting 2 leaves the execution mode to the properties; none set is an error.
    std::filesystem::create_directories(dir_ / "data");
    std::ofstream(dir_ / "data" / "formsender.toml") << "USE_GCP_BATCH = true\n";
    ASSERT_EQ(Run({"db", "migrate"}, env_).exit_code, 0);
    auto examples = source_dir_ / "docs" / "examples";
    auto clients = Run({"import", "clients", (examples / "clients.csv").string()}, env_);
    ASSERT_EQ(clients.exit_code, 0) << clients.err;
    auto targeting = Run({"import", "targeting", (examples / "targeting.csv").string()}, env_);
    ASSERT_EQ(targeting.exit_code, 0) << targeting.err;
    serve_ = std::make_unique<ServeProcess>(
        std::vector<std::string>{binary_, "--json", "--data-dir", (dir_ / "data").string(), "serve",
                                 "--listen", "127.0.0.1:0"},
        env_);
    auto started = ParseJson(serve_->ReadLine());
    ASSERT_TRUE(started.ok()) << "serve did not start";
    base_url_ = (*started)["base_url"];
  }
  void TearDown() override {
    if (serve_) {
      EXPECT_EQ(serve_->Terminate(), 0);
    }
    BinaryTest::TearDown();
  }
  Json RunJson(std::vector<std::string> args, int want_exit = 0) {
    args.insert(args.begin(), "--json");
    auto r = Run(args, env_);
    if (want_exit >= 0) {
      EXPECT_EQ(r.exit_code, want_exit) << r.err;
    }
    auto j = ParseJson(r.out);
    EXPECT_TRUE(j.ok()) << r.out << r.err;
    return j.ok() ? *j : Json();
  }
  // The task is delivered by serve's deliverer; its execution appears shortly after.
  Json WaitRunning(int64_t targeting, size_t at_least) {
    Json running;
    for (int i = 0; i < 100; ++i) {
      running = RunJson({"running", "--targeting", std::to_string(targeting)});
      if (running["total_running"].get<size_t>() >= at_least) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return running;
  }
  std::map<std::string, std::string> env_;
  std::unique_ptr<ServeProcess> serve_;
  std::string base_url_;
};

TEST_F(OperationsTest, TriggerRunningStopStartAndCheck) {
  Json triggered = RunJson({"trigger", "1", "--test-mode"});
  std::string task_id = triggered["task_id"];
  EXPECT_TRUE(task_id.starts_with("fs-")) << task_id;
  EXPECT_TRUE(task_id.ends_with("-1-0")) << task_id;
  EXPECT_EQ(triggered["detail"]["queue"]["total"].is_number(), true);
  Json running = WaitRunning(1, 1);
  ASSERT_GE(running["total_running"].get<int>(), 1) << running.dump();
  EXPECT_EQ(running["all_tasks"][0]["targeting_id"], 1);

  Json stopped = RunJson({"stop", "1"});
  EXPECT_EQ(stopped["success"], true) << stopped.dump();
  EXPECT_GE(stopped["stopped_count"].get<int>(), 1);
  EXPECT_EQ(RunJson({"running", "--targeting", "1"})["total_running"], 0);

  // start: a new session with the campaign's auto-stops; the run index moves on past every
  // task index the first run used.
  Json started = RunJson({"start", "1"});
  EXPECT_EQ(started["run_index_base"], triggered["run_total"]) << started.dump();
  EXPECT_EQ(started["run_total"], 4) << started.dump();
  EXPECT_EQ(started["send_end_time"].get<std::string>().size(), 5u);
  Json tick = RunJson({"scheduler", "tick"});
  EXPECT_EQ(tick["success"], true) << tick.dump();

  Json all = RunJson({"start-all"}, -1);
  EXPECT_GE(all["triggered"].get<int>(), 1) << all.dump();
  Json stop_all = RunJson({"stop-all"});
  EXPECT_EQ(stop_all["success"], true) << stop_all.dump();
  EXPECT_EQ(RunJson({"running"})["total_running"], 0);

  Json check = RunJson({"check"}, -1);
  bool dispatcher_ok = false;
  for (const Json& c : check["checks"]) {
    if (c["name"] == "dispatcher_health") dispatcher_ok = c["status"] == "ok";
  }
  EXPECT_TRUE(dispatcher_ok) << check.dump();
}

TEST_F(OperationsTest, ErrorsNameWhatIsWrong) {
  auto missing = Run({"trigger", "999"}, env_);
  EXPECT_EQ(missing.exit_code, 4) << missing.err;
  auto branch = Run({"trigger", "1", "--branch", "-x"}, env_);
  EXPECT_EQ(branch.exit_code, 2);
  EXPECT_NE(branch.err.find("--branch"), std::string::npos);
  auto none = Run({"stop", "2"}, env_);
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find("nothing to stop"), std::string::npos) << none.out;
}

// The scheduler's loop inside `formsender serve`: a daily trigger due at 09:00 fires in serve
// (its clock set two seconds before), starts the active targetings and leaves its successor.
class ServeSchedulerTest : public BinaryTest {};

TEST_F(ServeSchedulerTest, TheDailyTriggerFiresInsideServeAndLeavesItsSuccessor) {
  std::map<std::string, std::string> env = {{"FORMSENDER_BATCH_BACKEND", "noop"},
                                            {"FORMSENDER_DATA_DIR", (dir_ / "data").string()}};
  std::filesystem::create_directories(dir_ / "data");
  std::ofstream(dir_ / "data" / "formsender.toml") << "USE_GCP_BATCH = true\n";
  ASSERT_EQ(Run({"db", "migrate"}, env).exit_code, 0);
  auto examples = source_dir_ / "docs" / "examples";
  ASSERT_EQ(Run({"import", "clients", (examples / "clients.csv").string()}, env).exit_code, 0);
  ASSERT_EQ(Run({"import", "targeting", (examples / "targeting.csv").string()}, env).exit_code, 0);

  // Created on 2026-05-06 (振替休日): the next business day is Thursday 05-07.
  auto day_before = env;
  day_before["FORMSENDER_CLOCK"] = "2026-05-06T12:00:00+09:00";
  auto created = Run({"--json", "triggers", "create-next-day"}, day_before);
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ((*ParseJson(created.out))["execute_at_jst"], "2026-05-07T09:00:00+09:00");

  auto at_nine = env;
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  at_nine["FORMSENDER_CLOCK"] = "2026-05-07T08:59:58+09:00@" + std::to_string(now_ms);
  ServeProcess serve({binary_, "--json", "--data-dir", (dir_ / "data").string(), "serve",
                      "--listen", "127.0.0.1:0"},
                     at_nine);
  ASSERT_TRUE(ParseJson(serve.ReadLine()).ok()) << "serve did not start";

  Json fired, successor;
  std::string last;
  for (int i = 0; i < 150 && successor.is_null(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto listed = Run({"--json", "triggers", "list", "--all"}, at_nine);
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    last = listed.out;
    auto parsed = ParseJson(listed.out);
    ASSERT_TRUE(parsed.ok()) << listed.out;
    for (const Json& t : (*parsed)["triggers"]) {
      if (t["execute_at_jst"] == "2026-05-07T09:00:00+09:00" && t["state"] == "fired") fired = t;
      if (t["execute_at_jst"] == "2026-05-08T09:00:00+09:00" && t["state"] == "pending") {
        successor = t;
      }
    }
  }
  ASSERT_FALSE(fired.is_null()) << "the 09:00 trigger did not fire inside serve: " << last;
  EXPECT_FALSE(successor.is_null()) << fired.dump();
  EXPECT_GE(fired["result"]["triggered"].get<int64_t>(), 1) << fired.dump();
  EXPECT_EQ(serve.Terminate(), 0);
}

TEST_F(OperationsTest, SchedulerRunStopsOnSigterm) {
  ServeProcess loop({binary_, "--json", "--data-dir", (dir_ / "data").string(), "scheduler", "run"},
                    env_);
  auto line = ParseJson(loop.ReadLine());
  ASSERT_TRUE(line.ok());
  EXPECT_EQ((*line)["status"], "running");
  EXPECT_EQ(loop.Terminate(), 0);
}

}  // namespace
}  // namespace formsender::cli

#include "scheduler/scheduler.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/crypto.h"
#include "objects/local_object_store.h"
#include "scheduler/targeting_starter.h"
#include "settings/sheet_import_db.h"
#include "settings/test_sheets.h"
#include "store/testing.h"
#include "tasks/store_task_queue.h"

namespace formsender::scheduler {
namespace {

// Records starts and stops with the clock's time. These stand in for the dispatcher-side seams;
// the real ones are exercised by the CLI tests against `formsender serve`.
struct Recorder {
  const Clock& clock;
  std::vector<std::pair<std::string, TimePoint>> events;
};

class RecordingStarter : public TargetingStarter {
 public:
  explicit RecordingStarter(Recorder& r) : r_(r) {}
  Result<std::vector<int64_t>> ActiveTargetings() override { return active; }
  Result<StartOutcome> Start(const StartRequest& request) override {
    if (failing.count(request.targeting_id)) return Status::Unavailable("queue down");
    r_.events.push_back({"start " + std::to_string(request.targeting_id), r_.clock.Now()});
    StartOutcome o;
    o.targeting_id = request.targeting_id;
    o.task_id = "fs-" + JstDateOf(r_.clock.Now()).ToCompactString() + "-" +
                std::to_string(request.targeting_id) + "-0";
    o.send_end_time = end_times.at(request.targeting_id);
    o.session_max_hours = 10;
    return o;
  }
  std::vector<int64_t> active;
  std::map<int64_t, TimeOfDay> end_times;
  std::set<int64_t> failing;

 private:
  Recorder& r_;
};

class RecordingStopper : public ExecutionStopper {
 public:
  explicit RecordingStopper(Recorder& r) : r_(r) {}
  Result<StopOutcome> Stop(std::optional<int64_t> id) override {
    if (down) return Status::Unavailable("dispatcher down");
    r_.events.push_back({id ? "stop " + std::to_string(*id) : "stop all", r_.clock.Now()});
    return StopOutcome{};
  }
  bool down = false;

 private:
  Recorder& r_;
};

TimePoint At(int m, int d, int h, int min = 0) {
  return JstTimeOn(CivilDate{2026, m, d}, TimeOfDay{h, min, 0});
}

class SchedulerTest : public store::BackendTest {
 protected:
  SchedulerOptions Options() {
    SchedulerOptions o;
    o.session_hours = 10.5;  // the session stop (19:30) comes after the business ends
    o.shuffle = [](std::vector<int64_t>& ids) { std::reverse(ids.begin(), ids.end()); };
    return o;
  }
  FakeClock clock_{At(5, 1, 10)};  // Friday 2026-05-01 10:00 JST, after the day's trigger
  Recorder recorder_{clock_, {}};
  RecordingStarter starter_{recorder_};
  RecordingStopper stopper_{recorder_};
};

// The week of 2026-05-04: 05-04 みどりの日, 05-05 こどもの日, 05-06 振替休日; 05-09/10 weekend.
TEST_P(SchedulerTest, WalksAWeekWithHolidays) {
  starter_.active = {1, 2};
  starter_.end_times = {{1, TimeOfDay{12, 30, 0}}, {2, TimeOfDay{17, 0, 0}}};
  Scheduler scheduler(db(), clock_, starter_, stopper_, Options());
  auto first = scheduler.CreateNextDayTrigger("create-next-day");
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->execute_at, At(5, 7, 9));
  // A trigger someone left on a holiday fires, starts nothing and leaves the next one.
  ASSERT_TRUE(scheduler.triggers().Create(kDailyStartHandler, At(5, 4, 9), "stale").ok());

  // The successor each fire leaves: 05-04 finds 05-07 already there.
  std::vector<TimePoint> expected_next = {At(5, 7, 9), At(5, 8, 9), At(5, 11, 9), At(5, 12, 9)};
  size_t next_index = 0;
  for (TimePoint t = At(5, 4, 0); t <= At(5, 11, 23, 45); t += std::chrono::minutes(15)) {
    clock_.Set(t);
    auto tick = scheduler.Tick();
    ASSERT_TRUE(tick.ok()) << tick.status().message();
    for (const Json& fired : tick->triggers) {
      EXPECT_EQ(fired["result"]["next_trigger"]["execute_at"],
                FormatUtcIso(expected_next[next_index]))
          << fired.dump();
      ++next_index;
    }
    // Once the stale trigger is gone there is always exactly one pending daily trigger, in
    // the future.
    if (t < At(5, 4, 9)) continue;
    auto pending = scheduler.triggers().List();
    ASSERT_EQ(pending->size(), 1u) << FormatJstIso(t);
    EXPECT_GT((*pending)[0].execute_at, t);
  }
  EXPECT_EQ(next_index, 4u);

  std::vector<std::pair<std::string, TimePoint>> want;
  for (int day : {7, 8, 11}) {
    want.push_back({"start 2", At(5, day, 9)});  // shuffled (reversed here)
    want.push_back({"start 1", At(5, day, 9)});
    want.push_back({"stop 1", At(5, day, 12, 30)});
    want.push_back({"stop 2", At(5, day, 17)});
    want.push_back({"stop 2", At(5, day, 19)});  // 10 h runtime of each targeting
    want.push_back({"stop 1", At(5, day, 19)});
    want.push_back({"stop all", At(5, day, 19, 30)});
  }
  ASSERT_EQ(recorder_.events.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(recorder_.events[i].first, want[i].first) << i;
    EXPECT_EQ(FormatJstIso(recorder_.events[i].second), FormatJstIso(want[i].second)) << i;
  }
  auto history = scheduler.triggers().List(true);
  int fired = 0;
  for (const auto& t : *history) fired += t.state == "fired";
  EXPECT_EQ(fired, 4);  // 05-04 (skipped), 05-07, 05-08, 05-11
}

TEST_P(SchedulerTest, AFailedStartStillLeavesTheNextTriggerAndOtherTargetingsRun) {
  starter_.active = {1, 2};
  starter_.end_times = {{1, TimeOfDay{18, 0, 0}}, {2, TimeOfDay{18, 0, 0}}};
  starter_.failing = {2};
  clock_.Set(At(5, 7, 9));
  Scheduler scheduler(db(), clock_, starter_, stopper_, Options());
  StartAllReport report = scheduler.DailyStart();
  EXPECT_TRUE(report.success);
  EXPECT_EQ(report.triggered, 1);
  ASSERT_EQ(report.failures.size(), 1u);
  EXPECT_EQ(report.failures[0]["targeting_id"], 2);
  ASSERT_TRUE(report.next_trigger.has_value());
  EXPECT_EQ(report.next_trigger->execute_at, At(5, 8, 9));

  starter_.active = {};
  clock_.Set(At(5, 8, 9));
  report = scheduler.DailyStart();
  EXPECT_FALSE(report.success);
  EXPECT_NE(report.message.find("no active targeting"), std::string::npos);
  ASSERT_TRUE(report.next_trigger.has_value());
  EXPECT_EQ(report.next_trigger->execute_at, At(5, 8, 9) + std::chrono::hours(24 * 3));
}

TEST_P(SchedulerTest, AStopThatFailsIsRetriedOnTheNextTick) {
  starter_.active = {4};
  starter_.end_times = {{4, TimeOfDay{12, 0, 0}}};
  clock_.Set(At(5, 7, 9));
  Scheduler scheduler(db(), clock_, starter_, stopper_, Options());
  StartRequest request;
  request.targeting_id = 4;
  ASSERT_TRUE(scheduler.StartOne(request).ok());
  stopper_.down = true;
  clock_.Set(At(5, 7, 12));
  auto tick = scheduler.Tick();
  ASSERT_TRUE(tick.ok());
  EXPECT_FALSE(tick->ok);
  EXPECT_NE(tick->auto_stops[0]["error"].get<std::string>().find("dispatcher down"),
            std::string::npos);
  stopper_.down = false;
  clock_.Set(At(5, 7, 12, 1));
  tick = scheduler.Tick();
  ASSERT_TRUE(tick.ok());
  EXPECT_TRUE(tick->ok);
  ASSERT_EQ(recorder_.events.size(), 2u);
  EXPECT_EQ(recorder_.events[1].first, "stop 4");
  EXPECT_EQ(*scheduler.NextWakeup(), At(5, 7, 19));  // the 10 h runtime stop
}

TEST_P(SchedulerTest, AMissedTriggerDoesNotStartAnotherDay) {
  starter_.active = {1};
  starter_.end_times = {{1, TimeOfDay{18, 0, 0}}};
  Scheduler scheduler(db(), clock_, starter_, stopper_, Options());
  ASSERT_TRUE(scheduler.CreateNextDayTrigger("test").ok());  // 05-07 09:00
  clock_.Set(At(5, 8, 8));                                   // nothing ran on 05-07
  auto tick = scheduler.Tick();
  ASSERT_TRUE(tick.ok());
  ASSERT_EQ(tick->triggers.size(), 1u);
  EXPECT_EQ(tick->triggers[0]["state"], "failed");
  EXPECT_TRUE(recorder_.events.empty());
  auto pending = scheduler.triggers().NextDailyStart();
  EXPECT_EQ((*pending)->execute_at, At(5, 8, 9));
}

TEST_P(SchedulerTest, LegacyTriggersAreNotRun) {
  starter_.active = {1};
  Scheduler scheduler(db(), clock_, starter_, stopper_, Options());
  ASSERT_TRUE(scheduler.triggers().Create(kLegacy13Handler, At(5, 1, 13), "old", true).ok());
  clock_.Set(At(5, 1, 13));
  auto tick = scheduler.Tick();
  ASSERT_TRUE(tick.ok());
  EXPECT_EQ(tick->triggers[0]["state"], "failed");
  EXPECT_TRUE(recorder_.events.empty());
}

// The same week with the real starter (settings from the store, the day's queue built, the
// client config uploaded and signed, a task enqueued in the embedded queue): only the business
// days get a queue, an object and a task, each named for its day.
TEST_P(SchedulerTest, AWeekWithTheRealStarterBuildsQueuesAndEnqueuesOnBusinessDaysOnly) {
  const char* targeting_csv =
      "id,active,client_id,description,subject,message,max_daily_sends,send_start_time,"
      "send_end_time,send_days_of_week,concurrent_workflow,use_gcp_batch\n"
      "1,TRUE,7,春の案内,件名,本文,50,09:00,12:30,\"[0,1,2,3,4]\",1,TRUE\n";
  ASSERT_TRUE(settings::ImportSheet(db(), settings::SheetKind::kClients,
                                    {settings::testing::kClientCsv, "c.csv", "c.csv"}, clock_)
                  .ok());
  auto imported = settings::ImportSheet(db(), settings::SheetKind::kTargeting,
                                        {targeting_csv, "t.csv", "t.csv"}, clock_);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  for (int id = 101; id <= 103; ++id) {
    ASSERT_TRUE(
        db().Execute("INSERT INTO companies (id, company_name, form_url) VALUES ($1, $2, $3)",
                     {id, "会社" + std::to_string(id),
                      "http://form" + std::to_string(id) + ".localhost/contact"})
            .ok());
  }
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("fs-week-" + RandomHexToken(6));
  auto objects = objects::LocalObjectStore::Open({dir, "http://127.0.0.1:9"}, clock_);
  ASSERT_TRUE(objects.ok()) << objects.status().ToString();
  tasks::StoreTaskQueue queue(db(), clock_, tasks::QueueConfig{});
  MapEnvironment env;
  auto props = settings::Properties::Parse("", "test", env);
  ASSERT_TRUE(props.ok()) << props.status().ToString();
  StarterDeps deps;
  deps.db = &db();
  deps.props = &*props;
  deps.clock = &clock_;
  deps.objects = objects->get();
  deps.queue = &queue;
  deps.enqueue.target_url = "http://127.0.0.1:9/v1/form-sender/tasks";
  std::vector<std::string> progress;
  deps.progress = [&](const std::string& line) { progress.push_back(line); };
  StoreTargetingStarter starter(std::move(deps));
  Scheduler scheduler(db(), clock_, starter, stopper_, Options());
  ASSERT_TRUE(scheduler.CreateNextDayTrigger("create-next-day").ok());
  ASSERT_TRUE(scheduler.triggers().Create(kDailyStartHandler, At(5, 4, 9), "stale").ok());

  std::map<std::string, int64_t> rows_by_day;
  for (TimePoint t = At(5, 4, 0); t <= At(5, 11, 23, 45); t += std::chrono::minutes(15)) {
    clock_.Set(t);
    auto tick = scheduler.Tick();
    ASSERT_TRUE(tick.ok()) << tick.status().message();
    for (const Json& fired : tick->triggers) {
      EXPECT_NE(fired["state"], "failed") << fired.dump();
    }
    // The day's queue as the start left it (the next start clears earlier days).
    auto rows = db().Query(
        "SELECT target_date_jst AS d, COUNT(*) AS n FROM send_queue GROUP BY target_date_jst");
    ASSERT_TRUE(rows.ok());
    for (store::Row row : *rows) rows_by_day[row.Text("d").substr(0, 10)] = row.Int("n");
  }
  EXPECT_EQ(rows_by_day, (std::map<std::string, int64_t>{
                             {"2026-05-07", 3}, {"2026-05-08", 3}, {"2026-05-11", 3}}));
  tasks::ListOptions all;
  all.only_live = false;
  auto listed = queue.List(all);
  ASSERT_TRUE(listed.ok());
  std::set<std::string> names;
  for (const auto& task : *listed) names.insert(task.task_id);
  EXPECT_EQ(names,
            (std::set<std::string>{"fs-20260507-1-0", "fs-20260508-1-0", "fs-20260511-1-0"}));
  size_t uploaded = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir / "objects")) {
    uploaded += entry.is_regular_file() && entry.path().extension() == ".json";
  }
  EXPECT_EQ(uploaded, 3u);
  // Each day's run stops at its send_end_time, 12:30.
  std::vector<std::string> stops;
  for (const auto& [event, at] : recorder_.events) {
    if (event == "stop 1" && FormatJstIso(at).substr(11, 5) == "12:30") {
      stops.push_back(FormatJstIso(at).substr(0, 10));
    }
  }
  EXPECT_EQ(stops, (std::vector<std::string>{"2026-05-07", "2026-05-08", "2026-05-11"}));
  EXPECT_FALSE(progress.empty());
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

FS_INSTANTIATE_BACKEND_TEST(SchedulerTest);

}  // namespace
}  // namespace formsender::scheduler

// formsender start | start-all | trigger | running | stop | stop-all | scheduler run|tick | check
// (guide §3.4, §4, §10; spec §6.3–6.6). docs/operations.md maps each to the reference.
#include <pthread.h>
#include <signal.h>

#include <iomanip>
#include <map>
#include <ostream>
#include <regex>
#include <sstream>

#include "cli/commands.h"
#include "cli/operations.h"
#include "common/time.h"
#include "scheduler/check.h"
#include "scheduler/scheduler_loop.h"

namespace formsender::cli {
namespace {

scheduler::ProgressFn ProgressTo(Context& ctx) {
  return [&ctx](const std::string& line) { ctx.err() << line << std::endl; };
}

int PrintStart(Context& ctx, const scheduler::StartOutcome& o) {
  if (ctx.flags().json) {
    Json j = o.ToJson();
    j["success"] = true;
    ctx.out() << DumpJson(j) << "\n";
  } else {
    ctx.out() << "targeting " << o.targeting_id << ": "
              << (o.duplicate ? "task already queued " : "enqueued ") << o.task_id
              << " (run_index_base " << o.run_index_base << ", " << o.run_total << " task(s)"
              << (o.execution_id.empty() ? "" : ", execution " + o.execution_id) << ")\n";
  }
  return kExitOk;
}

int RunStart(int64_t id, Context& ctx) {
  Operations ops(ctx, ProgressTo(ctx));
  auto sched = ops.Scheduler();
  if (!sched.ok()) return ctx.Fail(sched.status());
  scheduler::StartRequest request;
  request.targeting_id = id;
  request.trigger_name = "startFormSender";
  auto started = (*sched)->StartOne(request);
  if (!started.ok()) return ctx.Fail(started.status());
  return PrintStart(ctx, *started);
}

int RunStartAll(Context& ctx) {
  Operations ops(ctx, ProgressTo(ctx));
  auto sched = ops.Scheduler();
  if (!sched.ok()) return ctx.Fail(sched.status());
  auto report = (*sched)->StartAll("startFormSenderAll", ProgressTo(ctx));
  if (!report.ok()) return ctx.Fail(report.status());
  if (ctx.flags().json) {
    ctx.out() << DumpJson(report->ToJson()) << "\n";
  } else {
    ctx.out() << report->message << "\n";
    for (const auto& s : report->started) {
      ctx.out() << "  " << s.targeting_id << "  " << s.task_id << "\n";
    }
    for (const auto& f : report->failures) {
      ctx.out() << "  " << f["targeting_id"].dump() << "  FAILED: " << f["error"].get<std::string>()
                << "\n";
    }
  }
  return report->success && report->failures.empty() ? kExitOk : kExitFailure;
}

struct TriggerFlags {
  int64_t targeting_id = 0;
  bool test_mode = false;
  bool extra = false;
  std::string branch;
};

int RunTrigger(const TriggerFlags& flags, Context& ctx) {
  static const std::regex kBranch("^[A-Za-z0-9/_.-]+$");
  if (!flags.branch.empty() && (flags.branch.size() > 255 || flags.branch[0] == '-' ||
                                !std::regex_match(flags.branch, kBranch))) {
    return ctx.Fail(Status::InvalidArgument("--branch: '" + flags.branch +
                                            "' is not a git ref (letters, digits, / _ . -, not "
                                            "starting with -, at most 255)"));
  }
  Operations ops(ctx, ProgressTo(ctx));
  auto starter = ops.Starter();
  if (!starter.ok()) return ctx.Fail(starter.status());
  scheduler::StartRequest request;
  request.targeting_id = flags.targeting_id;
  request.test_mode = flags.test_mode;
  if (flags.extra) request.use_extra = true;
  if (!flags.branch.empty()) request.branch = flags.branch;
  request.workflow_trigger = !flags.branch.empty() ? "branch_test"
                             : flags.test_mode     ? "manual_test"
                                                   : "manual";
  request.trigger_name = "triggerFormSenderWorkflow";
  auto started = (*starter)->Start(request);
  if (!started.ok()) return ctx.Fail(started.status());
  return PrintStart(ctx, *started);
}

std::string Field(const Json& e, const char* key) {
  if (!e.contains(key) || e[key].is_null()) return "-";
  return e[key].is_string() ? e[key].get<std::string>() : e[key].dump();
}

int RunRunning(std::optional<int64_t> targeting, Context& ctx) {
  Operations ops(ctx, ProgressTo(ctx));
  auto client = ops.Dispatcher();
  if (!client.ok()) return ctx.Fail(client.status());
  auto live = scheduler::LiveExecutions(**client, targeting);
  if (!live.ok()) return ctx.Fail(live.status());
  if (ctx.flags().json) {
    Json by = Json::object();
    Json all = Json::array();
    for (const Json& e : *live) {
      by[Field(e, "targeting_id")].push_back(e);
      all.push_back(e);
    }
    ctx.out() << DumpJson(Json{{"success", true},
                               {"message", live->empty() ? "no running executions" : ""},
                               {"total_running", static_cast<int64_t>(live->size())},
                               {"by_targeting_id", by},
                               {"all_tasks", all}})
              << "\n";
    return kExitOk;
  }
  if (live->empty()) {
    ctx.out() << "no running executions\n";
    return kExitOk;
  }
  ctx.out() << std::left << std::setw(38) << "EXECUTION" << std::setw(10) << "TARGETING"
            << std::setw(10) << "STATUS" << std::setw(30) << "STARTED"
            << "JOB\n";
  for (const Json& e : *live) {
    ctx.out() << std::left << std::setw(38) << Field(e, "execution_id") << std::setw(10)
              << Field(e, "targeting_id") << std::setw(10) << Field(e, "status") << std::setw(30)
              << Field(e, "started_at") << Field(e, "batch_job_name") << "\n";
  }
  return kExitOk;
}

int RunStop(std::optional<int64_t> targeting, Context& ctx) {
  Operations ops(ctx, ProgressTo(ctx));
  auto stopper = ops.Stopper();
  if (!stopper.ok()) return ctx.Fail(stopper.status());
  auto stopped = (*stopper)->Stop(targeting);
  if (!stopped.ok()) return ctx.Fail(stopped.status());
  int64_t total = stopped->stopped + stopped->failed;
  std::string message = total == 0 ? "nothing to stop (停止対象なし)"
                                   : std::to_string(stopped->stopped) + " of " +
                                         std::to_string(total) + " execution(s) cancelled";
  if (stopped->tasks_deleted > 0) {
    message += ", " + std::to_string(stopped->tasks_deleted) + " queued task(s) deleted";
  }
  if (ctx.flags().json) {
    Json j = stopped->ToJson();
    j["success"] = stopped->failed == 0;
    j["message"] = message;
    j["total_tasks"] = total;
    if (targeting) j["targeting_id"] = *targeting;
    ctx.out() << DumpJson(j) << "\n";
  } else {
    ctx.out() << message << "\n";
  }
  return stopped->failed == 0 ? kExitOk : kExitFailure;
}

int RunTick(Context& ctx) {
  Operations ops(ctx, ProgressTo(ctx));
  auto sched = ops.Scheduler();
  if (!sched.ok()) return ctx.Fail(sched.status());
  auto report = (*sched)->Tick();
  if (!report.ok()) return ctx.Fail(report.status());
  if (ctx.flags().json) {
    ctx.out() << DumpJson(report->ToJson()) << "\n";
  } else {
    ctx.out() << report->triggers.size() << " trigger(s) fired, " << report->auto_stops.size()
              << " auto-stop(s) carried out" << (report->ok ? "" : " (with failures)") << "\n";
  }
  return report->ok ? kExitOk : kExitFailure;
}

int RunLoop(int max_sleep_seconds, Context& ctx) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  Operations ops(ctx, {});
  auto sched = ops.Scheduler();
  if (!sched.ok()) return ctx.Fail(sched.status());
  scheduler::SchedulerLoop loop(**sched, ctx.clock(), std::chrono::seconds(max_sleep_seconds),
                                ctx.log_ptr());
  loop.Start();
  if (ctx.flags().json) {
    ctx.out() << DumpJson(Json{{"status", "running"}}) << std::endl;
  } else {
    ctx.out() << "formsender scheduler: running; Ctrl-C stops." << std::endl;
  }
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  loop.Stop();
  return kExitOk;
}

struct CheckFlags {
  int64_t max_queue_latency_seconds = 300;
  int64_t max_consecutive_failures = 1;
  int64_t stuck_hours = 9;
  int64_t max_queued = 10;
};

int RunCheck(const CheckFlags& flags, Context& ctx) {
  scheduler::CheckThresholds t;
  t.max_queue_latency = std::chrono::seconds(flags.max_queue_latency_seconds);
  t.max_consecutive_failures = flags.max_consecutive_failures;
  t.stuck_after = std::chrono::hours(flags.stuck_hours);
  t.max_queued_executions = flags.max_queued;
  scheduler::CheckInputs in;
  TimePoint now = ctx.clock().Now();
  auto db = ctx.Database();
  if (!db.ok()) return ctx.Fail(db.status());
  in.executions = scheduler::GatherExecutionFacts(**db, now, t);
  Operations ops(ctx, {});
  auto queue = ops.Queue();
  if (!queue.ok()) {
    in.queue_latency = queue.status();
  } else {
    tasks::ListOptions options;
    auto live = (*queue)->List(options);
    if (!live.ok()) {
      in.queue_latency = live.status();
    } else {
      std::optional<std::chrono::seconds> oldest;
      for (const auto& task : *live) {
        if (task.schedule_time > now) continue;
        auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - task.schedule_time);
        if (!oldest || waited > *oldest) oldest = waited;
      }
      in.queue_latency = oldest;
      in.queue_live_tasks = static_cast<int64_t>(live->size());
    }
  }
  auto client = ops.Dispatcher();
  if (!client.ok()) {
    in.dispatcher_health = client.status();
    in.dispatcher_description = "dispatcher";
  } else {
    in.dispatcher_health = (*client)->Health();
    in.dispatcher_description = ops.dispatcher_description();
  }
  scheduler::CheckReport report = scheduler::EvaluateChecks(in, t);
  if (ctx.flags().json) {
    ctx.out() << DumpJson(report.ToJson()) << "\n";
  } else {
    ctx.out() << report.ToText();
  }
  if (!in.executions.ok() && in.executions.status().code() == StatusCode::kUnavailable) {
    return kExitUnavailable;
  }
  return report.failed() ? kExitCheckFailed : kExitOk;
}

}  // namespace

void RegisterOperationsCommands(CLI::App& app, CommandRegistry& registry) {
  auto start_id = std::make_shared<int64_t>(0);
  CLI::App* start = app.add_subcommand(
      "start", "Start one campaign now: new session, its auto-stops (startFormSender)");
  start->add_option("TARGETING_ID", *start_id, "Targeting id")
      ->required()
      ->check(CLI::PositiveNumber);
  registry.On(start, [start_id](Context& ctx) { return RunStart(*start_id, ctx); });

  CLI::App* start_all = app.add_subcommand(
      "start-all", "Start every active campaign in random order (startFormSenderAll)");
  registry.On(start_all, [](Context& ctx) { return RunStartAll(ctx); });

  auto tflags = std::make_shared<TriggerFlags>();
  CLI::App* trigger = app.add_subcommand(
      "trigger",
      "Enqueue one run for the dispatcher without touching the auto-stop schedule "
      "(triggerFormSenderWorkflow)");
  trigger->add_option("TARGETING_ID", tflags->targeting_id, "Targeting id")
      ->required()
      ->check(CLI::PositiveNumber);
  trigger->add_flag("--test-mode", tflags->test_mode,
                    "send_queue_test / submissions_test; never submits to a real company");
  trigger->add_flag("--extra", tflags->extra, "companies_extra / send_queue_extra");
  trigger->add_option("--branch", tflags->branch, "Git ref recorded with the run");
  registry.On(trigger, [tflags](Context& ctx) { return RunTrigger(*tflags, ctx); });

  auto running_id = std::make_shared<int64_t>(0);
  CLI::App* running =
      app.add_subcommand("running", "Running and queued executions (getRunningFormSenderTasks)");
  running->add_option("--targeting", *running_id, "Only this targeting")
      ->check(CLI::PositiveNumber);
  registry.On(running, [running_id](Context& ctx) {
    return RunRunning(*running_id ? std::optional<int64_t>(*running_id) : std::nullopt, ctx);
  });

  auto stop_id = std::make_shared<int64_t>(0);
  CLI::App* stop = app.add_subcommand(
      "stop", "Cancel a campaign's executions and queued tasks (stopSpecificFormSenderTask)");
  stop->add_option("TARGETING_ID", *stop_id, "Targeting id")
      ->required()
      ->check(CLI::PositiveNumber);
  registry.On(stop, [stop_id](Context& ctx) { return RunStop(*stop_id, ctx); });

  CLI::App* stop_all = app.add_subcommand(
      "stop-all", "Cancel every execution and queued task (stopAllRunningFormSenderTasks)");
  registry.On(stop_all, [](Context& ctx) { return RunStop(std::nullopt, ctx); });

  CLI::App* sched = app.add_subcommand("scheduler", "The scheduler: triggers and auto-stops");
  sched->require_subcommand(1);
  CLI::App* tick = sched->add_subcommand(
      "tick", "One idempotent pass: fire due triggers, carry out due auto-stops (for cron)");
  registry.On(tick, [](Context& ctx) { return RunTick(ctx); });
  auto max_sleep = std::make_shared<int>(30);
  CLI::App* run = sched->add_subcommand("run", "Tick until SIGTERM (serve runs this itself)");
  run->add_option("--max-sleep-seconds", *max_sleep, "Longest wait between ticks")
      ->check(CLI::Range(1, 3600));
  registry.On(run, [max_sleep](Context& ctx) { return RunLoop(*max_sleep, ctx); });

  auto cflags = std::make_shared<CheckFlags>();
  CLI::App* check = app.add_subcommand(
      "check", "The daily checklist (guide §3.4); exit 6 when a threshold of guide §5 is crossed");
  check->add_option("--max-queue-latency-seconds", cflags->max_queue_latency_seconds)
      ->check(CLI::Range(1, 86400));
  check->add_option("--max-consecutive-failures", cflags->max_consecutive_failures)
      ->check(CLI::Range(0, 1000));
  check->add_option("--stuck-hours", cflags->stuck_hours)->check(CLI::Range(1, 168));
  check->add_option("--max-queued", cflags->max_queued)->check(CLI::Range(0, 100000));
  registry.On(check, [cflags](Context& ctx) { return RunCheck(*cflags, ctx); });
}

}  // namespace formsender::cli

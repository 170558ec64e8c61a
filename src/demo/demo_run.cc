#include "demo/demo_run.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "batch/process_guard.h"
#include "calendar/business_calendar.h"
#include "common/json.h"
#include "common/strings.h"
#include "common/subprocess.h"
#include "common/time.h"
#include "demo/sample_data.h"
#include "sites/site_server.h"
#include "sites/site_spec.h"
#include "store/database.h"

extern char** environ;

namespace formsender::demo {
namespace {

namespace fs = std::filesystem;

// Codes with which the engine or the runner decided not to send (a skip is a correct outcome,
// not a failure): refusal notices, CAPTCHAs, no form, forms that need script, name policy.
const std::set<std::string>& SkipCodes() {
  static const std::set<std::string> codes = {"PROHIBITION_DETECTED",
                                              "NO_FORM_FOUND",
                                              "BOT_DETECTED",
                                              "WAF_CHALLENGE",
                                              "NEEDS_BROWSER",
                                              "REQUIRED_FIELD_UNFILLABLE",
                                              "NO_MESSAGE_AREA",
                                              "NO_FORM_URL",
                                              "SKIPPED_BLACKLISTED",
                                              "SKIPPED_BY_NAME_POLICY",
                                              "SKIPPED_ALREADY_SENT_TODAY",
                                              "SKIPPED_WRONG_CLIENT",
                                              "DUPLICATE_SUBMISSION",
                                              "SUBMIT_BUTTON_NOT_FOUND"};
  return codes;
}

class Demo {
 public:
  Demo(const DemoOptions& options, std::ostream& out) : options_(options), out_(out) {}
  ~Demo() { StopServe(); }

  Result<DemoReport> Run();

 private:
  Status PrepareDataDir();
  Status StartSites();
  Status WriteCampaign(const SampleData& data);
  Result<CommandResult> Cli(const std::vector<std::string>& args, bool check = true);
  Status StartServe();
  void StopServe();
  Status Progress(bool* done, int64_t* processed);
  Result<DemoReport> Report();
  std::vector<std::string> ChildEnv() const;

  const DemoOptions& options_;
  std::ostream& out_;
  SystemClock real_clock_;
  std::unique_ptr<sites::SiteServer> sites_;
  std::map<std::string, CaseExpectation> expectations_;
  SampleData data_;
  std::string data_dir_;
  std::string database_url_;
  std::string clock_spec_;
  std::unique_ptr<store::Database> db_;
  std::optional<batch::GuardedProcess> serve_;
  std::string serve_url_;
  TimePoint started_;
  std::vector<DemoTargeting> targetings_;
  TimePoint simulated_start_;
  TimePoint real_anchor_;  // the real moment the simulated clock reads simulated_start_
  std::optional<TimePoint> window_end_;  // the system scenario's closing window
  // The queue and submission tables in use: the _test ones too when a targeting is in test
  // mode.
  std::vector<std::string> table_suffixes_ = {""};
};

std::vector<std::string> Demo::ChildEnv() const {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view kv(*e);
    if (kv.starts_with("FORMSENDER_CLOCK=") || kv.starts_with("FORMSENDER_ALLOW_PRIVATE") ||
        kv.starts_with("FORMSENDER_DATA_DIR=") || kv.starts_with("FORMSENDER_DATABASE_URL=") ||
        kv.starts_with("FORMSENDER_CONFIG=")) {
      continue;
    }
    env.emplace_back(kv);
  }
  if (!clock_spec_.empty()) env.push_back("FORMSENDER_CLOCK=" + clock_spec_);
  env.push_back("FORMSENDER_DATA_DIR=" + data_dir_);
  env.push_back("FORMSENDER_DATABASE_URL=" + database_url_);
  // The sample sites live on loopback, which the SSRF guard refuses to everyone else.
  env.push_back("FORMSENDER_ALLOW_PRIVATE_TARGETS=true");
  return env;
}

Status Demo::PrepareDataDir() {
  if (options_.data_dir.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "formsender-demo.XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      return Status::Internal("cannot create a data directory under " +
                              fs::temp_directory_path().string());
    }
    data_dir_ = tmpl;
  } else {
    data_dir_ = fs::absolute(options_.data_dir).string();
    std::error_code ec;
    if (fs::exists(data_dir_, ec) && !fs::is_empty(data_dir_, ec)) {
      return Status::InvalidArgument("--data-dir " + data_dir_ +
                                     " is not empty: the demo starts from a fresh directory");
    }
    fs::create_directories(data_dir_, ec);
    if (ec) return Status::InvalidArgument("--data-dir " + data_dir_ + ": " + ec.message());
  }
  fs::permissions(data_dir_, fs::perms::owner_all, fs::perm_options::replace);
  database_url_ =
      options_.database_url.empty() ? store::DefaultDatabaseUrl(data_dir_) : options_.database_url;
  if (!options_.real_time) {
    // The next business day at 10:00 JST, reached now: the window (09:00–18:00) is open and
    // the calendar says it is a working day, whatever the real date is.
    calendar::BusinessCalendar calendar;
    FS_ASSIGN_OR_RETURN(TimePoint start, calendar.NextTriggerTime(real_clock_.Now(), {10, 0, 0}));
    simulated_start_ = start;
    auto anchor_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(real_clock_.Now().time_since_epoch())
            .count();
    real_anchor_ = TimePoint(std::chrono::milliseconds(anchor_ms));
    clock_spec_ = FormatJstIso(start) + "@" + std::to_string(anchor_ms);
  }
  targetings_ = DefaultTargetings(options_.companies);
  if (options_.system_scenario) {
    if (options_.real_time) {
      return Status::InvalidArgument(
          "--scenario system needs the simulated 10:00 start (drop --real-time)");
    }
    if (options_.window_seconds < 1 || options_.window_seconds > 3600) {
      return Status::InvalidArgument("--window-seconds " + std::to_string(options_.window_seconds) +
                                     " is outside 1..3600");
    }
    // Targeting 1's send_end_time is 11:00, a minute the window includes: runners claim no
    // company from 11:01:00 on. The clock is set (when serve starts) so that this is
    // --window-seconds later.
    std::string window_end = "11:00";
    window_end_ = JstTimeOn(JstDateOf(simulated_start_), {11, 1, 0});
    // A quarter of the second targeting's queue (a quarter of the companies): the cap stops
    // it well before the end.
    int cap = std::max(1, options_.companies / 4 / 4);
    targetings_ = SystemTestTargetings(window_end, cap);
    table_suffixes_ = {"", "_test"};
  }
  out_ << "demo: data directory " << data_dir_ << "\n";
  if (!clock_spec_.empty()) {
    out_ << "demo: running on " << clock_spec_.substr(0, clock_spec_.find('@'))
         << " (FORMSENDER_CLOCK; --real-time to use the real date)\n";
  }
  return Status::Ok();
}

Status Demo::StartSites() {
  FS_ASSIGN_OR_RETURN(expectations_, LoadCaseExpectations(options_.forms_dir));
  FS_ASSIGN_OR_RETURN(auto specs, sites::LoadSitesUnder(options_.forms_dir));
  sites::SiteServerOptions site_options;
  site_options.latency_ms = options_.sites_latency_ms;
  sites_ = std::make_unique<sites::SiteServer>(site_options, real_clock_);
  std::vector<std::string> templates;
  auto excluded = DefaultExcludedCases();
  for (const auto& spec : specs) {
    if (std::find(excluded.begin(), excluded.end(), spec.name) == excluded.end()) {
      templates.push_back(spec.name);
    }
  }
  FS_RETURN_IF_ERROR(sites_->AddSites(std::move(specs)));
  FS_RETURN_IF_ERROR(sites_->Replicate(templates, options_.companies));
  FS_RETURN_IF_ERROR(sites_->Start());
  std::vector<SampleSite> replicas;
  for (const auto& info : sites_->Sites()) {
    if (info.name.starts_with("site-")) {
      replicas.push_back({info.name, info.template_name, sites_->HostUrl(info.name)});
    }
  }
  std::sort(replicas.begin(), replicas.end(),
            [](const SampleSite& a, const SampleSite& b) { return a.name < b.name; });
  SampleDataOptions data_options;
  data_options.companies = options_.companies;
  data_options.excluded_cases = excluded;
  data_options.targetings = targetings_;
  FS_ASSIGN_OR_RETURN(data_, BuildSampleData(replicas, expectations_, data_options));
  out_ << "demo: " << replicas.size() << " sample sites on " << sites_->base_url() << " ("
       << templates.size() << " kinds of contact page)\n";
  return Status::Ok();
}

Result<CommandResult> Demo::Cli(const std::vector<std::string>& args, bool check) {
  std::vector<std::string> argv = {options_.binary};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandOptions command;
  for (const std::string& kv : ChildEnv()) {
    size_t eq = kv.find('=');
    if (kv.starts_with("FORMSENDER_")) command.env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  command.timeout = std::chrono::minutes(5);
  FS_ASSIGN_OR_RETURN(CommandResult r, RunCommand(argv, command));
  if (check && r.exit_code != 0) {
    std::string cmd;
    for (const auto& a : args) cmd += " " + a;
    return Status::Internal("formsender" + cmd + " exited " + std::to_string(r.exit_code) + ": " +
                            r.err.substr(0, 2000));
  }
  return r;
}

Status Demo::WriteCampaign(const SampleData& data) {
  fs::path dir = fs::path(data_dir_) / "demo";
  fs::create_directories(dir);
  auto write = [&](const char* name, const std::string& text) -> Status {
    std::ofstream f(dir / name, std::ios::binary);
    f << text;
    return f.good() ? Status::Ok() : Status::Internal("cannot write " + (dir / name).string());
  };
  FS_RETURN_IF_ERROR(write("clients.csv", data.clients_csv));
  FS_RETURN_IF_ERROR(write("targeting.csv", data.targeting_csv));
  FS_RETURN_IF_ERROR(write("companies.csv", data.companies_csv));
  // The embedded default backends (SQLite, local queue, local batch, local objects).
  FS_RETURN_IF_ERROR(write(
      "../formsender.toml",
      "# Written by formsender demo.\n"
      "USE_GCP_BATCH = true\n"
      // Runners end soon after the queue is drained instead of polling it for a minute.
      "[runner]\nempty_exit_seconds = 5\n" +
          (options_.preemptions_per_hour > 0
               // Compute Engine's 30 s notice; the runner drains within its 25 s.
               ? fmt::format("[batch.local]\npreemption_rate = {}\npreemption_grace_seconds = 30\n",
                             options_.preemptions_per_hour)
               : std::string())));
  FS_RETURN_IF_ERROR(Cli({"db", "migrate"}).status());
  for (const char* kind : {"clients", "targeting", "companies"}) {
    FS_RETURN_IF_ERROR(
        Cli({"import", kind, (dir / (std::string(kind) + ".csv")).string()}).status());
  }
  out_ << "demo: imported 1 client, " << targetings_.size() << " targetings, "
       << data.companies.size() << " companies\n";
  for (const DemoTargeting& t : targetings_) {
    out_ << fmt::format("demo: targeting {} {} · window 09:00–{} · max_daily_sends {}{}\n", t.id,
                        t.description, t.send_end_time, t.max_daily_sends,
                        t.test_mode ? " · test mode" : "");
  }
  return Status::Ok();
}

Status Demo::StartServe() {
  // A restart listens where the first serve did: runners and tasks hold its URL, as they hold
  // a deployment's fixed dispatcher URL.
  std::string listen = options_.listen;
  if (!serve_url_.empty()) listen = serve_url_.substr(serve_url_.find("://") + 3);
  batch::GuardedSpawnRequest request;
  request.argv = {options_.binary, "serve", "--listen", listen};
  request.env = ChildEnv();
  fs::create_directories(fs::path(data_dir_) / "logs");
  request.stdout_path = (fs::path(data_dir_) / "logs" / "serve.out").string();
  request.stderr_path = (fs::path(data_dir_) / "logs" / "serve.log").string();
  // A killed serve leaves its serve.json behind: wait for the new one.
  fs::path info = fs::path(data_dir_) / "serve.json";
  std::error_code ignored;
  fs::remove(info, ignored);
  FS_ASSIGN_OR_RETURN(batch::GuardedProcess process, batch::SpawnGuarded(request));
  serve_ = std::move(process);
  for (int i = 0; i < 600; ++i) {
    if (auto code = batch::TryReapGuard(serve_->guard_pid)) {
      serve_.reset();
      return Status::Internal("formsender serve exited " + std::to_string(*code) + " (see " +
                              request.stderr_path + ")");
    }
    std::ifstream f(info);
    std::stringstream text;
    text << f.rdbuf();
    if (auto j = ParseJson(text.str()); j.ok() && j->contains("url")) {
      serve_url_ = j->value("url", "");
      out_ << "demo: formsender serve on " << serve_url_ << " (log " << request.stderr_path
           << ")\n";
      return Status::Ok();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Status::DeadlineExceeded("formsender serve did not start within 60 s (see " +
                                  request.stderr_path + ")");
}

void Demo::StopServe() {
  if (!serve_) return;
  batch::SignalTaskGroup(serve_->task_pid, SIGTERM);
  for (int i = 0; i < 300; ++i) {
    if (batch::TryReapGuard(serve_->guard_pid)) {
      serve_.reset();
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  batch::SignalTaskGroup(serve_->task_pid, SIGKILL);
  while (!batch::TryReapGuard(serve_->guard_pid)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  serve_.reset();
}

Status Demo::Progress(bool* done, int64_t* processed_out) {
  std::map<std::string, int64_t> by_status;
  int64_t sent = 0, skipped = 0, failed = 0;
  for (const std::string& suffix : table_suffixes_) {
    FS_ASSIGN_OR_RETURN(auto queue, db_->Query("SELECT status, COUNT(*) AS n FROM send_queue" +
                                               suffix + " GROUP BY status"));
    for (auto row : queue) by_status[row.Text("status")] += row.Int("n");
    FS_ASSIGN_OR_RETURN(auto subs, db_->Query("SELECT success, error_type, COUNT(*) AS n FROM "
                                              "submissions" +
                                              suffix + " GROUP BY success, error_type"));
    for (auto row : subs) {
      if (row.Bool("success")) {
        sent += row.Int("n");
      } else if (SkipCodes().contains(row.Text("error_type"))) {
        skipped += row.Int("n");
      } else {
        failed += row.Int("n");
      }
    }
  }
  FS_ASSIGN_OR_RETURN(auto execs, db_->Query("SELECT status, COUNT(*) AS n FROM job_executions "
                                             "GROUP BY status"));
  int64_t running = 0, total_execs = 0;
  for (auto row : execs) {
    total_execs += row.Int("n");
    if (row.Text("status") == "running") running += row.Int("n");
  }
  double secs = std::chrono::duration<double>(real_clock_.Now() - started_).count();
  int64_t processed = sent + skipped + failed;
  *processed_out = processed;
  out_ << fmt::format(
      "[{:5.0f}s] executions {} running / {} · queue {} pending {} assigned {} done · sent {} "
      "skipped {} failed {} · {:.1f} forms/s\n",
      secs, running, total_execs, by_status["pending"], by_status["assigned"],
      by_status["done"] + by_status["failed"], sent, skipped, failed,
      secs > 0 ? processed / secs : 0.0);
  out_.flush();
  // In the system scenario, companies stay pending by design (closed window, reached cap):
  // done once every targeting's execution has ended with nothing assigned.
  bool queue_empty = by_status["pending"] == 0 || options_.system_scenario;
  *done = total_execs >= static_cast<int64_t>(targetings_.size()) && running == 0 && queue_empty &&
          by_status["assigned"] == 0;
  return Status::Ok();
}

Result<DemoReport> Demo::Report() {
  DemoReport report;
  report.companies = static_cast<int64_t>(data_.companies.size());
  report.seconds = std::chrono::duration<double>(real_clock_.Now() - started_).count();
  struct Record {
    bool success = false;
    std::string code;
    std::optional<TimePoint> at;
  };
  // By table suffix ("" or "_test"), then (targeting, company).
  using Key = std::pair<int64_t, int64_t>;
  std::map<std::string, std::map<Key, std::vector<Record>>> records;
  std::map<std::string, std::map<Key, std::string>> queued;  // the queue row's status
  for (const std::string& suffix : table_suffixes_) {
    FS_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT targeting_id, company_id, success, "
                                              "error_type, submitted_at FROM submissions" +
                                              suffix));
    for (auto row : rows) {
      records[suffix][{row.Int("targeting_id"), row.Int("company_id")}].push_back(
          {row.Bool("success"), row.Text("error_type"), row.OptTime("submitted_at")});
    }
    FS_ASSIGN_OR_RETURN(auto queue, db_->Query("SELECT targeting_id, company_id, status FROM "
                                               "send_queue" +
                                               suffix));
    for (auto row : queue) {
      queued[suffix][{row.Int("targeting_id"), row.Int("company_id")}] = row.Text("status");
    }
  }
  FS_ASSIGN_OR_RETURN(
      auto attempts,
      db_->Query("SELECT COUNT(*) AS n FROM job_execution_attempts WHERE preempted"));
  report.preemptions = attempts.empty() ? 0 : attempts.front().Int("n");
  FS_ASSIGN_OR_RETURN(auto executions, db_->Query("SELECT metadata FROM job_executions"));
  for (auto row : executions) {
    auto metadata = ParseJson(row.Text("metadata"), "job_executions.metadata");
    if (!metadata.ok()) return metadata.status();
    const Json& m = *metadata;
    if (!m.is_object() || !m.contains("batch") || !m["batch"].is_object()) continue;
    const Json& batch = m["batch"];
    if (batch.contains("spot_fallback") && batch["spot_fallback"].is_object() &&
        batch["spot_fallback"].value("applied", false)) {
      ++report.on_demand_fallbacks;
    }
  }
  std::map<int64_t, const DemoTargeting*> by_id;
  for (const DemoTargeting& t : targetings_) by_id[t.id] = &t;
  // Test-mode targetings write only to the _test tables, the others never do.
  for (const auto& [suffix, rows] : records) {
    for (const auto& [key, list] : rows) {
      auto t = by_id.find(key.first);
      bool test = t != by_id.end() && t->second->test_mode;
      if (test != (suffix == "_test")) report.test_mode_leaks += static_cast<int64_t>(list.size());
    }
  }
  for (const auto& [suffix, rows] : queued) {
    for (const auto& [key, status] : rows) {
      auto t = by_id.find(key.first);
      bool test = t != by_id.end() && t->second->test_mode;
      if (test != (suffix == "_test")) ++report.test_mode_leaks;
    }
  }
  std::map<int64_t, int64_t> successes;       // by targeting
  std::map<int64_t, int64_t> capped_pending;  // by targeting
  bool window_closed =
      window_end_ && simulated_start_ + (real_clock_.Now() - real_anchor_) >= *window_end_;
  std::map<std::string, int64_t> skipped_by, failed_by;
  std::vector<std::string> surprises;
  int64_t processed = 0;
  for (const DemoCompany& c : data_.companies) {
    const DemoTargeting& t = *by_id.at(c.targeting_id);
    std::string suffix = t.test_mode ? "_test" : "";
    Key key{c.targeting_id, c.id};
    const std::vector<Record>* list = nullptr;
    if (auto it = records[suffix].find(key); it != records[suffix].end()) list = &it->second;
    std::string queue_status;
    if (auto it = queued[suffix].find(key); it != queued[suffix].end()) queue_status = it->second;
    bool still_queued = queue_status == "pending" || queue_status == "assigned";
    if ((list != nullptr && list->size() > 1) || (list != nullptr && still_queued)) {
      ++report.multiple_states;
    }
    std::string outcome, code;
    if (list == nullptr) {
      // Not processed: acceptable only as the closed window's or the reached cap's leftovers.
      if (queue_status == "pending" && t.closes_mid_run && window_closed) {
        ++report.left_by_window;
      } else if (queue_status == "failed") {
        // Closed from the ledger without a submissions row: sent or not, nobody knows.
        ++report.outcome_unknown;
      } else if (queue_status == "pending" && t.capped) {
        ++capped_pending[t.id];
      } else {
        ++report.unfinished;
      }
      continue;
    }
    const Record& r = list->back();
    ++processed;
    if (r.success) {
      ++report.sent;
      ++successes[t.id];
      outcome = "success";
      code = "SUCCESS";
    } else if (SkipCodes().contains(r.code)) {
      ++report.skipped;
      ++skipped_by[r.code];
      outcome = "skipped";
      code = r.code;
    } else {
      ++report.failed;
      ++failed_by[r.code];
      outcome = "failed";
      code = r.code;
    }
    // A form started just before the window closed may finish after it, within its time.
    if (window_end_ && t.closes_mid_run && r.at &&
        *r.at > *window_end_ + std::chrono::seconds(90)) {
      ++report.late_submissions;
    }
    // Runners use the browser fallback (engine auto): a script-built form's answer key is its
    // `browser` member; the HTTP-only verdict would be NEEDS_BROWSER.
    const std::string& expected_code =
        c.expected.browser ? c.expected.browser->code : c.expected.code;
    const std::string& expected_outcome =
        c.expected.browser ? c.expected.browser->outcome : c.expected.outcome;
    bool cut_short = code == "SHUTDOWN_REQUESTED" || code == "TIMEOUT" || code == "SKIPPED_BY_HOOK";
    if (code == expected_code) {
      ++report.as_expected;
    } else if (cut_short) {
      // Stopped by its runner's shutdown (the window closing, a preemption), by the gate that
      // refuses a final submission that close to it, or by its own time limit on a loaded
      // machine: the site gave no verdict to compare with its answer key.
      ++report.cut_short;
    } else if (surprises.size() < 10) {
      surprises.push_back(fmt::format("company {} ({}, case {}): {} {}, expected {} {}", c.id,
                                      c.site, c.template_case, outcome, code, expected_outcome,
                                      expected_code));
    }
  }
  for (const DemoCompany& c : data_.companies) {
    int64_t finals = sites_->sink().FinalCount(c.site);
    if (finals > 1) ++report.duplicate_sites;
    bool forbidden = c.expected.verdict == "prohibited" || c.expected.verdict == "captcha";
    if (finals > 0 && forbidden) ++report.forbidden_finals;
  }
  for (const DemoTargeting& t : targetings_) {
    if (!t.capped) continue;
    report.cap_excess += std::max<int64_t>(0, successes[t.id] - t.max_daily_sends);
    // The cap counts sends and the final submissions whose outcome is unknown (a runner killed
    // mid-submit may have sent): `queue status` says how much room is left today.
    std::string date = JstDateOf(simulated_start_ + (real_clock_.Now() - real_anchor_)).ToString();
    FS_ASSIGN_OR_RETURN(CommandResult status,
                        Cli({"--json", "queue", "status", std::to_string(t.id), "--date", date}));
    FS_ASSIGN_OR_RETURN(Json j, ParseJson(status.out, "queue status"));
    bool reached = j.value("remaining_today", int64_t{1}) <= 0;
    // Leftovers of a targeting that did not reach its cap were simply not done.
    (reached ? report.left_by_cap : report.unfinished) += capped_pending[t.id];
  }
  report.finished = report.unfinished == 0;
  double minutes = report.seconds / 60.0;
  out_ << "\n== formsender demo report ==\n";
  out_ << fmt::format("companies        {}\n", report.companies);
  out_ << fmt::format("sent             {}\n", report.sent);
  out_ << fmt::format("skipped          {}\n", report.skipped);
  for (const auto& [code, n] : skipped_by) out_ << fmt::format("  {:<26} {}\n", code, n);
  out_ << fmt::format("failed           {}\n", report.failed);
  for (const auto& [code, n] : failed_by) out_ << fmt::format("  {:<26} {}\n", code, n);
  if (report.outcome_unknown > 0) {
    out_ << fmt::format("outcome unknown  {} (killed mid-submit; never sent again)\n",
                        report.outcome_unknown);
  }
  if (report.unfinished > 0) out_ << fmt::format("unfinished       {}\n", report.unfinished);
  out_ << fmt::format("duration         {:.1f} s\n", report.seconds);
  out_ << fmt::format("forms per minute {:.0f}\n", minutes > 0 ? processed / minutes : 0.0);
  out_ << fmt::format("as the sites expect  {}/{}\n", report.as_expected,
                      processed - report.cut_short);
  if (report.cut_short > 0) {
    out_ << fmt::format("cut short           {} (shutdown or time limit: no verdict to compare)\n",
                        report.cut_short);
  }
  out_ << fmt::format("sites sent twice     {} (must be 0)\n", report.duplicate_sites);
  out_ << fmt::format("refusal/CAPTCHA sites that received a submission  {} (must be 0)\n",
                      report.forbidden_finals);
  if (options_.preemptions_per_hour > 0) {
    out_ << fmt::format("Spot preemptions     {} (their tasks ran again)\n", report.preemptions);
    out_ << fmt::format("jobs moved to on-demand machines  {} (every attempt preempted)\n",
                        report.on_demand_fallbacks);
  }
  if (options_.system_scenario) {
    out_ << fmt::format("left by the closing window  {}\n", report.left_by_window);
    out_ << fmt::format("left by max_daily_sends     {}\n", report.left_by_cap);
    out_ << fmt::format("recorded after the window   {} (must be 0)\n", report.late_submissions);
    out_ << fmt::format("sends beyond the cap        {} (must be 0)\n", report.cap_excess);
    out_ << fmt::format("test-mode rows out of place {} (must be 0)\n", report.test_mode_leaks);
    out_ << fmt::format("companies in two states     {} (must be 0)\n", report.multiple_states);
  }
  for (const auto& s : surprises) out_ << "  differs: " << s << "\n";
  return report;
}

Result<DemoReport> Demo::Run() {
  FS_RETURN_IF_ERROR(PrepareDataDir());
  FS_RETURN_IF_ERROR(StartSites());
  FS_RETURN_IF_ERROR(WriteCampaign(data_));
  FS_ASSIGN_OR_RETURN(db_, store::OpenDatabase(database_url_));
  if (window_end_) {
    // Every process from here on (serve, its runners) sees the window close --window-seconds
    // from now, however long the sites and the import took.
    real_anchor_ = real_clock_.Now();
    simulated_start_ = *window_end_ - std::chrono::seconds(options_.window_seconds);
    clock_spec_ = FormatJstIso(simulated_start_) + "@" +
                  std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     real_anchor_.time_since_epoch())
                                     .count());
    out_ << "demo: the clock reads " << FormatJstIso(simulated_start_) << "; targeting 1's window "
         << "closes in " << options_.window_seconds << " s\n";
  }
  FS_RETURN_IF_ERROR(StartServe());
  started_ = real_clock_.Now();
  for (const DemoTargeting& t : targetings_) {
    std::vector<std::string> args = {"trigger", std::to_string(t.id)};
    if (t.test_mode) args.push_back("--test-mode");
    FS_ASSIGN_OR_RETURN(CommandResult r, Cli(args));
    out_ << "demo: triggered targeting " << t.id << ": " << std::string(Trim(r.out)) << "\n";
  }
  bool done = false;
  bool killed = false;
  while (!done) {
    std::this_thread::sleep_for(std::chrono::seconds(2));
    int64_t processed = 0;
    FS_RETURN_IF_ERROR(Progress(&done, &processed));
    if (!killed && options_.kill_serve_at > 0 && processed >= options_.kill_serve_at && !done) {
      // A crash of the service in the middle of the day: its runners lose their parent, the
      // restarted serve must adopt what is left without sending anything twice.
      out_ << "demo: SIGKILL formsender serve (pid " << serve_->task_pid
           << ") and start it again\n";
      batch::SignalTaskGroup(serve_->task_pid, SIGKILL);
      while (!batch::TryReapGuard(serve_->guard_pid)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      serve_.reset();
      FS_RETURN_IF_ERROR(StartServe());
      killed = true;
    }
    if (real_clock_.Now() - started_ > options_.duration) {
      out_ << "demo: --duration reached; reporting what is done\n";
      break;
    }
  }
  FS_ASSIGN_OR_RETURN(DemoReport report, Report());
  report.serve_restarted = killed;
  std::string token;
  std::ifstream(fs::path(data_dir_) / "keys" / "dispatcher.token") >> token;
  out_ << "\ndashboard: " << serve_url_ << "/dashboard  (token " << token << ")\n";
  if (options_.wait) {
    out_ << "serving until Ctrl-C …\n";
    out_.flush();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    int sig = 0;
    sigwait(&set, &sig);
  }
  StopServe();
  sites_->Stop();
  return report;
}

}  // namespace

Result<DemoReport> RunDemo(const DemoOptions& options, std::ostream& out) {
  Demo demo(options, out);
  return demo.Run();
}

}  // namespace formsender::demo

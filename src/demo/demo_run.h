#pragma once
// `formsender demo`: a whole campaign on this machine, end to end, with nothing but the binary
// and the bundled sample sites. It starts the sample sites (in this process), a fresh data
// directory, `formsender serve` (dispatcher, task queue, scheduler, local batch, dashboard) as a
// guarded child, imports the sample campaign through the CLI, triggers both targetings as an
// operator would, prints progress from the store and the sites' sink, and ends with a report.
//
// Every process of the run shares one shifted clock (FORMSENDER_CLOCK): the next business day
// at 10:00 JST, so the demo behaves the same on a Sunday night as on a Tuesday morning.

#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/status.h"

namespace formsender::demo {

struct DemoOptions {
  std::string binary;        // the formsender executable (children run it)
  std::string forms_dir;     // tests/forms
  std::string data_dir;      // empty: a fresh /tmp/formsender-demo.XXXXXX
  std::string database_url;  // empty: the data directory's SQLite file
  int companies = 300;
  int sites_latency_ms = 20;
  std::chrono::seconds duration{600};  // the longest the campaign may take
  bool wait = true;                    // keep serving after the report until SIGINT/SIGTERM
  bool real_time = false;              // no shifted clock: the real JST time and calendar
  std::string listen = "127.0.0.1:0";  // serve's address (port 0: any free port)
  // Whole-system checks: SIGKILL serve once this many companies are done, then start it again
  // (0: never); simulated Spot preemptions of the local batch tasks per task-hour.
  int kill_serve_at = 0;
  double preemptions_per_hour = 0;
  // The whole-system scenario (--scenario system): three targetings, one whose send window
  // closes `window_seconds` after serve starts, one whose max_daily_sends is a quarter of its
  // queue, one in test mode. Needs the shifted clock (not --real-time).
  bool system_scenario = false;
  int window_seconds = 20;
};

struct DemoReport {
  int64_t companies = 0;
  int64_t sent = 0;
  int64_t skipped = 0;
  int64_t failed = 0;
  int64_t unfinished = 0;
  // Final submissions whose outcome nobody knows: the runner was killed between sending and
  // reading the answer, so the row is failed and never retried (the site may have it once).
  int64_t outcome_unknown = 0;
  int64_t as_expected = 0;  // final state equals the site's expected.json outcome
  // Ended by a shutdown, the final-submission gate or a time limit (SHUTDOWN_REQUESTED,
  // SKIPPED_BY_HOOK, TIMEOUT) where the site's answer key says otherwise: no verdict, not
  // compared.
  int64_t cut_short = 0;
  int64_t duplicate_sites = 0;   // sites that got more than one final submission (must be 0)
  int64_t forbidden_finals = 0;  // refusal / CAPTCHA sites that received a final submission
  double seconds = 0;
  bool finished = false;  // every company reached a final state before --duration
  bool serve_restarted = false;
  // Whole-system checks (zero unless --scenario system).
  int64_t left_by_window = 0;    // still pending: their targeting's window closed
  int64_t left_by_cap = 0;       // still pending: their targeting reached max_daily_sends
  int64_t late_submissions = 0;  // recorded after the window's end (+ one form's time)
  int64_t cap_excess = 0;        // successes beyond max_daily_sends (must be 0)
  int64_t test_mode_leaks = 0;   // test-mode rows in production tables or the reverse
  int64_t multiple_states = 0;   // companies with two records, or a record and a queued row
  // Simulated Spot preemptions (--preemptions-per-hour) and the jobs the monitor then moved to
  // standard machines because all their tasks' attempts were lost to preemption.
  int64_t preemptions = 0;
  int64_t on_demand_fallbacks = 0;
};

// Runs the demo, printing to `out`. The report is also returned for tests.
Result<DemoReport> RunDemo(const DemoOptions& options, std::ostream& out);

}  // namespace formsender::demo

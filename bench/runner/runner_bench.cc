// Forms per minute and peak RSS of one `formsender runner` process (W=2, forms_in_flight 32 by
// default) draining a queue of sample-site replicas served with added latency (300 ms by
// default), on SQLite or PostgreSQL. Prints one JSON line of figures.
//
//   FORMSENDER_SOURCE_DIR=. FORMSENDER_BINARY=build/formsender build/bench/runner_bench
// [--companies N] [--workers W] [--forms-in-flight F]
//                              [--latency-ms L] [--postgres]   (PostgreSQL: FORMSENDER_TEST_PG)
#include <sys/resource.h>

#include <iostream>

#include "common/crypto.h"
#include "common/strings.h"
#include "runner/process_util.h"
#include "runner/test_util.h"
#include "store/testing.h"

namespace formsender::runner::testing {
namespace {

int Main(int argc, char** argv) {
  int companies = 600, workers = 2, forms_in_flight = 32;
  int64_t latency_ms = 300;
  bool postgres = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> int64_t {
      if (i + 1 >= argc) {
        std::cerr << a << " needs a value\n";
        std::exit(2);
      }
      auto v = ParseInt64(argv[++i], a);
      if (!v.ok() || *v < 1) {
        std::cerr << a << ": a positive whole number, got " << argv[i] << "\n";
        std::exit(2);
      }
      return *v;
    };
    if (a == "--companies")
      companies = static_cast<int>(next());
    else if (a == "--workers")
      workers = static_cast<int>(next());
    else if (a == "--forms-in-flight")
      forms_in_flight = static_cast<int>(next());
    else if (a == "--latency-ms")
      latency_ms = next();
    else if (a == "--postgres")
      postgres = true;
    else {
      std::cerr << "unknown argument " << a << "\n";
      return 2;
    }
  }
  auto test_db = store::TestDatabase::Create(postgres ? store::TestBackend::kPostgres
                                                      : store::TestBackend::kSqlite);
  if (!test_db.ok()) {
    std::cerr << "database: " << test_db.status().ToString() << "\n";
    return 1;
  }
  store::Database& db = (*test_db)->db();
  SystemClock clock;
  sites::SiteServerOptions options;
  options.latency_ms = latency_ms;
  sites::SiteServer server(options, clock);
  LoadSites(server, companies);
  if (Status s = server.Start(); !s.ok()) {
    std::cerr << "sites: " << s.ToString() << "\n";
    return 1;
  }
  constexpr int64_t kTargeting = 901;
  CivilDate day = JstDateOf(clock.Now());
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("fs-runner-bench-" + RandomHexToken(4));
  std::filesystem::create_directories(dir);
  std::string config = WriteTempFile(dir, "client_config.json", DumpJson(SampleConfig(kTargeting)));
  std::vector<CompanySeed> seeds;
  std::vector<int64_t> ids;
  for (int i = 1; i <= companies; ++i) {
    seeds.push_back({i, "株式会社ベンチ" + std::to_string(i), ReplicaUrl(server, i)});
    ids.push_back(i);
  }
  AddCompanies(db, sendqueue::TableMode::kDefault, seeds);
  AddQueueRows(db, sendqueue::TableMode::kDefault, day, kTargeting, ids);

  std::map<std::string, std::string> env = {{"FORMSENDER_DATABASE_URL", (*test_db)->url()},
                                            {"FORMSENDER_DATA_DIR", (dir / "data").string()},
                                            {"FORMSENDER_RUNNER_BACKOFF_INITIAL_MS", "100"},
                                            {"FORMSENDER_RUNNER_BACKOFF_MAX_MS", "400"},
                                            {"FORMSENDER_RUNNER_SKIP_HOLIDAYS", "false"},
                                            {"FORMSENDER_LOG_LEVEL", "warn"},
                                            {"FORM_SENDER_ENV", "local"}};
  auto start = std::chrono::steady_clock::now();
  ChildProcess runner = ChildProcess::Start(
      {FormsenderBinary(), "runner", "--config-file", config, "--target-date", day.ToString(),
       "--allow-private-targets", "--num-workers", std::to_string(workers), "--forms-in-flight",
       std::to_string(forms_in_flight)},
      env, dir / "runner.log");
  std::optional<int> code = runner.Wait(std::chrono::minutes(30));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);  // the runner is this process's only child
  int64_t sent = CountRows(db, "SELECT count(*) AS n FROM submissions WHERE success");
  int64_t recorded = CountRows(db, "SELECT count(*) AS n FROM submissions");
  Json out = {{"backend", postgres ? "postgres" : "sqlite"},
              {"companies", companies},
              {"workers", workers},
              {"forms_in_flight", forms_in_flight},
              {"latency_ms", latency_ms},
              {"exit_code", code ? *code : -1},
              {"recorded", recorded},
              {"sent", sent},
              {"seconds", seconds},
              {"forms_per_minute", recorded / seconds * 60.0},
              {"peak_rss_mib", usage.ru_maxrss / 1024.0}};
  std::cout << DumpJson(out) << std::endl;
  if (!code || *code != 0) std::cerr << runner.Log().substr(0, 4000) << "\n";
  server.Stop();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return code && *code == 0 && recorded == companies ? 0 : 1;
}

}  // namespace
}  // namespace formsender::runner::testing

int main(int argc, char** argv) { return formsender::runner::testing::Main(argc, argv); }

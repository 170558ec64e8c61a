// sendqueue_bench: throughput of the day queue on SQLite and PostgreSQL.
//
//   claim + mark_done per second with 1, 4 and 16 concurrent claimers, with and without the
//   ledger intent/outcome around each send; company import rows per second; queue build time.
//
// PostgreSQL figures need FORMSENDER_TEST_PG (scripts/bench starts a throwaway server).
// Flags: --rows N (queue rows per run, default 4000), --import-rows N (default 1000000,
// 0 skips the import and build figures), --backend sqlite|postgres (default both).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <thread>

#include "common/clock.h"
#include "common/strings.h"
#include "sendqueue/company_import.h"
#include "sendqueue/drain.h"
#include "sendqueue/queue_builder.h"
#include "store/testing.h"

namespace formsender::sendqueue {
namespace {

using Seconds = std::chrono::duration<double>;
constexpr CivilDate kDay{2025, 4, 1};
constexpr int64_t kTargeting = 7;

std::unique_ptr<store::TestDatabase> Fresh(store::TestBackend backend) {
  auto db = store::TestDatabase::Create(backend);
  if (!db.ok()) {
    std::fprintf(stderr, "cannot create a %s database: %s\n",
                 backend == store::TestBackend::kSqlite ? "SQLite" : "PostgreSQL",
                 db.status().ToString().c_str());
    return nullptr;
  }
  return std::move(*db);
}

bool FillQueue(store::Database& db, int64_t rows) {
  for (int64_t first = 1; first <= rows; first += 1000) {
    std::string sql =
        "INSERT INTO send_queue (target_date_jst, targeting_id, company_id, priority, shard_id, "
        "created_at) VALUES ";
    for (int64_t c = first; c < std::min(rows + 1, first + 1000); ++c) {
      sql += (c == first ? "('" : ", ('") + kDay.ToString() + "', " + std::to_string(kTargeting) +
             ", " + std::to_string(c) + ", " + std::to_string(c) + ", " + std::to_string(c % 8) +
             ", '2025-04-01T00:00:00.000000Z')";
    }
    auto r = db.Execute(sql);
    if (!r.ok()) {
      std::fprintf(stderr, "fill: %s\n", r.status().ToString().c_str());
      return false;
    }
  }
  return true;
}

// Drains `rows` with `claimers` threads; returns rows per second (0 on error).
double ClaimRate(store::TestBackend backend, int claimers, int64_t rows, bool with_ledger) {
  auto test_db = Fresh(backend);
  if (!test_db || !FillQueue(test_db->db(), rows)) return 0;
  auto db = store::OpenDatabase(test_db->url(), {.pool_size = claimers + 2});
  if (!db.ok()) return 0;
  SystemClock clock;
  SendQueue queue(**db, clock);
  SendLedger ledger(**db, clock);
  std::atomic<bool> failed{false};
  std::atomic<int64_t> done{0};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < claimers; ++t) {
    threads.emplace_back([&, t] {
      std::string run = "bench-" + std::to_string(t);
      if (with_ledger) {
        DrainOptions o;
        o.date = kDay;
        o.targeting_id = kTargeting;
        o.run_id = run;
        o.shard_id = t % 8;
        auto r = Drain(queue, ledger, o);
        if (!r.ok()) {
          std::fprintf(stderr, "drain: %s\n", r.status().ToString().c_str());
          failed = true;
          return;
        }
        done += r->claimed;
        return;
      }
      while (true) {
        auto c = queue.Claim(
            {.date = kDay, .targeting_id = kTargeting, .run_id = run, .shard_id = t % 8});
        if (!c.ok()) {
          std::fprintf(stderr, "claim: %s\n", c.status().ToString().c_str());
          failed = true;
          return;
        }
        if (c->claims.empty()) return;
        auto m = queue.MarkDone({.date = kDay,
                                 .targeting_id = kTargeting,
                                 .company_id = c->claims[0].company_id,
                                 .success = true,
                                 .run_id = run});
        if (!m.ok()) {
          std::fprintf(stderr, "mark_done: %s\n", m.status().ToString().c_str());
          failed = true;
          return;
        }
        ++done;
      }
    });
  }
  for (auto& th : threads) th.join();
  double seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  if (failed || done != rows) return 0;
  return static_cast<double>(rows) / seconds;
}

void ImportAndBuild(store::TestBackend backend, int64_t rows) {
  auto test_db = Fresh(backend);
  if (!test_db) return;
  std::string csv = "id,company_name,form_url,prefecture,employee_count,capital\n";
  csv.reserve(static_cast<size_t>(rows) * 80);
  static const char* kPrefectures[] = {"東京都", "大阪府", "愛知県", "福岡県", "北海道"};
  for (int64_t i = 1; i <= rows; ++i) {
    csv += std::to_string(i) + ",株式会社サンプル" + std::to_string(i) + ",https://c" +
           std::to_string(i) + ".localhost/contact," + kPrefectures[i % 5] + "," +
           std::to_string(i % 500) + "," + std::to_string((i % 1000) * 1000000) + "\n";
  }
  std::istringstream in(csv);
  auto start = std::chrono::steady_clock::now();
  auto report = ImportCompanies(test_db->db(), in, "bench.csv");
  double seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  if (!report.ok()) {
    std::fprintf(stderr, "import: %s\n", report.status().ToString().c_str());
    return;
  }
  std::printf("  import %lld companies: %.1f s (%.0f rows/s)\n", static_cast<long long>(rows),
              seconds, static_cast<double>(rows) / seconds);
  SystemClock clock;
  QueueBuilder builder(test_db->db(), clock);
  BuildRequest r;
  r.date = kDay;
  r.targeting_id = kTargeting;
  r.targeting_sql = "prefecture IN ('東京都', '大阪府') AND employee_count >= 50";
  start = std::chrono::steady_clock::now();
  auto built = builder.Build(r);
  seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  if (!built.ok()) {
    std::fprintf(stderr, "build: %s\n", built.status().ToString().c_str());
    return;
  }
  std::printf("  queue build over them (10000 rows, filter): %.2f s\n", seconds);
  start = std::chrono::steady_clock::now();
  built = builder.Build(r);
  seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  std::printf("  rebuild (idempotent, nothing changes): %.2f s\n", seconds);
}

int Main(int argc, char** argv) {
  int64_t rows = 4000;
  int64_t import_rows = 1'000'000;
  std::string only;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--rows") rows = ParseInt64(argv[i + 1]).value_or(rows);
    if (flag == "--import-rows") import_rows = ParseInt64(argv[i + 1]).value_or(import_rows);
    if (flag == "--backend") only = argv[i + 1];
  }
  for (auto backend : {store::TestBackend::kSqlite, store::TestBackend::kPostgres}) {
    std::string name = backend == store::TestBackend::kSqlite ? "sqlite" : "postgres";
    if (!only.empty() && only != name) continue;
    if (backend == store::TestBackend::kPostgres && !std::getenv("FORMSENDER_TEST_PG")) {
      std::printf("postgres: skipped (FORMSENDER_TEST_PG is not set)\n");
      continue;
    }
    std::printf("%s (%lld queue rows per run, %u cores)\n", name.c_str(),
                static_cast<long long>(rows), std::thread::hardware_concurrency());
    for (int claimers : {1, 4, 16}) {
      double plain = ClaimRate(backend, claimers, rows, false);
      double ledger = ClaimRate(backend, claimers, rows, true);
      std::printf("  %2d claimers: %7.0f claim+mark_done/s   %7.0f with ledger intent+outcome/s\n",
                  claimers, plain, ledger);
      std::fflush(stdout);
    }
    if (import_rows > 0) ImportAndBuild(backend, import_rows);
  }
  return 0;
}

}  // namespace
}  // namespace formsender::sendqueue

int main(int argc, char** argv) { return formsender::sendqueue::Main(argc, argv); }

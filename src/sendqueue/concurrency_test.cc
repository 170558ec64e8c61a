// Many claimers at once: threads (both backends) and processes killed with SIGKILL
// (PostgreSQL). Every row is done exactly once, the ledger has no duplicate, the daily cap
// holds exactly, and a killed claimer loses nothing.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "common/crypto.h"
#include "sendqueue/drain.h"
#include "sendqueue/test_fixture.h"

extern char** environ;

namespace formsender::sendqueue {
namespace {

using testing::kDay;
using testing::kTargeting;

// A child process whose stdout goes to a file; killed (SIGKILL) if still running at the end.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::filesystem::path& out) : out_(out) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) pid_ = -1;
  }
  ~Child() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      Wait();
    }
  }
  pid_t pid() const { return pid_; }
  void Kill() { kill(pid_, SIGKILL); }
  int Wait() {
    if (reaped_) return status_;
    waitpid(pid_, &status_, 0);
    reaped_ = true;
    return status_;
  }
  Json Output() const {
    std::ifstream in(out_);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto j = ParseJson(text);
    return j.ok() ? *j : Json();
  }

 private:
  std::filesystem::path out_;
  pid_t pid_ = -1;
  int status_ = 0;
  bool reaped_ = false;
};

std::filesystem::path ClaimerBinary() {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path() / "sendqueue_claimer";
}

class ConcurrencyTest : public testing::QueueTest {
 protected:
  // A second handle with enough connections for every thread.
  std::unique_ptr<store::Database> WideDb(int connections) {
    auto db = store::OpenDatabase(test_db().url(), {.pool_size = connections});
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(*db) : nullptr;
  }

  void FillQueue(int64_t rows, int shards) {
    // One multi-row insert per 1000 rows (portable to both backends).
    for (int64_t first = 1; first <= rows; first += 1000) {
      std::string sql =
          "INSERT INTO send_queue (target_date_jst, targeting_id, company_id, priority, "
          "shard_id, created_at) VALUES ";
      for (int64_t c = first; c < std::min(rows + 1, first + 1000); ++c) {
        sql += (c == first ? "(" : ", (") + std::string("'") + kDay.ToString() + "', " +
               std::to_string(kTargeting) + ", " + std::to_string(c) + ", " + std::to_string(c) +
               ", " + std::to_string(c % shards) + ", '2025-04-01T00:00:00.000000Z')";
      }
      ASSERT_TRUE(Db().Execute(sql).ok());
    }
  }

  DrainOptions Options(std::string run, std::optional<int> shard = std::nullopt) {
    DrainOptions o;
    o.date = kDay;
    o.targeting_id = kTargeting;
    o.run_id = std::move(run);
    o.shard_id = shard;
    return o;
  }

  // One claimer thread per result slot, on shards 0..7 in turn.
  std::vector<std::thread> StartDrains(SendQueue& queue, SendLedger& ledger,
                                       std::vector<Result<DrainStats>>& results) {
    std::vector<std::thread> threads;
    for (size_t t = 0; t < results.size(); ++t) {
      threads.emplace_back([&, t] {
        results[t] =
            Drain(queue, ledger, Options("thread-" + std::to_string(t), static_cast<int>(t % 8)));
      });
    }
    return threads;
  }

  // Every row done exactly once: one success submission and one ledger entry per company.
  void ExpectExactlyOnce(int64_t rows) {
    EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status IN ('pending', "
                    "'assigned')"),
              0);
    EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'done'"), rows);
    EXPECT_EQ(Count("SELECT count(*) AS n FROM submissions WHERE success = true"), rows);
    EXPECT_EQ(Count("SELECT count(*) AS n FROM (SELECT company_id FROM submissions GROUP BY "
                    "company_id HAVING count(*) > 1) d"),
              0);
    EXPECT_EQ(Count("SELECT count(*) AS n FROM send_ledger WHERE state = 'sent'"), rows);
    EXPECT_EQ(Count("SELECT count(*) AS n FROM (SELECT targeting_id, company_id FROM send_ledger "
                    "GROUP BY targeting_id, company_id HAVING count(*) > 1) d"),
              0);
    EXPECT_EQ(Count("SELECT count(*) AS n FROM send_claims WHERE released_at IS NULL"), 0);
  }
};

TEST_P(ConcurrencyTest, ThreadsDrainTheQueueExactlyOnce) {
  constexpr int64_t kRows = 2000;
  constexpr int kThreads = 8;
  FillQueue(kRows, 8);
  auto db = WideDb(kThreads + 2);
  ASSERT_NE(db, nullptr);
  SystemClock clock;
  SendQueue queue(*db, clock);
  SendLedger ledger(*db, clock);
  std::vector<Result<DrainStats>> results(kThreads, Status::Internal("not run"));
  std::vector<std::thread> threads = StartDrains(queue, ledger, results);
  for (auto& th : threads) th.join();
  int64_t claimed = 0;
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    claimed += r->claimed;
    EXPECT_EQ(r->refused + r->claim_lost + r->not_updated, 0);
  }
  EXPECT_EQ(claimed, kRows);
  ExpectExactlyOnce(kRows);
}

TEST_P(ConcurrencyTest, Q28_TheDailyCapHoldsExactlyUnderConcurrentClaims) {
  FillQueue(500, 4);
  auto db = WideDb(18);
  ASSERT_NE(db, nullptr);
  SystemClock clock;
  SendQueue queue(*db, clock);
  SendLedger ledger(*db, clock);
  std::vector<std::thread> threads;
  std::atomic<int64_t> sent{0};
  std::atomic<bool> failed{false};
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      DrainOptions o = Options("capped-" + std::to_string(t), t % 4);
      o.max_daily_sends = 100;
      auto r = Drain(queue, ledger, o);
      if (!r.ok()) {
        failed = true;
        return;
      }
      sent += r->sent;
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_FALSE(failed);
  EXPECT_EQ(sent.load(), 100);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM submissions WHERE success = true"), 100);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'pending'"), 400);
}

TEST_P(ConcurrencyTest, ThreadsAndKilledProcessesDrainEveryRowOnce) {
  // SQLite (the embedded default, one writer at a time across processes) drains fewer rows
  // to stay quick; what is checked is the same, a SIGKILL mid-transaction included.
  const int64_t kRows = GetParam() == store::TestBackend::kPostgres ? 20000 : 4000;
  constexpr int kThreads = 16;
  constexpr int kProcesses = 4;
  FillQueue(kRows, 8);
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("fs-claimers-" + RandomHexToken(6));
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(std::filesystem::exists(ClaimerBinary())) << ClaimerBinary();

  // Process 0 is slow (each company takes 200 ms before its intent) and is killed mid-run.
  std::vector<std::unique_ptr<Child>> children;
  for (int p = 0; p < kProcesses; ++p) {
    children.push_back(std::make_unique<Child>(
        std::vector<std::string>{
            ClaimerBinary().string(), test_db().url(), std::to_string(kTargeting), kDay.ToString(),
            "proc-" + std::to_string(p), std::to_string(p), p == 0 ? "200000" : "0"},
        dir / ("proc-" + std::to_string(p) + ".json")));
    ASSERT_GT(children.back()->pid(), 0);
  }
  auto db = WideDb(kThreads + 2);
  ASSERT_NE(db, nullptr);
  SystemClock clock;
  SendQueue queue(*db, clock);
  SendLedger ledger(*db, clock);
  std::vector<Result<DrainStats>> results(kThreads, Status::Internal("not run"));
  std::vector<std::thread> threads = StartDrains(queue, ledger, results);
  // Kill the slow process while it holds a claim and works on it (before its intent), once it
  // has completed a few companies.
  int64_t victim_done = 0;
  int64_t held = 0;
  for (int i = 0; i < 3000 && (victim_done < 3 || held == 0); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    victim_done = Count(
        "SELECT count(*) AS n FROM send_queue WHERE assigned_by = 'proc-0' AND "
        "status = 'done'");
    auto r = Db().Query(
        "SELECT q.company_id FROM send_queue q WHERE q.assigned_by = 'proc-0' "
        "AND q.status = 'assigned' AND NOT EXISTS (SELECT 1 FROM send_ledger l "
        "WHERE l.company_id = q.company_id)");
    held = r.ok() && !r->empty() ? r->front().Int("company_id") : 0;
  }
  ASSERT_GE(victim_done, 3) << "the slow claimer never made progress";
  ASSERT_GT(held, 0);
  children[0]->Kill();
  int status = children[0]->Wait();
  EXPECT_TRUE(WIFSIGNALED(status));
  for (auto& th : threads) th.join();
  for (int p = 1; p < kProcesses; ++p) {
    int st = children[p]->Wait();
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << "claimer process " << p;
    EXPECT_EQ(children[p]->Output()["refused"], 0);
  }
  for (const auto& r : results) ASSERT_TRUE(r.ok()) << r.status().ToString();

  // What the killed process held is still assigned to it until the stale timeout passes.
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'assigned'"), 1);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'pending'"), 0);
  // The kill almost always lands in the 200 ms of work before the intent; in the rare case it
  // landed after, the ledger decides (recovered or unknown), which the counts below allow.
  bool before_intent =
      Count("SELECT count(*) AS n FROM send_ledger WHERE company_id = $1", {held}) == 0;
  FakeClock later(clock.Now() + std::chrono::minutes(20));
  SendQueue sweeper_queue(*db, later);
  auto requeued = sweeper_queue.RequeueStale({TableMode::kDefault, kDay, kTargeting}, 15);
  ASSERT_TRUE(requeued.ok()) << requeued.status().ToString();
  EXPECT_EQ(requeued->requeued + requeued->recovered_sent + requeued->recovered_failed +
                requeued->outcome_unknown,
            1);
  if (before_intent) {
    EXPECT_EQ(requeued->requeued, 1);
  }
  auto sweep = Drain(queue, ledger, Options("sweeper"));
  ASSERT_TRUE(sweep.ok()) << sweep.status().ToString();
  EXPECT_EQ(sweep->claimed, requeued->requeued);
  if (requeued->outcome_unknown == 0) {
    ExpectExactlyOnce(kRows);
  } else {
    EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'done'"), kRows - 1);
  }
  std::filesystem::remove_all(dir);
}

FS_INSTANTIATE_BACKEND_TEST(ConcurrencyTest);

}  // namespace
}  // namespace formsender::sendqueue

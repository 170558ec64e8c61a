// sendqueue_claimer: a test helper process that drains a queue with the reference claim loop
// (drain.h), so the concurrency test can run claimers in separate processes and kill them.
//
//   sendqueue_claimer URL TARGETING_ID DATE RUN_ID [SHARD|-] [DELAY_US]
//
// Prints the DrainStats as JSON on stdout; exit code 0 on success, 1 on an error.
#include <cstdio>
#include <thread>

#include "common/json.h"
#include "common/strings.h"
#include "sendqueue/drain.h"
#include "store/database.h"

int main(int argc, char** argv) {
  using namespace formsender;
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s URL TARGETING_ID DATE RUN_ID [SHARD|-] [DELAY_US]\n", argv[0]);
    return 2;
  }
  auto targeting = ParseInt64(argv[2], "TARGETING_ID");
  auto date = CivilDate::Parse(argv[3]);
  std::optional<int> shard;
  if (argc > 5 && std::string_view(argv[5]) != "-") shard = static_cast<int>(*ParseInt64(argv[5]));
  int64_t delay_us = argc > 6 ? ParseInt64(argv[6]).value_or(0) : 0;
  if (!targeting.ok() || !date.ok()) {
    std::fprintf(stderr, "bad arguments\n");
    return 2;
  }
  auto db = store::OpenDatabase(argv[1], {.pool_size = 2});
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().ToString().c_str());
    return 1;
  }
  SystemClock clock;
  sendqueue::SendQueue queue(**db, clock);
  sendqueue::SendLedger ledger(**db, clock);
  sendqueue::DrainOptions options;
  options.date = *date;
  options.targeting_id = *targeting;
  options.run_id = argv[4];
  options.shard_id = shard;
  // The simulated engine work sits between the claim and the intent, where a crash must lose
  // nothing: the row comes back after the stale timeout.
  options.before_intent = [delay_us](const sendqueue::Claim&) {
    if (delay_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
  };
  auto stats = sendqueue::Drain(queue, ledger, options);
  if (!stats.ok()) {
    std::fprintf(stderr, "%s\n", stats.status().ToString().c_str());
    return 1;
  }
  Json j = {{"claimed", stats->claimed},
            {"sent", stats->sent},
            {"refused", stats->refused},
            {"claim_lost", stats->claim_lost},
            {"not_updated", stats->not_updated}};
  std::printf("%s\n", DumpJson(j).c_str());
  return 0;
}

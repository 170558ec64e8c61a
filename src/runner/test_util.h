#pragma once
// Test-only helpers of the runner's tests: a client_config whose window is always open, the
// sample sites, and companies and queue rows pointing at them.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/time.h"
#include "sendqueue/tables.h"
#include "sites/site_server.h"
#include "sites/site_spec.h"
#include "store/database.h"

namespace formsender::runner::testing {

inline std::filesystem::path SourceDir() {
  const char* src = std::getenv("FORMSENDER_SOURCE_DIR");
  EXPECT_NE(src, nullptr) << "FORMSENDER_SOURCE_DIR not set";
  return src ? src : ".";
}

// The corpus's client_config for `targeting_id`, sending every day 00:00–23:59 unless changed.
inline Json SampleConfig(int64_t targeting_id, int max_daily_sends = 10000,
                         double session_max_hours = 8) {
  std::ifstream in(SourceDir() / "tests/forms/client_config.json");
  std::stringstream text;
  text << in.rdbuf();
  Json c = ParseJson(text.str()).value_or(Json::object());
  c["targeting_id"] = targeting_id;
  c["targeting"]["id"] = targeting_id;
  c["targeting"]["send_start_time"] = "00:00";
  c["targeting"]["send_end_time"] = "23:59";
  c["targeting"]["send_days_of_week"] = Json::array({0, 1, 2, 3, 4, 5, 6});
  c["targeting"]["max_daily_sends"] = max_daily_sends;
  c["targeting"]["session_max_hours"] = session_max_hours;
  return c;
}

inline std::string WriteTempFile(const std::filesystem::path& dir, const std::string& name,
                                 const std::string& text) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name) << text;
  return (dir / name).string();
}

// Sample sites that send successfully, and their entry paths.
struct SiteCase {
  std::string name;
  std::string path;
};
inline std::vector<SiteCase> SuccessCases() {
  return {{"cf7-basic", "/contact/"},
          {"mw-confirm-basic", "/contact/"},
          {"smf-basic", "/contact/"},
          {"static-wrapping-labels", "/contact/"}};
}

// Loads the corpus into `server` (not started) and adds `replicas` copies of the success cases.
inline void LoadSites(sites::SiteServer& server, int replicas) {
  auto sites = sites::LoadSitesUnder((SourceDir() / "tests/forms").string());
  ASSERT_TRUE(sites.ok()) << sites.status().message();
  ASSERT_TRUE(server.AddSites(std::move(*sites)).ok());
  if (replicas > 0) {
    std::vector<std::string> templates;
    for (const auto& c : SuccessCases()) templates.push_back(c.name);
    ASSERT_TRUE(server.Replicate(templates, replicas).ok());
  }
}

// The name and URL of replica `i` (1-based) on a server started with LoadSites.
inline std::string ReplicaName(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "site-%04d", i);
  return buf;
}
inline std::string ReplicaUrl(const sites::SiteServer& server, int i) {
  const auto cases = SuccessCases();
  return server.HostUrl(ReplicaName(i), cases[static_cast<size_t>(i - 1) % cases.size()].path);
}

// Inserts companies (id, name, form_url[, client]) in one transaction.
struct CompanySeed {
  CompanySeed(int64_t id_in, std::string name_in, std::string form_url_in,
              std::optional<bool> black_in = std::nullopt,
              std::optional<std::string> client_in = std::nullopt)
      : id(id_in),
        name(std::move(name_in)),
        form_url(std::move(form_url_in)),
        black(black_in),
        client(std::move(client_in)) {}
  int64_t id = 0;
  std::string name;
  std::string form_url;
  std::optional<bool> black;
  std::optional<std::string> client;
};
inline void AddCompanies(store::Database& db, sendqueue::TableMode mode,
                         const std::vector<CompanySeed>& companies) {
  std::string table(sendqueue::TablesFor(mode).companies);
  Status s = db.Transaction([&](store::Connection& conn) -> Status {
    for (const CompanySeed& c : companies) {
      std::string cols = "id, company_name, form_url, prefecture, black";
      std::string vals = "$1, $2, $3, $4, $5";
      store::Params p = {c.id, c.name, c.form_url.empty() ? store::SqlValue() : c.form_url,
                         "東京都", c.black};
      if (mode == sendqueue::TableMode::kExtra) {
        cols += ", client";
        vals += ", $6";
        p.push_back(c.client);
      }
      FS_RETURN_IF_ERROR(
          conn.Query("INSERT INTO " + table + " (" + cols + ") VALUES (" + vals + ")", p).status());
    }
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
}

// Queue rows (pending) for the companies, priority in order, shard = id mod shards.
inline void AddQueueRows(store::Database& db, sendqueue::TableMode mode, CivilDate date,
                         int64_t targeting_id, const std::vector<int64_t>& company_ids,
                         int shards = 8) {
  std::string table(sendqueue::TablesFor(mode).send_queue);
  Status s = db.Transaction([&](store::Connection& conn) -> Status {
    int priority = 0;
    for (int64_t id : company_ids) {
      FS_RETURN_IF_ERROR(
          conn.Query("INSERT INTO " + table +
                         " (target_date_jst, targeting_id, company_id, priority, shard_id, "
                         "status) VALUES ($1::date, $2, $3, $4, $5, 'pending')",
                     {date.ToString(), targeting_id, id, ++priority, static_cast<int>(id % shards)})
              .status());
    }
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
}

inline int64_t CountRows(store::Database& db, const std::string& sql,
                         const store::Params& params = {}) {
  auto r = db.Query(sql, params);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() && !r->empty() ? r->front().Int("n") : -1;
}

}  // namespace formsender::runner::testing

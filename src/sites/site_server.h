#pragma once
// The sample-site server: many independent Japanese company sites on one loopback port,
// told apart by the Host header (<name>.localhost, as browsers and curl resolve it to
// loopback) or, for clients that cannot set Host, by a path prefix (/_site/<name>/…).
//
// Each site plays what its site.json describes: pages, confirmation flows, server-side
// validation, CSRF tokens and hidden inputs that must come back, Contact Form 7 and Snow
// Monkey Forms JSON answers, injected latency and failures. Every submission goes to the
// SubmissionSink. A control API under /__sites/ (on any host) lists sites, submissions and
// counts and changes faults at run time; see docs/sites.md.
//
//   SystemClock clock;
//   SiteServer server({}, clock);
//   FS_RETURN_IF_ERROR(server.AddSites(*LoadSitesUnder("tests/forms")));
//   FS_RETURN_IF_ERROR(server.Start());
//   std::string url = server.HostUrl("cf7-basic", "/contact/");
//   ... server.sink().FinalCount("cf7-basic") ...

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/http.h"
#include "common/http_router.h"
#include "common/http_server.h"
#include "common/log.h"
#include "sites/pauser.h"
#include "sites/session_store.h"
#include "sites/site_spec.h"
#include "sites/submission_sink.h"

namespace formsender::sites {

struct SiteServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;            // 0 = any free port
  int64_t latency_ms = 0;  // added before every site response (not the control API)
  int max_connections = 2048;
  LoggerPtr log;  // null = silent
};

struct SiteInfo {
  std::string name;
  std::string template_name;  // the case it plays (its own name unless a replica)
  std::string dir;
};

class SiteServer {
 public:
  // `pauser` (optional, must outlive the server) replaces the real waits, for tests.
  SiteServer(SiteServerOptions options, const Clock& clock, Pauser* pauser = nullptr);
  ~SiteServer();
  SiteServer(const SiteServer&) = delete;
  SiteServer& operator=(const SiteServer&) = delete;

  // Adds a site under its name; a second site with the same name is a conflict.
  Status AddSite(SiteSpec site);
  Status AddSites(std::vector<SiteSpec> sites);
  // Adds `count` replicas named site-0001 … site-NNNN, each playing one of `templates`
  // (site names already added) in turn, with its own sessions, faults and counts.
  Status Replicate(const std::vector<std::string>& templates, int count);

  Status Start();
  void Stop();
  int port() const;
  std::string base_url() const;
  // http://<site>.localhost:<port><path>
  std::string HostUrl(std::string_view site, std::string_view path = "/") const;
  // http://<host>:<port>/_site/<site><path>
  std::string PathUrl(std::string_view site, std::string_view path = "/") const;
  std::vector<SiteInfo> Sites() const;

  SubmissionSink& sink() { return sink_; }
  const SubmissionSink& sink() const { return sink_; }

  // Faults added on top of the site's own, until cleared.
  Status SetFaults(std::string_view site, Faults faults);
  Status ClearFaults(std::string_view site);

  // Answers one request (what the HTTP server calls; tests may call it directly).
  HttpResponse Handle(HttpRequest& request);

 private:
  struct SiteEntry;
  std::shared_ptr<SiteEntry> Find(std::string_view name) const;
  HttpResponse HandleSite(SiteEntry& entry, HttpRequest& request, std::string prefix,
                          std::string path);
  HttpResponse IndexPage() const;
  void AddControlRoutes();

  SiteServerOptions options_;
  const Clock& clock_;
  StoppablePauser own_pauser_;
  Pauser& pauser_;
  std::atomic<bool> stopping_{false};
  SubmissionSink sink_;
  SessionStore sessions_;
  mutable std::shared_mutex sites_mu_;
  std::map<std::string, std::shared_ptr<SiteEntry>, std::less<>> sites_;
  std::mutex bomb_mu_;
  std::map<int64_t, std::shared_ptr<const std::string>> gzip_bombs_;
  Router control_;
  std::unique_ptr<HttpServer> http_;
};

}  // namespace formsender::sites

// formsender sites serve: the sample sites for the demo, the load tests and manual checks.
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <ostream>

#include "cli/commands.h"
#include "common/strings.h"
#include "sites/site_server.h"

namespace formsender::cli {
namespace {

struct SitesServeFlags {
  std::string dir = "tests/forms";
  std::string listen = "127.0.0.1:8480";
  int64_t latency_ms = 0;
  int replicate = 0;
  std::string templates;  // comma-separated case names to replicate (default: all)
};

Result<std::pair<std::string, int>> ParseListen(std::string_view listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos) {
    return Status::InvalidArgument("--listen must be HOST:PORT, got \"" + std::string(listen) +
                                   "\"");
  }
  std::string host(listen.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  auto port = ParseInt64(listen.substr(colon + 1), "--listen port");
  if (!port.ok() || *port < 0 || *port > 65535) {
    return Status::InvalidArgument("--listen port must be 0-65535, got \"" +
                                   std::string(listen.substr(colon + 1)) + "\"");
  }
  return std::make_pair(host, static_cast<int>(*port));
}

int RunSitesServe(Context& ctx, const SitesServeFlags& flags) {
  auto listen = ParseListen(flags.listen);
  if (!listen.ok()) return ctx.Fail(listen.status());
  if (flags.latency_ms < 0) return ctx.Fail(Status::InvalidArgument("--latency-ms must be >= 0"));
  if (flags.replicate < 0) return ctx.Fail(Status::InvalidArgument("--replicate must be >= 0"));
  auto sites = sites::LoadSitesUnder(flags.dir);
  if (!sites.ok()) return ctx.Fail(sites.status());
  if (sites->empty()) {
    return ctx.Fail(Status::NotFound("no case folder with a site.json under " + flags.dir));
  }
  std::vector<std::string> templates;
  if (flags.templates.empty()) {
    for (const auto& site : *sites) templates.push_back(site.name);
  } else {
    for (const std::string& name : Split(flags.templates, ',')) {
      if (!Trim(name).empty()) templates.emplace_back(Trim(name));
    }
  }
  size_t cases = sites->size();

  // Block the stop signals before any server thread exists, so only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  sites::SiteServerOptions options;
  options.host = listen->first;
  options.port = listen->second;
  options.latency_ms = flags.latency_ms;
  options.log = ctx.log_ptr();
  sites::SiteServer server(options, ctx.clock());
  if (Status s = server.AddSites(std::move(*sites)); !s.ok()) return ctx.Fail(s);
  if (Status s = server.Replicate(templates, flags.replicate); !s.ok()) return ctx.Fail(s);
  if (Status s = server.Start(); !s.ok()) return ctx.Fail(s);

  size_t total = server.Sites().size();
  if (ctx.flags().json) {
    ctx.out() << DumpJson(Json{{"base_url", server.base_url()},
                               {"port", server.port()},
                               {"sites", total},
                               {"cases", cases},
                               {"replicas", flags.replicate},
                               {"control", server.base_url() + "/__sites/"}})
              << std::endl;
  } else {
    ctx.out() << "formsender sites: serving " << total << " sites (" << cases << " cases, "
              << flags.replicate << " replicas) on " << server.base_url() << "\n"
              << "  by host:   http://<site>.localhost:" << server.port() << "/\n"
              << "  by path:   " << server.base_url() << "/_site/<site>/\n"
              << "  control:   " << server.base_url() << "/__sites/sites | submissions | counts\n"
              << "Ctrl-C stops." << std::endl;
  }
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  server.Stop();
  Json counts = server.sink().CountsJson();
  if (ctx.flags().json) {
    ctx.out() << DumpJson(Json{{"stopped", true}, {"counts", counts}}) << std::endl;
  } else {
    ctx.out() << "stopped; " << counts["total_final"].get<int64_t>()
              << " final submission(s) received" << std::endl;
  }
  return kExitOk;
}

}  // namespace

void RegisterSitesCommands(CLI::App& app, CommandRegistry& registry) {
  CLI::App* sites =
      app.add_subcommand("sites", "Sample Japanese company sites for tests and the demo");
  sites->require_subcommand(1);
  auto flags = std::make_shared<SitesServeFlags>();
  CLI::App* serve = sites->add_subcommand(
      "serve", "Serve every case folder as <case>.localhost (and /_site/<case>/) until Ctrl-C");
  serve->add_option("--dir", flags->dir, "Folder of case folders (each with a site.json)");
  serve->add_option("--listen", flags->listen, "HOST:PORT to listen on (port 0: any free port)");
  serve->add_option("--latency-ms", flags->latency_ms, "Delay added before every site response");
  serve->add_option("--replicate", flags->replicate,
                    "Also serve N replicas site-0001 … site-N, cycling through the templates");
  serve->add_option("--templates", flags->templates,
                    "Comma-separated case names the replicas play (default: every case)");
  registry.On(serve, [flags](Context& ctx) { return RunSitesServe(ctx, *flags); });
}

}  // namespace formsender::cli

#include "sites/site_server.h"

#include <cstdio>

#include "common/strings.h"
#include "sites/fault_responses.h"
#include "sites/page_template.h"
#include "sites/site_responder.h"

namespace formsender::sites {

struct SiteServer::SiteEntry {
  std::string name;
  std::string template_name;
  std::shared_ptr<const SiteSpec> spec;
  std::mutex mu;
  Faults runtime_faults;
  int64_t requests = 0;
  std::map<const Route*, int64_t> route_requests;  // for route-level fail_first

  // Counts the request and returns the faults in force and how many requests came before
  // (to the route when the route has its own fail_first, else to the site).
  std::pair<Faults, int64_t> Arrive(const Route* route) {
    std::lock_guard lock(mu);
    Faults f = CombineFaults(spec->faults, runtime_faults);
    int64_t number = ++requests;
    if (route) {
      int64_t route_number = ++route_requests[route];
      if (route->faults.fail_first > 0) number = route_number;
      f = CombineFaults(f, route->faults);
    }
    return {f, number};
  }
};

namespace {

constexpr std::string_view kControlPrefix = "/__sites/";
constexpr std::string_view kSitePrefix = "/_site/";
constexpr std::string_view kLocalhostSuffix = ".localhost";

bool RouteMatches(const Route& route, std::string_view path) {
  if (route.is_prefix) return path.substr(0, route.path.size()) == route.path;
  return path == route.path;
}

bool MethodMatches(const Route& route, std::string_view method) {
  if (route.method == "ANY") return true;
  if (route.method == method) return true;
  return route.method == "GET" && method == "HEAD";
}

bool AcceptsGzip(const HttpRequest& request) {
  return ContainsIgnoreCase(request.headers.Get("Accept-Encoding").value_or(""), "gzip");
}

}  // namespace

SiteServer::SiteServer(SiteServerOptions options, const Clock& clock, Pauser* pauser)
    : options_(std::move(options)),
      clock_(clock),
      pauser_(pauser ? *pauser : static_cast<Pauser&>(own_pauser_)),
      sink_(clock) {
  if (!options_.log) options_.log = MakeNullLogger();
  AddControlRoutes();
}

SiteServer::~SiteServer() { Stop(); }

Status SiteServer::AddSite(SiteSpec site) {
  auto entry = std::make_shared<SiteEntry>();
  entry->name = site.name;
  entry->template_name = site.name;
  entry->spec = std::make_shared<const SiteSpec>(std::move(site));
  std::unique_lock lock(sites_mu_);
  if (sites_.count(entry->name)) {
    return Status::Conflict("a site called \"" + entry->name + "\" is already served");
  }
  sites_.emplace(entry->name, std::move(entry));
  return Status::Ok();
}

Status SiteServer::AddSites(std::vector<SiteSpec> sites) {
  for (auto& site : sites) FS_RETURN_IF_ERROR(AddSite(std::move(site)));
  return Status::Ok();
}

Status SiteServer::Replicate(const std::vector<std::string>& templates, int count) {
  if (count <= 0) return Status::Ok();
  if (templates.empty()) return Status::InvalidArgument("no template sites to replicate");
  std::vector<std::shared_ptr<SiteEntry>> sources;
  for (const auto& name : templates) {
    auto entry = Find(name);
    if (!entry) return Status::NotFound("no site called \"" + name + "\" to replicate");
    sources.push_back(entry);
  }
  for (int i = 1; i <= count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "site-%04d", i);
    const auto& source = sources[static_cast<size_t>(i - 1) % sources.size()];
    auto entry = std::make_shared<SiteEntry>();
    entry->name = name;
    entry->template_name = source->template_name;
    entry->spec = source->spec;
    std::unique_lock lock(sites_mu_);
    if (sites_.count(entry->name)) {
      return Status::Conflict("a site called \"" + entry->name + "\" is already served");
    }
    sites_.emplace(entry->name, std::move(entry));
  }
  return Status::Ok();
}

std::shared_ptr<SiteServer::SiteEntry> SiteServer::Find(std::string_view name) const {
  std::shared_lock lock(sites_mu_);
  auto it = sites_.find(name);
  return it == sites_.end() ? nullptr : it->second;
}

Status SiteServer::Start() {
  if (http_) return Status::Conflict("the site server is already running");
  stopping_ = false;
  own_pauser_.Reset();
  HttpServerOptions http_options;
  http_options.host = options_.host;
  http_options.port = options_.port;
  http_options.max_connections = options_.max_connections;
  http_options.max_body_bytes = 8 * 1024 * 1024;
  http_ = std::make_unique<HttpServer>(
      http_options, [this](HttpRequest& r) { return Handle(r); }, options_.log);
  Status started = http_->Start();
  if (!started.ok()) http_.reset();
  return started;
}

void SiteServer::Stop() {
  if (!http_) return;
  stopping_ = true;
  own_pauser_.Stop();
  http_->Stop();
  http_.reset();
}

int SiteServer::port() const { return http_ ? http_->port() : 0; }
std::string SiteServer::base_url() const { return http_ ? http_->base_url() : ""; }

std::string SiteServer::HostUrl(std::string_view site, std::string_view path) const {
  return "http://" + std::string(site) + std::string(kLocalhostSuffix) + ":" +
         std::to_string(port()) + std::string(path);
}

std::string SiteServer::PathUrl(std::string_view site, std::string_view path) const {
  return base_url() + std::string(kSitePrefix) + std::string(site) + std::string(path);
}

std::vector<SiteInfo> SiteServer::Sites() const {
  std::shared_lock lock(sites_mu_);
  std::vector<SiteInfo> out;
  for (const auto& [name, entry] : sites_) {
    out.push_back({name, entry->template_name, entry->spec->dir});
  }
  return out;
}

Status SiteServer::SetFaults(std::string_view site, Faults faults) {
  auto entry = Find(site);
  if (!entry) return Status::NotFound("no site called \"" + std::string(site) + "\"");
  std::lock_guard lock(entry->mu);
  entry->runtime_faults = faults;
  return Status::Ok();
}

Status SiteServer::ClearFaults(std::string_view site) { return SetFaults(site, Faults{}); }

HttpResponse SiteServer::Handle(HttpRequest& request) {
  if (request.path.rfind(kControlPrefix, 0) == 0) return control_.Handle(request);
  std::string host = request.HostName();
  std::shared_ptr<SiteEntry> entry;
  if (host.size() > kLocalhostSuffix.size() &&
      host.compare(host.size() - kLocalhostSuffix.size(), kLocalhostSuffix.size(),
                   kLocalhostSuffix) == 0) {
    std::string label = host.substr(0, host.size() - kLocalhostSuffix.size());
    if (label.rfind("www.", 0) == 0) label = label.substr(4);
    entry = Find(label);
  }
  if (entry) return HandleSite(*entry, request, "", request.path);
  if (request.path.rfind(kSitePrefix, 0) == 0) {
    std::string_view rest = std::string_view(request.path).substr(kSitePrefix.size());
    size_t slash = rest.find('/');
    std::string name(rest.substr(0, slash));
    entry = Find(name);
    if (entry) {
      std::string path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
      return HandleSite(*entry, request, std::string(kSitePrefix) + name, path);
    }
  }
  if (request.path == "/" && (request.method == "GET" || request.method == "HEAD")) {
    return IndexPage();
  }
  return PlainErrorPage(404);
}

HttpResponse SiteServer::HandleSite(SiteEntry& entry, HttpRequest& request, std::string prefix,
                                    std::string path) {
  const SiteSpec& spec = *entry.spec;
  const Route* route = nullptr;
  bool path_known = false;
  for (const Route& r : spec.routes) {
    if (!RouteMatches(r, path)) continue;
    path_known = true;
    if (MethodMatches(r, request.method)) {
      route = &r;
      break;
    }
  }
  auto [faults, request_number] = entry.Arrive(route);

  // Faults that act before the site answers.
  if (faults.fail_first > 0 && request_number <= faults.fail_first) return PlainErrorPage(503);
  if (faults.hang) {
    if (!pauser_.Pause(std::chrono::milliseconds(faults.hang_ms))) return PlainErrorPage(503);
    return PlainErrorPage(504);
  }
  int64_t delay_ms = faults.delay_ms + options_.latency_ms;
  if (delay_ms > 0 && !pauser_.Pause(std::chrono::milliseconds(delay_ms))) {
    return PlainErrorPage(503);
  }
  if (faults.status) return PlainErrorPage(faults.status);
  if (faults.gzip_bomb_bytes > 0) {
    std::shared_ptr<const std::string> bomb;
    {
      std::lock_guard lock(bomb_mu_);
      auto& slot = gzip_bombs_[faults.gzip_bomb_bytes];
      if (!slot) slot = std::make_shared<const std::string>(MakeGzipBomb(faults.gzip_bomb_bytes));
      bomb = slot;
    }
    return GzipBombResponse(std::move(bomb));
  }

  ServeContext ctx{spec, entry.name, prefix, path, [this, &prefix](std::string_view other) {
                     return prefix.empty() ? HostUrl(other, "") : PathUrl(other, "");
                   }};
  SiteResponder responder(sessions_, sink_);
  HttpResponse response;
  if (route) {
    response = responder.Serve(ctx, *route, request);
  } else if (path_known) {
    response = PlainErrorPage(405);
  } else {
    // Like Apache's mod_dir: /contact → /contact/ when that exists.
    bool with_slash = false;
    for (const Route& r : spec.routes) {
      if (!r.is_prefix && r.path == path + "/") with_slash = true;
    }
    response = with_slash ? HttpResponse::Redirect(301, prefix + path + "/")
                          : responder.NotFound(ctx, request);
  }

  // Faults that act on the answer.
  if (faults.endless_chunked) return EndlessChunked(std::move(response), stopping_);
  if (faults.huge_page_bytes > 0) return PadToSize(std::move(response), faults.huge_page_bytes);
  if (faults.slow_loris_tick_ms > 0) {
    return SlowDrip(std::move(response), faults.slow_loris_tick_ms, faults.slow_loris_bytes,
                    pauser_);
  }
  if (spec.gzip && AcceptsGzip(request) && response.body.size() >= 1024 &&
      !response.headers.Has("Content-Encoding")) {
    response.body = GzipCompress(response.body);
    response.headers.Set("Content-Encoding", "gzip");
    response.headers.Set("Vary", "Accept-Encoding");
  }
  return response;
}

HttpResponse SiteServer::IndexPage() const {
  std::string items;
  for (const auto& site : Sites()) {
    items += "<li><a href=\"/_site/" + site.name + "/\">" + HtmlEscape(site.name) + "</a>";
    if (site.template_name != site.name) items += " (" + HtmlEscape(site.template_name) + ")";
    items += "</li>\n";
  }
  return HttpResponse::Html(
      200,
      "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>formsender "
      "sample sites</title></head><body><h1>Sample sites</h1><p>Each site also answers as "
      "http://&lt;name&gt;.localhost:" +
          std::to_string(port()) + "/</p><ul>\n" + items + "</ul></body></html>\n");
}

}  // namespace formsender::sites

#pragma once
// Answers a request for one site once the server has chosen the site and the route: renders
// pages in the site's charset, and plays a submission step (validate, store, confirm,
// accept, record). Internal to the sites component.

#include <functional>
#include <string>

#include "common/http.h"
#include "sites/session_store.h"
#include "sites/site_spec.h"
#include "sites/submission_sink.h"

namespace formsender::sites {

struct ServeContext {
  const SiteSpec& spec;
  std::string site_name;  // may differ from spec.name for replicas
  std::string prefix;     // "" with Host routing, "/_site/<name>" with path routing
  std::string path;       // the path inside the site
  std::function<std::string(std::string_view)> site_url;  // base URL of another site
};

class SiteResponder {
 public:
  SiteResponder(SessionStore& sessions, SubmissionSink& sink) : sessions_(sessions), sink_(sink) {}

  HttpResponse Serve(const ServeContext& ctx, const Route& route, HttpRequest& request);
  // The site's 404.html if it has one, else a plain web-server 404 page.
  HttpResponse NotFound(const ServeContext& ctx, HttpRequest& request);

 private:
  struct SessionRef;
  SessionRef SessionFor(const ServeContext& ctx, const HttpRequest& request, bool create);
  HttpResponse Submit(const ServeContext& ctx, const SubmitSpec& submit, HttpRequest& request);
  HttpResponse Page(const ServeContext& ctx, const std::string& file, int status,
                    struct RenderContext& render, const SessionRef& session);

  SessionStore& sessions_;
  SubmissionSink& sink_;
};

// Web-server style error page ("500 Internal Server Error").
HttpResponse PlainErrorPage(int status);

// Prefixes root-relative URLs (action="/…", href="/…", src="/…", formaction, data-action,
// Location) with `prefix`, so a site served under /_site/<name> keeps working.
std::string RewriteRootPaths(std::string_view html, std::string_view prefix);

}  // namespace formsender::sites

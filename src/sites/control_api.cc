// The control API of the sample-site server, under /__sites/ on every host:
//   GET    /__sites/healthz
//   GET    /__sites/sites
//   GET    /__sites/submissions[?site=NAME][&final=1]
//   DELETE /__sites/submissions[?site=NAME]
//   GET    /__sites/counts
//   PUT    /__sites/faults/{site}   body: a faults object (docs/sites.md)
//   DELETE /__sites/faults/{site}
#include "common/strings.h"
#include "sites/site_server.h"

namespace formsender::sites {
namespace {

bool QueryFlag(const HttpRequest& request, std::string_view name) {
  auto v = request.QueryParam(name);
  if (!v) return false;
  auto parsed = ParseBool(*v);
  return parsed.ok() && *parsed;
}

}  // namespace

void SiteServer::AddControlRoutes() {
  control_.Add("GET", "/__sites/healthz", [this](HttpRequest&) {
    return HttpResponse::JsonBody(200, Json{{"status", "ok"}, {"sites", Sites().size()}});
  });
  control_.Add("GET", "/__sites/sites", [this](HttpRequest&) {
    Json sites = Json::array();
    for (const auto& site : Sites()) {
      sites.push_back({{"name", site.name},
                       {"template", site.template_name},
                       {"dir", site.dir},
                       {"url", HostUrl(site.name, "/")},
                       {"path_url", PathUrl(site.name, "/")}});
    }
    return HttpResponse::JsonBody(200, Json{{"sites", sites}});
  });
  control_.Add("GET", "/__sites/submissions", [this](HttpRequest& r) {
    return HttpResponse::JsonBody(
        200, sink_.ListJson(r.QueryParam("site").value_or(""), QueryFlag(r, "final")));
  });
  control_.Add("DELETE", "/__sites/submissions", [this](HttpRequest& r) {
    sink_.Clear(r.QueryParam("site").value_or(""));
    return HttpResponse::JsonBody(200, Json{{"status", "cleared"}});
  });
  control_.Add("GET", "/__sites/counts",
               [this](HttpRequest&) { return HttpResponse::JsonBody(200, sink_.CountsJson()); });
  auto set_faults = [this](HttpRequest& r) {
    auto json = ParseJson(r.body, "faults");
    if (!json.ok()) return HttpResponse::Detail(400, json.status().message());
    auto faults = ParseFaults(*json, "faults");
    if (!faults.ok()) return HttpResponse::Detail(400, faults.status().message());
    Status s = SetFaults(r.path_params["site"], *faults);
    if (!s.ok()) return HttpResponse::Detail(404, s.message());
    return HttpResponse::JsonBody(
        200, Json{{"site", r.path_params["site"]}, {"faults", faults->ToJson()}});
  };
  control_.Add("PUT", "/__sites/faults/{site}", set_faults);
  control_.Add("POST", "/__sites/faults/{site}", set_faults);
  control_.Add("DELETE", "/__sites/faults/{site}", [this](HttpRequest& r) {
    Status s = ClearFaults(r.path_params["site"]);
    if (!s.ok()) return HttpResponse::Detail(404, s.message());
    return HttpResponse::JsonBody(
        200, Json{{"site", r.path_params["site"]}, {"faults", Json::object()}});
  });
}

}  // namespace formsender::sites

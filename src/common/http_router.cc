#include "common/http_router.h"

#include "common/strings.h"

namespace formsender {
namespace {

std::vector<std::string> PathSegments(std::string_view path) {
  std::vector<std::string> out;
  for (auto& s : Split(path, '/')) {
    if (!s.empty()) out.push_back(std::move(s));
  }
  return out;
}

bool Match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
           std::map<std::string, std::string>& params) {
  if (pattern.size() != path.size()) return false;
  std::map<std::string, std::string> captured;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      auto decoded = PercentDecode(path[i]);
      if (!decoded.ok()) return false;
      captured[p.substr(1, p.size() - 2)] = *decoded;
    } else if (p != path[i]) {
      return false;
    }
  }
  params = std::move(captured);
  return true;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, HttpHandler handler) {
  routes_.push_back(Route{std::move(method), PathSegments(pattern), false, "", std::move(handler)});
}

void Router::AddPrefix(std::string method, std::string prefix, HttpHandler handler) {
  routes_.push_back(Route{std::move(method), {}, true, std::move(prefix), std::move(handler)});
}

HttpResponse Router::Handle(HttpRequest& request) const {
  std::vector<std::string> segments = PathSegments(request.path);
  std::vector<std::string> allowed;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    bool matches = route.is_prefix ? request.path.starts_with(route.prefix)
                                   : Match(route.segments, segments, params);
    if (!matches) continue;
    bool method_ok =
        route.method == request.method || (route.method == "GET" && request.method == "HEAD");
    if (!method_ok) {
      allowed.push_back(route.method);
      continue;
    }
    request.path_params = std::move(params);
    return route.handler(request);
  }
  if (!allowed.empty()) {
    HttpResponse r = HttpResponse::Detail(405, "Method Not Allowed");
    r.headers.Set("Allow", Join(allowed, ", "));
    return r;
  }
  return HttpResponse::Detail(404, "Not Found");
}

}  // namespace formsender

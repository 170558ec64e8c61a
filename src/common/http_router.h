#pragma once
// Routes requests by method and path pattern ("/v1/form-sender/executions/{id}/cancel").
// Unknown paths → 404, a known path with another method → 405 with an Allow header.

#include <string>
#include <vector>

#include "common/http.h"

namespace formsender {

class Router {
 public:
  // `pattern` segments in braces capture one path segment into request.path_params.
  void Add(std::string method, std::string pattern, HttpHandler handler);
  // A handler for every path under `prefix` (e.g. "/objects/"), any method listed.
  void AddPrefix(std::string method, std::string prefix, HttpHandler handler);
  HttpResponse Handle(HttpRequest& request) const;
  // Adapts this router to HttpServer's handler type. The router must outlive the server.
  HttpHandler AsHandler() const {
    return [this](HttpRequest& r) { return Handle(r); };
  }

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    bool is_prefix = false;
    std::string prefix;
    HttpHandler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace formsender

#include "objects/local_object_routes.h"

namespace formsender::objects {

HttpHandler MakeObjectHandler(LocalObjectStore& store) {
  return [&store](HttpRequest& request) -> HttpResponse {
    if (request.method != "GET" && request.method != "HEAD") {
      HttpResponse r = HttpResponse::Detail(405, "Method Not Allowed");
      r.headers.Set("Allow", "GET, HEAD");
      return r;
    }
    auto key = store.Authorize(request.path, request.QueryParams(), store.clock().Now());
    if (!key.ok()) {
      int status = key.status().code() == StatusCode::kPermissionDenied ? 403 : 400;
      return HttpResponse::Detail(status, key.status().message());
    }
    auto data = store.Get(*key);
    if (!data.ok()) {
      if (data.status().code() == StatusCode::kNotFound) {
        return HttpResponse::Detail(404, "object not found");
      }
      return HttpResponse::Detail(503, "object store unavailable");
    }
    HttpResponse response = HttpResponse::Text(200, std::move(*data), ContentTypeForKey(*key));
    response.headers.Set("Cache-Control", "no-store");
    return response;
  };
}

void RegisterObjectRoutes(Router& router, LocalObjectStore& store) {
  router.AddPrefix("GET", "/objects/", MakeObjectHandler(store));
}

}  // namespace formsender::objects

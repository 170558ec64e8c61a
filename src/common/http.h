#pragma once
// HTTP message types shared by the server, the client, the router and every handler.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json.h"

namespace formsender {

// Header fields in arrival order; names compare case-insensitively.
class HttpHeaders {
 public:
  void Add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }
  // Replaces every field called `name` with one.
  void Set(std::string_view name, std::string value);
  void Remove(std::string_view name);
  std::optional<std::string> Get(std::string_view name) const;
  std::vector<std::string> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct HttpRequest {
  std::string method;   // upper case as received
  std::string target;   // raw request-target, e.g. "/a/b?x=1"
  std::string path;     // raw path without the query
  std::string query;    // raw query without '?'
  std::string version;  // "HTTP/1.1"
  HttpHeaders headers;
  std::string body;
  std::string remote_address;                      // "127.0.0.1:53211"
  std::map<std::string, std::string> path_params;  // filled by the Router

  // Decoded query parameters (the last value wins for repeated names).
  std::map<std::string, std::string> QueryParams() const;
  std::optional<std::string> QueryParam(std::string_view name) const;
  // The Host header without its port, lower-cased.
  std::string HostName() const;
};

// Writes a streamed response body chunk by chunk; Write returns false once the peer is gone.
class ResponseWriter {
 public:
  virtual ~ResponseWriter() = default;
  virtual bool Write(std::string_view data) = 0;
};

struct HttpResponse {
  int status = 200;
  HttpHeaders headers;
  std::string body;
  // When set, the body is produced by this function after the headers are sent (chunked
  // encoding unless a Content-Length header is set). Used for large or slow bodies.
  std::function<void(ResponseWriter&)> stream;

  static HttpResponse Text(int status, std::string body,
                           std::string content_type = "text/plain; charset=utf-8");
  static HttpResponse Html(int status, std::string body);
  static HttpResponse JsonBody(int status, const Json& body);
  static HttpResponse JsonBody(int status, const OrderedJson& body);
  // {"detail": message}, the reference dispatcher's error shape.
  static HttpResponse Detail(int status, std::string_view message);
  static HttpResponse Redirect(int status, std::string location);
};

using HttpHandler = std::function<HttpResponse(HttpRequest&)>;

std::string_view HttpReasonPhrase(int status);

// Parses "application/x-www-form-urlencoded" into name/value pairs in order.
std::vector<std::pair<std::string, std::string>> ParseFormUrlEncoded(std::string_view body);
// Builds an x-www-form-urlencoded body (UTF-8 bytes as given).
std::string EncodeFormUrlEncoded(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace formsender

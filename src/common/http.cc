#include "common/http.h"

#include "common/strings.h"

namespace formsender {

void HttpHeaders::Set(std::string_view name, std::string value) {
  Remove(name);
  fields_.emplace_back(std::string(name), std::move(value));
}

void HttpHeaders::Remove(std::string_view name) {
  std::erase_if(fields_, [&](const auto& f) { return EqualsIgnoreCase(f.first, name); });
}

std::optional<std::string> HttpHeaders::Get(std::string_view name) const {
  for (const auto& [n, v] : fields_) {
    if (EqualsIgnoreCase(n, name)) return v;
  }
  return std::nullopt;
}

std::vector<std::string> HttpHeaders::GetAll(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : fields_) {
    if (EqualsIgnoreCase(n, name)) out.push_back(v);
  }
  return out;
}

std::map<std::string, std::string> HttpRequest::QueryParams() const {
  std::map<std::string, std::string> out;
  for (auto& [k, v] : ParseFormUrlEncoded(query)) out[k] = v;
  return out;
}

std::optional<std::string> HttpRequest::QueryParam(std::string_view name) const {
  std::optional<std::string> found;
  for (auto& [k, v] : ParseFormUrlEncoded(query)) {
    if (k == name) found = v;
  }
  return found;
}

std::string HttpRequest::HostName() const {
  std::string host = headers.Get("Host").value_or("");
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    return ToLowerAscii(host.substr(0, close == std::string::npos ? host.size() : close + 1));
  }
  size_t colon = host.rfind(':');
  if (colon != std::string::npos) host.resize(colon);
  return ToLowerAscii(host);
}

HttpResponse HttpResponse::Text(int status, std::string body, std::string content_type) {
  HttpResponse r;
  r.status = status;
  r.headers.Set("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

HttpResponse HttpResponse::Html(int status, std::string body) {
  return Text(status, std::move(body), "text/html; charset=utf-8");
}

HttpResponse HttpResponse::JsonBody(int status, const Json& body) {
  return Text(status, DumpJson(body), "application/json");
}

HttpResponse HttpResponse::JsonBody(int status, const OrderedJson& body) {
  return Text(status, DumpJson(body), "application/json");
}

HttpResponse HttpResponse::Detail(int status, std::string_view message) {
  return JsonBody(status, Json{{"detail", message}});
}

HttpResponse HttpResponse::Redirect(int status, std::string location) {
  HttpResponse r;
  r.status = status;
  r.headers.Set("Location", std::move(location));
  return r;
}

std::string_view HttpReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

std::vector<std::pair<std::string, std::string>> ParseFormUrlEncoded(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& part : Split(body, '&')) {
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string_view name = std::string_view(part).substr(0, eq);
    std::string_view value =
        eq == std::string::npos ? std::string_view() : std::string_view(part).substr(eq + 1);
    auto n = PercentDecode(name, true);
    auto v = PercentDecode(value, true);
    out.emplace_back(n.ok() ? *n : std::string(name), v.ok() ? *v : std::string(value));
  }
  return out;
}

std::string EncodeFormUrlEncoded(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  auto enc = [](std::string_view s) {
    std::string e = PercentEncode(s);
    return ReplaceAll(std::move(e), "%20", "+");
  };
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += enc(k);
    out += '=';
    out += enc(v);
  }
  return out;
}

}  // namespace formsender

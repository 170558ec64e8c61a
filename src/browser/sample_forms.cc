#include "browser/sample_forms.h"

#include <algorithm>
#include <random>

#include "common/embedded.h"
#include "common/strings.h"

namespace formsender::browser {

const std::vector<EmbeddedFile>& SamplePages();  // generated from samples/*

namespace {

std::string SamplePage(std::string_view name) {
  for (const auto& f : SamplePages()) {
    if (f.path == "samples/" + std::string(name)) return std::string(f.data);
  }
  return "missing sample " + std::string(name);
}

// multipart/form-data as browsers send it (no nested parts, no files needed here).
std::vector<std::pair<std::string, std::string>> ParseMultipart(const std::string& body,
                                                                const std::string& type) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t b = type.find("boundary=");
  if (b == std::string::npos) return out;
  std::string boundary = "--" + type.substr(b + 9);
  size_t pos = body.find(boundary);
  while (pos != std::string::npos) {
    size_t start = pos + boundary.size();
    if (body.compare(start, 2, "--") == 0) break;
    size_t headers_end = body.find("\r\n\r\n", start);
    size_t next = body.find(boundary, start);
    if (headers_end == std::string::npos || next == std::string::npos) break;
    std::string headers = body.substr(start, headers_end - start);
    size_t n = headers.find("name=\"");
    if (n != std::string::npos) {
      size_t e = headers.find('"', n + 6);
      std::string value = body.substr(headers_end + 4, next - headers_end - 4);
      if (value.size() >= 2 && value.ends_with("\r\n")) value.resize(value.size() - 2);
      out.emplace_back(headers.substr(n + 6, e - n - 6), value);
    }
    pos = next;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ParseFields(const HttpRequest& r) {
  std::string type = r.headers.Get("Content-Type").value_or("");
  if (type.starts_with("application/x-www-form-urlencoded")) return ParseFormUrlEncoded(r.body);
  if (type.starts_with("multipart/form-data")) return ParseMultipart(r.body, type);
  std::vector<std::pair<std::string, std::string>> out;
  if (type.starts_with("application/json")) {
    auto j = ParseJson(r.body);
    if (j.ok() && j->is_object()) {
      for (auto& [k, v] : j->items())
        out.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
    }
  }
  return out;
}

HttpResponse Js(std::string body) {
  return HttpResponse::Text(200, std::move(body), "application/javascript; charset=utf-8");
}

}  // namespace

std::string Submission::Field(std::string_view name) const {
  for (const auto& [k, v] : fields) {
    if (k == name) return v;
  }
  return "";
}

bool Submission::Has(std::string_view name) const {
  return std::any_of(fields.begin(), fields.end(), [&](const auto& f) { return f.first == name; });
}

std::string_view SampleFormName(SampleForm form) {
  switch (form) {
    case SampleForm::kReact:
      return "react";
    case SampleForm::kWidget:
      return "widget";
    case SampleForm::kToken:
      return "token";
    case SampleForm::kCf7:
      return "cf7";
  }
  return "unknown";
}

std::string_view SampleSites::FinalPath(SampleForm form) {
  switch (form) {
    case SampleForm::kReact:
      return "/react/api/contact";
    case SampleForm::kWidget:
      return "/widget/submit";
    case SampleForm::kToken:
      return "/token/send";
    case SampleForm::kCf7:
      return "/cf7/wp-json/contact-form-7/v1/contact-forms/12/feedback";
  }
  return "";
}

SampleSites::SampleSites() {
  auto page = [](std::string name) {
    return [name](HttpRequest&) { return HttpResponse::Html(200, SamplePage(name)); };
  };
  router_.Add("GET", "/react/", page("react.html"));
  router_.Add("POST", "/react/api/contact", [](HttpRequest&) {
    return HttpResponse::JsonBody(200, Json{{"ok", true}});
  });
  router_.Add("GET", "/widget/", page("widget.html"));
  router_.Add("GET", "/widget/embed.js",
              [](HttpRequest&) { return Js(SamplePage("widget_embed.js")); });
  router_.Add("GET", "/widget/form", page("widget_form.html"));
  router_.Add("POST", "/widget/submit", page("thanks.html"));
  router_.Add("GET", "/token/", [this](HttpRequest&) {
    std::mt19937_64 rng(std::random_device{}());
    std::string nonce = std::to_string(rng() % 1000000000000ULL);
    {
      std::lock_guard lock(mu_);
      nonces_.push_back(nonce);
    }
    return HttpResponse::Html(200, ReplaceAll(SamplePage("token.html"), "{{NONCE}}", nonce));
  });
  router_.Add("POST", "/token/confirm", [this](HttpRequest& r) { return TokenConfirm(r); });
  router_.Add("POST", "/token/send", page("thanks.html"));
  router_.Add("GET", "/cf7/", page("cf7.html"));
  router_.Add("POST", std::string(FinalPath(SampleForm::kCf7)), [](HttpRequest& r) {
    auto fields = ParseFields(r);
    bool accepted = std::any_of(fields.begin(), fields.end(), [](const auto& f) {
      return f.first == "acceptance-1" && f.second == "1";
    });
    Json answer = accepted ? Json{{"contact_form_id", 12},
                                  {"status", "mail_sent"},
                                  {"message", "ありがとうございます。メッセージは送信されました。"},
                                  {"into", "#wpcf7-f12-p34-o1"}}
                           : Json{{"contact_form_id", 12},
                                  {"status", "validation_failed"},
                                  {"message", "入力内容に問題があります。"}};
    return HttpResponse::JsonBody(200, answer);
  });
  router_.Add("GET", "/restless", page("restless.html"));
  router_.Add("GET", "/busy", page("busy.html"));
  router_.Add("GET", "/slow", [this](HttpRequest& r) { return Stall(r); });
  router_.Add("GET", "/hold", [this](HttpRequest& r) { return Hold(r); });
  router_.Add("GET", "/ssrf", [this](HttpRequest&) {
    return HttpResponse::Html(
        200, ReplaceAll(SamplePage("ssrf.html"), "{{PORT}}", std::to_string(port())));
  });
  router_.Add("GET", "/popup", [this](HttpRequest&) {
    return HttpResponse::Html(
        200, ReplaceAll(SamplePage("popup.html"), "{{PORT}}", std::to_string(port())));
  });
  router_.Add("GET", "/ssrf-worker.js", [this](HttpRequest&) {
    return Js(ReplaceAll(SamplePage("ssrf_worker.js"), "{{PORT}}", std::to_string(port())));
  });
  router_.Add("GET", "/redirect-to-secret", [this](HttpRequest&) {
    return HttpResponse::Redirect(302, Url("/secret/redirected"));
  });
  router_.Add("GET", "/allowed/fetch", [](HttpRequest&) { return HttpResponse::Text(200, "yes"); });
  router_.AddPrefix("GET", "/secret/", [](HttpRequest&) { return HttpResponse::Text(200, "x"); });
  router_.Add("GET", "/thanks", page("thanks.html"));
  router_.Add("GET", "/dialog/", page("dialog.html"));
  router_.Add("GET", "/heavy/", page("heavy.html"));
  router_.Add("GET", "/heavy/site.css", [](HttpRequest&) {
    return HttpResponse::Text(200, SamplePage("heavy.css"), "text/css");
  });
  router_.AddPrefix("GET", "/heavy/", [](HttpRequest&) { return HttpResponse::Text(200, "x"); });
  router_.AddPrefix("POST", "/heavy/", [](HttpRequest&) { return HttpResponse::Text(200, ""); });
  router_.Add("POST", "/dialog/submit", page("thanks.html"));
  router_.Add("GET", "/cookie", [](HttpRequest&) {
    HttpResponse r = HttpResponse::Html(200, "<!DOCTYPE html><html><body>cookie</body></html>");
    r.headers.Add("Set-Cookie", "sid=s3cr3t; Path=/; HttpOnly");
    return r;
  });
}

SampleSites::~SampleSites() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    released_ = true;
  }
  cv_.notify_all();
  if (server_) server_->Stop();
}

Status SampleSites::Start() {
  HttpServerOptions options;
  options.write_timeout = std::chrono::milliseconds(2000);
  server_ = std::make_unique<HttpServer>(options, [this](HttpRequest& r) {
    Record(r);
    return router_.Handle(r);
  });
  return server_->Start();
}

std::string SampleSites::Url(std::string_view path, std::string_view host) const {
  return "http://" + std::string(host) + ":" + std::to_string(port()) + std::string(path);
}

std::string SampleSites::FormUrl(SampleForm form, std::string_view host) const {
  return Url("/" + std::string(SampleFormName(form)) + "/", host);
}

void SampleSites::Record(const HttpRequest& r) {
  std::lock_guard lock(mu_);
  ++hits_[r.path];
  if (r.method != "POST") return;
  Submission s;
  s.path = r.path;
  s.content_type = r.headers.Get("Content-Type").value_or("");
  s.fields = ParseFields(r);
  s.body = r.body;
  submissions_.push_back(std::move(s));
}

HttpResponse SampleSites::TokenConfirm(HttpRequest& r) {
  auto fields = ParseFields(r);
  auto get = [&](std::string_view name) {
    for (const auto& [k, v] : fields) {
      if (k == name) return v;
    }
    return std::string();
  };
  bool valid = false;
  {
    std::lock_guard lock(mu_);
    for (const auto& nonce : nonces_) {
      std::string reversed(nonce.rbegin(), nonce.rend());
      if (get("token") == reversed + "-" + std::to_string(get("email").size())) valid = true;
    }
  }
  if (!valid) {
    return HttpResponse::Html(400,
                              "<!DOCTYPE html><html lang=\"ja\"><body><p class=\"error\">"
                              "不正なリクエストです（トークンエラー）</p></body></html>");
  }
  std::string rows, hidden;
  for (const char* name : {"company", "name", "email", "tel", "subject", "message"}) {
    rows += "<tr><th>" + std::string(name) + "</th><td>" + HtmlEscape(get(name)) + "</td></tr>";
    hidden += "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" +
              HtmlEscape(get(name)) + "\">";
  }
  return HttpResponse::Html(
      200,
      "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>確認画面"
      "</title></head><body><h1>入力内容の確認</h1><table>" +
          rows + "</table><form method=\"post\" action=\"/token/send\">" + hidden +
          "<input type=\"hidden\" name=\"confirmed\" value=\"1\">"
          "<button type=\"button\" onclick=\"history.back()\">戻る</button>"
          "<button type=\"submit\">送信する</button></form></body></html>");
}

HttpResponse SampleSites::Stall(HttpRequest&) {
  HttpResponse response;
  response.headers.Set("Content-Type", "text/html; charset=utf-8");
  response.stream = [this](ResponseWriter& w) {
    if (!w.Write("<!DOCTYPE html><html><head><title>slow</title></head><body><p>")) return;
    // Never finishes the document; stops when the browser goes away or the server stops.
    std::unique_lock lock(mu_);
    while (!stopping_) {
      cv_.wait_for(lock, std::chrono::milliseconds(200));
      lock.unlock();
      bool alive = w.Write(" ");
      lock.lock();
      if (!alive) return;
    }
  };
  return response;
}

HttpResponse SampleSites::Hold(HttpRequest&) {
  std::unique_lock lock(mu_);
  ++held_;
  cv_.notify_all();
  cv_.wait(lock, [&] { return released_; });
  return HttpResponse::Html(200, "<!DOCTYPE html><html><body><p>released</p></body></html>");
}

bool SampleSites::WaitForHeld(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return held_ > 0; });
}

void SampleSites::ReleaseHeld() {
  {
    std::lock_guard lock(mu_);
    released_ = true;
  }
  cv_.notify_all();
}

std::vector<Submission> SampleSites::Submissions(std::string_view path) const {
  std::lock_guard lock(mu_);
  std::vector<Submission> out;
  for (const auto& s : submissions_) {
    if (s.path == path) out.push_back(s);
  }
  return out;
}

int SampleSites::Hits(std::string_view path) const {
  std::lock_guard lock(mu_);
  auto it = hits_.find(std::string(path));
  return it == hits_.end() ? 0 : it->second;
}

int SampleSites::HitsWithPrefix(std::string_view prefix) const {
  std::lock_guard lock(mu_);
  int n = 0;
  for (const auto& [path, count] : hits_) {
    if (std::string_view(path).starts_with(prefix)) n += count;
  }
  return n;
}

void SampleSites::Reset() {
  std::lock_guard lock(mu_);
  submissions_.clear();
  hits_.clear();
}

}  // namespace formsender::browser

#include "sites/site_responder.h"

#include "common/charset.h"
#include "common/crypto.h"
#include "common/strings.h"
#include "sites/form_data.h"
#include "sites/page_template.h"
#include "sites/submit_replies.h"
#include "sites/validation.h"

namespace formsender::sites {
namespace {

std::string Extension(std::string_view file) {
  size_t dot = file.rfind('.');
  return dot == std::string_view::npos ? "" : ToLowerAscii(file.substr(dot + 1));
}

bool IsHtmlFile(std::string_view file) {
  static const char* kHtml[] = {"html", "htm", "php", "cgi", "asp", "aspx", "jsp", "shtml"};
  std::string ext = Extension(file);
  for (const char* e : kHtml) {
    if (ext == e) return true;
  }
  return ext.empty();
}

std::string ContentTypeFor(const SiteSpec& spec, std::string_view file) {
  std::string ext = Extension(file);
  std::string charset =
      spec.charset_in_header ? "; charset=" + *CanonicalCharset(spec.charset) : "";
  if (IsHtmlFile(file)) return "text/html" + charset;
  if (ext == "css") return "text/css" + charset;
  if (ext == "js") return "application/javascript" + charset;
  if (ext == "json") return "application/json";
  if (ext == "txt") return "text/plain" + charset;
  if (ext == "png") return "image/png";
  if (ext == "gif") return "image/gif";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "svg") return "image/svg+xml";
  return "application/octet-stream";
}

std::optional<std::string> CookieValue(const HttpRequest& request, std::string_view name) {
  for (const std::string& header : request.headers.GetAll("Cookie")) {
    for (const std::string& part : Split(header, ';')) {
      std::string_view p = Trim(part);
      size_t eq = p.find('=');
      if (eq != std::string_view::npos && p.substr(0, eq) == name) {
        return std::string(p.substr(eq + 1));
      }
    }
  }
  return std::nullopt;
}

bool SiteUsesSessions(const SiteSpec& spec) {
  for (const auto& [id, form] : spec.forms) {
    if (!form.csrf_field.empty()) return true;
  }
  for (const auto& route : spec.routes) {
    if (route.submit && route.submit->values_from_session) return true;
  }
  return false;
}

std::set<std::string> EchoExcluded(const FormSpec& form, const SubmitSpec& submit) {
  std::set<std::string> out(form.exclude_from_echo.begin(), form.exclude_from_echo.end());
  if (!form.csrf_field.empty()) out.insert(form.csrf_field);
  if (!submit.step_field.empty()) out.insert(submit.step_field);
  for (const auto& [name, step] : submit.step_buttons) {
    out.insert(name);
    out.insert(name + ".x");
    out.insert(name + ".y");
  }
  return out;
}

Step ChooseStep(const SubmitSpec& submit, const FieldList& fields) {
  if (submit.step) return *submit.step;
  if (!submit.step_field.empty()) {
    if (auto v = FirstValue(fields, submit.step_field)) {
      for (const auto& [value, step] : submit.step_values) {
        if (value == *v) return step;
      }
    }
  }
  for (const auto& [name, step] : submit.step_buttons) {
    if (HasField(fields, name) || HasField(fields, name + ".x")) return step;
  }
  return submit.default_step;
}

}  // namespace

struct SiteResponder::SessionRef {
  std::string id;
  Session session;
  bool created = false;
  bool exists = false;
};

SiteResponder::SessionRef SiteResponder::SessionFor(const ServeContext& ctx,
                                                    const HttpRequest& request, bool create) {
  SessionRef ref;
  if (auto id = CookieValue(request, ctx.spec.session_cookie)) {
    if (auto session = sessions_.Get(ctx.site_name, *id)) {
      ref.id = *id;
      ref.session = *session;
      ref.exists = true;
      return ref;
    }
  }
  if (!create) return ref;
  ref.id = sessions_.Create(ctx.site_name);
  ref.session = *sessions_.Get(ctx.site_name, ref.id);
  ref.created = true;
  ref.exists = true;
  return ref;
}

HttpResponse SiteResponder::Page(const ServeContext& ctx, const std::string& file, int status,
                                 RenderContext& render, const SessionRef& session) {
  auto it = ctx.spec.files.find(file);
  if (it == ctx.spec.files.end()) return PlainErrorPage(500);
  HttpResponse response;
  response.status = status ? status : 200;
  response.headers.Set("Content-Type", ContentTypeFor(ctx.spec, file));
  if (session.created) {
    std::string path = ctx.prefix.empty() ? "/" : ctx.prefix + "/";
    response.headers.Add(
        "Set-Cookie", ctx.spec.session_cookie + "=" + session.id + "; path=" + path + "; HttpOnly");
  }
  if (!IsHtmlFile(file) && Extension(file) != "js" && Extension(file) != "css") {
    response.body = it->second;
    return response;
  }
  auto text = DecodeToUtf8(it->second, ctx.spec.charset);
  if (!text.ok()) return PlainErrorPage(500);
  render.csrf_token = session.session.csrf_token;
  render.site_url = ctx.site_url;
  std::string html = RenderTemplate(*text, render);
  if (!ctx.prefix.empty() && IsHtmlFile(file)) html = RewriteRootPaths(html, ctx.prefix);
  auto encoded = EncodeFromUtf8(html, ctx.spec.charset);
  if (!encoded.ok()) return PlainErrorPage(500);
  response.body = std::move(*encoded);
  return response;
}

HttpResponse SiteResponder::Serve(const ServeContext& ctx, const Route& route,
                                  HttpRequest& request) {
  if (!route.redirect.empty()) {
    return HttpResponse::Redirect(route.redirect_status, ctx.prefix + route.redirect);
  }
  if (route.submit) return Submit(ctx, *route.submit, request);
  if (route.page.empty()) return PlainErrorPage(route.status ? route.status : 200);
  bool needs_session = SiteUsesSessions(ctx.spec) && IsHtmlFile(route.page);
  SessionRef session = SessionFor(ctx, request, needs_session);
  RenderContext render;
  return Page(ctx, route.page, route.status, render, session);
}

HttpResponse SiteResponder::NotFound(const ServeContext& ctx, HttpRequest& request) {
  if (ctx.spec.files.count("404.html")) {
    RenderContext render;
    return Page(ctx, "404.html", 404, render, SessionFor(ctx, request, false));
  }
  return PlainErrorPage(404);
}

HttpResponse SiteResponder::Submit(const ServeContext& ctx, const SubmitSpec& submit,
                                   HttpRequest& request) {
  const FormSpec& form = ctx.spec.forms.at(submit.form);
  const std::string charset =
      *CanonicalCharset(form.charset.empty() ? ctx.spec.charset : form.charset);

  Submission record;
  record.site = ctx.site_name;
  record.host = request.headers.Get("Host").value_or("");
  record.method = request.method;
  record.path = ctx.path + (request.query.empty() ? "" : "?" + request.query);
  record.content_type = request.headers.Get("Content-Type").value_or("");
  record.charset = charset;
  record.remote_address = request.remote_address;

  ReplyWriter reply(ctx, submit, form);
  auto data = ParseSubmission(request, charset, submit.body == "json");
  if (!data.ok()) {
    record.rejection = "malformed";
    record.errors.emplace_back("", data.status().message());
    sink_.Record(std::move(record));
    return HttpResponse::Text(400, "Bad Request: " + data.status().message() + "\n");
  }
  record.encoding = data->encoding;
  record.fields = data->fields;
  record.files = data->files;
  Step step = ChooseStep(submit, data->fields);
  record.step = std::string(StepName(step));

  bool wants_session = !form.csrf_field.empty() || submit.values_from_session;
  SessionRef session = SessionFor(ctx, request, wants_session);

  RenderContext render;
  render.form = &form;
  render.echo_excluded = EchoExcluded(form, submit);
  auto page = [&](const Reply& r, int default_status) {
    return Page(ctx, r.page, r.status ? r.status : default_status, render, session);
  };

  FieldList effective = data->fields;
  if (step == Step::kFinal && submit.values_from_session) {
    if (!session.session.has_stored_values) {
      record.rejection = "session";
      record.effective_fields = effective;
      sink_.Record(std::move(record));
      return reply.Refused(
          403, "セッションの有効期限が切れました。お手数ですが最初から入力してください。", page);
    }
    effective = session.session.stored_values;
    for (const auto& [name, value] : data->fields) {
      if (!HasField(effective, name)) effective.emplace_back(name, value);
    }
  }
  record.effective_fields = effective;
  render.values = effective;

  if (!form.csrf_field.empty()) {
    auto token = FirstValue(data->fields, form.csrf_field);
    if (!token || session.created || !ConstantTimeEquals(*token, session.session.csrf_token)) {
      record.rejection = "csrf";
      sink_.Record(std::move(record));
      return reply.Refused(
          403, "不正なアクセスです。ページを再読み込みしてからもう一度お試しください。", page);
    }
  }

  if (step == Step::kInput) {
    sink_.Record(std::move(record));
    return reply.Input(page);
  }

  ValidationResult checked = Validate(form, effective);
  record.honeypots_filled = checked.honeypots_filled;
  if (!checked.hidden_problem.empty()) {
    record.rejection = "hidden";
    record.errors.emplace_back("", checked.hidden_problem);
    sink_.Record(std::move(record));
    return reply.Refused(400, "不正な送信です。フォームを再読み込みしてください。", page);
  }
  if (!checked.errors.empty()) {
    record.rejection = "validation";
    record.errors = checked.errors;
    render.errors = checked.errors;
    sink_.Record(std::move(record));
    return reply.Invalid(render, page);
  }
  record.accepted = true;
  if (!checked.honeypots_filled.empty()) {
    record.spam = true;
    sink_.Record(std::move(record));
    return reply.Spam(render, page);
  }
  if (step == Step::kConfirm) {
    if (submit.values_from_session) sessions_.StoreValues(ctx.site_name, session.id, effective);
    sink_.Record(std::move(record));
    return reply.Confirm(render, page);
  }
  record.is_final = true;
  if (submit.values_from_session) sessions_.ClearValues(ctx.site_name, session.id);
  int64_t id = sink_.Record(std::move(record));
  render.submission_id = std::to_string(id);
  return reply.Final(render, page);
}

HttpResponse PlainErrorPage(int status) {
  std::string reason(HttpReasonPhrase(status));
  std::string title = std::to_string(status) + " " + reason;
  return HttpResponse::Html(status,
                            "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n"
                            "<html><head><title>" +
                                title + "</title></head><body>\n<h1>" + reason +
                                "</h1>\n<hr>\n<address>Apache Server</address>\n"
                                "</body></html>\n");
}

std::string RewriteRootPaths(std::string_view html, std::string_view prefix) {
  static const char* kAttributes[] = {"action=", "href=", "src=", "formaction=", "data-action="};
  std::string out(html);
  for (const char* attribute : kAttributes) {
    for (char quote : {'"', '\''}) {
      std::string from = std::string(attribute) + quote + "/";
      std::string to = std::string(attribute) + quote + std::string(prefix) + "/";
      size_t pos = 0;
      while ((pos = out.find(from, pos)) != std::string::npos) {
        // Protocol-relative URLs ("//cdn…") point to other hosts: leave them.
        if (out.compare(pos + from.size(), 1, "/") == 0) {
          pos += from.size();
          continue;
        }
        out.replace(pos, from.size(), to);
        pos += to.size();
      }
    }
  }
  return out;
}

}  // namespace formsender::sites

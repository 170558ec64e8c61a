#include "sites/page_template.h"

#include "common/strings.h"

namespace formsender::sites {
namespace {

std::string Joined(const FieldList& values, std::string_view name) {
  return Join(AllValues(values, name), "、");
}

std::string HiddenInputs(const FieldList& values, std::string_view name) {
  std::string out;
  for (const std::string& v : AllValues(values, name)) {
    out +=
        "<input type=\"hidden\" name=\"" + HtmlEscape(name) + "\" value=\"" + HtmlEscape(v) + "\">";
  }
  return out;
}

std::string FormatWith(std::string_view format, std::string_view key, std::string_view value) {
  return ReplaceAll(std::string(format), "{" + std::string(key) + "}", std::string(value));
}

std::string ErrorFor(const RenderContext& ctx, std::string_view name) {
  for (const auto& [field, message] : ctx.errors) {
    if (field != name) continue;
    std::string_view format = ctx.form ? std::string_view(ctx.form->error_format)
                                       : "<span class=\"error\">{message}</span>";
    return FormatWith(format, "message", HtmlEscape(message));
  }
  return "";
}

std::string AllErrors(const RenderContext& ctx) {
  if (ctx.errors.empty()) return "";
  FormSpec defaults;
  const FormSpec& f = ctx.form ? *ctx.form : defaults;
  std::string items;
  for (const auto& [field, message] : ctx.errors) {
    items += FormatWith(f.error_item_format, "message", HtmlEscape(message));
  }
  return FormatWith(f.errors_format, "items", items);
}

// Splits "NAME=VALUE"; NAME may itself not contain '='.
std::pair<std::string, std::string> NameValue(std::string_view arg) {
  size_t eq = arg.find('=');
  if (eq == std::string_view::npos) return {std::string(arg), ""};
  return {std::string(arg.substr(0, eq)), std::string(arg.substr(eq + 1))};
}

bool Posted(const FieldList& values, std::string_view arg) {
  auto [name, value] = NameValue(arg);
  for (const std::string& v : AllValues(values, name)) {
    if (v == value) return true;
  }
  return false;
}

// The replacement of one placeholder, or nullopt to leave it as written.
std::optional<std::string> Expand(std::string_view body, const RenderContext& ctx) {
  if (body == "csrf_token") return HtmlEscape(ctx.csrf_token);
  if (body == "state") return HtmlEscape(ctx.state);
  if (body == "message") return HtmlEscape(ctx.message);
  if (body == "submission_id") return HtmlEscape(ctx.submission_id);
  if (body == "errors") return AllErrors(ctx);
  if (body == "hidden_all") {
    std::string out;
    std::set<std::string> done;
    for (const auto& [name, value] : ctx.values) {
      if (ctx.echo_excluded.count(name) || !done.insert(name).second) continue;
      out += HiddenInputs(ctx.values, name);
    }
    return out;
  }
  size_t colon = body.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view kind = body.substr(0, colon);
  std::string_view arg = body.substr(colon + 1);
  if (kind == "value") return HtmlEscape(Joined(ctx.values, arg));
  if (kind == "value_br") {
    std::string escaped = HtmlEscape(Joined(ctx.values, arg));
    escaped = ReplaceAll(escaped, "\r\n", "\n");
    return ReplaceAll(escaped, "\n", "<br>\n");
  }
  if (kind == "hidden") return HiddenInputs(ctx.values, arg);
  if (kind == "checked") return std::string(Posted(ctx.values, arg) ? " checked" : "");
  if (kind == "selected") return std::string(Posted(ctx.values, arg) ? " selected" : "");
  if (kind == "error") return ErrorFor(ctx, arg);
  if (kind == "site_url" && ctx.site_url) return ctx.site_url(arg);
  return std::nullopt;
}

}  // namespace

std::string RenderTemplate(std::string_view text, const RenderContext& ctx) {
  std::string out;
  out.reserve(text.size() + 256);
  size_t pos = 0;
  while (true) {
    size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(text.substr(pos, open - pos));
    std::string_view body = text.substr(open + 2, close - open - 2);
    if (auto expanded = Expand(body, ctx)) {
      out += *expanded;
    } else {
      out.append(text.substr(open, close + 2 - open));
    }
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

bool UsesCsrfToken(std::string_view text) {
  return text.find("{{csrf_token}}") != std::string_view::npos;
}

}  // namespace formsender::sites

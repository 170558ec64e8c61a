#include "sites/reference_client.h"

#include <gumbo.h>

#include <functional>
#include <set>

#include "common/charset.h"
#include "common/handles.h"
#include "common/strings.h"

namespace formsender::sites {
namespace {

using Element = const GumboNode*;

bool IsElement(Element n) { return n && n->type == GUMBO_NODE_ELEMENT; }

std::string Tag(Element n) {
  if (!IsElement(n)) return "";
  if (n->v.element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(n->v.element.tag);
  GumboStringPiece piece = n->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return ToLowerAscii(std::string_view(piece.data, piece.length));
}

std::optional<std::string> Attr(Element n, const char* name) {
  if (!IsElement(n)) return std::nullopt;
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  if (!a) return std::nullopt;
  return std::string(a->value);
}

void Walk(Element n, const std::function<void(Element)>& visit) {
  if (!IsElement(n)) return;
  visit(n);
  const GumboVector& children = n->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    Walk(static_cast<Element>(children.data[i]), visit);
  }
}

std::string Text(Element n) {
  if (!n) return "";
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
      n->type == GUMBO_NODE_CDATA) {
    return n->v.text.text;
  }
  if (n->type != GUMBO_NODE_ELEMENT) return "";
  std::string out;
  const GumboVector& children = n->v.element.children;
  for (unsigned i = 0; i < children.length; ++i)
    out += Text(static_cast<Element>(children.data[i]));
  return out;
}

std::string Squeeze(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r') out += c;
  }
  return out;
}

std::vector<Element> Controls(Element container) {
  std::vector<Element> out;
  Walk(container, [&](Element n) {
    std::string tag = Tag(n);
    if (tag == "input" || tag == "select" || tag == "textarea" || tag == "button") out.push_back(n);
  });
  return out;
}

std::string Type(Element n) {
  std::string tag = Tag(n);
  if (tag == "button") return ToLowerAscii(Attr(n, "type").value_or("submit"));
  if (tag != "input") return tag;
  return ToLowerAscii(Attr(n, "type").value_or("text"));
}

bool IsSubmit(Element n) {
  std::string type = Type(n);
  return (Tag(n) == "button" && type == "submit") ||
         (Tag(n) == "input" && (type == "submit" || type == "image"));
}

std::string ButtonText(Element n) {
  if (Tag(n) == "button") return Squeeze(Text(n));
  return Attr(n, "value").value_or(Attr(n, "alt").value_or(""));
}

bool IsBackButton(Element n) {
  static const char* kBack[] = {"戻る", "修正",     "訂正",   "back",
                                "Back", "リセット", "クリア", "キャンセル"};
  std::string text = ButtonText(n);
  for (const char* word : kBack) {
    if (text.find(word) != std::string::npos) return true;
  }
  return false;
}

Element ChooseButton(const std::vector<Element>& controls) {
  for (Element n : controls) {
    if (IsSubmit(n) && !Attr(n, "disabled") && !IsBackButton(n)) return n;
  }
  return nullptr;
}

std::string OptionValue(Element option) {
  if (auto v = Attr(option, "value")) return *v;
  return std::string(Trim(Text(option)));
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

// The form data set a browser builds (HTML "constructing the entry list").
Pairs SuccessfulControls(const std::vector<Element>& controls,
                         const std::map<std::string, const ExpectedField*>& expected,
                         Element button) {
  Pairs out;
  for (Element n : controls) {
    auto name = Attr(n, "name");
    if (!name || name->empty() || Attr(n, "disabled")) continue;
    auto it = expected.find(*name);
    const ExpectedField* f = it == expected.end() ? nullptr : it->second;
    bool use_expected = f && f->has_value;
    std::string type = Type(n);
    if (Tag(n) == "textarea") {
      out.emplace_back(*name, use_expected ? f->values[0] : Text(n));
    } else if (Tag(n) == "select") {
      if (use_expected) {
        for (const auto& v : f->values) out.emplace_back(*name, v);
        continue;
      }
      // The selected option, else the first one.
      std::optional<std::string> first, selected;
      Walk(n, [&](Element o) {
        if (Tag(o) != "option") return;
        if (!first) first = OptionValue(o);
        if (!selected && Attr(o, "selected")) selected = OptionValue(o);
      });
      std::optional<std::string> chosen = selected ? selected : first;
      if (chosen) out.emplace_back(*name, *chosen);
    } else if (type == "submit" || type == "image" || type == "reset" || type == "button") {
      if (n != button) continue;
      if (type == "image") {
        out.emplace_back(*name + ".x", "1");
        out.emplace_back(*name + ".y", "1");
      } else if (type != "reset" && type != "button") {
        out.emplace_back(*name, Attr(n, "value").value_or(""));
      }
    } else if (type == "file") {
      continue;
    } else if (type == "checkbox" || type == "radio") {
      std::string own = Attr(n, "value").value_or("on");
      bool checked = f ? (f->has_value &&
                          std::find(f->values.begin(), f->values.end(), own) != f->values.end())
                       : Attr(n, "checked").has_value();
      if (checked) out.emplace_back(*name, own);
    } else {
      out.emplace_back(*name, use_expected ? f->values[0] : Attr(n, "value").value_or(""));
    }
  }
  return out;
}

struct Target {
  Element container = nullptr;  // a form, or a form-less container with data-action
  std::string action;
  std::string method = "GET";
  std::string enctype;
  std::string accept_charset;
};

Target TargetOf(Element container) {
  Target t;
  t.container = container;
  bool is_form = Tag(container) == "form";
  t.action = Attr(container, is_form ? "action" : "data-action").value_or("");
  t.method = ToUpperAscii(
      Attr(container, is_form ? "method" : "data-method").value_or(is_form ? "GET" : "POST"));
  t.enctype = ToLowerAscii(Attr(container, "enctype").value_or(""));
  t.accept_charset = Attr(container, "accept-charset").value_or("");
  return t;
}

// The form holding `field`, or the nearest ancestor with a data-action.
std::optional<Target> FindTarget(Element root, const std::string& field) {
  std::optional<Target> found;
  Walk(root, [&](Element n) {
    if (found || Attr(n, "name") != field) return;
    for (const GumboNode* p = n; p && p->type == GUMBO_NODE_ELEMENT; p = p->parent) {
      if (Tag(p) == "form" || Attr(p, "data-action")) {
        found = TargetOf(p);
        return;
      }
    }
  });
  return found;
}

std::string Resolve(const std::string& page_path, std::string action) {
  size_t hash = action.find('#');
  if (hash != std::string::npos) action.resize(hash);
  if (action.empty()) return page_path;
  size_t scheme = action.find("://");
  if (scheme != std::string::npos) {
    size_t slash = action.find('/', scheme + 3);
    return slash == std::string::npos ? "/" : action.substr(slash);
  }
  if (action[0] == '/') return action;
  if (action[0] == '?') return page_path.substr(0, page_path.find('?')) + action;
  std::string dir = page_path.substr(0, page_path.find('?'));
  dir = dir.substr(0, dir.rfind('/') + 1);
  while (action.rfind("./", 0) == 0) action = action.substr(2);
  while (action.rfind("../", 0) == 0) {
    action = action.substr(3);
    if (dir.size() > 1) dir = dir.substr(0, dir.rfind('/', dir.size() - 2) + 1);
  }
  return dir + action;
}

std::string Crlf(const std::string& s) {
  std::string lf = ReplaceAll(s, "\r\n", "\n");
  return ReplaceAll(lf, "\n", "\r\n");
}

Result<std::string> UrlEncode(const Pairs& pairs, const std::string& charset) {
  std::string out;
  for (const auto& [name, value] : pairs) {
    FS_ASSIGN_OR_RETURN(std::string n, EncodeFromUtf8(Crlf(name), charset));
    FS_ASSIGN_OR_RETURN(std::string v, EncodeFromUtf8(Crlf(value), charset));
    if (!out.empty()) out += '&';
    out += PercentEncode(n) + "=" + PercentEncode(v);
  }
  return out;
}

Result<std::string> Multipart(const Pairs& pairs, const std::string& charset,
                              const std::string& boundary) {
  std::string out;
  for (const auto& [name, value] : pairs) {
    FS_ASSIGN_OR_RETURN(std::string n, EncodeFromUtf8(name, charset));
    FS_ASSIGN_OR_RETURN(std::string v, EncodeFromUtf8(Crlf(value), charset));
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" +
           ReplaceAll(n, "\"", "%22") + "\"\r\n\r\n" + v + "\r\n";
  }
  return out + "--" + boundary + "--\r\n";
}

std::string CharsetFromBytes(std::string_view content_type, std::string_view body) {
  auto pick = [](std::string_view text) -> std::string {
    std::string lower = ToLowerAscii(text.substr(0, std::min<size_t>(text.size(), 4096)));
    size_t at = lower.find("charset=");
    if (at == std::string::npos) return "";
    size_t start = at + 8;
    while (start < lower.size() && (lower[start] == '"' || lower[start] == '\'')) ++start;
    size_t end = start;
    while (end < lower.size() && (isalnum(static_cast<unsigned char>(lower[end])) ||
                                  lower[end] == '-' || lower[end] == '_')) {
      ++end;
    }
    return lower.substr(start, end - start);
  };
  for (std::string label : {pick(content_type), pick(body)}) {
    if (auto canonical = CanonicalCharset(label); canonical.ok()) return *canonical;
  }
  return "UTF-8";
}

}  // namespace

Result<ReferenceClient::Page> ReferenceClient::Request(std::string method, std::string path,
                                                       std::string body, std::string content_type,
                                                       ReferenceRun& run) {
  for (int hop = 0; hop < 6; ++hop) {
    HttpClientRequest req;
    req.method = method;
    req.url = base_ + path;
    req.body = body;
    req.timeout = std::chrono::seconds(20);
    if (!content_type.empty()) req.headers.Set("Content-Type", content_type);
    std::string cookie;
    for (const auto& [k, v] : cookies_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
    if (!cookie.empty()) req.headers.Set("Cookie", cookie);
    auto resp = http_.Send(req);
    if (!resp.ok()) return resp.status().WithContext(method + " " + path);
    run.steps.push_back(method + " " + path + " " + std::to_string(resp->status));
    for (const auto& set : resp->headers.GetAll("Set-Cookie")) {
      std::string pair = set.substr(0, set.find(';'));
      size_t eq = pair.find('=');
      if (eq != std::string::npos) cookies_[pair.substr(0, eq)] = pair.substr(eq + 1);
    }
    if (resp->status >= 300 && resp->status < 400) {
      auto location = resp->headers.Get("Location");
      if (!location) return Status::Internal(method + " " + path + ": redirect without Location");
      path = Resolve(path, *location);
      if (resp->status != 307 && resp->status != 308) {
        method = "GET";
        body.clear();
        content_type.clear();
      }
      continue;
    }
    Page page;
    page.path = path;
    page.status = resp->status;
    page.charset = CharsetFromBytes(resp->headers.Get("Content-Type").value_or(""), resp->body);
    FS_ASSIGN_OR_RETURN(page.html, DecodeToUtf8(resp->body, page.charset));
    return page;
  }
  return Status::Internal("too many redirects from " + path);
}

Result<ReferenceRun> ReferenceClient::Complete(const ExpectedCase& expected) {
  ReferenceRun run;
  std::map<std::string, const ExpectedField*> by_name;
  std::string first_field;
  for (const auto& f : expected.fields) {
    by_name[f.name] = &f;
    if (first_field.empty() && f.has_value && f.category != "consent") first_field = f.name;
  }
  if (first_field.empty()) return Status::InvalidArgument("the case has no field with a value");

  FS_ASSIGN_OR_RETURN(Page page, Request("GET", expected.entry_path, "", "", run));
  std::optional<Target> target;
  std::unique_ptr<GumboOutput, GumboOutputCloser> doc;
  for (int frame = 0; frame < 2 && !target; ++frame) {
    doc.reset(gumbo_parse(page.html.c_str()));
    target = FindTarget(doc->root, first_field);
    if (target) break;
    std::optional<std::string> src;
    Walk(doc->root, [&](Element n) {
      if (!src && Tag(n) == "iframe" && Attr(n, "src")) src = Attr(n, "src");
    });
    if (!src) break;
    FS_ASSIGN_OR_RETURN(page, Request("GET", Resolve(page.path, *src), "", "", run));
  }
  if (!target)
    return Status::NotFound("no form on " + page.path + " holds \"" + first_field + "\"");

  auto submit = [&](const Target& t, const Pairs& pairs, const Page& from) -> Result<Page> {
    std::string charset = from.charset;
    if (!t.accept_charset.empty()) {
      std::string first = Split(ReplaceAll(t.accept_charset, ",", " "), ' ')[0];
      if (auto c = CanonicalCharset(first); c.ok()) charset = *c;
    }
    std::string path = Resolve(from.path, t.action);
    if (t.method == "GET") {
      FS_ASSIGN_OR_RETURN(std::string query, UrlEncode(pairs, charset));
      return Request("GET", path.substr(0, path.find('?')) + "?" + query, "", "", run);
    }
    if (t.enctype == "multipart/form-data") {
      const std::string boundary = "----formsenderReference7MA4YWxkTrZu0gW";
      FS_ASSIGN_OR_RETURN(std::string body, Multipart(pairs, charset, boundary));
      return Request("POST", path, body, "multipart/form-data; boundary=" + boundary, run);
    }
    FS_ASSIGN_OR_RETURN(std::string body, UrlEncode(pairs, charset));
    return Request("POST", path, body, "application/x-www-form-urlencoded", run);
  };

  std::vector<Element> controls = Controls(target->container);
  Element button = ChooseButton(controls);
  if (!button && Tag(target->container) != "form") {
    for (Element n : controls) {
      if (Tag(n) == "button" && !button) button = n;
    }
  }
  Pairs pairs = SuccessfulControls(controls, by_name, button);
  std::string classes = Attr(target->container, "class").value_or("");
  if (classes.find("snow-monkey-form") != std::string::npos) {
    // Snow Monkey Forms posts through its REST route; the script sets the method.
    for (auto& [name, value] : pairs) {
      if (name == "snow-monkey-forms-meta[method]") value = "complete";
    }
    target->action = "/wp-json/snow-monkey-form/v1/view";
    target->method = "POST";
    target->enctype = "multipart/form-data";
  }
  FS_ASSIGN_OR_RETURN(Page result, submit(*target, pairs, page));
  if (!expected.expect_confirm_step) return run;

  std::unique_ptr<GumboOutput, GumboOutputCloser> confirm(gumbo_parse(result.html.c_str()));
  std::optional<Target> confirm_form;
  Walk(confirm->root, [&](Element n) {
    if (!confirm_form && Tag(n) == "form" && ChooseButton(Controls(n))) confirm_form = TargetOf(n);
  });
  if (!confirm_form) {
    return Status::NotFound("no confirmation form on " + result.path + " (status " +
                            std::to_string(result.status) + ")");
  }
  std::vector<Element> confirm_controls = Controls(confirm_form->container);
  Pairs final_pairs = SuccessfulControls(confirm_controls, {}, ChooseButton(confirm_controls));
  FS_ASSIGN_OR_RETURN(Page done, submit(*confirm_form, final_pairs, result));
  (void)done;
  return run;
}

}  // namespace formsender::sites

#include "engine/submit.h"

#include <map>

#include "common/crypto.h"
#include "common/strings.h"
#include "common/text.h"
#include "engine/url.h"

namespace formsender::engine {
namespace {

std::string CrLf(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += "\r\n";
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (s[i] == '\n') {
      out += "\r\n";
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string FormCharset(const FormModel& form, const std::string& page_charset) {
  for (const std::string& label : Split(ReplaceAll(form.accept_charset, ",", " "), ' ')) {
    if (Trim(label).empty()) continue;
    auto c = text::CanonicalCharset(label);
    if (c.ok()) return *c;
  }
  auto c = text::CanonicalCharset(page_charset.empty() ? "UTF-8" : page_charset);
  return c.ok() ? *c : "UTF-8";
}

}  // namespace

std::string UrlEncodeBytes(std::string_view bytes) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 3);
  for (unsigned char c : bytes) {
    if (std::isalnum(c) || c == '*' || c == '-' || c == '.' || c == '_') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Result<SubmitRequest> BuildSubmission(const FormModel& form, const std::vector<Field>& fields,
                                      int button, const std::string& page_url,
                                      const std::string& page_charset) {
  const Button* clicked = button >= 0 ? &form.buttons[static_cast<size_t>(button)] : nullptr;
  std::string action = form.action;
  std::string method = form.method;
  std::string enctype = form.enctype;
  if (clicked != nullptr) {
    if (!clicked->formaction.empty()) action = clicked->formaction;
    if (clicked->formmethod == "post" || clicked->formmethod == "get") method = clicked->formmethod;
    if (!clicked->formenctype.empty()) enctype = clicked->formenctype;
  }
  std::string lower_action = ToLowerAscii(Trim(action));
  if (lower_action.starts_with("mailto:") || lower_action.starts_with("javascript:")) {
    return Status::InvalidArgument("form action \"" + action + "\" is not an HTTP URL");
  }
  FS_ASSIGN_OR_RETURN(std::string url, ResolveUrl(page_url, action));

  // Assigned values by control index.
  std::map<int, const Field*> field_of;
  for (const Field& f : fields) {
    for (int idx : f.controls) field_of[idx] = &f;
  }
  SubmitRequest r;
  r.charset = FormCharset(form, page_charset);
  auto& out = r.fields;
  for (const Control& c : form.controls) {
    if (c.disabled || c.name.empty()) continue;
    auto it = field_of.find(c.index);
    const Field* f = it == field_of.end() ? nullptr : it->second;
    bool assigned = f != nullptr && f->has_value;
    switch (c.kind) {
      case ControlKind::kHidden:
        out.emplace_back(c.name, EqualsIgnoreCase(c.name, "_charset_") ? r.charset : c.value);
        break;
      case ControlKind::kText:
      case ControlKind::kPassword:
        out.emplace_back(c.name, assigned ? f->value : c.value);
        break;
      case ControlKind::kTextarea:
        out.emplace_back(c.name, CrLf(assigned ? f->value : c.value));
        break;
      case ControlKind::kSelect:
        if (c.type == "select-multiple" && !assigned) {
          for (const SelectOption& o : c.options) {
            if (o.selected) out.emplace_back(c.name, o.value);
          }
        } else if (!c.options.empty() || assigned) {
          out.emplace_back(c.name, assigned ? f->value : c.value);
        }
        break;
      case ControlKind::kCheckbox:
      case ControlKind::kRadio: {
        bool on = c.checked;
        if (assigned) {
          on = false;
          for (int idx : f->checked) on = on || idx == c.index;
        }
        if (on) out.emplace_back(c.name, c.value);
        break;
      }
      case ControlKind::kFile:
        out.emplace_back(c.name, "");
        break;
      case ControlKind::kButton:
        break;
    }
  }
  if (clicked != nullptr && (clicked->tag == "button" || clicked->tag == "input") &&
      !clicked->disabled) {
    if (clicked->type == "image") {
      std::string prefix = clicked->name.empty() ? "" : clicked->name + ".";
      out.emplace_back(prefix + "x", "1");
      out.emplace_back(prefix + "y", "1");
    } else if (!clicked->name.empty()) {
      out.emplace_back(clicked->name, clicked->value);
    }
  }

  // Encode names and values in the form's charset.
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(out.size());
  for (const auto& [n, v] : out) {
    auto en = text::FromUtf8(n, r.charset);
    auto ev = text::FromUtf8(v, r.charset);
    if (!en.ok()) return en.status();
    if (!ev.ok()) return ev.status();
    encoded.emplace_back(*en, *ev);
  }
  r.method = method == "post" ? "POST" : "GET";
  if (r.method == "GET") {
    std::string query;
    for (const auto& [n, v] : encoded) {
      if (!query.empty()) query += "&";
      query += UrlEncodeBytes(n) + "=" + UrlEncodeBytes(v);
    }
    std::string base = StripFragment(url);
    size_t q = base.find('?');
    if (q != std::string::npos) base = base.substr(0, q);
    r.url = base + "?" + query;
    return r;
  }
  r.url = StripFragment(url);
  if (enctype == "multipart/form-data") {
    std::string boundary = "----formsender" + RandomHexToken(12);
    r.content_type = "multipart/form-data; boundary=" + boundary;
    size_t i = 0;
    for (const auto& [n, v] : encoded) {
      const Control* file = nullptr;
      (void)i;
      for (const Control& c : form.controls) {
        if (c.kind == ControlKind::kFile && c.name == out[i].first) file = &c;
      }
      auto escape = [](std::string s) {
        return ReplaceAll(ReplaceAll(std::move(s), "\"", "%22"), "\r\n", "%0D%0A");
      };
      r.body += "--" + boundary + "\r\n";
      if (file != nullptr) {
        r.body += "Content-Disposition: form-data; name=\"" + escape(n) + "\"; filename=\"\"\r\n";
        r.body += "Content-Type: application/octet-stream\r\n\r\n\r\n";
      } else {
        r.body += "Content-Disposition: form-data; name=\"" + escape(n) + "\"\r\n\r\n" + v + "\r\n";
      }
      ++i;
    }
    r.body += "--" + boundary + "--\r\n";
  } else if (enctype == "text/plain") {
    r.content_type = "text/plain; charset=" + r.charset;
    for (const auto& [n, v] : encoded) r.body += n + "=" + v + "\r\n";
  } else {
    r.content_type = "application/x-www-form-urlencoded";
    for (const auto& [n, v] : encoded) {
      if (!r.body.empty()) r.body += "&";
      r.body += UrlEncodeBytes(n) + "=" + UrlEncodeBytes(v);
    }
  }
  return r;
}

}  // namespace formsender::engine

#include "engine/analyze.h"

#include <algorithm>

#include "common/strings.h"
#include "common/text.h"
#include "engine/extract.h"
#include "engine/keywords.h"
#include "engine/url.h"

namespace formsender::engine {
namespace {

// Embeds and app shells that build the form with JavaScript.
std::string ScriptBuiltFormReason(const Document& doc) {
  std::string reason;
  Walk(doc.root(), [&](Node e) {
    if (!reason.empty()) return false;
    std::string src = ToLowerAscii(Attr(e, "src"));
    if (IsTag(e, GUMBO_TAG_SCRIPT) || IsTag(e, GUMBO_TAG_IFRAME)) {
      for (std::string_view k : {"hsforms",
                                 "hubspot",
                                 "form.run",
                                 "formrun",
                                 "typeform",
                                 "jotform",
                                 "docs.google.com/forms",
                                 "forms.gle",
                                 "tayori",
                                 "formmailer",
                                 "kintone",
                                 "formzu",
                                 "form-mailer",
                                 "pardot",
                                 "marketo",
                                 "mktoforms",
                                 "wufoo",
                                 "cognitoforms",
                                 "formstack",
                                 "zoho"}) {
        if (src.find(k) != std::string::npos) reason = "form embedded from " + std::string(k);
      }
    }
    return true;
  });
  if (!reason.empty()) return reason;
  const std::string& h = doc.html();
  if (h.find("hbspt.forms.create") != std::string::npos) return "HubSpot form created by script";
  std::string body_text = TextContent(doc.root());
  bool app_root =
      h.find("id=\"root\"") != std::string::npos || h.find("id=\"app\"") != std::string::npos ||
      h.find("id=\"__next\"") != std::string::npos || h.find("id=\"__nuxt\"") != std::string::npos;
  if (app_root && body_text.size() < 400) return "application shell rendered by JavaScript";
  for (Node ns : FindAll(doc.root(), GUMBO_TAG_NOSCRIPT)) {
    std::string t = ToLowerAscii(TextContent(ns, false));
    if (t.find("javascript") != std::string::npos && body_text.size() < 800) {
      return "page asks for JavaScript";
    }
  }
  return "";
}

// An empty hidden field that an inline script of the page fills in (Akismet's ak_js, a
// computed token): posted as is it is empty, and the site refuses the post. Only a name or
// id quoted in the script counts, so ordinary empty hidden inputs are not affected.
std::string ScriptFilledHiddenField(const Document& doc, const FormModel& form) {
  std::string scripts;
  for (Node sc : FindAll(doc.root(), GUMBO_TAG_SCRIPT)) {
    if (HasAttr(sc, "src")) continue;
    for (unsigned i = 0; i < sc->v.element.children.length; ++i) {
      auto* child = static_cast<const GumboNode*>(sc->v.element.children.data[i]);
      if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA)
        scripts += child->v.text.text;
    }
  }
  if (scripts.empty()) return "";
  auto quoted = [&](const std::string& s) {
    return !s.empty() && (scripts.find('"' + s + '"') != std::string::npos ||
                          scripts.find('\'' + s + '\'') != std::string::npos);
  };
  for (const Control& c : form.controls) {
    if (c.kind != ControlKind::kHidden || !c.value.empty() || c.name.empty()) continue;
    if (quoted(c.name) || quoted(c.id)) return c.name;
  }
  return "";
}

// Snow Monkey Forms posts the form's own fields (multipart, its token and
// snow-monkey-forms-meta[method]) to a REST endpoint the page names in a script; posting to
// the page itself only redraws it.
void UsePluginEndpoint(const Document& doc, FormModel& form) {
  if ((" " + form.classes + " ").find(" snow-monkey-form ") == std::string::npos) return;
  const std::string& h = doc.html();
  const std::string key = "\"view_json_url\":\"";
  size_t at = h.find(key);
  if (at == std::string::npos) return;
  size_t end = h.find('"', at + key.size());
  if (end == std::string::npos) return;
  form.action = ReplaceAll(h.substr(at + key.size(), end - at - key.size()), "\\/", "/");
  form.method = "post";
  form.enctype = "multipart/form-data";
}

std::string RegistrableHost(std::string_view host) {
  // Same-site approximation: the last two labels, or three under a two-letter second level
  // such as co.jp / ne.jp / or.jp.
  std::vector<std::string> labels = Split(ToLowerAscii(host), '.');
  if (labels.size() <= 2) return ToLowerAscii(host);
  size_t keep = 2;
  const std::string& sld = labels[labels.size() - 2];
  if (labels.back().size() == 2 && sld.size() <= 3) keep = 3;
  if (labels.size() <= keep) return ToLowerAscii(host);
  std::vector<std::string> tail(labels.end() - static_cast<long>(keep), labels.end());
  return Join(tail, ".");
}

}  // namespace

std::string ButtonKind(std::string_view raw) {
  std::string t = text::NfkcLower(raw);
  bool confirm_word = ContainsAny(t, {"確認", "次へ", "次に進む", "進む", "next", "confirm",
                                      "review", "チェック", "入力内容", "プレビュー", "preview"});
  bool final_word = ContainsAny(t, {"送信", "submit", "send", "送る", "申し込", "申込", "確定",
                                    "完了", "登録", "問い合わせる", "問合せる"});
  if (confirm_word && final_word) {
    // 「確認して送信」「同意の上送信」 send; 「送信内容を確認」 goes to a confirmation page.
    if (ContainsAny(t, {"確認して送信", "確認の上送信", "確認後送信", "確認して申し込", "確認済み",
                        "この内容で"})) {
      return "submit";
    }
    return "confirm";
  }
  return confirm_word ? "confirm" : "submit";
}

int ChooseSubmitButton(const FormModel& form, bool final_step) {
  int best = -1;
  int best_score = -1000;
  for (size_t i = 0; i < form.buttons.size(); ++i) {
    const Button& b = form.buttons[i];
    std::string t = text::NfkcLower(b.text + " " + b.name);
    if (ContainsAny(t, {"戻る", "修正", "訂正", "リセット", "クリア", "キャンセル", "やり直",
                        "back", "reset", "clear", "cancel", "検索", "search", "ログイン", "login",
                        "削除", "前へ", "prev"})) {
      continue;
    }
    if (b.hidden) continue;
    int score = 0;
    if (b.is_submit) score += 20;
    if (b.tag == "button" || b.tag == "input") score += 5;
    std::string kind = ButtonKind(b.text);
    if (ContainsAny(t, {"送信", "submit", "send", "送る", "申し込", "申込", "確定"})) score += 15;
    if (kind == "confirm") score += final_step ? -5 : 10;
    if (b.disabled) score -= 8;
    if (!b.is_submit && b.type == "button" && b.onclick.empty()) score -= 25;
    if (score > best_score) {
      best = static_cast<int>(i);
      best_score = score;
    }
  }
  return best_score > -10 ? best : -1;
}

Analysis AnalyzePage(std::string html, std::string url, std::string charset,
                     const AnalyzeOptions& options) {
  Analysis a;
  a.url = std::move(url);
  a.charset = std::move(charset);
  a.doc = std::make_unique<Document>(std::move(html));
  const Document& doc = *a.doc;

  if (std::string wall = DetectChallengePage(doc, options.http_status); !wall.empty()) {
    a.verdict = "captcha";
    a.code = "WAF_CHALLENGE";
    a.reason = "bot wall (" + wall + ") instead of the page";
    return a;
  }
  a.forms = ExtractForms(doc);
  std::vector<std::vector<Field>> fields;
  fields.reserve(a.forms.size());
  for (const FormModel& f : a.forms) fields.push_back(ClassifyForm(doc, f));
  a.choice = ChooseForm(a.forms, fields);
  a.refusal = DetectRefusal(doc.root());
  a.captcha = DetectCaptcha(doc);
  for (Node fr : FindAll(doc.root(), GUMBO_TAG_IFRAME)) {
    std::string src(Trim(Attr(fr, "src")));
    if (src.empty() || src.starts_with("about:") || src.starts_with("javascript:")) continue;
    auto abs = ResolveUrl(a.url, src);
    if (!abs.ok()) continue;
    auto h1 = UrlHost(a.url);
    auto h2 = UrlHost(*abs);
    if (h1.ok() && h2.ok() && RegistrableHost(*h1) == RegistrableHost(*h2))
      a.iframe_urls.push_back(*abs);
  }

  if (a.choice.index >= 0 && a.choice.kind == "contact") {
    a.chosen = a.choice.index;
    UsePluginEndpoint(doc, a.forms[static_cast<size_t>(a.chosen)]);
    a.fields = std::move(fields[static_cast<size_t>(a.chosen)]);
    a.verdict = "contact_form";
  } else {
    if (a.choice.index >= 0) {
      a.chosen = a.choice.index;
      a.fields = std::move(fields[static_cast<size_t>(a.chosen)]);
    }
    std::string js = options.rendered ? "" : ScriptBuiltFormReason(doc);
    if (!js.empty() && a.iframe_urls.empty()) {
      a.verdict = "needs_browser";
      a.code = "NEEDS_BROWSER";
      a.reason = js;
    } else {
      a.verdict = "not_a_contact_form";
      a.code = "NO_FORM_FOUND";
      a.reason = a.forms.empty() ? "no form on the page"
                                 : "no contact form (best: " + a.choice.kind + " form)";
    }
  }
  // Values are assigned whatever the decision, so the mapping shows what would have been
  // sent (and can be checked) even for a form the engine refuses to send.
  if (a.verdict == "contact_form" && options.profile != nullptr) {
    AssignValues(*a.form(), a.fields, *options.profile);
    a.values_assigned = true;
  }
  // Refusal outranks everything else: the company said no.
  if (a.refusal.detected) {
    a.verdict = "prohibited";
    a.code = "PROHIBITION_DETECTED";
    a.reason = "the page refuses sales contact";
    return a;
  }
  if (a.verdict != "contact_form") return a;
  const FormModel& form = *a.form();
  bool captcha_field = std::any_of(a.fields.begin(), a.fields.end(),
                                   [](const Field& f) { return f.category == "captcha"; });
  if (a.captcha.detected || captcha_field) {
    a.verdict = "captcha";
    a.code = "BOT_DETECTED";
    if (!a.captcha.detected) {
      a.captcha.detected = true;
      a.captcha.kind = "image";
      a.captcha.evidence.push_back("a CAPTCHA answer field in the form");
    }
    a.reason = "CAPTCHA (" + a.captcha.kind + ")";
    return a;
  }
  // Controls without names (v-model, React state) send nothing in a form post: the page's
  // script reads them.
  size_t fillable = 0;
  size_t nameless = 0;
  for (const Control& c : form.controls) {
    if (c.kind == ControlKind::kText || c.kind == ControlKind::kTextarea ||
        c.kind == ControlKind::kSelect) {
      ++fillable;
      if (c.name.empty()) ++nameless;
    }
  }
  if (!options.rendered && fillable > 0 && nameless * 2 >= fillable) {
    a.verdict = "needs_browser";
    a.code = "NEEDS_BROWSER";
    a.reason = "the form's controls have no names: its script sends the data";
    return a;
  }
  bool has_message = std::any_of(a.fields.begin(), a.fields.end(),
                                 [](const Field& f) { return f.category == "message"; });
  bool has_textarea = std::any_of(form.controls.begin(), form.controls.end(), [](const Control& c) {
    return c.kind == ControlKind::kTextarea && c.hidden_reason.empty();
  });
  a.submit_button = ChooseSubmitButton(form, false);
  if (a.submit_button >= 0)
    a.submit_kind = ButtonKind(form.buttons[static_cast<size_t>(a.submit_button)].text);
  if (!has_message) {
    a.code = has_textarea ? "MAPPING" : "NO_MESSAGE_AREA";
    a.reason = has_textarea ? "a textarea exists but none could be identified as the message"
                            : "the form has no place for a message";
    return a;
  }
  if (a.values_assigned) {
    for (const Field& f : a.fields) {
      if (f.required && !f.unfillable.empty()) {
        a.code = "REQUIRED_FIELD_UNFILLABLE";
        a.reason = f.unfillable;
        return a;
      }
    }
  }
  if (!options.rendered) {
    if (std::string token = ScriptFilledHiddenField(doc, form); !token.empty()) {
      a.verdict = "needs_browser";
      a.code = "NEEDS_BROWSER";
      a.reason = "the hidden field " + token + " is empty until a script of the page fills it";
      return a;
    }
  }
  if (!options.rendered && form.is_pseudo && !form.action_known) {
    a.verdict = "needs_browser";
    a.code = "NEEDS_BROWSER";
    a.reason = "controls without a <form>: the submission is made by script";
    return a;
  }
  if (a.submit_button < 0) {
    a.code = "SUBMIT_BUTTON_NOT_FOUND";
    a.reason = "no button submits the form";
  }
  return a;
}

Json FieldMappingJson(const Analysis& a) {
  Json out = Json::array();
  if (a.form() == nullptr) return out;
  for (const Field& f : a.fields) {
    Json j = {{"name", f.name},   {"label", f.label},       {"category", f.category},
              {"score", f.score}, {"required", f.required}, {"evidence", f.evidence}};
    if (!f.kana_script.empty()) j["kana_script"] = f.kana_script;
    if (!f.part.empty()) j["part"] = f.part;
    if (f.has_value) j["value"] = f.value;
    if (!f.unfillable.empty()) j["unfillable"] = f.unfillable;
    out.push_back(std::move(j));
  }
  return out;
}

Json AnalysisToJson(const Analysis& a) {
  Json j = {{"url", a.url}, {"verdict", a.verdict}};
  if (!a.code.empty()) j["code"] = a.code;
  if (!a.reason.empty()) j["reason"] = a.reason;
  if (const FormModel* f = a.form()) {
    std::string cs = f->accept_charset.empty() ? a.charset : f->accept_charset;
    j["form"] = {{"selector", f->selector}, {"action", f->action}, {"method", f->method},
                 {"enctype", f->enctype},   {"charset", cs},       {"kind", a.choice.kind}};
    Json fields = Json::array();
    for (const Field& fd : a.fields) {
      const Control& c = f->controls[static_cast<size_t>(fd.controls.front())];
      Json x = {{"name", fd.name},   {"tag", fd.tag},           {"type", fd.type},
                {"label", fd.label}, {"required", fd.required}, {"category", fd.category},
                {"score", fd.score}, {"evidence", fd.evidence}};
      if (!fd.kana_script.empty()) x["kana_script"] = fd.kana_script;
      if (!fd.part.empty()) x["part"] = fd.part;
      if (fd.has_value) {
        if (!fd.checked.empty() &&
            (c.kind == ControlKind::kCheckbox || c.kind == ControlKind::kRadio)) {
          Json vals = Json::array();
          for (int idx : fd.checked) vals.push_back(f->controls[static_cast<size_t>(idx)].value);
          x["value"] = c.kind == ControlKind::kRadio && vals.size() == 1 ? vals[0] : vals;
        } else {
          x["value"] = fd.value;
        }
      }
      if (!fd.unfillable.empty()) x["unfillable"] = fd.unfillable;
      fields.push_back(std::move(x));
    }
    j["fields"] = std::move(fields);
    if (a.submit_button >= 0) {
      const Button& b = f->buttons[static_cast<size_t>(a.submit_button)];
      j["submit"] = {
          {"text", b.text}, {"name", b.name}, {"value", b.value}, {"kind", a.submit_kind}};
    } else {
      j["submit"] = nullptr;
    }
  } else {
    j["form"] = nullptr;
    j["fields"] = Json::array();
    j["submit"] = nullptr;
  }
  j["refusal"] = {{"detected", a.refusal.detected}, {"phrases", a.refusal.phrases}};
  j["captcha"] = {{"detected", a.captcha.detected}, {"kind", a.captcha.kind}};
  return j;
}

}  // namespace formsender::engine

#include "sites/submit_replies.h"

#include "common/charset.h"
#include "common/crypto.h"
#include "common/strings.h"
#include "sites/form_data.h"

namespace formsender::sites {
namespace {

struct DefaultMessage {
  const char* response;
  const char* key;
  const char* text;
};

constexpr DefaultMessage kDefaults[] = {
    {"html", "sent", "送信が完了しました。"},
    {"html", "invalid", "入力内容に誤りがあります。"},
    {"cf7_json", "sent", "ありがとうございます。メッセージは送信されました。"},
    {"cf7_json", "invalid", "入力内容に問題があります。確認して再度お試しください。"},
    {"cf7_json", "spam", "メッセージの送信に失敗しました。後でまたお試しください。"},
    {"smf_json", "sent", "お問い合わせありがとうございました。"},
    {"smf_json", "invalid", "未入力の項目、入力内容に誤りのある項目があります。"},
    {"json", "sent", "送信しました。"},
    {"json", "invalid", "入力内容を確認してください。"},
};

Json FieldsObject(const FieldList& fields) {
  Json out = Json::object();
  for (const auto& [name, value] : fields) {
    if (!out.contains(name)) {
      out[name] = value;
    } else if (out[name].is_array()) {
      out[name].push_back(value);
    } else {
      out[name] = Json::array({out[name], value});
    }
  }
  return out;
}

HttpResponse JsonReply(int status, const Json& body) {
  HttpResponse r = HttpResponse::JsonBody(status, body);
  r.headers.Set("Content-Type", "application/json; charset=UTF-8");
  return r;
}

}  // namespace

std::string ReplyWriter::Message(const std::string& key) const {
  if (auto it = submit_.messages.find(key); it != submit_.messages.end()) return it->second;
  for (const auto& d : kDefaults) {
    if (submit_.response == d.response && key == d.key) return d.text;
  }
  if (key == "spam") return Message("sent");
  return "";
}

HttpResponse ReplyWriter::SimplePage(int status, const std::string& title,
                                     const std::string& body_html) {
  std::string charset = *CanonicalCharset(ctx_.spec.charset);
  std::string html = "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"" + charset +
                     "\"><title>" + HtmlEscape(title) + "</title></head>\n<body>\n<h1>" +
                     HtmlEscape(title) + "</h1>\n" + body_html +
                     "\n<p><a href=\"javascript:history.back()\">戻る</a></p>\n</body></html>\n";
  auto encoded = EncodeFromUtf8(html, charset);
  HttpResponse r = HttpResponse::Html(status, encoded.ok() ? *encoded : html);
  r.headers.Set("Content-Type", "text/html; charset=" + charset);
  return r;
}

HttpResponse ReplyWriter::Cf7(const std::string& status, const RenderContext* render) {
  std::string form_id = FirstValue(render ? render->values : FieldList{}, "_wpcf7").value_or("0");
  std::string unit = FirstValue(render ? render->values : FieldList{}, "_wpcf7_unit_tag")
                         .value_or("wpcf7-f" + form_id + "-o1");
  Json body = {{"contact_form_id", ParseInt64(form_id).value_or(0)},
               {"status", status},
               {"message", Message(status == "mail_sent"           ? "sent"
                                   : status == "validation_failed" ? "invalid"
                                                                   : "spam")},
               {"posted_data_hash", status == "mail_sent" ? Sha256Hex(unit).substr(0, 32) : ""},
               {"into", "#" + unit},
               {"invalid_fields", Json::array()}};
  if (render) {
    for (const auto& [field, message] : render->errors) {
      body["invalid_fields"].push_back({{"field", field},
                                        {"message", message},
                                        {"idref", nullptr},
                                        {"error_id", unit + "-ve-" + field}});
    }
  }
  return JsonReply(200, body);
}

HttpResponse ReplyWriter::SnowMonkey(const std::string& method, const RenderContext& render,
                                     const std::string& message) {
  std::string action;
  auto button = [](const std::string& step, const std::string& label) {
    return "<button class=\"smf-button-control__control\" type=\"submit\" data-action=\"" + step +
           "\">" + label +
           "<input type=\"hidden\" name=\"snow-monkey-forms-meta[method]\" value=\"" + step +
           "\"></button>";
  };
  if (method == "confirm") action = button("back", "戻る") + button("complete", "送信する");
  if (method == "input" || method == "invalid") action = button("confirm", "確認画面へ");
  Json controls = Json::object();
  for (const auto& [field, error] : render.errors) {
    controls[field] = "<div class=\"smf-error-messages\">" + HtmlEscape(error) + "</div>";
  }
  return JsonReply(200, {{"method", method},
                         {"data", FieldsObject(render.values)},
                         {"controls", controls},
                         {"action", action},
                         {"message", message}});
}

HttpResponse ReplyWriter::Refused(int status, const std::string& message, const PageFn& page) {
  (void)page;
  if (submit_.response == "cf7_json") {
    return JsonReply(404, {{"code", "wpcf7_not_found"},
                           {"message", "The requested contact form was not found."},
                           {"data", {{"status", 404}}}});
  }
  if (submit_.response == "smf_json") {
    RenderContext empty;
    return SnowMonkey("systemerror", empty, message);
  }
  if (submit_.response == "json") return JsonReply(status, {{"ok", false}, {"error", message}});
  return SimplePage(status, "エラー", "<p class=\"error\">" + HtmlEscape(message) + "</p>");
}

HttpResponse ReplyWriter::Input(const PageFn& page) {
  if (submit_.response == "smf_json") {
    RenderContext empty;
    return SnowMonkey("input", empty, "");
  }
  if (submit_.on_input.is_set()) return page(submit_.on_input, 200);
  if (submit_.on_error.is_set()) return page(submit_.on_error, 200);
  return SimplePage(400, "エラー", "<p>入力画面に戻ってください。</p>");
}

HttpResponse ReplyWriter::Invalid(RenderContext& render, const PageFn& page) {
  render.state = "invalid";
  render.message = Message("invalid");
  if (submit_.response == "cf7_json") return Cf7("validation_failed", &render);
  if (submit_.response == "smf_json") return SnowMonkey("invalid", render, render.message);
  if (submit_.response == "json") {
    Json errors = Json::object();
    for (const auto& [field, message] : render.errors) errors[field] = message;
    return JsonReply(422, {{"ok", false}, {"message", render.message}, {"errors", errors}});
  }
  if (submit_.on_error.is_set()) return page(submit_.on_error, 200);
  if (submit_.on_input.is_set()) return page(submit_.on_input, 200);
  std::string items;
  for (const auto& [field, message] : render.errors) {
    items += "<li>" + HtmlEscape(message) + "</li>";
  }
  return SimplePage(200, "入力エラー", "<ul class=\"error\">" + items + "</ul>");
}

HttpResponse ReplyWriter::Spam(RenderContext& render, const PageFn& page) {
  render.state = "spam";
  render.message = Message("spam");
  if (submit_.response == "cf7_json") return Cf7("spam", &render);
  if (submit_.response == "smf_json") return SnowMonkey("complete", render, Message("sent"));
  if (submit_.response == "json")
    return JsonReply(200, {{"ok", true}, {"message", Message("sent")}});
  if (submit_.on_spam.is_set()) return page(submit_.on_spam, 200);
  return Final(render, page);
}

HttpResponse ReplyWriter::Confirm(RenderContext& render, const PageFn& page) {
  render.state = "confirm";
  if (submit_.response == "smf_json") return SnowMonkey("confirm", render, "");
  if (submit_.response != "html" || !submit_.on_confirm.is_set()) {
    return JsonReply(200, {{"ok", true}, {"step", "confirm"}});
  }
  return page(submit_.on_confirm, 200);
}

HttpResponse ReplyWriter::Final(RenderContext& render, const PageFn& page) {
  if (render.state != "spam") {
    render.state = "sent";
    render.message = Message("sent");
  }
  if (submit_.response == "cf7_json") return Cf7("mail_sent", &render);
  if (submit_.response == "smf_json") return SnowMonkey("complete", render, render.message);
  if (submit_.response == "json") {
    return JsonReply(200,
                     {{"ok", true}, {"message", render.message}, {"id", render.submission_id}});
  }
  if (!submit_.on_final.redirect.empty()) {
    return HttpResponse::Redirect(submit_.on_final.status ? submit_.on_final.status : 302,
                                  ctx_.prefix + submit_.on_final.redirect);
  }
  return page(submit_.on_final, 200);
}

}  // namespace formsender::sites

#pragma once
// The answer to each outcome of a submission step, in the dialect the site speaks: HTML
// pages and redirects (PHP scripts, MW WP Form, EC-CUBE), Contact Form 7's REST feedback
// JSON, Snow Monkey Forms' view JSON, or a plain JSON API for script-built forms.
// Internal to the sites component.

#include <functional>
#include <string>

#include "common/http.h"
#include "sites/page_template.h"
#include "sites/site_responder.h"

namespace formsender::sites {

// Renders `reply` (a page of the case) with a default status.
using PageFn = std::function<HttpResponse(const Reply& reply, int default_status)>;

class ReplyWriter {
 public:
  ReplyWriter(const ServeContext& ctx, const SubmitSpec& submit, const FormSpec& form)
      : ctx_(ctx), submit_(submit), form_(form) {}

  // Refused before validation (CSRF token, hidden inputs, expired session).
  HttpResponse Refused(int status, const std::string& message, const PageFn& page);
  HttpResponse Input(const PageFn& page);  // back to the input screen (戻る)
  HttpResponse Invalid(RenderContext& render, const PageFn& page);
  HttpResponse Spam(RenderContext& render, const PageFn& page);
  HttpResponse Confirm(RenderContext& render, const PageFn& page);
  HttpResponse Final(RenderContext& render, const PageFn& page);

 private:
  std::string Message(const std::string& key) const;
  HttpResponse SimplePage(int status, const std::string& title, const std::string& body_html);
  HttpResponse Cf7(const std::string& status, const RenderContext* render);
  HttpResponse SnowMonkey(const std::string& method, const RenderContext& render,
                          const std::string& message);

  const ServeContext& ctx_;
  const SubmitSpec& submit_;
  const FormSpec& form_;
};

}  // namespace formsender::sites

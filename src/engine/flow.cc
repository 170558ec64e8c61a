#include "engine/flow.h"

#include "common/net_policy.h"
#include "common/strings.h"
#include "engine/extract.h"
#include "engine/judge.h"
#include "engine/url.h"

namespace formsender::engine {
namespace {

SessionOptions MakeSessionOptions(const EngineOptions& o, const FormTask& t) {
  SessionOptions s;
  if (!o.user_agent.empty()) s.user_agent = o.user_agent;
  s.max_body_bytes = o.max_body_bytes;
  s.connect_timeout = o.connect_timeout;
  s.allow_private_targets = t.allow_private_targets;
  s.allowed_private_addresses = t.allowed_private_addresses;
  return s;
}

bool IsRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Analysis codes that are decisions not to send (skipped) rather than failures.
bool IsSkipDecision(const std::string& code) {
  return code == "PROHIBITION_DETECTED" || code == "BOT_DETECTED" || code == "NO_FORM_FOUND" ||
         code == "NO_MESSAGE_AREA" || code == "MAPPING" || code == "REQUIRED_FIELD_UNFILLABLE" ||
         code == "NEEDS_BROWSER";
}

}  // namespace

std::string NoteConfirmStop(const ConfirmStep& stop, FormResult& result) {
  if (stop.code == "PROHIBITION_DETECTED") {
    result.prohibition_detected = true;
    result.prohibition_phrases = stop.refusal_phrases;
  }
  if (stop.code == "BOT_DETECTED") result.bot_protection_detected = true;
  return stop.code == "SUBMIT_BUTTON_NOT_FOUND" ? "failed" : "skipped";
}

FormJob::FormJob(const EngineOptions& options, const Hooks& hooks, const Clock& clock,
                 FormTask task, std::function<void(FormResult)> done)
    : options_(options),
      hooks_(hooks),
      clock_(clock),
      task_(std::move(task)),
      done_(std::move(done)),
      started_(clock.Now()),
      deadline_(started_ + task_.time_limit),
      session_(MakeSessionOptions(options, task_)) {
  result_.task_id = task_.id;
  result_.url = task_.url;
}

void FormJob::Begin() {
  auto profile = ClientProfile::FromConfig(task_.client_config, task_.company);
  if (!profile.ok()) {
    const std::string& m = profile.status().message();
    if (m.find("placeholder") != std::string::npos) {
      Complete("skipped", "PLACEHOLDER_UNRESOLVED", m, 1.0);
    } else {
      Complete("failed", "INSTRUCTION", m, 1.0);
    }
    return;
  }
  profile_ = std::move(*profile);
  if (task_.mode == EngineMode::kBrowser) {
    Complete("skipped", "NEEDS_BROWSER", "browser mode requested", 1.0);
    return;
  }
  auto url = ResolveUrl(task_.url, "");
  if (!url.ok()) {
    Complete("failed", "URL", url.status().message(), 1.0);
    return;
  }
  Queue({"GET", *url, "", "", "", "page"});
}

void FormJob::Queue(Request r) {
  auto host = UrlHost(r.url);
  if (!host.ok()) {
    Complete("failed", "URL", host.status().message(), 1.0);
    return;
  }
  host_ = *host;
  // The metadata server's names are refused before they are resolved: on a cloud machine they
  // resolve to the link-local metadata address (refused again at connect), elsewhere they may
  // resolve to anything, and the request would carry the attempt to reach them either way.
  if (!task_.allow_private_targets && IsMetadataHostName(NormalizeHost(host_))) {
    ++result_.fetch_errors["ssrf_blocked"];
    Complete("failed", "SSRF_BLOCKED",
             r.note + ": refused destination " + host_ + ": cloud metadata server", 1.0);
    return;
  }
  request_ = std::move(r);
}

CURL* FormJob::StartRequest() {
  if (!request_) return nullptr;
  auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - clock_.Now());
  if (remaining.count() <= 0) {
    Abort("TIMEOUT", "time limit reached before " + request_->note);
    return nullptr;
  }
  auto timeout = std::min(remaining, options_.request_timeout);
  auto h = session_.Prepare(request_->method, request_->url, request_->body, request_->content_type,
                            request_->referer, timeout);
  if (!h.ok()) {
    request_.reset();
    Complete("failed", "URL", h.status().message(), 1.0);
    return nullptr;
  }
  in_flight_ = true;
  request_started_ = clock_.Now();
  return *h;
}

void FormJob::AddStageTime(const char* stage, TimePoint since) {
  result_.stage_seconds[stage] += std::chrono::duration<double>(clock_.Now() - since).count();
}

void FormJob::OnTransferDone(CURLcode code) {
  in_flight_ = false;
  HttpResult r = session_.Finish(code);
  Request req = std::move(*request_);
  request_.reset();
  result_.steps.push_back({req.method, req.url, r.status, req.note});
  AddStageTime(stage_ == Stage::kFirstSubmit   ? "submit"
               : stage_ == Stage::kFinalSubmit ? "confirm"
                                               : "fetch",
               request_started_);
  if (!r.error_code.empty()) {
    ++result_.fetch_errors[ToLowerAscii(r.error_code)];
    if (may_deliver_ && !CodeProvesNotDelivered(r.error_code)) result_.submitted = true;
    Complete("failed", r.error_code, req.note + ": " + r.error_message, 0.6);
    return;
  }
  if (IsRedirect(r.status) && !r.location.empty()) {
    if (++redirects_ > options_.max_redirects) {
      Complete("failed", "TOO_MANY_REDIRECTS",
               "more than " + std::to_string(options_.max_redirects) + " redirects", 0.6);
      return;
    }
    auto next = ResolveUrl(req.url, r.location);
    if (!next.ok()) {
      Complete("failed", "ACCESS", "bad redirect: " + next.status().message(), 0.6);
      return;
    }
    Request follow = req;
    follow.url = *next;
    follow.note = req.note;
    // 303, and 301/302 after a POST, turn into a GET as browsers do.
    if (r.status == 303 || ((r.status == 301 || r.status == 302) && req.method == "POST")) {
      follow.method = "GET";
      follow.body.clear();
      follow.content_type.clear();
    }
    result_.steps.back().note += " (redirect)";
    Queue(std::move(follow));
    return;
  }
  redirects_ = 0;
  r.url = req.url;
  TimePoint processing = clock_.Now();
  if (stage_ == Stage::kPage || stage_ == Stage::kFrame) {
    OnPage(r);
    AddStageTime("analyze", processing);
  } else {
    OnSubmitResponse(r);
    AddStageTime("judge", processing);
  }
}

void FormJob::KeepPage(const std::string& url, const std::string& html) {
  if (!task_.evidence.keep_pages) return;
  result_.pages.emplace_back(url, html.substr(0, task_.evidence.max_page_bytes));
}

void FormJob::OnPage(const HttpResult& r) {
  std::string html;
  std::string charset = DecodeBody(r.body, r.content_type, &html);
  KeepPage(r.url, html);
  if (r.status >= 400) {
    Document doc(html);
    std::string wall = DetectChallengePage(doc, r.status);
    if (!wall.empty()) {
      result_.bot_protection_detected = true;
      Complete("failed", "WAF_CHALLENGE", "bot wall (" + wall + ") on the form page", 0.9);
    } else {
      Complete("failed", CodeForHttpStatus(r.status),
               "form page answered HTTP " + std::to_string(r.status), 0.8);
    }
    return;
  }
  AnalyzeOptions ao;
  ao.profile = &*profile_;
  ao.http_status = r.status;
  auto a = std::make_unique<Analysis>(AnalyzePage(std::move(html), r.url, charset, ao));
  // A contact form in a same-site frame, when the page itself has none (defect 4: the main
  // page's form is preferred).
  if (stage_ == Stage::kPage && a->verdict == "not_a_contact_form" && !a->iframe_urls.empty()) {
    std::string frame = a->iframe_urls.front();
    page_analysis_ = std::move(a);
    stage_ = Stage::kFrame;
    Queue({"GET", frame, "", "", r.url, "frame"});
    return;
  }
  if (stage_ == Stage::kFrame && a->verdict == "not_a_contact_form" && page_analysis_) {
    a = std::move(page_analysis_);
  }
  page_analysis_ = std::move(a);
  Analysis& an = *page_analysis_;
  result_.analysis = AnalysisToJson(an);
  result_.field_mapping = FieldMappingJson(an);
  result_.prohibition_detected = an.refusal.detected;
  result_.prohibition_phrases = an.refusal.phrases;
  result_.bot_protection_detected = an.captcha.detected || an.code == "WAF_CHALLENGE";
  if (!an.code.empty()) {
    Complete(IsSkipDecision(an.code) ? "skipped" : "failed", an.code, an.reason, 0.9);
    return;
  }
  if (task_.analyze_only) {
    Complete("skipped", "ANALYZE_ONLY", "analysis only: the form can be sent", 1.0);
    return;
  }
  form_page_url_ = an.url;
  SendForm(*an.form(), an.fields, an.submit_button, an.url, an.charset, 1,
           an.submit_kind == "confirm");
  // The request is built and the evidence is JSON: the parsed page (often the largest thing a
  // form in flight holds) is no longer needed.
  page_analysis_.reset();
}

void FormJob::SendForm(const FormModel& form, const std::vector<Field>& fields, int button,
                       const std::string& page_url, const std::string& charset, int step,
                       bool expects_confirmation) {
  auto req = BuildSubmission(form, fields, button, page_url, charset);
  if (!req.ok()) {
    Complete("skipped", "NEEDS_BROWSER", "cannot submit over HTTP: " + req.status().message(), 0.7);
    return;
  }
  // A dry run may pass a confirmation button (it shows a screen, it does not send) but
  // never a button that sends.
  if (task_.dry_run && (step == 2 || !expects_confirmation)) {
    result_.judge_signals.push_back("dry run: stopped before " + req->method + " " + req->url);
    Complete("skipped", "DRY_RUN", "dry run: the form would be sent now", 1.0);
    return;
  }
  FinalSubmitInfo info;
  info.task_id = task_.id;
  info.form_url = form_page_url_;
  info.method = req->method;
  info.url = req->url;
  info.step = step;
  info.expects_confirmation = expects_confirmation;
  info.fields = req->fields;
  if (!task_.dry_run && hooks_.before_final) {
    Status s = hooks_.before_final(info);
    if (!s.ok()) {
      Complete("skipped", "SKIPPED_BY_HOOK", s.message(), 1.0);
      return;
    }
  }
  if (!task_.dry_run) last_final_ = info;
  submitted_fields_ = req->fields;
  form_charset_ = req->charset;
  may_deliver_ = true;
  stage_ = step == 1 ? Stage::kFirstSubmit : Stage::kFinalSubmit;
  Queue({req->method, req->url, req->body, req->content_type, page_url,
         step == 1 ? "submit" : "final"});
}

void FormJob::OnSubmitResponse(const HttpResult& r) {
  std::string html;
  std::string charset = DecodeBody(r.body, r.content_type, &html);
  KeepPage(r.url, html);
  std::unique_ptr<Document> doc;
  bool is_html =
      r.content_type.empty() || ToLowerAscii(r.content_type).find("html") != std::string::npos;
  if (is_html) doc = std::make_unique<Document>(html);
  JudgeInput in;
  in.http_status = r.status;
  in.final_url = r.url;
  in.request_url = r.url;
  in.form_page_url = form_page_url_;
  in.content_type = r.content_type;
  in.body = html;
  in.submitted = submitted_fields_;
  Judgment j = JudgeResponse(in, doc.get());
  for (const std::string& s : j.signals) result_.judge_signals.push_back(s);
  if (j.outcome == "confirm" && stage_ == Stage::kFirstSubmit) {
    may_deliver_ = false;  // a confirmation screen proves nothing was sent yet
    OnConfirmPage(*doc, r.url, charset);
    return;
  }
  if (j.outcome == "success") {
    result_.submitted = true;
    if (task_.dry_run)
      result_.judge_signals.push_back("dry run: the confirmation button sent the message");
    Complete("success", "SUCCESS", "the site confirmed the message", j.confidence);
    return;
  }
  if (j.outcome == "confirm") j.code = "SUCCESS_DETERMINATION_FAILED";
  result_.submitted = !CodeProvesNotDelivered(j.code);
  if (j.code == "BOT_DETECTED" || j.code == "WAF_CHALLENGE") result_.bot_protection_detected = true;
  Complete("failed", j.code, "the submission was not confirmed: " + j.signals.back(), j.confidence);
}

void FormJob::OnConfirmPage(const Document& doc, const std::string& url,
                            const std::string& charset) {
  // The confirmation screen is re-read for refusals and CAPTCHAs before the final click.
  ConfirmStep cs = ReadConfirmationScreen(doc);
  if (!cs.code.empty()) {
    Complete(NoteConfirmStop(cs, result_), cs.code, cs.reason,
             cs.code == "SUBMIT_BUTTON_NOT_FOUND" ? 0.8 : 0.9);
    return;
  }
  int button = cs.button;
  FormModel& form = cs.forms[static_cast<size_t>(cs.form)];
  std::vector<Field> fields = ConfirmationFields(doc, form, *profile_);
  result_.judge_signals.push_back("confirmation screen at " + url);
  SendForm(form, fields, button, url, charset, 2, false);
}

void FormJob::Abort(const std::string& code, const std::string& message) {
  if (done_flag_) return;
  if (in_flight_ && may_deliver_) result_.submitted = true;
  in_flight_ = false;
  request_.reset();
  Complete("failed", code, message, 0.6);
}

void FormJob::Complete(std::string outcome, std::string code, std::string message,
                       double confidence) {
  if (done_flag_) return;
  done_flag_ = true;
  request_.reset();
  result_.outcome = std::move(outcome);
  result_.code = std::move(code);
  result_.message = std::move(message);
  result_.elapsed_seconds = std::chrono::duration<double>(clock_.Now() - started_).count();
  Json ev = {{"original_url", task_.url}, {"judge_signals", result_.judge_signals}};
  if (!result_.steps.empty()) {
    ev["final_url"] = result_.steps.back().url;
    ev["http_status"] = result_.steps.back().status;
  }
  if (result_.prohibition_detected) ev["prohibition_phrases"] = result_.prohibition_phrases;
  ev["message"] = result_.message;
  result_.detail = MakeDetail(result_.code, confidence, ev, result_.submitted);
  if (last_final_ && hooks_.after_final) hooks_.after_final(*last_final_, result_);
}

void FormJob::Deliver() {
  if (delivered_ || !done_flag_) return;
  delivered_ = true;
  // The fallback: what HTTP cannot do goes to the browser, which runs the same analysis on the
  // rendered page (never after something may have been delivered).
  if (result_.code == "NEEDS_BROWSER" && !result_.submitted && task_.mode != EngineMode::kHttp &&
      options_.browser != nullptr) {
    TimePoint started = clock_.Now();
    FormResult http = std::move(result_);
    result_ = options_.browser->Run(task_, hooks_, http);
    // The browser's result carries what the HTTP path measured, and its own time.
    for (const auto& [stage, seconds] : http.stage_seconds) result_.stage_seconds[stage] += seconds;
    for (const auto& [kind, n] : http.fetch_errors) result_.fetch_errors[kind] += n;
    AddStageTime("browser", started);
  }
  if (done_) done_(std::move(result_));
}

}  // namespace formsender::engine

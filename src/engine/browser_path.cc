#include "engine/browser_path.h"

#include <filesystem>
#include <optional>

#include "common/strings.h"
#include "engine/analyze.h"
#include "engine/browser_judge.h"
#include "engine/extract.h"
#include "engine/flow.h"
#include "engine/judge.h"
#include "engine/url.h"

namespace formsender::engine {

BrowserFailure ClassifyBrowserError(const Status& s) {
  const std::string& m = s.message();
  auto has = [&](std::string_view x) { return m.find(x) != std::string::npos; };
  switch (s.code()) {
    case StatusCode::kDeadlineExceeded:
      return {"TIMEOUT", false};
    case StatusCode::kPermissionDenied:
      return {"SSRF_BLOCKED", false};
    case StatusCode::kCancelled:
      return {"SHUTDOWN_REQUESTED", false};
    case StatusCode::kResourceExhausted:
      return {"TIMEOUT", false};  // no browser page became free in time
    case StatusCode::kUnavailable:
      if (has("ERR_NAME_NOT_RESOLVED") || has("ERR_NAME_RESOLUTION")) return {"DNS_ERROR", false};
      if (has("ERR_CONNECTION_") || has("ERR_EMPTY_RESPONSE")) return {"CONNECTION_RESET", false};
      if (has("ERR_TIMED_OUT")) return {"TIMEOUT", false};
      if (has("ERR_CERT") || has("ERR_SSL")) return {"TLS_ERROR", false};
      if (has("net::ERR_")) return {"NETWORK", false};
      return {"PAGE_CLOSED", true};
    default:
      return {"SYSTEM", false};
  }
}

namespace {

using browser::BrowserSession;
using browser::ExecuteResult;
using browser::FillKind;
using browser::FillPlan;
using browser::PageSnapshot;

std::string SafeFileName(std::string_view id) {
  std::string out;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    out += ok ? c : '_';
  }
  if (out.size() > 80) out.resize(80);
  return out.empty() ? "form" : out;
}

// One try of one form in one browser session. Returns a non-OK Status when the browser (or the
// network under it) failed; decisions and site answers are written into `result`.
class Attempt {
 public:
  Attempt(const FormTask& task, const Hooks& hooks, const ClientProfile& profile,
          BrowserSession& session, const BrowserPathOptions& options, const Clock& clock,
          TimePoint deadline, FormResult& result)
      : task_(task),
        hooks_(hooks),
        profile_(profile),
        session_(session),
        options_(options),
        clock_(clock),
        deadline_(deadline),
        result_(result) {}

  Status Go();
  bool may_deliver() const { return may_deliver_; }
  const std::optional<FinalSubmitInfo>& last_final() const { return last_final_; }
  // Set when the flow reached a decision (the result's outcome/code are final).
  bool decided() const { return decided_; }

 private:
  browser::StepOptions Step(const std::string& shot) const;
  void Decide(std::string outcome, std::string code, std::string message, double confidence);
  void KeepPage(const PageSnapshot& page);
  Status Submit(const Analysis& an, const browser::FrameSnapshot& frame);
  Status Confirm(const PageSnapshot& page, const std::string& frame_id);
  Status AfterClick(const ExecuteResult& er, const std::string& frame_id, int step);
  Status Click(FillPlan plan, FinalSubmitInfo info, const std::string& frame_id);
  std::string Screenshot(std::string_view what) const;

  const FormTask& task_;
  const Hooks& hooks_;
  const ClientProfile& profile_;
  BrowserSession& session_;
  const BrowserPathOptions& options_;
  const Clock& clock_;
  TimePoint deadline_;
  FormResult& result_;
  bool may_deliver_ = false;
  bool decided_ = false;
  std::optional<FinalSubmitInfo> last_final_;
  std::string form_page_url_;
  std::vector<std::pair<std::string, std::string>> submitted_;
};

browser::StepOptions Attempt::Step(const std::string& shot) const {
  browser::StepOptions s;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - clock_.Now());
  s.timeout = std::max(std::chrono::milliseconds(1), std::min(left, options_.step_timeout));
  s.settle_timeout = std::min(s.timeout, options_.settle_timeout);
  s.screenshot_path = shot;
  return s;
}

std::string Attempt::Screenshot(std::string_view what) const {
  if (!task_.evidence.screenshots || task_.evidence.screenshot_dir.empty()) return "";
  return task_.evidence.screenshot_dir + "/" + SafeFileName(task_.id) + "-" + std::string(what) +
         ".png";
}

void Attempt::Decide(std::string outcome, std::string code, std::string message,
                     double confidence) {
  decided_ = true;
  result_.outcome = std::move(outcome);
  result_.code = std::move(code);
  result_.message = std::move(message);
  result_.detail.confidence = confidence;
}

void Attempt::KeepPage(const PageSnapshot& page) {
  if (!task_.evidence.keep_pages) return;
  for (const auto& f : page.frames)
    result_.pages.emplace_back(f.url, f.html.substr(0, task_.evidence.max_page_bytes));
}

Status Attempt::Go() {
  auto rendered = session_.Render(task_.url, Step(""));
  if (!rendered.ok()) return rendered.status();
  const PageSnapshot& page = *rendered;
  result_.steps.push_back({"GET", page.url, page.http_status, "browser page"});
  KeepPage(page);
  if (page.http_status >= 400) {
    Document doc(page.main_frame().html);
    std::string wall = DetectChallengePage(doc, page.http_status);
    result_.bot_protection_detected = !wall.empty();
    Decide("failed", wall.empty() ? CodeForHttpStatus(page.http_status) : "WAF_CHALLENGE",
           "form page answered HTTP " + std::to_string(page.http_status), 0.8);
    return Status::Ok();
  }
  PageAnalysis pa = AnalyzeRendered(page, profile_);
  const Analysis& an = pa.analysis;
  const browser::FrameSnapshot& frame = page.frames[pa.frame];
  result_.analysis = AnalysisToJson(an);
  result_.analysis["frame_url"] = frame.url;
  result_.field_mapping = FieldMappingJson(an);
  result_.prohibition_detected = an.refusal.detected;
  result_.prohibition_phrases = an.refusal.phrases;
  result_.bot_protection_detected = an.captcha.detected || an.code == "WAF_CHALLENGE";
  if (!an.code.empty()) {
    bool skip = an.code != "WAF_CHALLENGE" && an.code != "SUBMIT_BUTTON_NOT_FOUND";
    Decide(skip ? "skipped" : "failed", an.code, an.reason + " (rendered page)", 0.9);
    return Status::Ok();
  }
  if (task_.analyze_only) {
    Decide("skipped", "ANALYZE_ONLY", "analysis only: the form can be sent in the browser", 1.0);
    return Status::Ok();
  }
  return Submit(an, frame);
}

Status Attempt::Submit(const Analysis& an, const browser::FrameSnapshot& frame) {
  auto plan = BuildFillPlan(an);
  if (!plan.ok()) {
    Decide("failed", "SUBMIT_BUTTON_NOT_FOUND", plan.status().message(), 0.8);
    return Status::Ok();
  }
  const FormModel& form = *an.form();
  form_page_url_ = frame.url;
  FinalSubmitInfo info;
  info.task_id = task_.id;
  info.form_url = frame.url;
  info.method = ToUpperAscii(form.method);
  auto target = ResolveUrl(frame.url, form.action);
  info.url = target.ok() && !form.is_pseudo ? *target : frame.url;
  info.step = 1;
  info.expects_confirmation = an.submit_kind == "confirm";
  info.fields = PlanFields(an);
  submitted_ = info.fields;
  return Click(std::move(*plan), std::move(info), frame.frame_id);
}

Status Attempt::Click(FillPlan plan, FinalSubmitInfo info, const std::string& frame_id) {
  if (task_.dry_run && (info.step == 2 || !info.expects_confirmation)) {
    result_.judge_signals.push_back("dry run: stopped before clicking the send button");
    Decide("skipped", "DRY_RUN", "dry run: the form would be sent now", 1.0);
    return Status::Ok();
  }
  if (!task_.dry_run && hooks_.before_final) {
    Status s = hooks_.before_final(info);
    if (!s.ok()) {
      Decide("skipped", "SKIPPED_BY_HOOK", s.message(), 1.0);
      return Status::Ok();
    }
  }
  if (!task_.dry_run) last_final_ = info;
  may_deliver_ = true;
  std::string shot = Screenshot(info.step == 1 ? "step1" : "step2");
  auto er = session_.Execute(plan, Step(shot));
  if (!er.ok()) return er.status();
  result_.steps.push_back({"CLICK", er->page.url, er->page.http_status,
                           info.step == 1 ? "browser submit" : "browser final"});
  KeepPage(er->page);
  for (const auto& a : er->actions) {
    if (!a.ok) result_.judge_signals.push_back("fill " + a.element_id + ": " + a.error);
  }
  if (!er->clicked) {
    may_deliver_ = false;
    Decide("failed", "SUBMIT_BUTTON_NOT_FOUND",
           "the send button was not clicked: " + er->click_error, 0.8);
    return Status::Ok();
  }
  return AfterClick(*er, frame_id, info.step);
}

Status Attempt::AfterClick(const ExecuteResult& er, const std::string& frame_id, int step) {
  ClickJudgeInput in{&er.page, frame_id, form_page_url_, submitted_};
  Judgment j = JudgeAfterClick(in);
  for (const std::string& s : j.signals) result_.judge_signals.push_back(s);
  for (const std::string& d : er.page.dialogs) result_.judge_signals.push_back("dialog: " + d);
  const std::string& shot = er.page.screenshot_path;
  auto keep_shot = [&](std::string_view what) {
    if (shot.empty()) return;
    std::string to = Screenshot(what);
    std::error_code ec;
    std::filesystem::rename(shot, to, ec);
    result_.screenshots.push_back(ec ? shot : to);
  };
  if (!er.page.screenshot_error.empty())
    result_.judge_signals.push_back("screenshot: " + er.page.screenshot_error);
  if (j.outcome == "confirm" && step == 1) {
    may_deliver_ = false;  // a confirmation screen proves nothing was sent yet
    keep_shot("confirm");
    return Confirm(er.page, frame_id);
  }
  keep_shot("complete");
  if (j.outcome == "success") {
    result_.submitted = true;
    Decide("success", "SUCCESS", "the site confirmed the message (browser)", j.confidence);
    return Status::Ok();
  }
  if (j.outcome == "confirm") j.code = "SUCCESS_DETERMINATION_FAILED";
  result_.submitted = !CodeProvesNotDelivered(j.code);
  if (j.code == "BOT_DETECTED" || j.code == "WAF_CHALLENGE") result_.bot_protection_detected = true;
  Decide("failed", j.code,
         "the submission was not confirmed: " + (j.signals.empty() ? j.code : j.signals.back()),
         j.confidence);
  return Status::Ok();
}

Status Attempt::Confirm(const PageSnapshot& page, const std::string& frame_id) {
  const browser::FrameSnapshot* frame = &page.main_frame();
  for (const auto& f : page.frames)
    if (f.frame_id == frame_id) frame = &f;
  Document doc(frame->html);
  ConfirmStep cs = ReadConfirmationScreen(doc);
  if (!cs.code.empty()) {
    Decide(NoteConfirmStop(cs, result_), cs.code, cs.reason, 0.9);
    return Status::Ok();
  }
  // What the screen asks for (a consent box, an input left empty) is filled as the HTTP path
  // fills it, then its send button is clicked.
  Analysis screen;
  screen.chosen = cs.form;
  screen.submit_button = cs.button;
  screen.forms = std::move(cs.forms);
  screen.fields = ConfirmationFields(doc, screen.forms[static_cast<size_t>(cs.form)], profile_);
  auto plan = BuildFillPlan(screen);
  if (!plan.ok()) {
    Decide("failed", "SUBMIT_BUTTON_NOT_FOUND", "confirmation screen: " + plan.status().message(),
           0.8);
    return Status::Ok();
  }
  result_.judge_signals.push_back("confirmation screen at " + frame->url);
  FinalSubmitInfo info;
  info.task_id = task_.id;
  info.form_url = form_page_url_;
  info.method = "POST";
  info.url = frame->url;
  info.step = 2;
  info.fields = submitted_;
  return Click(std::move(*plan), std::move(info), frame->frame_id);
}

}  // namespace

BrowserPath::BrowserPath(browser::BrowserPool& pool, const Clock& clock, LoggerPtr log,
                         BrowserPathOptions options)
    : pool_(pool),
      clock_(clock),
      log_(log ? std::move(log) : MakeNullLogger()),
      options_(options) {}

FormResult BrowserPath::Run(const FormTask& task, const Hooks& hooks, const FormResult& http) {
  TimePoint started = clock_.Now();
  FormResult result;
  result.task_id = task.id;
  result.url = task.url;
  result.engine = "browser";
  result.steps = http.steps;
  if (http.code == "NEEDS_BROWSER" && !http.message.empty() && task.mode == EngineMode::kAuto)
    result.judge_signals.push_back("http path: " + http.message);
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::duration<double>(http.elapsed_seconds));
  TimePoint deadline =
      started + std::max(std::chrono::milliseconds(1000), task.time_limit - elapsed);
  std::optional<FinalSubmitInfo> last_final;
  double confidence = 0.9;
  auto profile = ClientProfile::FromConfig(task.client_config, task.company);
  if (!profile.ok()) {
    bool placeholder = profile.status().message().find("placeholder") != std::string::npos;
    result.outcome = placeholder ? "skipped" : "failed";
    result.code = placeholder ? "PLACEHOLDER_UNRESOLVED" : "INSTRUCTION";
    result.message = profile.status().message();
  } else {
    for (int attempt = 0;; ++attempt) {
      FormResult before = result;
      Status s = Status::Ok();
      auto session = pool_.OpenSession({task.id, {}});
      bool may_deliver = false;
      if (!session.ok()) {
        s = session.status();
      } else {
        Attempt a(task, hooks, *profile, **session, options_, clock_, deadline, result);
        s = a.Go();
        may_deliver = a.may_deliver();
        if (a.last_final()) last_final = a.last_final();
        confidence = result.detail.confidence;
      }
      if (s.ok()) break;
      BrowserFailure f = ClassifyBrowserError(s);
      if (f.crashed && !may_deliver && attempt < options_.crash_retries) {
        log_->warn("browser: {} crashed ({}); trying once more", task.id, s.message());
        result = std::move(before);
        result.judge_signals.push_back("browser crashed, retried: " + s.message());
        continue;
      }
      if (may_deliver && f.code != "SSRF_BLOCKED") result.submitted = true;
      result.outcome = "failed";
      result.code = f.code;
      result.message = "browser: " + s.message();
      confidence = 0.6;
      break;
    }
  }
  result.elapsed_seconds =
      http.elapsed_seconds + std::chrono::duration<double>(clock_.Now() - started).count();
  Json ev = {
      {"original_url", task.url}, {"judge_signals", result.judge_signals}, {"engine", "browser"}};
  if (!result.steps.empty()) {
    ev["final_url"] = result.steps.back().url;
    ev["http_status"] = result.steps.back().status;
  }
  if (!result.screenshots.empty()) ev["screenshots"] = result.screenshots;
  if (result.prohibition_detected) ev["prohibition_phrases"] = result.prohibition_phrases;
  ev["message"] = result.message;
  result.detail = MakeDetail(result.code, confidence, ev, result.submitted);
  if (last_final && hooks.after_final) hooks.after_final(*last_final, result);
  return result;
}

}  // namespace formsender::engine

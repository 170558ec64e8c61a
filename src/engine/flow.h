#pragma once
// One form's flow as a state machine driven by the Engine's loop: page → (frame) → first
// submission → (confirmation screen → send) → judgment. Each network answer moves it one
// step; no call blocks.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/analyze.h"
#include "engine/assign.h"
#include "engine/engine.h"
#include "engine/judge.h"
#include "engine/session.h"
#include "engine/submit.h"

namespace formsender::engine {

// Records why a confirmation screen stopped the flow (refusal phrases, CAPTCHA) in `result`
// and returns the outcome that stop means: skipped for a decision, failed for no send button.
std::string NoteConfirmStop(const ConfirmStep& stop, FormResult& result);

class FormJob {
 public:
  FormJob(const EngineOptions& options, const Hooks& hooks, const Clock& clock, FormTask task,
          std::function<void(FormResult)> done);

  // Validates the task and prepares the first request (or finishes at once).
  void Begin();
  bool done() const { return done_flag_; }
  bool has_request() const { return request_.has_value(); }
  const std::string& request_host() const { return host_; }
  // Prepares the easy handle for the pending request; nullptr when that failed (the job then
  // finished or moved on: check done()/has_request()).
  CURL* StartRequest();
  void OnTransferDone(CURLcode code);
  // Stops the flow (deadline or shutdown).
  void Abort(const std::string& code, const std::string& message);
  TimePoint deadline() const { return deadline_; }
  bool request_in_flight() const { return in_flight_; }
  CURL* handle() const { return session_.handle(); }
  // Calls the done callback with the result (once).
  void Deliver();

 private:
  enum class Stage { kPage, kFrame, kFirstSubmit, kFinalSubmit };
  struct Request {
    std::string method;
    std::string url;
    std::string body;
    std::string content_type;
    std::string referer;
    std::string note;
  };

  void Queue(Request r);
  void OnPage(const HttpResult& r);
  void OnSubmitResponse(const HttpResult& r);
  void OnConfirmPage(const Document& doc, const std::string& url, const std::string& charset);
  void SendForm(const FormModel& form, const std::vector<Field>& fields, int button,
                const std::string& page_url, const std::string& charset, int step,
                bool expects_confirmation);
  void Complete(std::string outcome, std::string code, std::string message,
                double confidence = 0.9);
  void KeepPage(const std::string& url, const std::string& html);
  // Adds the time since `since` to result_.stage_seconds[stage].
  void AddStageTime(const char* stage, TimePoint since);

  const EngineOptions& options_;
  const Hooks& hooks_;
  const Clock& clock_;
  FormTask task_;
  std::function<void(FormResult)> done_;
  TimePoint started_;
  TimePoint deadline_;
  TimePoint request_started_;
  Session session_;
  std::optional<ClientProfile> profile_;
  std::optional<Request> request_;
  std::string host_;
  Stage stage_ = Stage::kPage;
  int redirects_ = 0;
  bool in_flight_ = false;
  bool may_deliver_ = false;  // the request in flight may deliver the message
  bool done_flag_ = false;
  bool delivered_ = false;
  std::string form_page_url_;
  std::string form_charset_;
  std::vector<std::pair<std::string, std::string>> submitted_fields_;
  std::optional<FinalSubmitInfo> last_final_;
  std::unique_ptr<Analysis> page_analysis_;
  FormResult result_;
};

}  // namespace formsender::engine

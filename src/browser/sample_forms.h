#pragma once
// Loopback sample sites whose contact forms only work with JavaScript, for the browser tests and
// bench/browser (and for the engine's comparison of the HTTP and browser paths):
//
//   /react/   a form built by script after load, with controlled inputs: values reach the
//             app's state only through input/change events, and it posts that state as JSON
//   /widget/  an embed script that inserts a same-site <iframe> holding the form
//   /token/   a form whose hidden token is computed by script at submit; then a confirmation
//             page (確認 → 送信)
//   /cf7/     Contact Form 7 style: the submit is an AJAX multipart POST answered with JSON
//             ({"status":"mail_sent", ...}) and the page shows the message
//
// plus pages for failure tests: /slow (never finishes its HTML), /busy (a script spins after
// load), /restless (the DOM changes forever), /hold (the server waits until released), and
// /ssrf (subresources aimed at other loopback hosts), /dialog/ (confirm() before submitting)
// /cookie (sets a session cookie) and /heavy/ (images, fonts, media, a beacon, a tag manager).
// Every request is recorded, so tests check exactly what the browser posted.

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "browser/types.h"
#include "common/http_router.h"
#include "common/http_server.h"

namespace formsender::browser {

struct Submission {
  std::string path;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> fields;  // form, multipart or JSON members
  std::string body;
  // The value of field `name` ("" when absent).
  std::string Field(std::string_view name) const;
  bool Has(std::string_view name) const;
};

enum class SampleForm { kReact, kWidget, kToken, kCf7 };
std::string_view SampleFormName(SampleForm form);
inline constexpr SampleForm kAllSampleForms[] = {SampleForm::kReact, SampleForm::kWidget,
                                                 SampleForm::kToken, SampleForm::kCf7};

// What the sample plans type.
struct SampleSender {
  std::string company = "株式会社テスト商事";
  std::string name = "山田 太郎";
  std::string email = "taro@example.co.jp";
  std::string tel = "03-1234-5678";
  std::string subject = "サービスのご案内";
  std::string message = "はじめまして。\n弊社サービスのご案内です。";
};

class SampleSites {
 public:
  SampleSites();
  ~SampleSites();
  SampleSites(const SampleSites&) = delete;
  SampleSites& operator=(const SampleSites&) = delete;

  Status Start();
  int port() const { return server_ ? server_->port() : 0; }
  // "http://127.0.0.1:<port><path>", or with another host name (e.g. "site.localhost").
  std::string Url(std::string_view path, std::string_view host = "127.0.0.1") const;
  std::string FormUrl(SampleForm form, std::string_view host = "127.0.0.1") const;
  // Where a completed submission of `form` is recorded.
  static std::string_view FinalPath(SampleForm form);

  std::vector<Submission> Submissions(std::string_view path) const;
  int Hits(std::string_view path) const;  // requests for exactly this path
  int HitsWithPrefix(std::string_view prefix) const;
  void Reset();  // forgets submissions and hits

  // /hold waits until released; WaitForHeld returns once a request is waiting there.
  bool WaitForHeld(std::chrono::milliseconds timeout);
  void ReleaseHeld();

 private:
  void Record(const HttpRequest& request);
  HttpResponse TokenConfirm(HttpRequest& request);
  HttpResponse Stall(HttpRequest& request);
  HttpResponse Hold(HttpRequest& request);

  Router router_;
  std::unique_ptr<HttpServer> server_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Submission> submissions_;
  std::map<std::string, int> hits_;
  std::vector<std::string> nonces_;
  int held_ = 0;
  bool released_ = false;
  bool stopping_ = false;
};

// The plan for `form` on its rendered page: SampleSender's values by field name, the consent
// box ticked, a choice made, and the submit button (the 確認 button for kToken).
Result<FillPlan> SamplePlan(SampleForm form, const PageSnapshot& snapshot,
                            const SampleSender& sender = {});
// The token form's confirmation page: click 送信する (nothing to fill).
Result<FillPlan> SampleConfirmPlan(const PageSnapshot& snapshot);
// The data-fs-id of the element with attribute name=value in any frame of `snapshot`.
Result<std::string> FindInSnapshot(const PageSnapshot& snapshot, std::string_view attribute,
                                   std::string_view value);

}  // namespace formsender::browser

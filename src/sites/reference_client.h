#pragma once
// The answer key played back: a client that completes a corpus case with the values of its
// expected.json, submitting the chosen form exactly as a browser does (successful controls in
// document order, the clicked button, image-button coordinates, the page's charset or the
// form's accept-charset, multipart when the form says so), following redirects, a same-site
// iframe, a form-less container with a data-action, and a confirmation screen, with cookies.
//
// It is not an engine: it is told which form and values are right. The corpus tests use it to
// prove that every successful case can be completed and that expected.json's final_fields is
// what a browser would send.

#include <map>
#include <string>
#include <vector>

#include "common/http_client.h"
#include "sites/expected_case.h"

namespace formsender::sites {

struct ReferenceRun {
  std::vector<std::string> steps;  // "GET /contact/ 200", "POST /contact/confirm.php 200", …
};

class ReferenceClient {
 public:
  // `base_url` is the site's root, e.g. http://cf7-basic.localhost:8480
  ReferenceClient(HttpClient& http, std::string base_url)
      : http_(http), base_(std::move(base_url)) {}

  // Opens the entry page, submits the expected values and, when expected, the confirmation
  // screen. Errors say which step failed and why.
  Result<ReferenceRun> Complete(const ExpectedCase& expected);

 private:
  struct Page {
    std::string path;     // path (and query) of the page after redirects
    std::string html;     // decoded to UTF-8
    std::string charset;  // canonical charset of the page
    int status = 0;
  };
  Result<Page> Request(std::string method, std::string path, std::string body,
                       std::string content_type, ReferenceRun& run);

  HttpClient& http_;
  std::string base_;
  std::map<std::string, std::string> cookies_;
};

}  // namespace formsender::sites

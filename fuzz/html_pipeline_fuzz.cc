// The form engine's whole page pipeline on arbitrary bytes: decode (Content-Type charset, BOM,
// <meta>, detection) → parse → find and choose the form → label → classify → assign the sample
// client's values → build the submission a click would send → the evidence JSON.
//
// Input: "<Content-Type header value>\n<body bytes>". Seeds are the test forms' pages, served
// in their own charsets (fuzz/tools/make-seeds regenerates them).
#include <cstdint>
#include <string>

#include "engine/analyze.h"
#include "engine/session.h"
#include "engine/submit.h"
#include "engine/test_util.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace formsender;
  using namespace formsender::engine;
  fuzz::FuzzInput in(data, size);
  std::string content_type(in.Line(200));
  std::string raw(in.Rest());

  std::string utf8;
  std::string charset = DecodeBody(raw, content_type, &utf8);
  FUZZ_CHECK(!charset.empty(), "DecodeBody returned no charset");

  // The engine tests' sample client (form-engine-cases.md), so every field category can be
  // filled and the submission built.
  static const ClientProfile kProfile = formsender::engine::testing::SampleProfile();
  AnalyzeOptions options;
  options.profile = &kProfile;
  const std::string url = "https://ex.co.jp/contact/";
  Analysis a = AnalyzePage(utf8, url, charset, options);

  FUZZ_CHECK(a.chosen < static_cast<int>(a.forms.size()), "chosen form out of range");
  if (const FormModel* form = a.form()) {
    for (const Field& f : a.fields) {
      for (int c : f.controls) {
        FUZZ_CHECK(c >= 0 && static_cast<size_t>(c) < form->controls.size(),
                   "field control index out of range");
      }
      for (int c : f.checked) {
        FUZZ_CHECK(c >= 0 && static_cast<size_t>(c) < form->controls.size(),
                   "checked control index out of range");
      }
    }
    FUZZ_CHECK(a.submit_button < static_cast<int>(form->buttons.size()),
               "submit button out of range");
    auto request = BuildSubmission(*form, a.fields, a.submit_button, url, a.charset);
    if (request.ok()) {
      FUZZ_CHECK(request->method == "GET" || request->method == "POST", request->method);
      FUZZ_CHECK(request->url.rfind("http://", 0) == 0 || request->url.rfind("https://", 0) == 0,
                 request->url);
    }
    // The other button choice too (a confirmation page's send button).
    int final_button = ChooseSubmitButton(*form, /*final_step=*/true);
    FUZZ_CHECK(final_button < static_cast<int>(form->buttons.size()), "final button out of range");
  }
  // The evidence stored with a submission must serialise whatever the page held.
  std::string json = DumpJson(AnalysisToJson(a)) + DumpJson(FieldMappingJson(a));
  FUZZ_CHECK(!json.empty(), "empty analysis JSON");
  return 0;
}

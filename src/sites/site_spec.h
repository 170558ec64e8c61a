#pragma once
// What one sample site is: its pages, routes, forms and server-side rules, and the faults it
// injects. Read from a case folder's site.json (schema in docs/sites.md) and the files beside
// it; every problem is reported with the file and the JSON path of the offending member.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/json.h"
#include "common/status.h"

namespace formsender::sites {

// Misbehaviour a site or a route can be told to show. All zero/false = a healthy site.
struct Faults {
  int64_t delay_ms = 0;  // wait before the response starts (slow first byte)
  int status = 0;        // answer with this HTTP status instead of the normal response
  int fail_first = 0;    // the first N requests answer 503, later ones are normal
  bool hang = false;     // never answer (until hang_ms, then 504, or until shutdown)
  int64_t hang_ms = 600'000;
  int64_t huge_page_bytes = 0;     // pad the page with filler to this many bytes
  bool endless_chunked = false;    // the page, then chunked filler that never ends
  int64_t slow_loris_tick_ms = 0;  // send the body a few bytes per tick
  int64_t slow_loris_bytes = 1;
  int64_t gzip_bomb_bytes = 0;  // a small gzip body that inflates to this many bytes

  bool empty() const;
  Json ToJson() const;
};

// `json` may be null (no faults). Unknown members are errors naming `path`.
Result<Faults> ParseFaults(const Json& json, std::string_view path);
Result<Faults> ParseOrderedFaults(const OrderedJson& json, std::string_view path);
// Adds `extra` on top of `base` (delays add up, set members of `extra` win).
Faults CombineFaults(const Faults& base, const Faults& extra);

// Server-side validation of one field, as a PHP script or a WordPress plugin would do it.
struct FieldRule {
  std::string label;  // used in error messages ("お名前は必須項目です。")
  bool required = false;
  // "" | email | tel | tel_digits | tel_hyphen | postal | postal_digits | digits | katakana |
  // hiragana | zenkaku | hankaku | url
  std::string format;
  int64_t length = 0;  // exact length in characters (digits, postal parts)
  int64_t min_length = 0;
  int64_t max_length = 0;           // in characters
  std::string equals;               // another field that must hold the same value (確認用)
  std::vector<std::string> one_of;  // allowed values (select, radio, checkbox)
  std::string message;              // custom error message, replaces the generated one
};

struct FormSpec {
  std::string id;
  std::string charset;  // decoding charset of submissions when it differs from the page's
  std::vector<std::pair<std::string, FieldRule>> fields;  // in page order
  std::vector<std::string> honeypots;  // must arrive empty; filled → recorded as spam
  std::vector<std::pair<std::string, std::string>> hidden;  // must be echoed exactly
  std::string csrf_field;      // a session-bound token issued by {{csrf_token}}
  std::string captcha_field;   // must be present and non-empty (reCAPTCHA response …)
  std::string captcha_answer;  // if set, captcha_field must equal it (image CAPTCHA)
  // Names left out of {{hidden_all}} (buttons, step selectors, tokens rendered elsewhere).
  std::vector<std::string> exclude_from_echo;
  std::string error_format = "<span class=\"error\">{message}</span>";
  std::string errors_format = "<ul class=\"error-list\">{items}</ul>";
  std::string error_item_format = "<li>{message}</li>";
};

// What a route answers with after a submission step.
struct Reply {
  std::string page;      // a template file of the case folder
  std::string redirect;  // or a redirect to this path (303 after POST unless status says)
  int status = 0;        // 0 = 200 for pages, 302 for redirects
  bool is_set() const { return !page.empty() || !redirect.empty(); }
};

enum class Step { kInput, kConfirm, kFinal };

struct SubmitSpec {
  std::string form;  // key into SiteSpec::forms
  // How the step is chosen: a fixed step, the value of a field (EC-CUBE "mode"), or the
  // presence of a named button (MW WP Form "submitConfirm"/"submit"/"submitBack").
  std::optional<Step> step;
  std::string step_field;
  std::vector<std::pair<std::string, Step>> step_values;
  std::vector<std::pair<std::string, Step>> step_buttons;
  Step default_step = Step::kFinal;
  bool values_from_session = false;  // the final step reads what the confirm step stored
  // "form" (urlencoded or multipart by Content-Type), or "json" (fetch with a JSON body).
  std::string body = "form";
  // "html" | "cf7_json" | "smf_json" | "json"
  std::string response = "html";
  Reply on_input;  // back to the input page (戻る)
  Reply on_confirm;
  Reply on_final;
  Reply on_error;  // validation failed
  Reply on_spam;   // a honeypot was filled (defaults to on_final: pretend success)
  std::map<std::string, std::string> messages;  // sent, invalid, spam, forbidden
};

struct Route {
  std::string path;
  bool is_prefix = false;      // path ends with "*": matches everything under it
  std::string method = "GET";  // GET (also answers HEAD), POST, PUT, ANY
  std::string page;            // template file to render
  int status = 0;
  std::string content_type;  // default from the file extension
  std::string redirect;
  int redirect_status = 302;
  std::optional<SubmitSpec> submit;
  Faults faults;
};

struct SiteSpec {
  std::string name;  // host label: <name>.localhost
  std::string dir;   // the folder it was loaded from ("" for specs built in code)
  std::string charset = "utf-8";
  bool charset_in_header = true;  // Content-Type carries "; charset=…"
  bool gzip = true;               // compress pages for clients that accept gzip
  std::string session_cookie = "PHPSESSID";
  Faults faults;
  std::vector<Route> routes;
  std::map<std::string, FormSpec> forms;
  std::map<std::string, std::string> files;  // path relative to the folder → bytes
};

// Parses site.json (`text`) of a site called `name`; `files` holds the folder's other files.
// Every page, reply and form a route names must exist.
Result<SiteSpec> ParseSiteSpec(std::string_view text, std::string name,
                               std::map<std::string, std::string> files,
                               std::string_view source = "site.json");

// Loads a case folder: site.json and every other regular file under it (except
// expected.json), read as bytes. The site is named after the folder.
Result<SiteSpec> LoadSiteDir(const std::string& dir);

// Every case folder under `root` (a folder with a site.json), sorted by name.
Result<std::vector<SiteSpec>> LoadSitesUnder(const std::string& root);

std::string_view StepName(Step step);

}  // namespace formsender::sites

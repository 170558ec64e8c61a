#include "sites/site_spec.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/charset.h"
#include "common/strings.h"

namespace formsender::sites {
namespace {

namespace fs = std::filesystem;

// Reads the members of one JSON object, remembering which were used so that a misspelt
// member is an error rather than a silently ignored setting.
class ObjectReader {
 public:
  ObjectReader(const OrderedJson& obj, std::string path) : obj_(obj), path_(std::move(path)) {}

  Status CheckObject() const {
    if (!obj_.is_object()) return Status::InvalidArgument(path_ + " must be an object");
    return Status::Ok();
  }
  bool Has(const std::string& key) {
    used_.insert(key);
    return obj_.contains(key) && !obj_.at(key).is_null();
  }
  const OrderedJson& At(const std::string& key) {
    used_.insert(key);
    return obj_.at(key);
  }
  std::string Path(const std::string& key) const { return path_ + "." + key; }

  Status String(const std::string& key, std::string& out) {
    if (!Has(key)) return Status::Ok();
    const OrderedJson& v = obj_.at(key);
    if (!v.is_string()) return Status::InvalidArgument(Path(key) + " must be a string");
    out = v.get<std::string>();
    return Status::Ok();
  }
  Status Int(const std::string& key, int64_t& out, int64_t min_value = 0) {
    if (!Has(key)) return Status::Ok();
    const OrderedJson& v = obj_.at(key);
    if (!v.is_number_integer()) return Status::InvalidArgument(Path(key) + " must be an integer");
    out = v.get<int64_t>();
    if (out < min_value) {
      return Status::InvalidArgument(Path(key) + " must be at least " + std::to_string(min_value));
    }
    return Status::Ok();
  }
  Status Int(const std::string& key, int& out, int64_t min_value = 0) {
    int64_t v = out;
    FS_RETURN_IF_ERROR(Int(key, v, min_value));
    out = static_cast<int>(v);
    return Status::Ok();
  }
  Status Bool(const std::string& key, bool& out) {
    if (!Has(key)) return Status::Ok();
    const OrderedJson& v = obj_.at(key);
    if (!v.is_boolean()) return Status::InvalidArgument(Path(key) + " must be true or false");
    out = v.get<bool>();
    return Status::Ok();
  }
  Status StringList(const std::string& key, std::vector<std::string>& out) {
    if (!Has(key)) return Status::Ok();
    const OrderedJson& v = obj_.at(key);
    if (!v.is_array()) return Status::InvalidArgument(Path(key) + " must be an array of strings");
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) {
        return Status::InvalidArgument(Path(key) + "[" + std::to_string(i) + "] must be a string");
      }
      out.push_back(v[i].get<std::string>());
    }
    return Status::Ok();
  }
  // An object whose members are all strings, in order.
  Status StringPairs(const std::string& key,
                     std::vector<std::pair<std::string, std::string>>& out) {
    if (!Has(key)) return Status::Ok();
    const OrderedJson& v = obj_.at(key);
    if (!v.is_object()) return Status::InvalidArgument(Path(key) + " must be an object");
    for (const auto& [name, value] : v.items()) {
      if (!value.is_string()) {
        return Status::InvalidArgument(Path(key) + "." + name + " must be a string");
      }
      out.emplace_back(name, value.get<std::string>());
    }
    return Status::Ok();
  }
  // Every member must have been read by now.
  Status Done() const {
    for (const auto& [key, value] : obj_.items()) {
      if (!used_.count(key)) {
        return Status::InvalidArgument(path_ + " has an unknown member \"" + key + "\"");
      }
    }
    return Status::Ok();
  }

 private:
  const OrderedJson& obj_;
  std::string path_;
  std::set<std::string> used_;
};

Result<Step> ParseStep(const OrderedJson& v, const std::string& path) {
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s == "input" || s == "back") return Step::kInput;
    if (s == "confirm") return Step::kConfirm;
    if (s == "final") return Step::kFinal;
  }
  return Status::InvalidArgument(path + " must be \"input\", \"back\", \"confirm\" or \"final\"");
}

Result<std::vector<std::pair<std::string, Step>>> ParseStepMap(const OrderedJson& v,
                                                               const std::string& path) {
  if (!v.is_object()) return Status::InvalidArgument(path + " must be an object");
  std::vector<std::pair<std::string, Step>> out;
  for (const auto& [key, value] : v.items()) {
    FS_ASSIGN_OR_RETURN(Step step, ParseStep(value, path + "." + key));
    out.emplace_back(key, step);
  }
  return out;
}

const std::set<std::string>& KnownFormats() {
  static const std::set<std::string> kFormats = {
      "",       "email",    "tel",      "tel_digits", "tel_hyphen", "postal", "postal_digits",
      "digits", "katakana", "hiragana", "zenkaku",    "hankaku",    "url"};
  return kFormats;
}

Result<FieldRule> ParseFieldRule(const OrderedJson& v, const std::string& path) {
  FieldRule rule;
  ObjectReader r(v, path);
  FS_RETURN_IF_ERROR(r.CheckObject());
  FS_RETURN_IF_ERROR(r.String("label", rule.label));
  FS_RETURN_IF_ERROR(r.Bool("required", rule.required));
  FS_RETURN_IF_ERROR(r.String("format", rule.format));
  if (!KnownFormats().count(rule.format)) {
    return Status::InvalidArgument(r.Path("format") + ": unknown format \"" + rule.format + "\"");
  }
  FS_RETURN_IF_ERROR(r.Int("length", rule.length));
  FS_RETURN_IF_ERROR(r.Int("min_length", rule.min_length));
  FS_RETURN_IF_ERROR(r.Int("max_length", rule.max_length));
  FS_RETURN_IF_ERROR(r.String("equals", rule.equals));
  FS_RETURN_IF_ERROR(r.StringList("one_of", rule.one_of));
  FS_RETURN_IF_ERROR(r.String("message", rule.message));
  FS_RETURN_IF_ERROR(r.Done());
  return rule;
}

Result<FormSpec> ParseForm(const OrderedJson& v, const std::string& id, const std::string& path) {
  FormSpec form;
  form.id = id;
  ObjectReader r(v, path);
  FS_RETURN_IF_ERROR(r.CheckObject());
  FS_RETURN_IF_ERROR(r.String("charset", form.charset));
  if (!form.charset.empty()) {
    auto canonical = CanonicalCharset(form.charset);
    if (!canonical.ok()) return canonical.status().WithContext(r.Path("charset"));
  }
  if (r.Has("fields")) {
    const OrderedJson& fields = r.At("fields");
    if (!fields.is_object())
      return Status::InvalidArgument(r.Path("fields") + " must be an object");
    for (const auto& [name, rule_json] : fields.items()) {
      FS_ASSIGN_OR_RETURN(FieldRule rule, ParseFieldRule(rule_json, r.Path("fields") + "." + name));
      form.fields.emplace_back(name, std::move(rule));
    }
  }
  FS_RETURN_IF_ERROR(r.StringList("honeypots", form.honeypots));
  FS_RETURN_IF_ERROR(r.StringPairs("hidden", form.hidden));
  FS_RETURN_IF_ERROR(r.String("csrf_field", form.csrf_field));
  FS_RETURN_IF_ERROR(r.String("captcha_field", form.captcha_field));
  FS_RETURN_IF_ERROR(r.String("captcha_answer", form.captcha_answer));
  FS_RETURN_IF_ERROR(r.StringList("exclude_from_echo", form.exclude_from_echo));
  FS_RETURN_IF_ERROR(r.String("error_format", form.error_format));
  FS_RETURN_IF_ERROR(r.String("errors_format", form.errors_format));
  FS_RETURN_IF_ERROR(r.String("error_item_format", form.error_item_format));
  FS_RETURN_IF_ERROR(r.Done());
  for (const auto& [name, rule] : form.fields) {
    if (!rule.equals.empty() &&
        std::none_of(form.fields.begin(), form.fields.end(),
                     [&](const auto& f) { return f.first == rule.equals; })) {
      return Status::InvalidArgument(path + ".fields." + name + ".equals names \"" + rule.equals +
                                     "\", which is not a field of the form");
    }
  }
  return form;
}

Result<Reply> ParseReply(const OrderedJson& v, const std::string& path) {
  Reply reply;
  if (v.is_string()) {
    reply.page = v.get<std::string>();
    return reply;
  }
  ObjectReader r(v, path);
  FS_RETURN_IF_ERROR(r.CheckObject());
  FS_RETURN_IF_ERROR(r.String("page", reply.page));
  FS_RETURN_IF_ERROR(r.String("redirect", reply.redirect));
  FS_RETURN_IF_ERROR(r.Int("status", reply.status, 100));
  FS_RETURN_IF_ERROR(r.Done());
  if (reply.page.empty() == reply.redirect.empty()) {
    return Status::InvalidArgument(path + " needs exactly one of \"page\" and \"redirect\"");
  }
  return reply;
}

Result<SubmitSpec> ParseSubmit(const OrderedJson& v, const std::string& path) {
  SubmitSpec s;
  ObjectReader r(v, path);
  FS_RETURN_IF_ERROR(r.CheckObject());
  FS_RETURN_IF_ERROR(r.String("form", s.form));
  if (s.form.empty()) return Status::InvalidArgument(path + ".form is required");
  if (r.Has("step")) {
    FS_ASSIGN_OR_RETURN(s.step, ParseStep(r.At("step"), r.Path("step")));
  }
  FS_RETURN_IF_ERROR(r.String("step_field", s.step_field));
  if (r.Has("step_values")) {
    FS_ASSIGN_OR_RETURN(s.step_values, ParseStepMap(r.At("step_values"), r.Path("step_values")));
  }
  if (r.Has("step_buttons")) {
    FS_ASSIGN_OR_RETURN(s.step_buttons, ParseStepMap(r.At("step_buttons"), r.Path("step_buttons")));
  }
  if (r.Has("default_step")) {
    FS_ASSIGN_OR_RETURN(s.default_step, ParseStep(r.At("default_step"), r.Path("default_step")));
  }
  if (s.step_field.empty() != s.step_values.empty()) {
    return Status::InvalidArgument(path + ": step_field and step_values go together");
  }
  FS_RETURN_IF_ERROR(r.Bool("values_from_session", s.values_from_session));
  FS_RETURN_IF_ERROR(r.String("body", s.body));
  if (s.body != "form" && s.body != "json") {
    return Status::InvalidArgument(r.Path("body") + " must be \"form\" or \"json\"");
  }
  FS_RETURN_IF_ERROR(r.String("response", s.response));
  if (s.response != "html" && s.response != "cf7_json" && s.response != "smf_json" &&
      s.response != "json") {
    return Status::InvalidArgument(r.Path("response") +
                                   " must be \"html\", \"cf7_json\", \"smf_json\" or \"json\"");
  }
  struct Named {
    const char* key;
    Reply* reply;
  };
  for (Named n : {Named{"on_input", &s.on_input}, Named{"on_confirm", &s.on_confirm},
                  Named{"on_final", &s.on_final}, Named{"on_error", &s.on_error},
                  Named{"on_spam", &s.on_spam}}) {
    if (r.Has(n.key)) {
      FS_ASSIGN_OR_RETURN(*n.reply, ParseReply(r.At(n.key), r.Path(n.key)));
    }
  }
  std::vector<std::pair<std::string, std::string>> messages;
  FS_RETURN_IF_ERROR(r.StringPairs("messages", messages));
  s.messages.insert(messages.begin(), messages.end());
  FS_RETURN_IF_ERROR(r.Done());
  if (s.response == "html" && !s.on_final.is_set()) {
    return Status::InvalidArgument(path + ".on_final is required for HTML responses");
  }
  return s;
}

Result<Route> ParseRoute(const OrderedJson& v, const std::string& path) {
  Route route;
  ObjectReader r(v, path);
  FS_RETURN_IF_ERROR(r.CheckObject());
  FS_RETURN_IF_ERROR(r.String("path", route.path));
  if (route.path.empty() || route.path[0] != '/') {
    return Status::InvalidArgument(path + ".path must start with /");
  }
  if (route.path.back() == '*') {
    route.is_prefix = true;
    route.path.pop_back();
  }
  FS_RETURN_IF_ERROR(r.String("method", route.method));
  route.method = ToUpperAscii(route.method);
  if (route.method != "GET" && route.method != "POST" && route.method != "PUT" &&
      route.method != "ANY") {
    return Status::InvalidArgument(r.Path("method") + " must be GET, POST, PUT or ANY");
  }
  FS_RETURN_IF_ERROR(r.String("page", route.page));
  FS_RETURN_IF_ERROR(r.Int("status", route.status, 100));
  FS_RETURN_IF_ERROR(r.String("content_type", route.content_type));
  FS_RETURN_IF_ERROR(r.String("redirect", route.redirect));
  FS_RETURN_IF_ERROR(r.Int("redirect_status", route.redirect_status, 300));
  if (r.Has("submit")) {
    FS_ASSIGN_OR_RETURN(route.submit, ParseSubmit(r.At("submit"), r.Path("submit")));
  }
  if (r.Has("faults")) {
    FS_ASSIGN_OR_RETURN(route.faults, ParseOrderedFaults(r.At("faults"), r.Path("faults")));
  }
  FS_RETURN_IF_ERROR(r.Done());
  int kinds = !route.page.empty() + !route.redirect.empty() + route.submit.has_value();
  if (kinds > 1) {
    return Status::InvalidArgument(path + " has more than one of page, redirect and submit");
  }
  if (kinds == 0 && route.status == 0 && route.faults.empty()) {
    return Status::InvalidArgument(path +
                                   " needs a page, a redirect, a submit, a status or faults");
  }
  return route;
}

Status CheckFile(const SiteSpec& site, const std::string& file, const std::string& path) {
  if (file.empty() || site.files.count(file)) return Status::Ok();
  return Status::InvalidArgument(path + " names \"" + file + "\", which is not in the folder");
}

Status CheckReferences(const SiteSpec& site, const std::string& source) {
  for (size_t i = 0; i < site.routes.size(); ++i) {
    const Route& route = site.routes[i];
    std::string path = source + ": routes[" + std::to_string(i) + "]";
    FS_RETURN_IF_ERROR(CheckFile(site, route.page, path + ".page"));
    if (!route.submit) continue;
    const SubmitSpec& s = *route.submit;
    if (!site.forms.count(s.form)) {
      return Status::InvalidArgument(path + ".submit.form names \"" + s.form +
                                     "\", which is not in \"forms\"");
    }
    for (const Reply* reply : {&s.on_input, &s.on_confirm, &s.on_final, &s.on_error, &s.on_spam}) {
      FS_RETURN_IF_ERROR(CheckFile(site, reply->page, path + ".submit"));
    }
  }
  return Status::Ok();
}

bool IsValidSiteName(const std::string& name) {
  if (name.empty() || name.size() > 63 || name.front() == '-' || name.back() == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

Result<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path.string());
  std::ostringstream data;
  data << in.rdbuf();
  return data.str();
}

}  // namespace

bool Faults::empty() const {
  return delay_ms == 0 && status == 0 && fail_first == 0 && !hang && huge_page_bytes == 0 &&
         !endless_chunked && slow_loris_tick_ms == 0 && gzip_bomb_bytes == 0;
}

Json Faults::ToJson() const {
  Json j = Json::object();
  if (delay_ms) j["delay_ms"] = delay_ms;
  if (status) j["status"] = status;
  if (fail_first) j["fail_first"] = fail_first;
  if (hang) {
    j["hang"] = true;
    j["hang_ms"] = hang_ms;
  }
  if (huge_page_bytes) j["huge_page_bytes"] = huge_page_bytes;
  if (endless_chunked) j["endless_chunked"] = true;
  if (slow_loris_tick_ms) {
    j["slow_loris_tick_ms"] = slow_loris_tick_ms;
    j["slow_loris_bytes"] = slow_loris_bytes;
  }
  if (gzip_bomb_bytes) j["gzip_bomb_bytes"] = gzip_bomb_bytes;
  return j;
}

Result<Faults> ParseOrderedFaults(const OrderedJson& json, std::string_view path_view) {
  Faults f;
  if (json.is_null()) return f;
  std::string path(path_view);
  ObjectReader r(json, path);
  FS_RETURN_IF_ERROR(r.CheckObject());
  FS_RETURN_IF_ERROR(r.Int("delay_ms", f.delay_ms));
  FS_RETURN_IF_ERROR(r.Int("status", f.status, 0));
  if (f.status != 0 && (f.status < 100 || f.status > 599)) {
    return Status::InvalidArgument(path + ".status must be an HTTP status (100-599)");
  }
  FS_RETURN_IF_ERROR(r.Int("fail_first", f.fail_first));
  FS_RETURN_IF_ERROR(r.Bool("hang", f.hang));
  FS_RETURN_IF_ERROR(r.Int("hang_ms", f.hang_ms, 1));
  FS_RETURN_IF_ERROR(r.Int("huge_page_bytes", f.huge_page_bytes));
  FS_RETURN_IF_ERROR(r.Bool("endless_chunked", f.endless_chunked));
  FS_RETURN_IF_ERROR(r.Int("slow_loris_tick_ms", f.slow_loris_tick_ms));
  FS_RETURN_IF_ERROR(r.Int("slow_loris_bytes", f.slow_loris_bytes, 1));
  FS_RETURN_IF_ERROR(r.Int("gzip_bomb_bytes", f.gzip_bomb_bytes));
  FS_RETURN_IF_ERROR(r.Done());
  return f;
}

Result<Faults> ParseFaults(const Json& json, std::string_view path) {
  FS_ASSIGN_OR_RETURN(OrderedJson ordered, ParseOrderedJson(DumpJson(json), path));
  return ParseOrderedFaults(ordered, path);
}

Faults CombineFaults(const Faults& base, const Faults& extra) {
  Faults f = base;
  f.delay_ms += extra.delay_ms;
  if (extra.status) f.status = extra.status;
  if (extra.fail_first) f.fail_first = extra.fail_first;
  if (extra.hang) {
    f.hang = true;
    f.hang_ms = extra.hang_ms;
  }
  if (extra.huge_page_bytes) f.huge_page_bytes = extra.huge_page_bytes;
  if (extra.endless_chunked) f.endless_chunked = true;
  if (extra.slow_loris_tick_ms) {
    f.slow_loris_tick_ms = extra.slow_loris_tick_ms;
    f.slow_loris_bytes = extra.slow_loris_bytes;
  }
  if (extra.gzip_bomb_bytes) f.gzip_bomb_bytes = extra.gzip_bomb_bytes;
  return f;
}

std::string_view StepName(Step step) {
  switch (step) {
    case Step::kInput:
      return "input";
    case Step::kConfirm:
      return "confirm";
    case Step::kFinal:
      return "final";
  }
  return "final";
}

Result<SiteSpec> ParseSiteSpec(std::string_view text, std::string name,
                               std::map<std::string, std::string> files,
                               std::string_view source_view) {
  std::string source(source_view);
  if (!IsValidSiteName(name)) {
    return Status::InvalidArgument(source + ": site name \"" + name +
                                   "\" must be a host label (a-z, 0-9, -)");
  }
  FS_ASSIGN_OR_RETURN(OrderedJson root, ParseOrderedJson(text, source));
  SiteSpec site;
  site.name = std::move(name);
  site.files = std::move(files);
  ObjectReader r(root, source);
  FS_RETURN_IF_ERROR(r.CheckObject());
  std::string ignored;
  FS_RETURN_IF_ERROR(r.String("description", ignored));
  FS_RETURN_IF_ERROR(r.String("charset", site.charset));
  auto canonical = CanonicalCharset(site.charset);
  if (!canonical.ok()) return canonical.status().WithContext(source + ".charset");
  FS_RETURN_IF_ERROR(r.Bool("charset_in_header", site.charset_in_header));
  FS_RETURN_IF_ERROR(r.Bool("gzip", site.gzip));
  FS_RETURN_IF_ERROR(r.String("session_cookie", site.session_cookie));
  if (r.Has("faults")) {
    FS_ASSIGN_OR_RETURN(site.faults, ParseOrderedFaults(r.At("faults"), r.Path("faults")));
  }
  if (r.Has("forms")) {
    const OrderedJson& forms = r.At("forms");
    if (!forms.is_object()) return Status::InvalidArgument(source + ".forms must be an object");
    for (const auto& [id, form_json] : forms.items()) {
      FS_ASSIGN_OR_RETURN(FormSpec form, ParseForm(form_json, id, source + ".forms." + id));
      site.forms.emplace(id, std::move(form));
    }
  }
  if (!r.Has("routes") || !r.At("routes").is_array() || r.At("routes").empty()) {
    return Status::InvalidArgument(source + ".routes must be a non-empty array");
  }
  const OrderedJson& routes = r.At("routes");
  for (size_t i = 0; i < routes.size(); ++i) {
    FS_ASSIGN_OR_RETURN(Route route,
                        ParseRoute(routes[i], source + ".routes[" + std::to_string(i) + "]"));
    site.routes.push_back(std::move(route));
  }
  FS_RETURN_IF_ERROR(r.Done());
  FS_RETURN_IF_ERROR(CheckReferences(site, source));
  return site;
}

Result<SiteSpec> LoadSiteDir(const std::string& dir) {
  fs::path root(dir);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return Status::NotFound(dir + " is not a folder");
  std::map<std::string, std::string> files;
  std::string site_json;
  bool found = false;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::string rel = fs::relative(it->path(), root).generic_string();
    FS_ASSIGN_OR_RETURN(std::string data, ReadFile(it->path()));
    if (rel == "site.json") {
      site_json = std::move(data);
      found = true;
    } else if (rel != "expected.json") {
      files.emplace(rel, std::move(data));
    }
  }
  if (ec) return Status::Internal("listing " + dir + ": " + ec.message());
  if (!found) return Status::NotFound(dir + " has no site.json");
  std::string name = root.filename().string();
  if (name.empty()) name = root.parent_path().filename().string();
  auto site = ParseSiteSpec(site_json, name, std::move(files), (root / "site.json").string());
  if (!site.ok()) return site.status();
  site->dir = dir;
  return site;
}

Result<std::vector<SiteSpec>> LoadSitesUnder(const std::string& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return Status::NotFound(root + " is not a folder");
  std::vector<std::string> dirs;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / "site.json")) {
      dirs.push_back(entry.path().string());
    }
  }
  if (ec) return Status::Internal("listing " + root + ": " + ec.message());
  std::sort(dirs.begin(), dirs.end());
  std::vector<SiteSpec> sites;
  for (const auto& dir : dirs) {
    FS_ASSIGN_OR_RETURN(SiteSpec site, LoadSiteDir(dir));
    sites.push_back(std::move(site));
  }
  return sites;
}

}  // namespace formsender::sites

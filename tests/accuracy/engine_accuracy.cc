// engine_accuracy: runs the form engine over every case of tests/forms through the sample-site
// server and measures it against each case's expected.json (tests/forms/README.md):
// field-level precision and recall by category, form-level outcome accuracy, skips with the
// right code, honeypots filled (must be 0) and final submissions that must not exist.
//
//   engine_accuracy [--forms DIR] [--json FILE] [--case NAME] [--verbose] [--no-browser]
//                   [--chromium PATH]
//
// Then the browser pass: every case whose expected.json has a `browser` member (script-built
// forms the HTTP engine must skip) runs again with --engine auto through a real Chromium, and
// must reach that member's outcome with exactly its final fields (skipped, with the reason,
// when no Chromium binary is installed or --no-browser is given).
//
// Prints a table; writes the same figures as JSON. Exit 0 when it ran (the figures are the
// result), 2 on bad input.

#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "browser/browser_pool.h"
#include "browser/chromium_process.h"
#include "common/clock.h"
#include "common/http_client.h"
#include "common/json.h"
#include "common/strings.h"
#include "engine/browser_path.h"
#include "engine/engine.h"
#include "sites/expected_case.h"
#include "sites/site_server.h"

namespace formsender {
namespace {

struct Options {
  std::string forms = "tests/forms";
  std::string json_out;
  std::string only_case;
  bool verbose = false;
  bool browser = true;
  std::string chromium;
};

Result<Json> ReadJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ParseJson(ss.str(), path);
}

// Values compare as strings; a list compares as a sorted set; "*" in an expected final field
// matches anything.
// Line breaks compare equal whatever their form: browsers send a textarea's lines with CRLF.
bool SameValue(const Json& expected, const Json& actual) {
  auto text = [](const Json& x) {
    std::string s = x.is_string() ? x.get<std::string>() : x.dump();
    return ReplaceAll(std::move(s), "\r\n", "\n");
  };
  auto as_set = [&](const Json& v) {
    std::multiset<std::string> s;
    if (v.is_array()) {
      for (const Json& x : v) s.insert(text(x));
    } else if (!v.is_null()) {
      s.insert(text(v));
    }
    return s;
  };
  return as_set(expected) == as_set(actual);
}

struct CategoryStats {
  int expected = 0;   // expected fields of this category
  int predicted = 0;  // engine fields of this category (on expected names)
  int correct = 0;    // right category and value
};

struct Totals {
  std::map<std::string, CategoryStats> by_category;
  int fields = 0;
  int fields_correct = 0;
  int forms = 0;
  int forms_correct = 0;
  int skips_expected = 0;
  int skips_correct = 0;
  int honeypots_filled = 0;
  int forbidden_submissions = 0;
  int finals_checked = 0;
  int finals_correct = 0;
  Json cases = Json::array();
};

// The browser pass (see the file comment). Returns the JSON summary.
Json RunBrowserPass(const Options& o, const std::vector<std::string>& names,
                    sites::SiteServer& server, const Json& config, const Json& company,
                    const Clock& clock) {
  Json out = {{"cases", 0}, {"correct", 0}, {"list", Json::array()}};
  if (!o.browser) {
    out["skipped"] = "--no-browser";
    return out;
  }
  auto exe = browser::ResolveChromiumExecutable(o.chromium);
  if (!exe.ok()) {
    out["skipped"] = exe.status().message();
    std::cout << "\nbrowser cases       skipped: " << exe.status().message() << "\n";
    return out;
  }
  browser::BrowserOptions bo;
  bo.chromium.executable = *exe;
  bo.requests.net_policy.allow_private_targets = true;
  browser::BrowserPool pool(bo, nullptr);
  engine::BrowserPath path(pool, clock, nullptr);
  engine::EngineOptions eo;
  eo.browser = &path;
  int cases = 0;
  int correct = 0;
  std::cout << "\nbrowser fallback (--engine auto, " << *exe << "):\n";
  for (const std::string& name : names) {
    if (!o.only_case.empty() && name != o.only_case) continue;
    auto expected = sites::LoadExpectedCase(o.forms + "/" + name);
    if (!expected.ok() || !expected->browser) continue;
    const auto& eb = *expected->browser;
    engine::FormTask task;
    task.id = name;
    task.url = server.HostUrl(name, expected->entry_path);
    task.client_config = config;
    task.company = company;
    task.allow_private_targets = true;
    task.mode = engine::EngineMode::kAuto;
    task.time_limit = std::chrono::seconds(60);
    size_t before = server.sink().List(name, true).size();
    engine::FormResult r = engine::RunOne(task, eo, clock, nullptr);
    auto finals = server.sink().List(name, true);
    std::vector<std::string> problems;
    if (r.outcome != eb.outcome || r.code != eb.code)
      problems.push_back("got " + r.outcome + "/" + r.code + ": " + r.message);
    if (eb.outcome == "success") {
      if (finals.size() != before + 1) {
        problems.push_back(std::to_string(finals.size() - before) + " final submissions");
      } else {
        for (std::string& p :
             sites::CompareFinalFields(eb.final_fields, finals.back().effective_fields))
          problems.push_back(std::move(p));
      }
    }
    ++cases;
    if (problems.empty()) ++correct;
    std::cout << (problems.empty() ? "  ok  " : " FAIL ") << std::left << std::setw(36) << name
              << r.outcome << "/" << r.code << " via " << r.engine << " in " << std::fixed
              << std::setprecision(2) << r.elapsed_seconds << " s\n";
    for (const std::string& p : problems) std::cout << "        " << p << "\n";
    out["list"].push_back({{"case", name},
                           {"outcome", r.outcome},
                           {"code", r.code},
                           {"engine", r.engine},
                           {"elapsed_seconds", r.elapsed_seconds},
                           {"correct", problems.empty()},
                           {"problems", problems}});
  }
  pool.Shutdown();
  out["cases"] = cases;
  out["correct"] = correct;
  std::cout << "browser cases       " << correct << "/" << cases
            << " sent by the fallback exactly as expected\n";
  return out;
}

int Run(const Options& o) {
  auto specs = sites::LoadSitesUnder(o.forms);
  if (!specs.ok()) {
    std::cerr << "engine_accuracy: " << specs.status().ToString() << "\n";
    return 2;
  }
  auto config = ReadJson(o.forms + "/client_config.json");
  auto company = ReadJson(o.forms + "/company.json");
  if (!config.ok() || !company.ok()) {
    std::cerr << "engine_accuracy: "
              << (config.ok() ? company.status() : config.status()).ToString() << "\n";
    return 2;
  }
  SystemClock clock;
  CurlGlobal curl;
  sites::SiteServer server({}, clock);
  std::vector<std::string> names;
  for (const auto& s : *specs) names.push_back(s.name);
  if (Status st = server.AddSites(std::move(*specs)); !st.ok()) {
    std::cerr << "engine_accuracy: " << st.ToString() << "\n";
    return 2;
  }
  if (Status st = server.Start(); !st.ok()) {
    std::cerr << "engine_accuracy: " << st.ToString() << "\n";
    return 2;
  }
  Totals t;
  for (const std::string& name : names) {
    if (!o.only_case.empty() && name != o.only_case) continue;
    auto expected = ReadJson(o.forms + "/" + name + "/expected.json");
    if (!expected.ok()) continue;
    const Json& e = *expected;
    engine::FormTask task;
    task.id = name;
    task.url = server.HostUrl(name, e.value("entry_path", "/"));
    task.client_config = *config;
    task.company = *company;
    task.allow_private_targets = true;
    task.time_limit = std::chrono::seconds(30);
    engine::FormResult r = engine::RunOne(task, {}, clock, nullptr);
    Json fields_by_name = Json::object();
    if (r.analysis.contains("fields")) {
      for (const Json& f : r.analysis["fields"]) fields_by_name[f.value("name", "")] = f;
    }
    Json case_json = {{"case", name},
                      {"outcome", r.outcome},
                      {"code", r.code},
                      {"expected_outcome", e.value("expected_outcome", "")},
                      {"expected_code", e.value("expected_code", "")},
                      {"verdict", r.analysis.value("verdict", "")},
                      {"expected_verdict", e.value("verdict", "")},
                      {"field_errors", Json::array()}};
    int case_fields = 0;
    int case_correct = 0;
    for (const Json& ef : e.value("fields", Json::array())) {
      std::string fname = ef.value("name", "");
      std::string ecat = ef.value("category", "");
      const Json* af = fields_by_name.contains(fname) ? &fields_by_name[fname] : nullptr;
      std::string acat = af != nullptr ? af->value("category", "") : "<missing>";
      CategoryStats& es = t.by_category[ecat];
      ++es.expected;
      if (af != nullptr) ++t.by_category[acat].predicted;
      bool ok = acat == ecat;
      if (ok && ef.contains("value"))
        ok = af->contains("value") && SameValue(ef["value"], (*af)["value"]);
      if (ok && ef.contains("kana_script")) ok = af->value("kana_script", "") == ef["kana_script"];
      if (ok && ef.contains("part")) ok = af->value("part", "") == ef["part"];
      ++case_fields;
      if (ok) {
        ++case_correct;
        ++t.by_category[acat].correct;
      } else {
        Json err = {{"name", fname}, {"expected", ef}, {"actual", af != nullptr ? *af : Json()}};
        if (af != nullptr) err["actual"].erase("evidence");
        case_json["field_errors"].push_back(err);
      }
    }
    t.fields += case_fields;
    t.fields_correct += case_correct;
    // Honeypots: a value assigned by the engine, or a filled honeypot seen by the site.
    for (const Json& hp : e.value("honeypots", Json::array())) {
      std::string n = hp.get<std::string>();
      if (fields_by_name.contains(n) && fields_by_name[n].contains("value") &&
          !(fields_by_name[n]["value"].is_string() &&
            fields_by_name[n]["value"].get<std::string>().empty())) {
        ++t.honeypots_filled;
        case_json["honeypot_filled"] = n;
      }
    }
    for (const auto& s : server.sink().List(name)) {
      if (!s.honeypots_filled.empty()) {
        t.honeypots_filled += static_cast<int>(s.honeypots_filled.size());
        case_json["site_saw_honeypot"] = s.honeypots_filled;
      }
    }
    int64_t finals = server.sink().FinalCount(name);
    if (e.value("must_not_submit", false) && finals > 0) {
      ++t.forbidden_submissions;
      case_json["forbidden_submission"] = true;
    }
    bool outcome_ok =
        r.outcome == e.value("expected_outcome", "") && r.code == e.value("expected_code", "");
    if (outcome_ok && r.outcome == "success" && e.contains("submission")) {
      const Json& sub = e["submission"];
      auto list = server.sink().List(name, true);
      ++t.finals_checked;
      bool final_ok = list.size() == 1;
      if (final_ok && sub.contains("final_fields")) {
        std::map<std::string, std::vector<std::string>> got;
        for (const auto& [n, v] : list.front().effective_fields) got[n].push_back(v);
        for (const auto& [n, v] : sub["final_fields"].items()) {
          auto it = got.find(n);
          bool any = v.is_string() && v.get<std::string>() == "*";
          bool match =
              it != got.end() &&
              (any || (v.is_array() ? SameValue(v, Json(it->second))
                                    : it->second.size() == 1 && SameValue(v, Json(it->second[0]))));
          if (!match) {
            final_ok = false;
            case_json["final_field_mismatch"].push_back(
                {{"name", n},
                 {"expected", v},
                 {"actual", it == got.end() ? Json() : Json(it->second)}});
          }
        }
      }
      if (final_ok) ++t.finals_correct;
      outcome_ok = final_ok;
    }
    ++t.forms;
    if (outcome_ok) ++t.forms_correct;
    if (e.value("expected_outcome", "") == "skipped") {
      ++t.skips_expected;
      if (outcome_ok) ++t.skips_correct;
    }
    case_json["fields_correct"] = case_correct;
    case_json["fields_total"] = case_fields;
    case_json["form_correct"] = outcome_ok;
    if (o.verbose || !outcome_ok || case_correct != case_fields) {
      std::cout << (outcome_ok ? "  ok  " : " FAIL ") << std::left << std::setw(36) << name
                << r.outcome << "/" << r.code << " (expected " << e.value("expected_outcome", "")
                << "/" << e.value("expected_code", "") << ")  fields " << case_correct << "/"
                << case_fields << "\n";
      for (const Json& fe : case_json["field_errors"]) {
        std::cout << "        " << fe["name"].get<std::string>() << ": expected "
                  << fe["expected"].value("category", "") << " "
                  << (fe["expected"].contains("value") ? fe["expected"]["value"].dump() : "")
                  << ", got "
                  << (fe["actual"].is_object()
                          ? fe["actual"].value("category", "") + " " +
                                (fe["actual"].contains("value") ? fe["actual"]["value"].dump()
                                                                : "-")
                          : "nothing")
                  << "\n";
      }
      if (case_json.contains("final_field_mismatch")) {
        for (const Json& m : case_json["final_field_mismatch"])
          std::cout << "        final " << m.dump() << "\n";
      }
    }
    t.cases.push_back(case_json);
  }

  auto pct = [](int a, int b) { return b == 0 ? 100.0 : 100.0 * a / b; };
  Json by_cat = Json::object();
  std::cout << "\n"
            << std::left << std::setw(20) << "category" << std::right << std::setw(9) << "expected"
            << std::setw(10) << "precision" << std::setw(8) << "recall"
            << "\n";
  for (const auto& [cat, s] : t.by_category) {
    if (cat == "<missing>" || s.expected == 0) continue;
    double precision = pct(s.correct, s.predicted);
    double recall = pct(s.correct, s.expected);
    by_cat[cat] = {{"expected", s.expected},
                   {"predicted", s.predicted},
                   {"correct", s.correct},
                   {"precision", precision},
                   {"recall", recall}};
    std::cout << std::left << std::setw(20) << cat << std::right << std::setw(9) << s.expected
              << std::setw(9) << std::fixed << std::setprecision(1) << precision << "%"
              << std::setw(7) << recall << "%\n";
  }
  Json summary = {{"cases", t.forms},
                  {"field_accuracy", pct(t.fields_correct, t.fields)},
                  {"fields", t.fields},
                  {"fields_correct", t.fields_correct},
                  {"form_accuracy", pct(t.forms_correct, t.forms)},
                  {"forms_correct", t.forms_correct},
                  {"skips_expected", t.skips_expected},
                  {"skips_correct", t.skips_correct},
                  {"skip_accuracy", pct(t.skips_correct, t.skips_expected)},
                  {"finals_checked", t.finals_checked},
                  {"finals_correct", t.finals_correct},
                  {"honeypots_filled", t.honeypots_filled},
                  {"forbidden_submissions", t.forbidden_submissions}};
  std::cout << "\nfield accuracy      " << std::fixed << std::setprecision(1)
            << summary["field_accuracy"].get<double>() << "% (" << t.fields_correct << "/"
            << t.fields << ")\n"
            << "form outcomes       " << summary["form_accuracy"].get<double>() << "% ("
            << t.forms_correct << "/" << t.forms << ")\n"
            << "correct skips       " << summary["skip_accuracy"].get<double>() << "% ("
            << t.skips_correct << "/" << t.skips_expected << ")\n"
            << "final submissions   " << t.finals_correct << "/" << t.finals_checked
            << " exactly as expected\n"
            << "honeypots filled    " << t.honeypots_filled << "\n"
            << "forbidden submits   " << t.forbidden_submissions << "\n";
  Json browser = RunBrowserPass(o, names, server, *config, *company, clock);
  server.Stop();
  if (!o.json_out.empty()) {
    std::ofstream out(o.json_out);
    out << Json{{"summary", summary},
                {"by_category", by_cat},
                {"cases", t.cases},
                {"browser", browser}}
               .dump(1)
        << "\n";
    std::cout << "written to " << o.json_out << "\n";
  }
  return 0;
}

}  // namespace
}  // namespace formsender

int main(int argc, char** argv) {
  formsender::Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "engine_accuracy: " << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--forms") {
      o.forms = next();
    } else if (a == "--json") {
      o.json_out = next();
    } else if (a == "--case") {
      o.only_case = next();
    } else if (a == "--verbose" || a == "-v") {
      o.verbose = true;
    } else if (a == "--no-browser") {
      o.browser = false;
    } else if (a == "--chromium") {
      o.chromium = next();
    } else {
      std::cerr << "usage: engine_accuracy [--forms DIR] [--json FILE] [--case NAME] [--verbose] "
                   "[--no-browser] [--chromium PATH]\n";
      return 2;
    }
  }
  return formsender::Run(o);
}

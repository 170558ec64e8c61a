// formsender analyze | send: the form engine on one page (docs/cli.md, docs/engine.md).
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <memory>
#include <ostream>
#include <sstream>

#include "browser/browser_pool.h"
#include "cli/commands.h"
#include "common/strings.h"
#include "common/text.h"
#include "engine/analyze.h"
#include "engine/browser_path.h"
#include "engine/engine.h"
#include "engine/session.h"

namespace formsender::cli {
namespace {

struct EngineFlags {
  std::string target;
  std::string client_config;
  std::string company;
  bool dry_run = false;
  bool allow_private = false;
  double timeout_seconds = 120;
  std::string base_url;
  std::string engine = "auto";
  std::string chromium;
  std::string screenshot_dir;
};

// Runs one task with the engine `flags.engine` names; Chromium is started only when the form
// turns out to need it (auto) or is asked for (browser), and shut down before returning.
Result<engine::FormResult> RunTask(Context& ctx, const EngineFlags& flags, engine::FormTask task) {
  FS_ASSIGN_OR_RETURN(task.mode, engine::ParseEngineMode(flags.engine));
  if (!flags.screenshot_dir.empty()) {
    if (!std::filesystem::is_directory(flags.screenshot_dir))
      return Status::InvalidArgument("--screenshots " + flags.screenshot_dir + ": not a directory");
    task.evidence.screenshots = true;
    task.evidence.screenshot_dir = flags.screenshot_dir;
  }
  engine::EngineOptions options;
  std::unique_ptr<browser::BrowserPool> pool;
  std::unique_ptr<engine::BrowserPath> path;
  if (task.mode != engine::EngineMode::kHttp) {
    browser::BrowserOptions bo;
    bo.max_pages = 1;
    bo.chromium.executable = flags.chromium;
    bo.requests.net_policy.allow_private_targets = flags.allow_private;
    FS_RETURN_IF_ERROR(bo.Validate());
    pool = std::make_unique<browser::BrowserPool>(bo, ctx.log_ptr());
    path = std::make_unique<engine::BrowserPath>(*pool, ctx.clock(), ctx.log_ptr());
    options.browser = path.get();
  }
  engine::FormResult r = engine::RunOne(task, options, ctx.clock(), ctx.log_ptr());
  if (pool) pool->Shutdown();
  return r;
}

void AddEngineOptions(CLI::App* cmd, EngineFlags& flags) {
  cmd->add_option("--engine", flags.engine,
                  "http | browser | auto: auto falls back to Chromium when the form needs "
                  "JavaScript")
      ->check(CLI::IsMember({"http", "browser", "auto"}));
  cmd->add_option("--chromium", flags.chromium,
                  "Chromium binary (default: chromium-headless-shell, else chromium)");
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<Json> ReadJsonFile(const std::string& path, std::string_view what) {
  FS_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  auto j = ParseJson(text, std::string(what) + " " + path);
  if (!j.ok()) return j.status();
  if (!j->is_object())
    return Status::InvalidArgument(std::string(what) + " " + path + ": not a JSON object");
  return *j;
}

bool IsUrl(const std::string& s) { return s.starts_with("http://") || s.starts_with("https://"); }

std::string Shorten(std::string s, size_t max_units) {
  s = ReplaceAll(ReplaceAll(std::move(s), "\r", ""), "\n", "⏎");
  auto cps = text::CodePointCount(s);
  if (cps <= max_units) return s;
  return text::TruncateUtf16(s, max_units - 1) + "…";
}

void PrintTable(std::ostream& out, const Json& a) {
  out << "url:      " << a.value("url", "") << "\n";
  out << "verdict:  " << a.value("verdict", "");
  if (a.contains("code"))
    out << " (" << a["code"].get<std::string>() << ": " << a.value("reason", "") << ")";
  out << "\n";
  if (a.contains("form") && a["form"].is_object()) {
    const Json& f = a["form"];
    out << "form:     " << f.value("method", "") << " " << f.value("action", "") << " ["
        << f.value("enctype", "") << ", " << f.value("charset", "") << "] "
        << f.value("selector", "") << "\n";
  }
  if (a.contains("submit") && a["submit"].is_object()) {
    out << "submit:   \"" << a["submit"].value("text", "") << "\" ("
        << a["submit"].value("kind", "") << ")\n";
  }
  if (a["refusal"].value("detected", false)) {
    for (const auto& p : a["refusal"]["phrases"])
      out << "refusal:  " << p.get<std::string>() << "\n";
  }
  if (a["captcha"].value("detected", false))
    out << "captcha:  " << a["captcha"].value("kind", "") << "\n";
  if (!a.contains("fields") || a["fields"].empty()) return;
  out << "\n"
      << std::left << std::setw(26) << "name" << std::setw(20) << "category" << std::setw(5)
      << "req" << std::setw(6) << "score"
      << "label → value\n";
  for (const Json& f : a["fields"]) {
    std::string cat = f.value("category", "");
    if (f.contains("kana_script")) cat += "/" + f["kana_script"].get<std::string>().substr(0, 4);
    if (f.contains("part")) cat += "/" + f["part"].get<std::string>();
    std::string value;
    if (f.contains("value"))
      value = f["value"].is_string() ? f["value"].get<std::string>() : f["value"].dump();
    out << std::left << std::setw(26) << Shorten(f.value("name", ""), 24) << std::setw(20) << cat
        << std::setw(5) << (f.value("required", false) ? "yes" : "") << std::setw(6)
        << f.value("score", 0) << Shorten(f.value("label", ""), 24);
    if (f.contains("value")) out << " → " << Shorten(value, 40);
    if (f.contains("unfillable"))
      out << "  [cannot fill: " << f["unfillable"].get<std::string>() << "]";
    out << "\n";
  }
}

int RunAnalyze(Context& ctx, const EngineFlags& flags) {
  Json config = Json::object();
  Json company = Json::object();
  if (!flags.client_config.empty()) {
    auto c = ReadJsonFile(flags.client_config, "client config");
    if (!c.ok()) return ctx.Fail(c.status());
    config = *c;
  }
  if (!flags.company.empty()) {
    auto c = ReadJsonFile(flags.company, "company");
    if (!c.ok()) return ctx.Fail(c.status());
    company = *c;
  }
  std::optional<engine::ClientProfile> profile;
  if (!flags.client_config.empty()) {
    auto p = engine::ClientProfile::FromConfig(config, company);
    if (!p.ok()) return ctx.Fail(p.status().WithContext(flags.client_config));
    profile = std::move(*p);
  }
  Json analysis;
  if (IsUrl(flags.target)) {
    engine::FormTask task;
    task.id = "analyze";
    task.url = flags.target;
    task.client_config = config.empty()
                             ? Json::parse(R"({"client":{"company_name":"-","last_name":"-",
      "first_name":"-","email_1":"a@example.com"},"targeting":{"subject":"-","message":"-"}})")
                             : config;
    task.company = company;
    task.analyze_only = true;
    task.allow_private_targets = flags.allow_private;
    task.time_limit = std::chrono::milliseconds(static_cast<int64_t>(flags.timeout_seconds * 1000));
    auto run = RunTask(ctx, flags, std::move(task));
    if (!run.ok()) return ctx.Fail(run.status());
    engine::FormResult& r = *run;
    if (r.analysis.empty() || !r.analysis.contains("verdict")) {
      return ctx.Fail(
          Status::Unavailable("cannot analyze " + flags.target + ": " + r.code + " " + r.message));
    }
    analysis = r.analysis;
    if (!profile) {
      for (Json& f : analysis["fields"]) f.erase("value");
    }
  } else {
    auto bytes = ReadFile(flags.target);
    if (!bytes.ok()) return ctx.Fail(bytes.status());
    std::string html;
    std::string charset = engine::DecodeBody(*bytes, "", &html);
    engine::AnalyzeOptions o;
    if (profile) o.profile = &*profile;
    std::string name = flags.target.substr(flags.target.find_last_of('/') + 1);
    std::string base = flags.base_url.empty() ? "http://localhost/" + name : flags.base_url;
    engine::Analysis a = engine::AnalyzePage(std::move(html), base, charset, o);
    analysis = engine::AnalysisToJson(a);
  }
  if (ctx.flags().json) {
    ctx.out() << DumpJson(analysis) << "\n";
  } else {
    PrintTable(ctx.out(), analysis);
  }
  return kExitOk;
}

int RunSend(Context& ctx, const EngineFlags& flags) {
  if (!IsUrl(flags.target))
    return ctx.Fail(Status::InvalidArgument("send needs an http(s) URL, got " + flags.target));
  auto config = ReadJsonFile(flags.client_config, "client config");
  if (!config.ok()) return ctx.Fail(config.status());
  Json company = Json::object();
  if (!flags.company.empty()) {
    auto c = ReadJsonFile(flags.company, "company");
    if (!c.ok()) return ctx.Fail(c.status());
    company = *c;
  }
  engine::FormTask task;
  task.id = flags.target;
  task.url = flags.target;
  task.client_config = *config;
  task.company = company;
  task.dry_run = flags.dry_run;
  task.allow_private_targets = flags.allow_private;
  task.time_limit = std::chrono::milliseconds(static_cast<int64_t>(flags.timeout_seconds * 1000));
  auto run = RunTask(ctx, flags, std::move(task));
  if (!run.ok()) return ctx.Fail(run.status());
  engine::FormResult& r = *run;
  if (r.code == "INSTRUCTION")
    return ctx.Fail(Status::InvalidArgument(flags.client_config + ": " + r.message));
  if (ctx.flags().json) {
    ctx.out() << DumpJson(r.ToJson()) << "\n";
  } else {
    PrintTable(ctx.out(), r.analysis.is_object() && r.analysis.contains("verdict")
                              ? r.analysis
                              : Json{{"url", r.url},
                                     {"verdict", "-"},
                                     {"refusal", {{"detected", false}}},
                                     {"captcha", {{"detected", false}}}});
    ctx.out() << "\nsteps:\n";
    for (const auto& s : r.steps)
      ctx.out() << "  " << s.method << " " << s.url << " → " << s.status << " (" << s.note << ")\n";
    for (const auto& s : r.judge_signals) ctx.out() << "  judge: " << s << "\n";
    for (const auto& s : r.screenshots) ctx.out() << "  screenshot: " << s << "\n";
    ctx.out() << "engine:   " << r.engine << "\n";
    ctx.out() << "outcome:  " << r.outcome << " " << r.code << (r.submitted ? " (submitted)" : "")
              << " — " << r.message << "\n";
  }
  if (r.outcome == "success" || r.code == "DRY_RUN") return kExitOk;
  return r.outcome == "skipped" ? kExitConflict : kExitFailure;
}

}  // namespace

void RegisterEngineCommands(CLI::App& app, CommandRegistry& registry) {
  auto flags = std::make_shared<EngineFlags>();
  CLI::App* analyze = app.add_subcommand(
      "analyze", "Find and classify the contact form of a page (URL or HTML file)");
  analyze->add_option("target", flags->target, "URL or HTML file")->required();
  analyze->add_option("--client-config", flags->client_config,
                      "client_config JSON: also show the values to send");
  analyze->add_option("--company", flags->company, "companies row as JSON (message placeholders)");
  analyze->add_option("--base-url", flags->base_url, "URL a file is treated as coming from");
  analyze->add_flag("--allow-private-targets", flags->allow_private,
                    "allow loopback and private addresses");
  analyze->add_option("--timeout", flags->timeout_seconds, "seconds for the fetch");
  AddEngineOptions(analyze, *flags);
  registry.On(analyze, [flags](Context& ctx) { return RunAnalyze(ctx, *flags); });

  CLI::App* send =
      app.add_subcommand("send", "Run one form end to end: fetch, fill, confirm, submit, judge");
  send->add_option("url", flags->target, "the contact form's URL")->required();
  send->add_option("--client-config", flags->client_config, "client_config JSON")->required();
  send->add_option("--company", flags->company, "companies row as JSON (message placeholders)");
  send->add_flag("--dry-run", flags->dry_run,
                 "stop before any request that may deliver the message");
  send->add_flag("--allow-private-targets", flags->allow_private,
                 "allow loopback and private addresses");
  send->add_option("--timeout", flags->timeout_seconds, "seconds for the whole flow");
  AddEngineOptions(send, *flags);
  send->add_option("--screenshots", flags->screenshot_dir,
                   "directory for PNGs of the confirmation and completion pages (browser path)");
  registry.On(send, [flags](Context& ctx) { return RunSend(ctx, *flags); });
}

}  // namespace formsender::cli

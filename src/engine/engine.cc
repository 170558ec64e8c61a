#include "engine/engine.h"

#include <algorithm>

#include "engine/flow.h"

namespace formsender::engine {

Json FormResult::ToJson() const {
  Json j = analysis.is_object() ? analysis : Json::object();
  j["task_id"] = task_id;
  j["url"] = url;
  j["outcome"] = outcome;
  j["code"] = code;
  j["message"] = message;
  Json steps_json = Json::array();
  for (const Step& s : steps) {
    steps_json.push_back(
        {{"method", s.method}, {"url", s.url}, {"status", s.status}, {"note", s.note}});
  }
  j["steps"] = std::move(steps_json);
  j["submitted"] = submitted;
  j["judge"] = {{"signals", judge_signals}};
  j["classify_detail"] = detail.ToJson();
  j["field_mapping"] = field_mapping;
  j["bot_protection_detected"] = bot_protection_detected;
  j["prohibition_detected"] = prohibition_detected;
  if (!prohibition_phrases.empty()) j["prohibition_phrases"] = prohibition_phrases;
  j["engine"] = engine;
  if (!screenshots.empty()) j["screenshots"] = screenshots;
  j["elapsed_seconds"] = elapsed_seconds;
  j["stage_seconds"] = stage_seconds;
  if (!fetch_errors.empty()) j["fetch_errors"] = fetch_errors;
  return j;
}

Result<EngineMode> ParseEngineMode(std::string_view name) {
  if (name == "http") return EngineMode::kHttp;
  if (name == "browser") return EngineMode::kBrowser;
  if (name == "auto") return EngineMode::kAuto;
  return Status::InvalidArgument("engine mode must be http, browser or auto, got \"" +
                                 std::string(name) + "\"");
}

std::string_view EngineModeName(EngineMode mode) {
  switch (mode) {
    case EngineMode::kHttp:
      return "http";
    case EngineMode::kBrowser:
      return "browser";
    case EngineMode::kAuto:
      return "auto";
  }
  return "auto";
}

bool HostGate::TryAcquire(const std::string& host) {
  std::lock_guard<std::mutex> lock(mu_);
  return busy_.insert(host).second;
}

void HostGate::Release(const std::string& host) {
  std::lock_guard<std::mutex> lock(mu_);
  busy_.erase(host);
}

Engine::Engine(EngineOptions options, const Clock& clock, LoggerPtr log, Hooks hooks)
    : options_(std::move(options)),
      clock_(clock),
      log_(log ? std::move(log) : MakeNullLogger()),
      hooks_(std::move(hooks)),
      multi_(curl_multi_init()) {
  options_.forms_in_flight = std::max(1, options_.forms_in_flight);
  if (!options_.host_gate) options_.host_gate = std::make_shared<HostGate>();
  // Pipelining off, a few connections per host: one request per host at a time anyway.
  curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, 2L);
  curl_multi_setopt(multi_.get(), CURLMOPT_MAXCONNECTS,
                    static_cast<long>(options_.forms_in_flight * 2));
}

Engine::~Engine() {
  // The easy handles belong to the jobs' sessions: detach them before either is destroyed.
  for (auto& [job, owned] : active_) {
    (void)owned;
    if (job->request_in_flight()) {
      curl_multi_remove_handle(multi_.get(), job->handle());
      options_.host_gate->Release(job->request_host());
    }
  }
}

void Engine::Add(FormTask task, std::function<void(FormResult)> done) {
  pending_.push_back({std::move(task), std::move(done)});
}

void Engine::Cancel() { cancelled_.store(true); }

void Engine::Start(Pending p) {
  auto job =
      std::make_unique<FormJob>(options_, hooks_, clock_, std::move(p.task), std::move(p.done));
  FormJob* raw = job.get();
  active_.emplace(raw, std::move(job));
  raw->Begin();
  if (raw->done()) {
    finished_.push_back(raw);
  } else if (raw->has_request()) {
    Issue(raw);
  }
}

void Engine::Issue(FormJob* job) {
  if (!TryIssue(job)) host_waiting_[job->request_host()].push_back(job);
}

bool Engine::TryIssue(FormJob* job) {
  const std::string host = job->request_host();
  if (!options_.host_gate->TryAcquire(host)) return false;
  CURL* h = job->StartRequest();
  if (h == nullptr) {
    options_.host_gate->Release(host);
    if (job->done()) {
      finished_.push_back(job);
    } else if (job->has_request()) {
      Issue(job);
    }
    return true;
  }
  curl_multi_add_handle(multi_.get(), h);
  return true;
}

void Engine::PumpHosts() {
  for (auto& [host, queue] : host_waiting_) {
    while (!queue.empty()) {
      FormJob* job = queue.front();
      queue.pop_front();
      if (!active_.count(job) || job->done() || !job->has_request()) continue;
      if (!TryIssue(job)) {
        queue.push_front(job);  // the host is still busy (maybe in another engine)
        break;
      }
    }
  }
}

void Engine::Finish(FormJob* job) {
  auto it = active_.find(job);
  if (it == active_.end()) return;
  std::unique_ptr<FormJob> owned = std::move(it->second);
  active_.erase(it);
  for (auto& [host, queue] : host_waiting_) {
    queue.erase(std::remove(queue.begin(), queue.end(), job), queue.end());
  }
  owned->Deliver();
}

void Engine::Run(const std::function<bool(Engine&)>& refill) {
  bool can_refill = static_cast<bool>(refill);
  while (true) {
    if (cancelled_.load()) {
      can_refill = false;
      while (!pending_.empty()) {
        Pending p = std::move(pending_.front());
        pending_.pop_front();
        FormResult r;
        r.task_id = p.task.id;
        r.url = p.task.url;
        r.outcome = "skipped";
        r.code = "SHUTDOWN_REQUESTED";
        r.message = "the engine was stopped before this form started";
        r.detail = MakeDetail(r.code, 1.0, Json::object(), false);
        if (p.done) p.done(std::move(r));
      }
    }
    while (active_.size() < static_cast<size_t>(options_.forms_in_flight)) {
      if (!pending_.empty()) {
        Pending p = std::move(pending_.front());
        pending_.pop_front();
        Start(std::move(p));
        continue;
      }
      if (can_refill) {
        size_t before = pending_.size();
        if (!refill(*this) || pending_.size() == before) can_refill = false;
        if (!pending_.empty()) continue;
      }
      break;
    }
    for (FormJob* j : finished_) Finish(j);
    finished_.clear();
    if (active_.empty() && pending_.empty() && !can_refill) break;
    if (active_.empty()) continue;

    int running = 0;
    curl_multi_perform(multi_.get(), &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* h = msg->easy_handle;
      CURLcode code = msg->data.result;
      curl_multi_remove_handle(multi_.get(), h);
      FormJob* job = nullptr;
      for (auto& [j, owned] : active_) {
        (void)owned;
        if (j->request_in_flight() && j->handle() == h) job = j;
      }
      if (job == nullptr) continue;
      options_.host_gate->Release(job->request_host());
      job->OnTransferDone(code);
      if (job->done()) {
        finished_.push_back(job);
      } else if (job->has_request()) {
        Issue(job);
      }
    }
    // Per-form time limits.
    TimePoint now = clock_.Now();
    for (auto& [j, owned] : active_) {
      (void)owned;
      if (j->done() || now < j->deadline()) continue;
      if (j->request_in_flight()) {
        curl_multi_remove_handle(multi_.get(), j->handle());
        options_.host_gate->Release(j->request_host());
      }
      j->Abort("TIMEOUT", "the form's time limit was reached");
      finished_.push_back(j);
    }
    if (cancelled_.load()) {
      for (auto& [j, owned] : active_) {
        (void)owned;
        if (j->done()) continue;
        if (j->request_in_flight()) {
          curl_multi_remove_handle(multi_.get(), j->handle());
          options_.host_gate->Release(j->request_host());
        }
        j->Abort("SHUTDOWN_REQUESTED", "the engine was stopped");
        finished_.push_back(j);
      }
    }
    PumpHosts();
    std::sort(finished_.begin(), finished_.end());
    finished_.erase(std::unique(finished_.begin(), finished_.end()), finished_.end());
    for (FormJob* j : finished_) Finish(j);
    finished_.clear();
    if (!active_.empty()) curl_multi_poll(multi_.get(), nullptr, 0, 50, nullptr);
  }
}

FormResult RunOne(const FormTask& task, const EngineOptions& options, const Clock& clock,
                  LoggerPtr log, Hooks hooks) {
  Engine engine(options, clock, std::move(log), std::move(hooks));
  FormResult out;
  engine.Add(task, [&](FormResult r) { out = std::move(r); });
  engine.Run();
  return out;
}

}  // namespace formsender::engine

#include "common/log.h"

#include <mutex>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/null_sink.h>

#include "common/strings.h"
#include "common/time.h"

namespace formsender {
namespace {

// Marks a payload produced by LogFields: the rest is a JSON object with "message" and "fields".
constexpr char kFieldsMarker = '\x1f';

const char* Severity(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
      return "DEBUG";
    case spdlog::level::info:
      return "INFO";
    case spdlog::level::warn:
      return "WARNING";
    case spdlog::level::err:
      return "ERROR";
    case spdlog::level::critical:
      return "CRITICAL";
    default:
      return "DEFAULT";
  }
}

std::string FormatLine(const spdlog::details::log_msg& msg, const Redactor* redactor,
                       const Json& labels) {
  std::string_view payload(msg.payload.data(), msg.payload.size());
  Json line = Json::object();
  line["severity"] = Severity(msg.level);
  line["time"] = FormatUtcIso(msg.time, /*with_micros=*/true);
  Json fields;
  std::string message;
  if (!payload.empty() && payload.front() == kFieldsMarker) {
    auto parsed = ParseJson(payload.substr(1));
    if (parsed.ok() && parsed->is_object()) {
      message = parsed->value("message", "");
      fields = parsed->value("fields", Json::object());
    } else {
      message = std::string(payload.substr(1));
    }
  } else {
    message = std::string(payload);
  }
  line["message"] = message;
  if (fields.is_object()) {
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      if (!line.contains(it.key())) line[it.key()] = *it;
    }
  }
  Json all_labels = labels;
  all_labels["component"] = std::string(msg.logger_name.data(), msg.logger_name.size());
  line["logging.googleapis.com/labels"] = all_labels;
  std::string text = DumpJson(line);
  return redactor ? redactor->Redact(text) : RedactSecrets(text);
}

class JsonLinesSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  JsonLinesSink(FILE* out, std::shared_ptr<const Redactor> redactor, Json labels)
      : out_(out), redactor_(std::move(redactor)), labels_(std::move(labels)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string text = FormatLine(msg, redactor_.get(), labels_);
    text += '\n';
    std::fwrite(text.data(), 1, text.size(), out_);
    std::fflush(out_);
  }
  void flush_() override { std::fflush(out_); }

 private:
  FILE* out_;
  std::shared_ptr<const Redactor> redactor_;
  Json labels_;
};

class CapturingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  CapturingSink(std::shared_ptr<std::vector<std::string>> lines,
                std::shared_ptr<const Redactor> redactor)
      : lines_(std::move(lines)), redactor_(std::move(redactor)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    lines_->push_back(FormatLine(msg, redactor_.get(), Json::object()));
  }
  void flush_() override {}

 private:
  std::shared_ptr<std::vector<std::string>> lines_;
  std::shared_ptr<const Redactor> redactor_;
};

}  // namespace

LoggerPtr MakeJsonLogger(std::string_view component, std::shared_ptr<const Redactor> redactor,
                         FILE* out, Json labels) {
  auto sink = std::make_shared<JsonLinesSink>(out, std::move(redactor), std::move(labels));
  auto logger = std::make_shared<spdlog::logger>(std::string(component), std::move(sink));
  logger->set_level(spdlog::level::info);
  return logger;
}

LoggerPtr MakeNullLogger() {
  auto logger =
      std::make_shared<spdlog::logger>("null", std::make_shared<spdlog::sinks::null_sink_mt>());
  logger->set_level(spdlog::level::off);
  return logger;
}

LoggerPtr MakeCapturingLogger(std::shared_ptr<std::vector<std::string>> lines,
                              std::shared_ptr<const Redactor> redactor) {
  auto logger = std::make_shared<spdlog::logger>(
      "test", std::make_shared<CapturingSink>(std::move(lines), std::move(redactor)));
  logger->set_level(spdlog::level::trace);
  return logger;
}

void LogFields(Logger& logger, spdlog::level::level_enum level, std::string_view message,
               const Json& fields) {
  if (!logger.should_log(level)) return;
  Json payload = {{"message", message}, {"fields", fields}};
  std::string text(1, kFieldsMarker);
  text += DumpJson(payload);
  logger.log(level, spdlog::string_view_t(text.data(), text.size()));
}

Result<spdlog::level::level_enum> ParseLogLevel(std::string_view text) {
  std::string t = ToLowerAscii(Trim(text));
  if (t == "debug" || t == "trace") return spdlog::level::debug;
  if (t == "info") return spdlog::level::info;
  if (t == "warning" || t == "warn") return spdlog::level::warn;
  if (t == "error") return spdlog::level::err;
  return Status::InvalidArgument("log level \"" + std::string(text) +
                                 "\" is not one of debug, info, warning, error");
}

}  // namespace formsender

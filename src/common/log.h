#pragma once
// Logging: JSON lines on stderr (or any stream) with Cloud Logging's field names
// (`severity`, `message`, `time`, `logging.googleapis.com/labels`), secrets redacted.
//
// There is no global logger: main() builds one with MakeJsonLogger and passes it down.
//
//   auto log = MakeJsonLogger("runner", redactor);
//   log->info("started");
//   LogFields(*log, spdlog::level::info, "claimed", {{"company_id", 42}});

#include <cstdio>
#include <memory>
#include <string_view>

#include <spdlog/logger.h>

#include "common/json.h"
#include "common/redact.h"

namespace formsender {

using Logger = spdlog::logger;
using LoggerPtr = std::shared_ptr<spdlog::logger>;

// A logger named `component` writing JSON lines to `out` (stderr by default). `redactor` may be
// null (pattern redaction still applies). `labels` are added to every line.
LoggerPtr MakeJsonLogger(std::string_view component, std::shared_ptr<const Redactor> redactor,
                         FILE* out = stderr, Json labels = Json::object());
// A logger that drops everything (tests, library defaults).
LoggerPtr MakeNullLogger();
// A logger that appends JSON lines to `lines` (tests that assert on logs).
LoggerPtr MakeCapturingLogger(std::shared_ptr<std::vector<std::string>> lines,
                              std::shared_ptr<const Redactor> redactor = nullptr);

// Logs `message` with extra structured fields, merged into the JSON line.
void LogFields(Logger& logger, spdlog::level::level_enum level, std::string_view message,
               const Json& fields);

// Maps "debug", "info", "warning"/"warn", "error" to a level (case-insensitive).
Result<spdlog::level::level_enum> ParseLogLevel(std::string_view text);

}  // namespace formsender

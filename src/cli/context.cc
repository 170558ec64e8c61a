#include "cli/context.h"

#include <sys/stat.h>

#include <filesystem>
#include <ostream>

#include "common/shifted_clock.h"
#include "common/strings.h"

namespace formsender::cli {

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidArgument:
      return kExitUsage;
    case StatusCode::kNotFound:
      return kExitNotFound;
    case StatusCode::kConflict:
      return kExitConflict;
    case StatusCode::kUnavailable:
    case StatusCode::kDeadlineExceeded:
      return kExitUnavailable;
    default:
      return kExitFailure;
  }
}

Context::Context(GlobalFlags flags, const Environment& env, std::ostream& out, std::ostream& err)
    : flags_(std::move(flags)),
      env_(env),
      out_(out),
      err_(err),
      redactor_(std::make_shared<Redactor>()),
      log_(MakeJsonLogger("formsender", redactor_)) {}

Status Context::Finalize() {
  if (flags_.data_dir.empty()) {
    flags_.data_dir = env_.GetNonBlank("FORMSENDER_DATA_DIR").value_or("./formsender-data");
  }
  if (flags_.database_url.empty()) {
    flags_.database_url = env_.GetNonBlank("FORMSENDER_DATABASE_URL").value_or("");
  }
  if (flags_.config_file.empty()) {
    flags_.config_file = env_.GetNonBlank("FORMSENDER_CONFIG").value_or("");
  }
  auto clock = MakeProcessClock(env_.GetNonBlank("FORMSENDER_CLOCK").value_or(""));
  if (!clock.ok()) return clock.status();
  clock_ = std::move(*clock);
  auto level = ParseLogLevel(env_.GetNonBlank("FORMSENDER_LOG_LEVEL").value_or(flags_.log_level));
  if (!level.ok()) return level.status().WithContext("--log-level");
  log_->set_level(*level);
  // Secrets from the environment never appear in logs.
  for (const char* name :
       {"SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_SERVICE_ROLE_KEY_TEST",
        "DISPATCHER_SUPABASE_SERVICE_ROLE_KEY", "FORM_SENDER_DISPATCHER_TOKEN"}) {
    if (auto v = env_.GetNonBlank(name)) redactor_->AddSecret(*v);
  }
  return Status::Ok();
}

Status Context::EnsureDataDir() {
  std::error_code ec;
  std::filesystem::path dir(flags_.data_dir);
  if (!std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      return Status::Unavailable("cannot create data directory " + dir.string() + ": " +
                                 ec.message());
    }
    ::chmod(dir.c_str(), 0700);
  } else if (!std::filesystem::is_directory(dir, ec)) {
    return Status::InvalidArgument("data directory " + dir.string() + " is not a directory");
  }
  return Status::Ok();
}

Result<const settings::Properties*> Context::Properties() {
  if (properties_) return &*properties_;
  std::optional<std::filesystem::path> file;
  std::error_code ec;
  if (!flags_.config_file.empty()) {
    file = flags_.config_file;
  } else if (auto in_data_dir = std::filesystem::path(flags_.data_dir) / "formsender.toml";
             std::filesystem::exists(in_data_dir, ec)) {
    file = in_data_dir;
  }
  auto props = settings::Properties::Load(file, env_);
  if (!props.ok()) return props.status();
  for (const auto& secret : props->SecretValues()) redactor_->AddSecret(secret);
  properties_ = std::move(*props);
  return &*properties_;
}

Result<store::Database*> Context::Database() {
  if (db_) return db_.get();
  if (flags_.database_url.empty()) {
    // Neither --database-url nor FORMSENDER_DATABASE_URL: the config file, then the default.
    auto props = Properties();
    if (!props.ok()) return props.status();
    flags_.database_url =
        (*props)->String("database_url").value_or(store::DefaultDatabaseUrl(flags_.data_dir));
  }
  if (flags_.database_url.starts_with("sqlite://") &&
      flags_.database_url == store::DefaultDatabaseUrl(flags_.data_dir)) {
    FS_RETURN_IF_ERROR(EnsureDataDir());
  }
  auto db = store::OpenDatabase(flags_.database_url);
  if (!db.ok()) return db.status();
  db_ = std::move(*db);
  return db_.get();
}

int Context::Fail(const Status& status) {
  err_ << "formsender: " << redactor_->Redact(status.message()) << "\n";
  return ExitCodeFor(status);
}

}  // namespace formsender::cli

#include "store/script_state.h"

namespace formsender::store {
namespace {

constexpr std::string_view kUpsert =
    "INSERT INTO script_state (key, value, updated_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";

}  // namespace

Result<std::optional<std::string>> ScriptStateRepository::Get(std::string_view key) {
  FS_ASSIGN_OR_RETURN(QueryResult r, db_.Query("SELECT value FROM script_state WHERE key = $1",
                                               {std::string(key)}));
  if (r.empty()) return std::optional<std::string>();
  return std::optional<std::string>(r.front().Text("value"));
}

Status ScriptStateRepository::Set(std::string_view key, std::string_view value) {
  return db_.Execute(kUpsert, {std::string(key), std::string(value), SqlValue::Time(clock_.Now())})
      .status();
}

Status ScriptStateRepository::Delete(std::string_view key) {
  return db_.Execute("DELETE FROM script_state WHERE key = $1", {std::string(key)}).status();
}

Result<std::string> ScriptStateRepository::Update(std::string_view key, const Updater& update) {
  std::string written;
  Status s = db_.Transaction([&](Connection& c) -> Status {
    // A row lock on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers. The
    // placeholder insert makes the lock exist before the first value is written.
    FS_RETURN_IF_ERROR(c.Execute("INSERT INTO script_state (key, value, updated_at) VALUES "
                                 "($1, '', $2) ON CONFLICT (key) DO NOTHING",
                                 {std::string(key), SqlValue::Time(clock_.Now())})
                           .status());
    std::string lock = c.dialect() == Dialect::kPostgres ? " FOR UPDATE" : "";
    FS_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT value, updated_at FROM script_state "
                                               "WHERE key = $1" +
                                                   lock,
                                               {std::string(key)}));
    std::optional<std::string> current;
    if (!r.empty() && !r.front().Text("value").empty()) current = r.front().Text("value");
    FS_ASSIGN_OR_RETURN(written, update(current));
    return c.Execute(kUpsert, {std::string(key), written, SqlValue::Time(clock_.Now())}).status();
  });
  if (!s.ok()) return s;
  return written;
}

}  // namespace formsender::store

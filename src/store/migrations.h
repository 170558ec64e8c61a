#pragma once
// Numbered SQL migrations per backend (src/store/migrations/<backend>/NNNN_name.sql),
// compiled into the binary and applied in order, each in its own transaction and recorded in
// schema_migrations. Applying is idempotent; a failing migration leaves the database as it was.

#include <string>
#include <vector>

#include "common/clock.h"
#include "store/database.h"

namespace formsender::store {

struct Migration {
  int64_t version = 0;
  std::string name;  // file name without the extension, e.g. "0001_init"
  std::string sql;
  std::string checksum;  // sha256 hex of the SQL
};

struct MigrationState {
  Migration migration;
  bool applied = false;
  std::optional<TimePoint> applied_at;
};

// The migrations compiled into the binary for `dialect`, in version order.
std::vector<Migration> BuiltinMigrations(Dialect dialect);

// Lists every migration with whether it is applied. An applied migration whose checksum
// differs from the binary's (someone edited a landed file) is an error.
Result<std::vector<MigrationState>> MigrationStatus(Database& db,
                                                    const std::vector<Migration>& migrations);

// Applies pending migrations; returns the versions applied by this call (empty when the
// schema was current). Concurrent callers are serialised.
Result<std::vector<Migration>> Migrate(Database& db, const std::vector<Migration>& migrations,
                                       const Clock& clock);

}  // namespace formsender::store

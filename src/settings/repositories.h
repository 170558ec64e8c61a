#pragma once
// The targeting and clients tables of the store. A sheet import replaces a whole table in one
// transaction (the sheet is the source of truth: a row removed from the sheet is removed here).

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "settings/models.h"
#include "store/database.h"

namespace formsender::settings {

struct ReplaceCounts {
  size_t inserted = 0;  // ids that were not in the table
  size_t updated = 0;   // ids that were, now replaced by the sheet's row
  size_t deleted = 0;   // ids no longer in the sheet
};

class TargetingRepository {
 public:
  explicit TargetingRepository(store::Database& db) : db_(db) {}
  Result<ReplaceCounts> ReplaceAll(const std::vector<Targeting>& rows);
  // NotFound names the id.
  Result<Targeting> Get(int64_t id);
  Result<std::vector<Targeting>> List(bool active_only = false);

 private:
  store::Database& db_;
};

class ClientRepository {
 public:
  explicit ClientRepository(store::Database& db) : db_(db) {}
  Result<ReplaceCounts> ReplaceAll(const std::vector<Client>& rows);
  Result<Client> Get(int64_t id);
  Result<std::vector<Client>> List();

 private:
  store::Database& db_;
};

}  // namespace formsender::settings

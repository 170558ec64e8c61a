#pragma once
// PostgreSQL backend over libpq: a bounded connection pool, named prepared statements cached
// per connection (optional, for transaction-mode poolers), text-format parameters.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/database.h"

namespace formsender::store {

class PostgresConnection;

class PostgresDatabase final : public Database {
 public:
  static Result<std::unique_ptr<Database>> Open(std::string_view url,
                                                const DatabaseOptions& options);
  ~PostgresDatabase() override;

  Dialect dialect() const override { return Dialect::kPostgres; }
  Result<QueryResult> Query(std::string_view sql, const Params& params) override;
  Status Transaction(const std::function<Status(Connection&)>& fn) override;
  std::string Describe() const override;

 private:
  PostgresDatabase(std::string conninfo, std::string described, DatabaseOptions options);
  Result<std::unique_ptr<PostgresConnection>> Acquire();
  void Release(std::unique_ptr<PostgresConnection> c);

  std::string conninfo_;
  std::string described_;
  DatabaseOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PostgresConnection>> idle_;
  int open_ = 0;
};

}  // namespace formsender::store

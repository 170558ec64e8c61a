#pragma once
// SQLite backend: WAL, a busy timeout, writers serialised with BEGIN IMMEDIATE, a small pool of
// connections (one for :memory:, which cannot be shared).

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/database.h"

namespace formsender::store {

class SqliteConnection;

class SqliteDatabase final : public Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const std::string& path,
                                                const DatabaseOptions& options);
  ~SqliteDatabase() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  Result<QueryResult> Query(std::string_view sql, const Params& params) override;
  Status Transaction(const std::function<Status(Connection&)>& fn) override;
  std::string Describe() const override;

 private:
  SqliteDatabase(std::string path, DatabaseOptions options);
  Result<std::unique_ptr<SqliteConnection>> Acquire();
  void Release(std::unique_ptr<SqliteConnection> c);

  std::string path_;
  DatabaseOptions options_;
  int max_connections_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;
  int open_ = 0;
};

}  // namespace formsender::store

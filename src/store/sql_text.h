#pragma once
// SQL text helpers shared by the backends.

#include <string>
#include <string_view>

namespace formsender::store {

// Rewrites PostgreSQL-flavoured SQL for SQLite: `$N` → `?N`, `::type` casts dropped,
// ILIKE → LIKE. String literals, quoted identifiers and comments are left alone.
std::string TranslateForSqlite(std::string_view sql);

// The first line of a statement, trimmed and cut to ~100 characters, for error messages.
std::string StatementLabel(std::string_view sql);

}  // namespace formsender::store

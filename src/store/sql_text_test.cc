#include "store/sql_text.h"

#include <gtest/gtest.h>

namespace formsender::store {
namespace {

TEST(SqlTextTest, TranslatesParametersCastsAndIlike) {
  EXPECT_EQ(TranslateForSqlite("SELECT * FROM t WHERE a = $1::bigint AND b ILIKE $2"),
            "SELECT * FROM t WHERE a = ?1 AND b LIKE ?2");
  EXPECT_EQ(TranslateForSqlite("SELECT $10, x::text[] FROM t"), "SELECT ?10, x FROM t");
}

TEST(SqlTextTest, LeavesLiteralsAndCommentsAlone) {
  EXPECT_EQ(TranslateForSqlite("SELECT '$1::x', \"a$2\" -- $3::int\n, $4"),
            "SELECT '$1::x', \"a$2\" -- $3::int\n, ?4");
  EXPECT_EQ(TranslateForSqlite("SELECT 'it''s $1' /* $2 */ , $3"),
            "SELECT 'it''s $1' /* $2 */ , ?3");
  EXPECT_EQ(TranslateForSqlite("SELECT milike FROM t"), "SELECT milike FROM t");
}

TEST(SqlTextTest, StatementLabel) {
  EXPECT_EQ(StatementLabel("\n  SELECT a\n FROM b"), "SELECT a");
}

}  // namespace
}  // namespace formsender::store

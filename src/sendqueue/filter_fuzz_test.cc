// Fuzz-style tests of the targeting filter language: random token soups, random valid
// expressions and random mutations of them. Whatever the input, parsing never crashes, and
// any accepted filter compiles to SQL made only of whitelisted columns, fixed keywords and
// placeholders (every value bound). Accepted filters are also run on both backends next to a
// canary table that must stay untouched.
#include <gtest/gtest.h>

#include <cctype>
#include <random>
#include <set>

#include "common/strings.h"
#include "sendqueue/company_columns.h"
#include "sendqueue/filter.h"
#include "store/testing.h"

namespace formsender::sendqueue {
namespace {

uint32_t Seed() {
  const char* s = std::getenv("FORMSENDER_FUZZ_SEED");
  return s ? static_cast<uint32_t>(std::strtoul(s, nullptr, 10)) : 20250401u;
}

// Checks that `sql` contains nothing but the vocabulary the compiler may emit; returns the
// first offending piece, or "" when the text is clean. Also counts the placeholders.
std::string UnexpectedSql(const std::string& sql, TableMode mode, size_t* placeholders) {
  static const std::set<std::string> kKeywords = {"AND",   "OR",   "NOT",    "IN",      "LIKE",
                                                  "ILIKE", "GLOB", "ESCAPE", "BETWEEN", "IS",
                                                  "NULL",  "TRUE", "FALSE"};
  static const std::set<std::string> kCasts = {"text",   "bigint",  "numeric",
                                               "float8", "boolean", "timestamptz"};
  *placeholders = 0;
  size_t i = 0;
  auto word = [&](size_t from) {
    size_t j = from;
    while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_'))
      ++j;
    return sql.substr(from, j - from);
  };
  while (i < sql.size()) {
    char ch = sql[i];
    if (ch == ' ' || ch == '(' || ch == ')' || ch == ',' || ch == '=') {
      ++i;
    } else if (ch == '<' || ch == '>') {
      ++i;
      if (i < sql.size() && (sql[i] == '=' || sql[i] == '>')) ++i;
    } else if (ch == '$') {
      std::string digits = word(i + 1);
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
        return sql.substr(i, 10);
      }
      ++*placeholders;
      i += 1 + digits.size();
      if (sql.compare(i, 2, "::") == 0) {
        std::string cast = word(i + 2);
        if (!kCasts.count(cast)) return "::" + cast;
        i += 2 + cast.size();
      }
    } else if (sql.compare(i, 2, "c.") == 0) {
      std::string column = word(i + 2);
      if (!FindCompanyColumn(column, mode) || FindCompanyColumn(column, mode)->name != column) {
        return "c." + column;
      }
      i += 2 + column.size();
    } else if (sql.compare(i, 3, "'\\'") == 0) {
      i += 3;
    } else if (std::isalpha(static_cast<unsigned char>(ch))) {
      std::string w = word(i);
      if (!kKeywords.count(w)) return w;
      i += w.size();
    } else {
      return sql.substr(i, 10);
    }
  }
  return "";
}

const std::vector<std::string>& Vocabulary() {
  static const std::vector<std::string> kWords = {"prefecture",
                                                  "c.prefecture",
                                                  "employee_count",
                                                  "capital",
                                                  "black",
                                                  "form_found",
                                                  "company_name",
                                                  "analyzer_queued_at",
                                                  "average_age",
                                                  "c.id",
                                                  "id",
                                                  "client",
                                                  "password",
                                                  "pg_sleep",
                                                  "companies.id",
                                                  "x.y",
                                                  "\"prefecture\"",
                                                  "\"pre\"\"fecture\"",
                                                  "AND",
                                                  "and",
                                                  "OR",
                                                  "NOT",
                                                  "IN",
                                                  "LIKE",
                                                  "ILIKE",
                                                  "BETWEEN",
                                                  "IS",
                                                  "NULL",
                                                  "TRUE",
                                                  "FALSE",
                                                  "SELECT",
                                                  "UNION",
                                                  "DROP",
                                                  "TABLE",
                                                  "WITH",
                                                  "FROM",
                                                  "WHERE",
                                                  "(",
                                                  ")",
                                                  ",",
                                                  ".",
                                                  "=",
                                                  "<>",
                                                  "!=",
                                                  "<",
                                                  "<=",
                                                  ">",
                                                  ">=",
                                                  "==",
                                                  "!",
                                                  "-",
                                                  "+",
                                                  "*",
                                                  "/",
                                                  ";",
                                                  "--",
                                                  "/*",
                                                  "*/",
                                                  "'",
                                                  "''",
                                                  "'東京都'",
                                                  "'it''s'",
                                                  "'%情報%'",
                                                  "'a\\'",
                                                  "'2025-04-01'",
                                                  "'abc",
                                                  "0",
                                                  "42",
                                                  "-7",
                                                  "3.14",
                                                  "1e9",
                                                  "1e",
                                                  "99999999999999999999",
                                                  ".5",
                                                  "\\x00",
                                                  "\xE3\x80\x80",
                                                  "\xFF",
                                                  "＝",
                                                  "\n",
                                                  "\t",
                                                  "$1",
                                                  "::text",
                                                  "?",
                                                  "@",
                                                  "`",
                                                  "{",
                                                  "}",
                                                  "[",
                                                  "]"};
  return kWords;
}

std::string RandomSoup(std::mt19937& rng) {
  std::uniform_int_distribution<size_t> len(0, 14);
  std::uniform_int_distribution<size_t> pick(0, Vocabulary().size() - 1);
  std::uniform_int_distribution<int> space(0, 3);
  std::string out;
  size_t n = len(rng);
  for (size_t i = 0; i < n; ++i) {
    out += Vocabulary()[pick(rng)];
    if (space(rng) != 0) out += ' ';
  }
  return out;
}

// A random expression that is inside the language.
class ValidGenerator {
 public:
  explicit ValidGenerator(std::mt19937& rng) : rng_(rng) {}

  std::string Expr(int depth) {
    int choice = Uniform(0, depth > 3 ? 2 : 5);
    switch (choice) {
      case 3:
        return Expr(depth + 1) + (Uniform(0, 1) ? " AND " : " or ") + Expr(depth + 1);
      case 4:
        return "NOT " + Expr(depth + 1);
      case 5:
        return "(" + Expr(depth + 1) + ")";
      default:
        return Predicate();
    }
  }

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::string Column(const std::vector<std::string_view>& names) {
    std::string name(names[static_cast<size_t>(Uniform(0, static_cast<int>(names.size()) - 1))]);
    return Uniform(0, 2) == 0 ? "c." + name : name;
  }
  std::string Text() {
    static const std::vector<std::string> kTexts = {"東京都",
                                                    "大阪府",
                                                    "it's",
                                                    "%",
                                                    "_",
                                                    "a\\b",
                                                    "",
                                                    "x' OR '1'='1",
                                                    "); DROP TABLE canary; --"};
    std::string t = kTexts[static_cast<size_t>(Uniform(0, static_cast<int>(kTexts.size()) - 1))];
    return "'" + ReplaceAll(t, "'", "''") + "'";
  }
  std::string Number() {
    static const std::vector<std::string> kNumbers = {"0", "1", "-5", "50", "1000000", "9e3"};
    return kNumbers[static_cast<size_t>(Uniform(0, static_cast<int>(kNumbers.size()) - 1))];
  }
  std::string Op() {
    static const std::vector<std::string> kOps = {"=", "<>", "!=", "<", "<=", ">", ">="};
    return kOps[static_cast<size_t>(Uniform(0, static_cast<int>(kOps.size()) - 1))];
  }
  std::string Predicate() {
    const std::vector<std::string_view> texts = {"prefecture", "company_name", "location",
                                                 "industry_category_major", "tel"};
    const std::vector<std::string_view> numbers = {"employee_count", "capital", "established_year",
                                                   "average_age", "id"};
    const std::vector<std::string_view> bools = {"black", "form_found", "duplication"};
    switch (Uniform(0, 9)) {
      case 0:
        return Column(texts) + " " + Op() + " " + Text();
      case 1:
        return Column(numbers) + " " + Op() + " " + Number();
      case 2:
        return Number() + " " + Op() + " " + Column(numbers);
      case 3:
        return Column(texts) + (Uniform(0, 1) ? " NOT" : "") + " IN (" + Text() + ", " + Text() +
               ")";
      case 4:
        return Column(texts) + (Uniform(0, 1) ? " not" : "") +
               (Uniform(0, 1) ? " LIKE " : " ILIKE ") + Text();
      case 5:
        return Column(numbers) + (Uniform(0, 1) ? " NOT" : "") + " BETWEEN " + Number() + " AND " +
               Number();
      case 6:
        return Column(texts) + (Uniform(0, 1) ? " IS NOT NULL" : " is null");
      case 7:
        return Column(bools) + (Uniform(0, 1) ? " IS TRUE" : " IS NOT FALSE");
      case 8:
        return Column(bools) + (Uniform(0, 1) ? " = true" : " <> FALSE");
      default:
        return Column(bools);
    }
  }

  std::mt19937& rng_;
};

std::string Mutate(std::string s, std::mt19937& rng) {
  static const std::string kChars = "';()-/*=<>,.\"c \\%_x1";
  int edits = std::uniform_int_distribution<int>(1, 3)(rng);
  for (int e = 0; e < edits && !s.empty(); ++e) {
    size_t at = std::uniform_int_distribution<size_t>(0, s.size() - 1)(rng);
    char c = kChars[std::uniform_int_distribution<size_t>(0, kChars.size() - 1)(rng)];
    switch (std::uniform_int_distribution<int>(0, 2)(rng)) {
      case 0:
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), c);
        break;
      case 1:
        s.erase(at, 1);
        break;
      default:
        s[at] = c;
    }
  }
  return s;
}

// Parses `text`; when accepted, checks the SQL for both dialects. Returns whether accepted.
bool CheckOne(const std::string& text, TableMode mode) {
  auto f = Filter::Parse(text, mode);
  if (!f.ok()) {
    EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument) << text;
    EXPECT_TRUE(f.status().message().starts_with("targeting_sql")) << f.status().message();
    return false;
  }
  for (auto dialect : {store::Dialect::kSqlite, store::Dialect::kPostgres}) {
    CompiledFilter c = f->Compile(dialect, 1);
    size_t placeholders = 0;
    std::string bad = UnexpectedSql(c.sql, mode, &placeholders);
    EXPECT_EQ(bad, "") << "filter " << text << " compiled to " << c.sql;
    EXPECT_EQ(placeholders, c.params.size()) << c.sql;
  }
  // The canonical form is itself in the language and means the same.
  auto again = Filter::Parse(f->ToString(), mode);
  EXPECT_TRUE(again.ok()) << f->ToString() << ": " << again.status().ToString();
  if (again.ok()) {
    EXPECT_EQ(again->ToString(), f->ToString());
  }
  return true;
}

TEST(FilterFuzzTest, RandomTokenSoupNeverEscapesTheWhitelist) {
  std::mt19937 rng(Seed());
  int accepted = 0;
  for (int i = 0; i < 30000; ++i) {
    std::string text = RandomSoup(rng);
    accepted += CheckOne(text, i % 2 ? TableMode::kDefault : TableMode::kExtra) ? 1 : 0;
  }
  // Some soups are valid filters by chance; most are not.
  EXPECT_GT(accepted, 0);
  EXPECT_LT(accepted, 30000 / 2);
}

TEST(FilterFuzzTest, ValidExpressionsAreAcceptedAndMutationsAreSafe) {
  std::mt19937 rng(Seed() + 1);
  ValidGenerator gen(rng);
  for (int i = 0; i < 5000; ++i) {
    std::string text = gen.Expr(0);
    EXPECT_TRUE(CheckOne(text, TableMode::kDefault)) << text;
    for (int m = 0; m < 4; ++m) CheckOne(Mutate(text, rng), TableMode::kDefault);
  }
}

TEST(FilterFuzzTest, RandomBytesNeverCrash) {
  std::mt19937 rng(Seed() + 2);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> len(0, 64);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    int n = len(rng);
    for (int k = 0; k < n; ++k) text.push_back(static_cast<char>(byte(rng)));
    CheckOne(text, TableMode::kDefault);
  }
}

class FilterFuzzBackendTest : public store::BackendTest {};

TEST_P(FilterFuzzBackendTest, AcceptedFiltersRunAndTouchNothingElse) {
  auto& db = this->db();
  ASSERT_TRUE(db.Execute("CREATE TABLE canary (v integer)").ok());
  ASSERT_TRUE(db.Execute("INSERT INTO canary (v) VALUES (1)").ok());
  ASSERT_TRUE(db.Execute("INSERT INTO companies (id, company_name, prefecture, employee_count, "
                         "capital, black) VALUES (1, 'it''s', '東京都', 50, 9000, NULL), "
                         "(2, '%', NULL, 0, NULL, true)")
                  .ok());
  std::mt19937 rng(Seed() + 3);
  ValidGenerator gen(rng);
  int ran = 0;
  for (int i = 0; i < 400; ++i) {
    std::string text = i % 2 ? gen.Expr(0) : Mutate(gen.Expr(0), rng);
    auto f = Filter::Parse(text);
    if (!f.ok()) continue;
    CompiledFilter c = f->Compile(db.dialect(), 1);
    auto rows = db.Query("SELECT count(*) AS n FROM companies c WHERE " + c.sql, c.params);
    ASSERT_TRUE(rows.ok()) << text << " → " << c.sql << ": " << rows.status().ToString();
    ++ran;
  }
  EXPECT_GT(ran, 200);
  auto canary = db.Query("SELECT count(*) AS n FROM canary");
  ASSERT_TRUE(canary.ok());
  EXPECT_EQ(canary->front().Int("n"), 1);
  auto companies = db.Query("SELECT count(*) AS n FROM companies");
  EXPECT_EQ(companies->front().Int("n"), 2);
}

FS_INSTANTIATE_BACKEND_TEST(FilterFuzzBackendTest);

}  // namespace
}  // namespace formsender::sendqueue

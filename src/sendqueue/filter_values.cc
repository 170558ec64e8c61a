// Typing the literals of a targeting filter by the column they are compared with.
#include <cmath>

#include "common/strings.h"
#include "common/time.h"
#include "sendqueue/filter_internal.h"

namespace formsender::sendqueue::filter_internal {

Result<FilterLiteral> ConvertLiteral(const CompanyColumn& column, const RawLiteral& lit) {
  FilterLiteral out;
  std::string col(column.name);
  switch (column.type) {
    case ColumnType::kText:
      if (lit.kind != RawLiteral::Kind::kString) {
        return FilterError(lit.pos,
                           col + " is text: write the value in quotes ('" + lit.text + "')");
      }
      out.value = lit.text;
      out.pg_cast = "text";
      out.text = QuoteSql(lit.text);
      return out;
    case ColumnType::kBoolean:
      if (lit.kind == RawLiteral::Kind::kBool) {
        out.value = lit.boolean;
      } else if (lit.kind == RawLiteral::Kind::kString && ParseBool(lit.text).ok()) {
        out.value = *ParseBool(lit.text);
      } else {
        return FilterError(lit.pos, col + " is a boolean: compare it with TRUE or FALSE");
      }
      out.pg_cast = "boolean";
      out.text = std::get<bool>(out.value.get()) ? "TRUE" : "FALSE";
      return out;
    case ColumnType::kTimestamp: {
      if (lit.kind != RawLiteral::Kind::kString) {
        return FilterError(lit.pos, col +
                                        " is a timestamp: write it as '2025-04-01' or "
                                        "'2025-04-01T09:00:00+09:00'");
      }
      Result<TimePoint> t = ParseIsoTimestamp(lit.text);
      if (!t.ok()) {
        auto date = CivilDate::Parse(lit.text);
        // Years ParseIsoTimestamp also accepts: a far date would overflow the TimePoint.
        if (date.ok() && (date->year < 1900 || date->year > 2200)) {
          return FilterError(lit.pos,
                             "'" + lit.text + "' is outside the years 1900–2200 (for " + col + ")");
        }
        if (!date.ok()) {
          return FilterError(lit.pos, "'" + lit.text +
                                          "' is not a date or a timestamp with a time "
                                          "zone (for " +
                                          col + ")");
        }
        t = JstMidnight(*date);  // a bare date is the start of that day in Japan
      }
      out.value = store::SqlValue::Time(*t);
      out.pg_cast = "timestamptz";
      out.text = QuoteSql(FormatUtcIso(*t, /*with_micros=*/true));
      return out;
    }
    default:  // numeric columns
      if (lit.kind != RawLiteral::Kind::kNumber && lit.kind != RawLiteral::Kind::kString) {
        return FilterError(lit.pos, col + " is a number: compare it with a number");
      }
      std::string_view text = Trim(lit.text);
      bool integral = text.find_first_of(".eE") == std::string_view::npos;
      if (integral && column.type != ColumnType::kReal) {
        auto v = ParseInt64(text);
        if (!v.ok()) {
          return FilterError(lit.pos, "'" + lit.text + "' is not a whole number (for " + col + ")");
        }
        out.value = *v;
        out.pg_cast = "bigint";
        out.text = std::to_string(*v);
        return out;
      }
      auto d = ParseDouble(text);
      if (!d.ok() || !std::isfinite(*d)) {
        return FilterError(lit.pos, "'" + lit.text + "' is not a number (for " + col + ")");
      }
      out.value = *d;
      out.pg_cast = column.type == ColumnType::kReal ? "float8" : "numeric";
      out.text = std::string(text);
      return out;
  }
}

}  // namespace formsender::sendqueue::filter_internal

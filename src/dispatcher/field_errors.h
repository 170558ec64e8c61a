#pragma once
// Validation errors in the shape the reference dispatcher (FastAPI over pydantic v1) answers
// with: HTTP 422 {"detail": [{"loc": ["body", "execution", "run_total"], "msg": "…",
// "type": "…", "ctx": {…}}]}, with pydantic's messages for missing fields, wrong types and
// bounds, and the reference's own messages for its field rules.
//
// FieldReader walks a JSON object like a pydantic model: each getter reads one field, coerces it
// as pydantic v1 does (numeric strings to integers, "yes"/"off"/1/0 to booleans), records an
// error at the field's path when it cannot, and remembers which keys it read so the unknown ones
// can be reported (they are dropped, and logged, as the reference drops them).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/http.h"
#include "common/json.h"

namespace formsender::dispatcher {

struct FieldError {
  Json loc = Json::array();  // ["body", "execution", "run_total"]
  std::string msg;
  std::string type;
  Json ctx;  // null when absent

  Json ToJson() const;
};

// 422 {"detail": [...]}.
HttpResponse ValidationErrorResponse(const std::vector<FieldError>& errors);
// The errors of a request body that is not JSON, or not an object.
FieldError JsonDecodeError(const Status& parse_error);
FieldError NotADictError(Json loc);
FieldError MissingError(Json loc);

// How a field may be absent, as pydantic models declare it.
enum class Presence {
  kRequired,   // `x: int`: missing → "field required", null → "none is not an allowed value"
  kNullable,   // `x: Optional[int] = None`: missing or null → no value, no error
  kDefaulted,  // `x: int = 5`: missing → no value (the default), null → "none is not …"
};

struct IntBounds {
  std::optional<int64_t> ge = std::nullopt;
  std::optional<int64_t> le = std::nullopt;
};

class FieldReader {
 public:
  // `loc` is the path of `object` (["body"] for the request body); errors go to `errors`, the
  // paths of keys nobody read to `unknown` (ReportUnknownKeys).
  FieldReader(const Json& object, Json loc, std::vector<FieldError>& errors,
              std::vector<std::string>& unknown);

  bool Has(std::string_view key) const;  // present and not null
  // Each getter returns no value when the field is absent as `presence` allows, or invalid
  // (then with an error at its path).
  std::optional<int64_t> Int(std::string_view key, Presence presence, IntBounds bounds = {});
  // A number with gt < value ≤ le (pydantic float).
  std::optional<double> Number(std::string_view key, Presence presence, double gt, double le);
  std::optional<bool> Bool(std::string_view key, Presence presence);
  std::optional<std::string> String(std::string_view key, Presence presence);
  // A nested object: a reader over it (no value, with an error, when it is not an object).
  std::optional<FieldReader> Object(std::string_view key, Presence presence);
  // The raw value (null when absent), marked as read: for rules of their own (Literal fields).
  const Json* Raw(std::string_view key);
  // A rule of the reference on a field that passed its type check ("value_error").
  void Fail(std::string_view key, std::string msg);
  void AddError(std::string_view key, std::string msg, std::string type, Json ctx = nullptr);
  // A rule over the whole object (pydantic's "__root__").
  void FailRoot(std::string msg);
  // Adds the keys of this object that were never read, as dotted paths below the body
  // ("batch.fallback_vcpu"), to `unknown`. Call after the last getter.
  void ReportUnknownKeys();
  // Errors recorded under this object (and the objects below it) since it was created.
  size_t error_count() const { return errors_->size() - errors_at_start_; }
  const Json& loc() const { return loc_; }

 private:
  const Json* Find(std::string_view key);
  // The value of `key`, or null when it is missing or null (an error when `presence` forbids).
  const Json* Value(std::string_view key, Presence presence);
  Json Loc(std::string_view key) const;
  void Add(Json loc, std::string msg, std::string type, Json ctx = nullptr);

  const Json* object_;
  Json loc_;
  std::vector<FieldError>* errors_;
  std::vector<std::string>* unknown_;
  size_t errors_at_start_;
  std::vector<std::string> read_;
};

}  // namespace formsender::dispatcher

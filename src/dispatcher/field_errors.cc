#include "dispatcher/field_errors.h"

#include <algorithm>
#include <cmath>

#include "common/strings.h"

namespace formsender::dispatcher {

Json FieldError::ToJson() const {
  Json j = {{"loc", loc}, {"msg", msg}, {"type", type}};
  if (!ctx.is_null()) j["ctx"] = ctx;
  return j;
}

HttpResponse ValidationErrorResponse(const std::vector<FieldError>& errors) {
  Json detail = Json::array();
  for (const FieldError& e : errors) detail.push_back(e.ToJson());
  return HttpResponse::JsonBody(422, Json{{"detail", detail}});
}

FieldError JsonDecodeError(const Status& parse_error) {
  return FieldError{Json::array({"body"}), parse_error.message(), "value_error.jsondecode",
                    nullptr};
}

FieldError NotADictError(Json loc) {
  return FieldError{std::move(loc), "value is not a valid dict", "type_error.dict", nullptr};
}

FieldError MissingError(Json loc) {
  return FieldError{std::move(loc), "field required", "value_error.missing", nullptr};
}

FieldReader::FieldReader(const Json& object, Json loc, std::vector<FieldError>& errors,
                         std::vector<std::string>& unknown)
    : object_(&object),
      loc_(std::move(loc)),
      errors_(&errors),
      unknown_(&unknown),
      errors_at_start_(errors.size()) {}

const Json* FieldReader::Find(std::string_view key) {
  read_.emplace_back(key);
  if (!object_->is_object()) return nullptr;
  auto it = object_->find(key);
  return it == object_->end() ? nullptr : &*it;
}

Json FieldReader::Loc(std::string_view key) const {
  Json loc = loc_;
  loc.push_back(key);
  return loc;
}

void FieldReader::Add(Json loc, std::string msg, std::string type, Json ctx) {
  errors_->push_back(FieldError{std::move(loc), std::move(msg), std::move(type), std::move(ctx)});
}

bool FieldReader::Has(std::string_view key) const {
  if (!object_->is_object()) return false;
  auto it = object_->find(key);
  return it != object_->end() && !it->is_null();
}

const Json* FieldReader::Value(std::string_view key, Presence presence) {
  const Json* v = Find(key);
  if (v && !v->is_null()) return v;
  if (!v && presence == Presence::kRequired) errors_->push_back(MissingError(Loc(key)));
  if (v && presence != Presence::kNullable) {
    Add(Loc(key), "none is not an allowed value", "type_error.none.not_allowed");
  }
  return nullptr;
}

const Json* FieldReader::Raw(std::string_view key) {
  const Json* v = Find(key);
  return v;
}

void FieldReader::AddError(std::string_view key, std::string msg, std::string type, Json ctx) {
  Add(Loc(key), std::move(msg), std::move(type), std::move(ctx));
}

std::optional<int64_t> FieldReader::Int(std::string_view key, Presence presence, IntBounds bounds) {
  const Json* v = Value(key, presence);
  if (!v) return std::nullopt;
  std::optional<int64_t> value;
  if (v->is_number_unsigned() && v->get<uint64_t>() > uint64_t{INT64_MAX}) {
    // Beyond a bigint: read as int64 it would wrap to a negative id.
    Add(Loc(key), "ensure this value is less than or equal to " + std::to_string(INT64_MAX),
        "value_error.number.not_le", Json{{"limit_value", INT64_MAX}});
    return std::nullopt;
  } else if (v->is_number_integer()) {
    value = v->get<int64_t>();
  } else if (v->is_number_float()) {
    // pydantic v1 truncates 2.7 to 2; only whole numbers are taken here.
    double d = v->get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) {
      value = static_cast<int64_t>(d);
    }
  } else if (v->is_string()) {
    auto parsed = ParseInt64(Trim(v->get<std::string>()));
    if (parsed.ok()) value = *parsed;
  }
  if (!value) {
    Add(Loc(key), "value is not a valid integer", "type_error.integer");
    return std::nullopt;
  }
  if (bounds.ge && *value < *bounds.ge) {
    Add(Loc(key), "ensure this value is greater than or equal to " + std::to_string(*bounds.ge),
        "value_error.number.not_ge", Json{{"limit_value", *bounds.ge}});
    return std::nullopt;
  }
  if (bounds.le && *value > *bounds.le) {
    Add(Loc(key), "ensure this value is less than or equal to " + std::to_string(*bounds.le),
        "value_error.number.not_le", Json{{"limit_value", *bounds.le}});
    return std::nullopt;
  }
  return value;
}

std::optional<double> FieldReader::Number(std::string_view key, Presence presence, double gt,
                                          double le) {
  const Json* v = Value(key, presence);
  if (!v) return std::nullopt;
  std::optional<double> value;
  if (v->is_number() && !v->is_boolean()) value = v->get<double>();
  if (v->is_string()) {
    auto parsed = ParseDouble(Trim(v->get<std::string>()));
    if (parsed.ok()) value = *parsed;
  }
  if (!value || !std::isfinite(*value)) {
    Add(Loc(key), "value is not a valid float", "type_error.float");
    return std::nullopt;
  }
  if (!(*value > gt)) {
    Add(Loc(key), "ensure this value is greater than " + Json(gt).dump(),
        "value_error.number.not_gt", Json{{"limit_value", gt}});
    return std::nullopt;
  }
  if (*value > le) {
    Add(Loc(key), "ensure this value is less than or equal to " + Json(le).dump(),
        "value_error.number.not_le", Json{{"limit_value", le}});
    return std::nullopt;
  }
  return value;
}

std::optional<bool> FieldReader::Bool(std::string_view key, Presence presence) {
  const Json* v = Value(key, presence);
  if (!v) return std::nullopt;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_number_integer()) {
    int64_t n = v->get<int64_t>();
    if (n == 0 || n == 1) return n == 1;
  }
  if (v->is_string()) {
    std::string s = ToLowerAscii(v->get<std::string>());
    for (const char* t : {"1", "on", "t", "true", "y", "yes"}) {
      if (s == t) return true;
    }
    for (const char* f : {"0", "off", "f", "false", "n", "no"}) {
      if (s == f) return false;
    }
  }
  Add(Loc(key), "value could not be parsed to a boolean", "type_error.bool");
  return std::nullopt;
}

std::optional<std::string> FieldReader::String(std::string_view key, Presence presence) {
  const Json* v = Value(key, presence);
  if (!v) return std::nullopt;
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number_integer()) return std::to_string(v->get<int64_t>());
  if (v->is_number_float()) return v->dump();
  Add(Loc(key), "str type expected", "type_error.str");
  return std::nullopt;
}

std::optional<FieldReader> FieldReader::Object(std::string_view key, Presence presence) {
  const Json* v = Value(key, presence);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    errors_->push_back(NotADictError(Loc(key)));
    return std::nullopt;
  }
  return FieldReader(*v, Loc(key), *errors_, *unknown_);
}

void FieldReader::Fail(std::string_view key, std::string msg) {
  Add(Loc(key), std::move(msg), "value_error");
}

void FieldReader::FailRoot(std::string msg) { Add(Loc("__root__"), std::move(msg), "value_error"); }

void FieldReader::ReportUnknownKeys() {
  if (!object_->is_object()) return;
  std::string prefix;
  for (size_t i = 1; i < loc_.size(); ++i) prefix += loc_[i].get<std::string>() + ".";
  for (auto it = object_->begin(); it != object_->end(); ++it) {
    if (std::find(read_.begin(), read_.end(), it.key()) == read_.end()) {
      unknown_->push_back(prefix + it.key());
    }
  }
}

}  // namespace formsender::dispatcher

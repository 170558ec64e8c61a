#include "common/json.h"

namespace formsender {
namespace {

std::string FieldPath(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return std::string(path) + "." + std::string(key);
}

template <typename J>
Result<J> ParseImpl(std::string_view text, std::string_view what) {
  try {
    return J::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    return Status::InvalidArgument(std::string(what) + ": invalid JSON at byte " +
                                   std::to_string(e.byte) + ": " + e.what());
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string(what) + ": invalid JSON: " + e.what());
  }
}

const char* TypeName(const Json& j) { return j.type_name(); }

Result<const Json*> Find(const Json& obj, std::string_view key, std::string_view path) {
  if (!obj.is_object()) {
    return Status::InvalidArgument((path.empty() ? std::string("value") : std::string(path)) +
                                   " must be an object");
  }
  auto it = obj.find(std::string(key));
  if (it == obj.end() || it->is_null()) return static_cast<const Json*>(nullptr);
  return &*it;
}

}  // namespace

Result<Json> ParseJson(std::string_view text, std::string_view what) {
  return ParseImpl<Json>(text, what);
}

Result<OrderedJson> ParseOrderedJson(std::string_view text, std::string_view what) {
  return ParseImpl<OrderedJson>(text, what);
}

std::string DumpJson(const Json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string DumpJson(const OrderedJson& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::string> GetString(const Json& obj, std::string_view key, std::string_view path) {
  FS_ASSIGN_OR_RETURN(auto opt, GetOptionalString(obj, key, path));
  if (!opt) return Status::InvalidArgument(FieldPath(path, key) + " is required");
  return *opt;
}

Result<int64_t> GetInt(const Json& obj, std::string_view key, std::string_view path) {
  FS_ASSIGN_OR_RETURN(auto opt, GetOptionalInt(obj, key, path));
  if (!opt) return Status::InvalidArgument(FieldPath(path, key) + " is required");
  return *opt;
}

Result<bool> GetBool(const Json& obj, std::string_view key, std::string_view path) {
  FS_ASSIGN_OR_RETURN(auto opt, GetOptionalBool(obj, key, path));
  if (!opt) return Status::InvalidArgument(FieldPath(path, key) + " is required");
  return *opt;
}

Result<Json> GetObject(const Json& obj, std::string_view key, std::string_view path) {
  FS_ASSIGN_OR_RETURN(const Json* v, Find(obj, key, path));
  if (!v) return Status::InvalidArgument(FieldPath(path, key) + " is required");
  if (!v->is_object()) {
    return Status::InvalidArgument(FieldPath(path, key) + " must be an object, not " +
                                   TypeName(*v));
  }
  return *v;
}

Result<std::optional<std::string>> GetOptionalString(const Json& obj, std::string_view key,
                                                     std::string_view path) {
  FS_ASSIGN_OR_RETURN(const Json* v, Find(obj, key, path));
  if (!v) return std::optional<std::string>();
  if (!v->is_string()) {
    return Status::InvalidArgument(FieldPath(path, key) + " must be a string, not " + TypeName(*v));
  }
  return std::optional<std::string>(v->get<std::string>());
}

Result<std::optional<int64_t>> GetOptionalInt(const Json& obj, std::string_view key,
                                              std::string_view path) {
  FS_ASSIGN_OR_RETURN(const Json* v, Find(obj, key, path));
  if (!v) return std::optional<int64_t>();
  if (v->is_number_integer()) return std::optional<int64_t>(v->get<int64_t>());
  if (v->is_number_unsigned()) {
    auto u = v->get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) {
      return Status::InvalidArgument(FieldPath(path, key) + " is out of range");
    }
    return std::optional<int64_t>(static_cast<int64_t>(u));
  }
  return Status::InvalidArgument(FieldPath(path, key) + " must be an integer, not " + TypeName(*v));
}

Result<std::optional<bool>> GetOptionalBool(const Json& obj, std::string_view key,
                                            std::string_view path) {
  FS_ASSIGN_OR_RETURN(const Json* v, Find(obj, key, path));
  if (!v) return std::optional<bool>();
  if (!v->is_boolean()) {
    return Status::InvalidArgument(FieldPath(path, key) + " must be a boolean, not " +
                                   TypeName(*v));
  }
  return std::optional<bool>(v->get<bool>());
}

Json DeepMergeSkippingNulls(const Json& base, const Json& patch) {
  if (!patch.is_object()) return patch.is_null() ? base : patch;
  Json out = base.is_object() ? base : Json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it->is_null()) continue;
    if (it->is_object()) {
      auto existing = out.find(it.key());
      out[it.key()] = DeepMergeSkippingNulls(
          existing != out.end() && existing->is_object() ? *existing : Json::object(), *it);
    } else {
      out[it.key()] = *it;
    }
  }
  return out;
}

Json StripNulls(const Json& patch) {
  if (!patch.is_object()) return patch;
  Json out = Json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it->is_null()) continue;
    out[it.key()] = StripNulls(*it);
  }
  return out;
}

}  // namespace formsender

#pragma once
// JSON helpers over nlohmann::json that never throw: parse errors and type mismatches come
// back as Status with the path of the offending field.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace formsender {

using Json = nlohmann::json;
// Keeps object keys in insertion order, for output that must match the reference byte for byte.
using OrderedJson = nlohmann::ordered_json;

// Parses `text`; the error names `what` (a file name, "request body" …) and the byte offset.
Result<Json> ParseJson(std::string_view text, std::string_view what = "JSON");
Result<OrderedJson> ParseOrderedJson(std::string_view text, std::string_view what = "JSON");

// Compact serialisation that never throws: invalid UTF-8 is replaced with U+FFFD.
std::string DumpJson(const Json& j);
std::string DumpJson(const OrderedJson& j);

// Typed field access: a missing field or a wrong type is an error naming `path.key`.
Result<std::string> GetString(const Json& obj, std::string_view key, std::string_view path = "");
Result<int64_t> GetInt(const Json& obj, std::string_view key, std::string_view path = "");
Result<bool> GetBool(const Json& obj, std::string_view key, std::string_view path = "");
Result<Json> GetObject(const Json& obj, std::string_view key, std::string_view path = "");
// Optional variants: a missing or null field gives nullopt; a wrong type is still an error.
Result<std::optional<std::string>> GetOptionalString(const Json& obj, std::string_view key,
                                                     std::string_view path = "");
Result<std::optional<int64_t>> GetOptionalInt(const Json& obj, std::string_view key,
                                              std::string_view path = "");
Result<std::optional<bool>> GetOptionalBool(const Json& obj, std::string_view key,
                                            std::string_view path = "");

// The reference's metadata merge (orchestration §4.9.3): nested objects merge recursively,
// null values in the patch are skipped (never overwrite), anything else replaces.
Json DeepMergeSkippingNulls(const Json& base, const Json& patch);
// The patch with every null member removed, recursively (so an RFC 7396 merge applies it the
// same way as DeepMergeSkippingNulls).
Json StripNulls(const Json& patch);

}  // namespace formsender

#include "gcp/testing/discovery.h"

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "common/strings.h"
#include "common/time.h"

namespace formsender::gcp::testing {
namespace {

void CollectMethods(
    const Json& node, const std::string& service_path,
    std::vector<std::tuple<std::string, std::string, std::string, bool, const Json*>>& out) {
  if (auto methods = node.find("methods"); methods != node.end() && methods->is_object()) {
    for (const auto& [name, m] : methods->items()) {
      std::string id = m.value("id", name);
      std::string verb = m.value("httpMethod", "GET");
      out.emplace_back(id, verb, service_path + m.value("path", ""), false, &m);
      if (auto media = m.find("mediaUpload"); media != m.end()) {
        std::string simple = media->value("/protocols/simple/path"_json_pointer, "");
        if (!simple.empty()) {
          while (!simple.empty() && simple.front() == '/') simple.erase(0, 1);
          out.emplace_back(id, verb, simple, true, &m);
        }
      }
    }
  }
  if (auto resources = node.find("resources"); resources != node.end() && resources->is_object()) {
    for (const auto& [name, r] : resources->items()) CollectMethods(r, service_path, out);
  }
}

// "{+name}" spans segments, "{bucket}" one segment; literals match exactly.
std::regex TemplateRegex(const std::string& tmpl, std::vector<std::string>& names) {
  std::string re = "^";
  for (size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] == '{') {
      size_t close = tmpl.find('}', i);
      std::string var = tmpl.substr(i + 1, close - i - 1);
      bool reserved = !var.empty() && var[0] == '+';
      names.push_back(reserved ? var.substr(1) : var);
      re += reserved ? "(.+)" : "([^/]+)";
      i = close + 1;
    } else {
      char c = tmpl[i++];
      if (std::string_view(".^$|()[]*+?\\").find(c) != std::string_view::npos) re += '\\';
      re += c;
    }
  }
  re += "$";
  return std::regex(re);
}

bool IsInt(std::string_view s, bool allow_sign) {
  if (s.empty()) return false;
  size_t i = 0;
  if (allow_sign && s[0] == '-') i = 1;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

Status Bad(const std::string& path, const std::string& why) {
  return Status::InvalidArgument((path.empty() ? std::string("body") : path) + ": " + why);
}

Status CheckStringFormat(std::string_view format, const std::string& value,
                         const std::string& path) {
  if (format == "int64") {
    if (!IsInt(value, true))
      return Bad(path, "int64 must be a decimal string, got \"" + value + "\"");
  } else if (format == "uint64") {
    if (!IsInt(value, false))
      return Bad(path, "uint64 must be a decimal string, got \"" + value + "\"");
  } else if (format == "google-duration") {
    static const std::regex kDuration("^-?[0-9]+(\\.[0-9]{1,9})?s$");
    if (!std::regex_match(value, kDuration)) {
      return Bad(path, "duration must look like \"3600s\", got \"" + value + "\"");
    }
  } else if (format == "byte") {
    static const std::regex kBase64("^[A-Za-z0-9+/_-]*={0,2}$");
    if (!std::regex_match(value, kBase64) || !Base64Decode(value).ok()) {
      return Bad(path, "bytes must be base64");
    }
  } else if (format == "google-datetime" || format == "date-time") {
    if (!ParseIsoTimestamp(value).ok()) {
      return Bad(path, "timestamp must be RFC 3339, got \"" + value + "\"");
    }
  }
  return Status::Ok();
}

Status CheckScalarText(const Json& param, const std::string& value, const std::string& path) {
  std::string type = param.value("type", "string");
  if (type == "integer") {
    if (!IsInt(value, true)) return Bad(path, "integer expected, got \"" + value + "\"");
  } else if (type == "boolean") {
    if (value != "true" && value != "false")
      return Bad(path, "boolean expected, got \"" + value + "\"");
  } else if (type == "string") {
    FS_RETURN_IF_ERROR(CheckStringFormat(param.value("format", ""), value, path));
  }
  if (auto e = param.find("enum"); e != param.end() && e->is_array()) {
    bool found = false;
    for (const auto& v : *e) found = found || v == value;
    if (!found) return Bad(path, "\"" + value + "\" is not one of the enum values");
  }
  return Status::Ok();
}

Result<std::filesystem::path> WalkUpFor(const std::string& relative) {
  std::filesystem::path start;
  if (const char* src = std::getenv("FORMSENDER_SOURCE_DIR"); src && *src) {
    start = src;
  } else {
    start = std::filesystem::current_path();
  }
  std::error_code ec;
  for (auto dir = std::filesystem::absolute(start, ec); !dir.empty(); dir = dir.parent_path()) {
    if (std::filesystem::is_directory(dir / relative, ec)) return dir / relative;
    if (dir == dir.root_path()) break;
  }
  return Status::NotFound("cannot find " + relative + " above " + start.string() +
                          " (set FORMSENDER_SOURCE_DIR or FORMSENDER_ANCHORS_DIR)");
}

}  // namespace

Result<DiscoveryDocument> DiscoveryDocument::Load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::NotFound("cannot open discovery document " + file.string());
  std::stringstream ss;
  ss << in.rdbuf();
  auto json = ParseJson(ss.str(), file.string());
  if (!json.ok()) return json.status();
  return FromJson(std::move(*json));
}

Result<DiscoveryDocument> DiscoveryDocument::FromJson(Json doc) {
  if (!doc.is_object() || !doc.contains("schemas")) {
    return Status::InvalidArgument("not a discovery document (no schemas)");
  }
  DiscoveryDocument d;
  d.doc_ = std::move(doc);
  d.name_ = d.doc_.value("name", "");
  std::vector<std::tuple<std::string, std::string, std::string, bool, const Json*>> found;
  CollectMethods(d.doc_, d.doc_.value("servicePath", ""), found);
  for (auto& [id, verb, path, media, spec] : found) {
    d.methods_.push_back(Method{id, verb, path, media, spec});
  }
  return d;
}

std::optional<DiscoveryMatch> DiscoveryDocument::FindMethod(std::string_view http_method,
                                                            std::string_view path) const {
  std::string p(path);
  while (!p.empty() && p.front() == '/') p.erase(0, 1);
  for (const Method& m : methods_) {
    if (m.http_method != http_method) continue;
    std::vector<std::string> names;
    std::regex re = TemplateRegex(m.path_template, names);
    std::smatch groups;
    if (!std::regex_match(p, groups, re)) continue;
    DiscoveryMatch match{m.id, m.spec, {}, m.is_media_upload};
    bool ok = true;
    for (size_t i = 0; i < names.size() && ok; ++i) {
      auto decoded = PercentDecode(groups[i + 1].str());
      if (!decoded.ok()) {
        ok = false;
        break;
      }
      const Json& param = (*m.spec)["parameters"][names[i]];
      if (param.contains("pattern")) {
        ok = std::regex_match(*decoded, std::regex(param["pattern"].get<std::string>()));
      }
      match.path_params[names[i]] = *decoded;
    }
    if (ok) return match;
  }
  return std::nullopt;
}

Status DiscoveryDocument::CheckQuery(
    const DiscoveryMatch& match,
    const std::vector<std::pair<std::string, std::string>>& query) const {
  const Json& params = (*match.method)["parameters"];
  const Json& global = doc_["parameters"];
  for (const auto& [name, value] : query) {
    const Json* spec = nullptr;
    if (params.contains(name) && params[name].value("location", "") == "query") {
      spec = &params[name];
    } else if (global.contains(name)) {
      spec = &global[name];
    }
    if (!spec) return Bad("query." + name, "parameter is not defined for " + match.id);
    // Methods that can download media accept alt=media although the API-wide enum omits it.
    if (name == "alt" && value == "media" && match.method->value("supportsMediaDownload", false)) {
      continue;
    }
    FS_RETURN_IF_ERROR(CheckScalarText(*spec, value, "query." + name));
  }
  for (const auto& [name, spec] : params.items()) {
    if (spec.value("location", "") != "query" || !spec.value("required", false)) continue;
    bool present = false;
    for (const auto& q : query) present = present || q.first == name;
    if (!present) return Bad("query." + name, "required parameter is missing");
  }
  return Status::Ok();
}

Status DiscoveryDocument::CheckRequestBody(const DiscoveryMatch& match, const Json* body,
                                           bool reject_read_only) const {
  if (match.is_media_upload) return Status::Ok();  // raw media, not JSON
  auto request = match.method->find("request");
  if (request == match.method->end()) {
    if (body && !body->is_null() && !(body->is_object() && body->empty())) {
      return Bad("", match.id + " takes no request body");
    }
    return Status::Ok();
  }
  if (!body || body->is_null()) return Bad("", match.id + " needs a JSON body");
  return CheckValue(*request, *body, "", reject_read_only);
}

Status DiscoveryDocument::CheckResponseBody(const DiscoveryMatch& match, const Json& body) const {
  auto response = match.method->find("response");
  if (response == match.method->end()) return Status::Ok();
  return CheckValue(*response, body, "response", /*reject_read_only=*/false);
}

Status DiscoveryDocument::CheckValue(const Json& schema_in, const Json& value,
                                     const std::string& path, bool reject_read_only) const {
  const Json* schema = &schema_in;
  if (auto ref = schema->find("$ref"); ref != schema->end()) {
    const Json& schemas = doc_["schemas"];
    std::string name = ref->get<std::string>();
    if (!schemas.contains(name)) return Bad(path, "schema " + name + " is not defined");
    schema = &schemas[name];
  }
  if (value.is_null()) return Bad(path, "null is not allowed (omit the field instead)");
  std::string type = schema->value("type", "any");
  if (type == "any") return Status::Ok();
  if (type == "string") {
    if (!value.is_string())
      return Bad(path, "string expected, got " + std::string(value.type_name()));
    FS_RETURN_IF_ERROR(
        CheckStringFormat(schema->value("format", ""), value.get<std::string>(), path));
    if (auto e = schema->find("enum"); e != schema->end()) {
      bool found = false;
      for (const auto& v : *e) found = found || v == value;
      if (!found)
        return Bad(path, "\"" + value.get<std::string>() + "\" is not one of the enum values");
    }
    return Status::Ok();
  }
  if (type == "integer") {
    if (!value.is_number_integer())
      return Bad(path, "integer expected, got " + std::string(value.type_name()));
    std::string format = schema->value("format", "int32");
    int64_t v = value.is_number_unsigned() ? static_cast<int64_t>(value.get<uint64_t>())
                                           : value.get<int64_t>();
    if (format == "int32" && (v < INT32_MIN || v > INT32_MAX))
      return Bad(path, "int32 out of range");
    if (format == "uint32" && (v < 0 || v > static_cast<int64_t>(UINT32_MAX))) {
      return Bad(path, "uint32 out of range");
    }
    return Status::Ok();
  }
  if (type == "number") {
    return value.is_number() ? Status::Ok() : Bad(path, "number expected");
  }
  if (type == "boolean") {
    return value.is_boolean() ? Status::Ok() : Bad(path, "boolean expected");
  }
  if (type == "array") {
    if (!value.is_array())
      return Bad(path, "array expected, got " + std::string(value.type_name()));
    const Json& items = (*schema)["items"];
    for (size_t i = 0; i < value.size(); ++i) {
      FS_RETURN_IF_ERROR(
          CheckValue(items, value[i], path + "[" + std::to_string(i) + "]", reject_read_only));
    }
    return Status::Ok();
  }
  if (type == "object") {
    if (!value.is_object())
      return Bad(path, "object expected, got " + std::string(value.type_name()));
    auto props = schema->find("properties");
    auto additional = schema->find("additionalProperties");
    for (const auto& [key, v] : value.items()) {
      std::string child = path.empty() ? key : path + "." + key;
      if (props != schema->end() && props->contains(key)) {
        const Json& prop = (*props)[key];
        if (reject_read_only && prop.value("readOnly", false)) {
          return Bad(child, "is output only and must not be sent");
        }
        FS_RETURN_IF_ERROR(CheckValue(prop, v, child, reject_read_only));
      } else if (additional != schema->end()) {
        FS_RETURN_IF_ERROR(CheckValue(*additional, v, child, reject_read_only));
      } else if (props != schema->end()) {
        return Bad(child,
                   "unknown field (not in " + schema->value("id", std::string("schema")) + ")");
      }
      // An object schema with neither properties nor additionalProperties is free-form.
    }
    return Status::Ok();
  }
  return Bad(path, "unsupported schema type " + type);
}

Result<std::filesystem::path> FindAnchorsDir() {
  if (const char* dir = std::getenv("FORMSENDER_ANCHORS_DIR"); dir && *dir) {
    std::filesystem::path p(dir);
    if (std::filesystem::is_directory(p)) return p;
    return Status::NotFound(std::string("FORMSENDER_ANCHORS_DIR=") + dir + " is not a directory");
  }
  return WalkUpFor("shared/anchors");
}

Result<std::filesystem::path> FindTestSchemasDir() { return WalkUpFor("src/gcp/testing/schemas"); }

Result<std::map<std::string, DiscoveryDocument>> LoadGoogleApiDocuments() {
  FS_ASSIGN_OR_RETURN(auto anchors, FindAnchorsDir());
  FS_ASSIGN_OR_RETURN(auto schemas, FindTestSchemasDir());
  std::map<std::string, DiscoveryDocument> docs;
  const std::pair<const char*, std::filesystem::path> files[] = {
      {"batch", anchors / "discovery/batch.v1.json"},
      {"cloudtasks", anchors / "discovery/cloudtasks.v2.json"},
      {"storage", anchors / "discovery/storage.v1.json"},
      {"iamcredentials", anchors / "discovery/iamcredentials.v1.json"},
      {"run", schemas / "run.v2.json"},
      {"secretmanager", schemas / "secretmanager.v1.json"},
  };
  for (const auto& [name, file] : files) {
    FS_ASSIGN_OR_RETURN(DiscoveryDocument doc, DiscoveryDocument::Load(file));
    docs.emplace(name, std::move(doc));
  }
  return docs;
}

}  // namespace formsender::gcp::testing

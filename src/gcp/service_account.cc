#include "gcp/service_account.h"

#include <fstream>

#include "common/crypto.h"
#include "common/json.h"
#include "common/strings.h"

namespace formsender::gcp {
namespace {

constexpr size_t kMaxKeyFileBytes = 1024 * 1024;

// A JSON value pasted across several lines carries raw line breaks inside strings, which JSON
// forbids. Escapes them (only inside string literals) so the parser accepts the paste.
std::string EscapeRawLineBreaksInStrings(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\' && i + 1 < text.size()) {
        out += c;
        out += text[++i];
        continue;
      }
      if (c == '"') in_string = false;
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      if (c == '\r') continue;
    } else if (c == '"') {
      in_string = true;
    }
    out += c;
  }
  return out;
}

Result<std::string> RequiredString(const Json& obj, std::string_view field,
                                   std::string_view source) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) {
    return Status::InvalidArgument(std::string(source) + ": service-account key has no \"" +
                                   std::string(field) + "\" field");
  }
  if (!it->is_string() || Trim(it->get_ref<const std::string&>()).empty()) {
    return Status::InvalidArgument(std::string(source) + ": service-account key field \"" +
                                   std::string(field) + "\" must be a non-empty string");
  }
  return it->get<std::string>();
}

std::string OptionalString(const Json& obj, std::string_view field) {
  auto it = obj.find(field);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<ServiceAccountKey> ParseServiceAccountKey(std::string_view json_text,
                                                 std::string_view source) {
  std::string_view trimmed = Trim(json_text);
  if (trimmed.empty()) {
    return Status::InvalidArgument(std::string(source) + ": service-account key is empty");
  }
  // Parse errors quote no content: the text is a secret.
  Json doc =
      Json::parse(EscapeRawLineBreaksInStrings(trimmed), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::InvalidArgument(std::string(source) +
                                   ": service-account key is not a JSON object");
  }
  std::string type = OptionalString(doc, "type");
  if (!type.empty() && type != "service_account") {
    return Status::InvalidArgument(std::string(source) + ": credential type \"" + type +
                                   "\" is not supported; use a service-account key "
                                   "(\"type\": \"service_account\")");
  }
  ServiceAccountKey key;
  FS_ASSIGN_OR_RETURN(key.client_email, RequiredString(doc, "client_email", source));
  FS_ASSIGN_OR_RETURN(key.private_key, RequiredString(doc, "private_key", source));
  // A key pasted through one more layer of escaping keeps "\n" as two characters.
  if (key.private_key.find('\n') == std::string::npos &&
      key.private_key.find("\\n") != std::string::npos) {
    key.private_key = ReplaceAll(std::move(key.private_key), "\\n", "\n");
  }
  if (key.private_key.find("-----BEGIN") == std::string::npos ||
      key.private_key.find("PRIVATE KEY-----") == std::string::npos) {
    return Status::InvalidArgument(std::string(source) +
                                   ": service-account key field \"private_key\" is not a PEM "
                                   "private key");
  }
  if (auto probe = RsaSha256Sign(key.private_key, "formsender key check"); !probe.ok()) {
    return Status::InvalidArgument(std::string(source) +
                                   ": service-account key field \"private_key\" is not a usable "
                                   "RSA private key");
  }
  key.project_id = OptionalString(doc, "project_id");
  key.private_key_id = OptionalString(doc, "private_key_id");
  key.client_id = OptionalString(doc, "client_id");
  std::string token_uri = OptionalString(doc, "token_uri");
  if (!token_uri.empty()) {
    if (!token_uri.starts_with("https://") && !token_uri.starts_with("http://")) {
      return Status::InvalidArgument(std::string(source) +
                                     ": service-account key field \"token_uri\" must be an "
                                     "http(s) URL");
    }
    key.token_uri = token_uri;
  }
  return key;
}

Result<ServiceAccountKey> ReadServiceAccountKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open service-account key file " + path);
  std::string text;
  text.resize(kMaxKeyFileBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxKeyFileBytes) {
    return Status::InvalidArgument("service-account key file " + path + " is larger than 1 MiB");
  }
  return ParseServiceAccountKey(text, path);
}

Result<ServiceAccountKey> LoadServiceAccountKey(const Environment& env) {
  if (auto content = env.GetNonBlank("SERVICE_ACCOUNT_JSON")) {
    return ParseServiceAccountKey(*content, "SERVICE_ACCOUNT_JSON");
  }
  if (auto path = env.GetNonBlank("GOOGLE_APPLICATION_CREDENTIALS")) {
    auto key = ReadServiceAccountKeyFile(*path);
    if (!key.ok() && key.status().code() == StatusCode::kNotFound) {
      // Set but missing is a configuration error, not "no key configured".
      return Status::InvalidArgument("GOOGLE_APPLICATION_CREDENTIALS: " + key.status().message());
    }
    return key;
  }
  return Status::NotFound(
      "no service-account key: neither SERVICE_ACCOUNT_JSON nor GOOGLE_APPLICATION_CREDENTIALS "
      "is set");
}

}  // namespace formsender::gcp

#include "sites/form_data.h"

#include "common/charset.h"
#include "common/json.h"
#include "common/strings.h"

namespace formsender::sites {
namespace {

// The value of `param` in a header like `multipart/form-data; boundary="x"`.
std::optional<std::string> HeaderParam(std::string_view header, std::string_view param) {
  for (const std::string& part : Split(header, ';')) {
    std::string_view p = Trim(part);
    size_t eq = p.find('=');
    if (eq == std::string_view::npos) continue;
    if (!EqualsIgnoreCase(Trim(p.substr(0, eq)), param)) continue;
    std::string_view v = Trim(p.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return std::string(v);
  }
  return std::nullopt;
}

// Content-Disposition parameters may carry raw bytes in the page charset (browsers send them
// unescaped except for '"', CR and LF, which become %22, %0D, %0A).
std::string UnescapeDispositionValue(std::string_view v) {
  std::string out = ReplaceAll(std::string(v), "%22", "\"");
  out = ReplaceAll(out, "%0D", "\r");
  return ReplaceAll(out, "%0A", "\n");
}

Result<FormData> ParseMultipart(std::string_view body, std::string_view content_type,
                                std::string_view charset) {
  auto boundary = HeaderParam(content_type, "boundary");
  if (!boundary || boundary->empty()) {
    return Status::InvalidArgument("multipart body without a boundary in its Content-Type");
  }
  FormData data;
  data.encoding = "multipart";
  const std::string delimiter = "--" + *boundary;
  size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) {
    return Status::InvalidArgument("multipart body does not contain its boundary");
  }
  pos += delimiter.size();
  while (true) {
    if (body.substr(pos, 2) == "--") break;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") {
      return Status::InvalidArgument("multipart delimiter not followed by CRLF");
    }
    pos += 2;
    size_t head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos) {
      return Status::InvalidArgument("multipart part without the blank line after its headers");
    }
    std::string_view head = body.substr(pos, head_end - pos);
    size_t next = body.find("\r\n" + delimiter, head_end + 4);
    if (next == std::string_view::npos) {
      return Status::InvalidArgument("multipart body is not terminated by its boundary");
    }
    std::string_view content = body.substr(head_end + 4, next - head_end - 4);
    pos = next + 2 + delimiter.size();

    std::string disposition, part_type;
    for (const std::string& line : Split(head, '\n')) {
      std::string_view l = Trim(line);
      size_t colon = l.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view name = Trim(l.substr(0, colon));
      std::string_view value = Trim(l.substr(colon + 1));
      if (EqualsIgnoreCase(name, "Content-Disposition")) disposition = std::string(value);
      if (EqualsIgnoreCase(name, "Content-Type")) part_type = std::string(value);
    }
    auto raw_name = HeaderParam(disposition, "name");
    if (!raw_name) return Status::InvalidArgument("multipart part without a name");
    FS_ASSIGN_OR_RETURN(std::string name,
                        DecodeToUtf8(UnescapeDispositionValue(*raw_name), charset));
    auto filename = HeaderParam(disposition, "filename");
    if (filename) {
      FS_ASSIGN_OR_RETURN(std::string decoded_filename,
                          DecodeToUtf8(UnescapeDispositionValue(*filename), charset));
      data.files.push_back({name, decoded_filename, part_type, content.size()});
      continue;
    }
    FS_ASSIGN_OR_RETURN(std::string value, DecodeToUtf8(content, charset));
    data.fields.emplace_back(std::move(name), std::move(value));
  }
  return data;
}

void FlattenJson(const Json& value, const std::string& name, FieldList& out) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      FlattenJson(member, name.empty() ? key : name + "[" + key + "]", out);
    }
  } else if (value.is_array()) {
    for (const auto& item : value) FlattenJson(item, name, out);
  } else if (value.is_string()) {
    out.emplace_back(name, value.get<std::string>());
  } else if (value.is_boolean()) {
    out.emplace_back(name, value.get<bool>() ? "true" : "false");
  } else if (!value.is_null()) {
    out.emplace_back(name, DumpJson(value));
  }
}

}  // namespace

std::optional<std::string> FirstValue(const FieldList& fields, std::string_view name) {
  for (const auto& [n, v] : fields) {
    if (n == name) return v;
  }
  return std::nullopt;
}

std::vector<std::string> AllValues(const FieldList& fields, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [n, v] : fields) {
    if (n == name) out.push_back(v);
  }
  return out;
}

bool HasField(const FieldList& fields, std::string_view name) {
  return FirstValue(fields, name).has_value();
}

Result<FieldList> ParseUrlEncoded(std::string_view text, std::string_view charset) {
  // Lenient like PHP: a stray '%' stays as it is.
  FieldList out;
  for (auto& [raw_name, raw_value] : ParseFormUrlEncoded(text)) {
    FS_ASSIGN_OR_RETURN(std::string name, DecodeToUtf8(raw_name, charset));
    FS_ASSIGN_OR_RETURN(std::string value, DecodeToUtf8(raw_value, charset));
    out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

Result<FormData> ParseSubmission(const HttpRequest& request, std::string_view charset,
                                 bool json_body) {
  FormData data;
  if (request.method == "GET" || request.method == "HEAD") {
    data.encoding = "query";
    FS_ASSIGN_OR_RETURN(data.fields, ParseUrlEncoded(request.query, charset));
    return data;
  }
  std::string content_type = request.headers.Get("Content-Type").value_or("");
  std::string lower = ToLowerAscii(content_type);
  if (json_body || lower.find("json") != std::string::npos) {
    auto json = ParseJson(request.body, "request body");
    if (!json.ok()) return json.status();
    if (!json->is_object()) return Status::InvalidArgument("JSON request body is not an object");
    data.encoding = "json";
    FlattenJson(*json, "", data.fields);
    return data;
  }
  if (lower.find("multipart/form-data") != std::string::npos) {
    return ParseMultipart(request.body, content_type, charset);
  }
  if (!lower.empty() && lower.find("application/x-www-form-urlencoded") == std::string::npos &&
      lower.find("text/plain") == std::string::npos) {
    return Status::InvalidArgument("unsupported Content-Type \"" + content_type + "\"");
  }
  data.encoding = "urlencoded";
  FS_ASSIGN_OR_RETURN(data.fields, ParseUrlEncoded(request.body, charset));
  return data;
}

}  // namespace formsender::sites

#pragma once
// A submission as the site's script sees it: the posted name/value pairs decoded from the
// form's charset into UTF-8, in the order the client sent them, plus uploaded files.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/http.h"
#include "common/status.h"

namespace formsender::sites {

using FieldList = std::vector<std::pair<std::string, std::string>>;

struct UploadedFile {
  std::string field;
  std::string filename;  // "" when the file input was left empty
  std::string content_type;
  size_t size_bytes = 0;
};

struct FormData {
  std::string encoding;  // "urlencoded", "multipart", "json" or "query"
  FieldList fields;
  std::vector<UploadedFile> files;
};

// The first value of `name`, if any.
std::optional<std::string> FirstValue(const FieldList& fields, std::string_view name);
// Every value of `name`, in order.
std::vector<std::string> AllValues(const FieldList& fields, std::string_view name);
bool HasField(const FieldList& fields, std::string_view name);

// Decodes the request: the query for GET, otherwise the body by its Content-Type
// (application/x-www-form-urlencoded, multipart/form-data, or JSON when `json_body` is set
// or the Content-Type says so). Names and values are decoded from `charset`. A malformed
// body is an InvalidArgument error saying what is wrong.
Result<FormData> ParseSubmission(const HttpRequest& request, std::string_view charset,
                                 bool json_body);

// Decodes "a=1&b=%82%A0" whose bytes are in `charset` (a stray "%" is kept, as PHP does).
Result<FieldList> ParseUrlEncoded(std::string_view text, std::string_view charset);

}  // namespace formsender::sites

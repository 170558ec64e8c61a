#include "gcp/storage_client.h"

#include "common/strings.h"

namespace formsender::gcp {

Status ValidateBucketName(std::string_view bucket) {
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument("bucket name \"" + std::string(bucket) + "\" " +
                                   std::string(why));
  };
  size_t max = bucket.find('.') == std::string_view::npos ? 63 : 222;
  if (bucket.size() < 3 || bucket.size() > max) return bad("has an invalid length");
  auto is_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!is_alnum(bucket.front()) || !is_alnum(bucket.back())) {
    return bad("must start and end with a lowercase letter or digit");
  }
  for (char c : bucket) {
    if (!(is_alnum(c) || c == '-' || c == '_' || c == '.')) {
      return bad("may contain only lowercase letters, digits, '-', '_' and '.'");
    }
  }
  return Status::Ok();
}

Status ValidateObjectName(std::string_view object) {
  if (object.empty() || object.size() > 1024) {
    return Status::InvalidArgument("object name must be 1-1024 bytes long");
  }
  if (object == "." || object == "..") {
    return Status::InvalidArgument("object name must not be \".\" or \"..\"");
  }
  if (object.find_first_of("\r\n") != std::string_view::npos) {
    return Status::InvalidArgument("object name must not contain CR or LF");
  }
  return Status::Ok();
}

ObjectMetadata ObjectMetadataFromJson(const Json& body) {
  ObjectMetadata m;
  if (!body.is_object()) return m;
  m.bucket = body.value("bucket", "");
  m.name = body.value("name", "");
  m.generation = body.value("generation", "");
  std::string size = body.value("size", "0");
  if (auto parsed = ParseInt64(size); parsed.ok() && *parsed >= 0) {
    m.size_bytes = static_cast<uint64_t>(*parsed);
  }
  m.content_type = body.value("contentType", "");
  m.md5_hash = body.value("md5Hash", "");
  m.crc32c = body.value("crc32c", "");
  m.updated = body.value("updated", "");
  return m;
}

StorageClient::StorageClient(RestClient& rest, std::string base_url)
    : rest_(rest), base_url_(std::move(base_url)) {}

std::string StorageClient::ObjectUrl(std::string_view bucket, std::string_view object) const {
  // The object is one path segment here: '/' becomes %2F.
  return JoinUrl(base_url_,
                 "storage/v1/b/" + PercentEncode(bucket) + "/o/" + PercentEncode(object));
}

Result<ObjectMetadata> StorageClient::InsertObject(std::string_view bucket, std::string_view object,
                                                   std::string_view data,
                                                   const InsertObjectOptions& options) {
  FS_RETURN_IF_ERROR(ValidateBucketName(bucket));
  FS_RETURN_IF_ERROR(ValidateObjectName(object));
  RestRequest request;
  request.method = "POST";
  request.url = JoinUrl(base_url_, "upload/storage/v1/b/" + PercentEncode(bucket) + "/o");
  request.query = {{"uploadType", "media"}, {"name", std::string(object)}};
  if (options.if_generation_match) {
    request.query.emplace_back("ifGenerationMatch", std::to_string(*options.if_generation_match));
  }
  request.raw_body = std::string(data);
  request.content_type = options.content_type;
  request.operation =
      "storage.objects.insert gs://" + std::string(bucket) + "/" + std::string(object);
  FS_ASSIGN_OR_RETURN(Json body, rest_.Call(request));
  return ObjectMetadataFromJson(body);
}

Result<ObjectMetadata> StorageClient::GetObjectMetadata(std::string_view bucket,
                                                        std::string_view object) {
  FS_RETURN_IF_ERROR(ValidateBucketName(bucket));
  FS_RETURN_IF_ERROR(ValidateObjectName(object));
  RestRequest request;
  request.url = ObjectUrl(bucket, object);
  request.operation = "storage.objects.get gs://" + std::string(bucket) + "/" + std::string(object);
  FS_ASSIGN_OR_RETURN(Json body, rest_.Call(request));
  return ObjectMetadataFromJson(body);
}

Result<std::string> StorageClient::ReadObject(std::string_view bucket, std::string_view object) {
  FS_RETURN_IF_ERROR(ValidateBucketName(bucket));
  FS_RETURN_IF_ERROR(ValidateObjectName(object));
  RestRequest request;
  request.url = ObjectUrl(bucket, object);
  request.query = {{"alt", "media"}};
  request.expect_json = false;
  request.operation =
      "storage.objects.get(media) gs://" + std::string(bucket) + "/" + std::string(object);
  FS_ASSIGN_OR_RETURN(RestResponse response, rest_.Send(request));
  return std::move(response.body);
}

Status StorageClient::DeleteObject(std::string_view bucket, std::string_view object) {
  FS_RETURN_IF_ERROR(ValidateBucketName(bucket));
  FS_RETURN_IF_ERROR(ValidateObjectName(object));
  RestRequest request;
  request.method = "DELETE";
  request.url = ObjectUrl(bucket, object);
  request.expect_json = false;
  request.operation =
      "storage.objects.delete gs://" + std::string(bucket) + "/" + std::string(object);
  auto response = rest_.Send(request);
  return response.ok() ? Status::Ok() : response.status();
}

}  // namespace formsender::gcp

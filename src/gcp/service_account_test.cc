#include "gcp/service_account.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/json.h"
#include "common/strings.h"
#include "gcp/testing/test_keys.h"

namespace formsender::gcp {
namespace {

class ServiceAccountTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto text = testing::ReadConformanceKeyJson();
    ASSERT_TRUE(text.ok()) << text.status().ToString();
    json_ = *text;
    auto doc = ParseJson(json_);
    ASSERT_TRUE(doc.ok());
    doc_ = *doc;
  }

  // No message may carry any part of the key.
  void ExpectNoKeyMaterial(const Status& s) {
    std::string pem = doc_["private_key"].get<std::string>();
    std::string body_line = Split(pem, '\n')[1];
    EXPECT_EQ(s.message().find(body_line), std::string::npos) << s.message();
    EXPECT_EQ(s.message().find("PRIVATE KEY"), std::string::npos) << s.message();
  }

  std::string json_;
  Json doc_;
};

TEST_F(ServiceAccountTest, ParsesTheConformanceKey) {
  auto key = ParseServiceAccountKey(json_, "test");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->client_email, "test-iam-credentials@dummy-project-id.iam.gserviceaccount.com");
  EXPECT_EQ(key->private_key_id, std::string(40, 'f'));
  EXPECT_EQ(key->project_id, "dummy-project-id");
  EXPECT_EQ(key->token_uri, "https://oauth2.googleapis.com/token");
  EXPECT_NE(key->private_key.find('\n'), std::string::npos);
}

TEST_F(ServiceAccountTest, AcceptsLiteralBackslashNInThePrivateKey) {
  Json doubled = doc_;
  doubled["private_key"] = ReplaceAll(doc_["private_key"].get<std::string>(), "\n", "\\n");
  auto key = ParseServiceAccountKey(doubled.dump(), "SERVICE_ACCOUNT_JSON");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->private_key, doc_["private_key"].get<std::string>());
}

TEST_F(ServiceAccountTest, AcceptsRawLineBreaksInsideStrings) {
  // What a multi-line paste of the key into an environment variable produces.
  std::string raw = ReplaceAll(json_, "\\n", "\n");
  auto key = ParseServiceAccountKey(raw, "SERVICE_ACCOUNT_JSON");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->private_key, doc_["private_key"].get<std::string>());
}

TEST_F(ServiceAccountTest, RejectsBrokenKeysNamingTheFieldNotTheValue) {
  Json no_email = doc_;
  no_email.erase("client_email");
  auto a = ParseServiceAccountKey(no_email.dump(), "SERVICE_ACCOUNT_JSON");
  EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(a.status().message().find("client_email"), std::string::npos);
  EXPECT_NE(a.status().message().find("SERVICE_ACCOUNT_JSON"), std::string::npos);
  ExpectNoKeyMaterial(a.status());

  Json bad_pem = doc_;
  std::string pem = doc_["private_key"].get<std::string>();
  bad_pem["private_key"] = pem.substr(0, 200) + "\n-----END PRIVATE KEY-----\n";
  auto b = ParseServiceAccountKey(bad_pem.dump(), "key.json");
  EXPECT_EQ(b.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(b.status().message().find("private_key"), std::string::npos);
  ExpectNoKeyMaterial(b.status());

  Json user = doc_;
  user["type"] = "authorized_user";
  auto c = ParseServiceAccountKey(user.dump(), "key.json");
  EXPECT_NE(c.status().message().find("authorized_user"), std::string::npos);

  auto d = ParseServiceAccountKey(json_.substr(0, json_.size() / 2), "SERVICE_ACCOUNT_JSON");
  EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument);
  ExpectNoKeyMaterial(d.status());
  EXPECT_EQ(ParseServiceAccountKey("  ", "x").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ServiceAccountTest, LoadsFromTheEnvironment) {
  MapEnvironment env;
  EXPECT_EQ(LoadServiceAccountKey(env).status().code(), StatusCode::kNotFound);

  auto dir = std::filesystem::temp_directory_path() / ("fs-sa-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / "key.json";
  std::ofstream(path) << json_;
  env.Set("GOOGLE_APPLICATION_CREDENTIALS", path.string());
  auto from_file = LoadServiceAccountKey(env);
  ASSERT_TRUE(from_file.ok()) << from_file.status().ToString();
  EXPECT_EQ(from_file->client_email,
            "test-iam-credentials@dummy-project-id.iam.gserviceaccount.com");

  // SERVICE_ACCOUNT_JSON wins over the path.
  Json other = doc_;
  other["client_email"] = "other@p.iam.gserviceaccount.com";
  env.Set("SERVICE_ACCOUNT_JSON", other.dump());
  auto from_content = LoadServiceAccountKey(env);
  ASSERT_TRUE(from_content.ok());
  EXPECT_EQ(from_content->client_email, "other@p.iam.gserviceaccount.com");

  // A path that is set but missing is a configuration error, not "no key".
  env.Unset("SERVICE_ACCOUNT_JSON");
  env.Set("GOOGLE_APPLICATION_CREDENTIALS", (dir / "missing.json").string());
  auto missing = LoadServiceAccountKey(env);
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("missing.json"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace formsender::gcp

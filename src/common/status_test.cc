#include "common/status.h"

#include <gtest/gtest.h>

namespace formsender {
namespace {

Result<int> Half(int v) {
  if (v % 2) return Status::InvalidArgument("odd: " + std::to_string(v));
  return v / 2;
}

Result<int> Quarter(int v) {
  FS_ASSIGN_OR_RETURN(int h, Half(v));
  return Half(h);
}

TEST(StatusTest, OkAndErrors) {
  EXPECT_TRUE(Status::Ok().ok());
  Status s = Status::NotFound("no such row");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ToString(), "NOT_FOUND: no such row");
  EXPECT_EQ(s.WithContext("load").message(), "load: no such row");
  EXPECT_TRUE(Status::Unavailable("x").is_retryable());
  EXPECT_FALSE(Status::InvalidArgument("x").is_retryable());
}

TEST(ResultTest, ValueAndPropagation) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "odd: 3");
  Result<std::string> s = std::string("abc");
  EXPECT_EQ(s->size(), 3u);
  EXPECT_EQ(Result<int>(Status::Internal("x")).value_or(7), 7);
}

}  // namespace
}  // namespace formsender

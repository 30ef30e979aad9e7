#include "streamforge/core/result.h"
#include "streamforge/core/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace streamforge {
namespace {

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.to_string(), "ok");
}

TEST(Status, ToStringCarriesCodeFieldAndMessage) {
  Status s = InvalidArgumentError("must be positive", "height");
  EXPECT_EQ(s.to_string(), "invalid_argument: height: must be positive");
}

TEST(Status, FieldPrefixBuildsAPath) {
  Status s = InvalidArgumentError("must be positive", "height").with_field_prefix("video[1]");
  EXPECT_EQ(s.field(), "video[1].height");
  Status indexed = InvalidArgumentError("bad", "[2]").with_field_prefix("video");
  EXPECT_EQ(indexed.field(), "video[2]");
  EXPECT_TRUE(OkStatus().with_field_prefix("x").ok());
}

TEST(Status, ContextPrefixesTheMessage) {
  Status s = DataLossError("truncated").with_context("reading moov");
  EXPECT_EQ(s.message(), "reading moov: truncated");
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
}

Result<int> half(int x) {
  if (x % 2) return InvalidArgumentError("odd");
  return x / 2;
}

Result<int> quarter(int x) {
  SF_ASSIGN_OR_RETURN(int h, half(x));
  SF_ASSIGN_OR_RETURN(int q, half(h));
  return q;
}

Status check_even(int x) {
  SF_RETURN_IF_ERROR(half(x).status());
  return OkStatus();
}

TEST(Result, ValueAndErrorPropagate) {
  EXPECT_EQ(*quarter(8), 2);
  Result<int> r = quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "odd");
  EXPECT_TRUE(check_even(4).ok());
  EXPECT_FALSE(check_even(3).ok());
  EXPECT_EQ(r.value_or(-1), -1);
}

TEST(Result, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

TEST(Result, OkStatusWithoutValueBecomesInternalError) {
  Result<int> r{OkStatus()};
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace streamforge

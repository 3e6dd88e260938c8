#include "base/status.h"

#include <gtest/gtest.h>

#include "base/result.h"

namespace ketnoi::base {
namespace {

Result<int> ParsePositive(int value) {
  if (value <= 0) return InvalidArgument("must be positive", "count");
  return value;
}

Result<int> Doubled(int value) {
  ASSIGN_OR_RETURN(int parsed, ParsePositive(value));
  return parsed * 2;
}

Status CheckBoth(int a, int b) {
  RETURN_IF_ERROR(ParsePositive(a).status().WithFieldPrefix("first"));
  RETURN_IF_ERROR(ParsePositive(b).status().WithFieldPrefix("second"));
  return Status::Ok();
}

TEST(StatusTest, OkByDefault) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.ToString(), "ok");
}

TEST(StatusTest, CarriesCodeMessageAndField) {
  Status status = InvalidArgument("must not be empty", "name");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.ToString(), "invalid_argument: must not be empty (field: name)");
}

TEST(StatusTest, FieldPrefixesJoinPaths) {
  EXPECT_EQ(InvalidArgument("x", "name").WithFieldPrefix("authors[2]").field(), "authors[2].name");
  EXPECT_EQ(InvalidArgument("x", "[0]").WithFieldPrefix("authors").field(), "authors[0]");
  EXPECT_EQ(InvalidArgument("x").WithFieldPrefix("year").field(), "year");
}

TEST(StatusTest, ContextIsPrepended) {
  EXPECT_EQ(NotFound("expert 7").WithContext("loading team").message(), "loading team: expert 7");
}

TEST(ResultTest, MacrosPropagateErrors) {
  EXPECT_EQ(*Doubled(4), 8);
  Result<int> failed = Doubled(-1);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().field(), "count");
  EXPECT_EQ(CheckBoth(1, -2).field(), "second.count");
  EXPECT_TRUE(CheckBoth(1, 2).ok());
}

}  // namespace
}  // namespace ketnoi::base

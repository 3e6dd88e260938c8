#include "service/json_text.h"

#include <gtest/gtest.h>

namespace ketnoi::service {
namespace {

TEST(ParseJsonTest, ReportsSyntaxErrorsWithTheirByte) {
  auto parsed = ParseJson(R"({"title": "ok",})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("malformed JSON at byte 16"), std::string::npos)
      << parsed.status().message();
}

TEST(ParseJsonTest, ReportsNumbersTooLargeForADouble) {
  auto parsed = ParseJson(R"({"year": 732333e7777777777777777777})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("number overflow"), std::string::npos)
      << parsed.status().message();
}

TEST(ParseJsonTest, ReportsInvalidUtf8) {
  auto parsed = ParseJson("{\"name\": \"\xC3\x28\"}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("invalid UTF-8"), std::string::npos);
}

TEST(ParseJsonTest, NormalizesStringsToNfcAndNamesTheField) {
  auto parsed = ParseJson("{\"names\": [\"Nguye\xCC\x82\xCC\x83n\"]}");
  ASSERT_TRUE(parsed.ok());
  model::Json value = std::move(parsed).value();
  ASSERT_TRUE(NormalizeText(&value).ok());
  EXPECT_EQ(value["names"][0], "Nguyễn");
}

}  // namespace
}  // namespace ketnoi::service

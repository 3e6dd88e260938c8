#include "import/ids.h"

#include <gtest/gtest.h>

namespace ketnoi::import {
namespace {

TEST(NormalizeOrcidTest, AcceptsTheFormsPeopleWriteAndChecksTheCheckDigit) {
  EXPECT_EQ(NormalizeOrcid("0000-0002-1825-0097"), "0000-0002-1825-0097");
  EXPECT_EQ(NormalizeOrcid(" https://orcid.org/0000-0002-1825-0097 "), "0000-0002-1825-0097");
  EXPECT_EQ(NormalizeOrcid("0000000218250097"), "0000-0002-1825-0097");
  EXPECT_EQ(NormalizeOrcid("0000-0002-1694-233x"), "0000-0002-1694-233X");
  EXPECT_EQ(NormalizeOrcid("0000-0002-1825-0098"), std::nullopt);  // Wrong check digit.
  EXPECT_EQ(NormalizeOrcid("0000-0002-1825-009"), std::nullopt);
  EXPECT_EQ(NormalizeOrcid("0000-0002-1825-00970"), std::nullopt);
  EXPECT_EQ(NormalizeOrcid("X000-0002-1825-0097"), std::nullopt);
  EXPECT_EQ(NormalizeOrcid(""), std::nullopt);
}

TEST(NormalizeDoiTest, DropsResolversAndLowersCase) {
  EXPECT_EQ(NormalizeDoi("10.1109/5.771073"), "10.1109/5.771073");
  EXPECT_EQ(NormalizeDoi("https://doi.org/10.1000/ABC.def"), "10.1000/abc.def");
  EXPECT_EQ(NormalizeDoi("http://dx.doi.org/10.1000/x"), "10.1000/x");
  EXPECT_EQ(NormalizeDoi("doi: 10.1000/x"), "10.1000/x");
  EXPECT_EQ(NormalizeDoi("10.1000/"), std::nullopt);
  EXPECT_EQ(NormalizeDoi("11.1000/x"), std::nullopt);
  EXPECT_EQ(NormalizeDoi("10.abc/x"), std::nullopt);
  EXPECT_EQ(NormalizeDoi("10.1000/a b"), std::nullopt);
}

TEST(CleanTextTest, NormalisesToNfcAndCollapsesSpace) {
  // "Nguyễn" with the circumflex and tilde as combining marks.
  auto clean = CleanText("  Nguye\xcc\x82\xcc\x83n\t\tVa\xcc\x86n \r\n An ");
  ASSERT_TRUE(clean.ok()) << clean.status().ToString();
  EXPECT_EQ(*clean, "Nguyễn Văn An");
  auto paragraphs = CleanText("first line\n\nsecond\x01line", /*keep_newlines=*/true);
  ASSERT_TRUE(paragraphs.ok());
  EXPECT_EQ(*paragraphs, "first line\nsecond line");
  auto invalid = CleanText("ok \xff");
  ASSERT_FALSE(invalid.ok());
  EXPECT_NE(invalid.status().message().find("byte 3"), std::string::npos)
      << invalid.status().message();
}

}  // namespace
}  // namespace ketnoi::import

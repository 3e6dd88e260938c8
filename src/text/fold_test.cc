#include "text/fold.h"

#include <gtest/gtest.h>

namespace ketnoi::text {
namespace {

TEST(ToNfcTest, ComposesDecomposedVietnamese) {
  // "Nguyễn" typed as n-g-u-y-e + combining circumflex + combining tilde.
  std::string decomposed = "Nguye\xCC\x82\xCC\x83n";
  auto nfc = ToNfc(decomposed);
  ASSERT_TRUE(nfc.ok());
  EXPECT_EQ(*nfc, "Nguyễn");
  EXPECT_EQ(*ToNfc("Nguyễn"), "Nguyễn");
}

TEST(ToNfcTest, ReportsInvalidUtf8WithOffset) {
  auto result = ToNfc("ab\xC3(");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "invalid UTF-8 at byte 2");
}

TEST(FoldDiacriticsTest, StripsVietnameseMarksAndDStroke) {
  EXPECT_EQ(*FoldDiacritics("Nguyễn Thị Đào"), "Nguyen Thi Dao");
  EXPECT_EQ(*FoldDiacritics("Trần Quốc Bảo, Huỳnh Ưng Đức"), "Tran Quoc Bao, Huynh Ung Duc");
  EXPECT_EQ(*FoldDiacritics("bán dẫn"), "ban dan");
  EXPECT_EQ(*FoldDiacritics("Dvořáková"), "Dvorakova");
}

TEST(FoldDiacriticsTest, KeepsNonLatinScripts) {
  EXPECT_EQ(*FoldDiacritics("佐藤 健一"), "佐藤 健一");
  EXPECT_EQ(*FoldDiacritics("ガラス基板"), "ガラス基板");  // Dakuten survive.
  EXPECT_EQ(*FoldDiacritics("김민준"), "김민준");
}

TEST(FoldCaseTest, LowersEveryScript) {
  EXPECT_EQ(*FoldCase("Nhà Máy ĐIỆN"), "nhà máy điện");
  EXPECT_EQ(*FoldCase("GaN HEMT"), "gan hemt");
  EXPECT_EQ(*FoldCase("半導体"), "半導体");
  EXPECT_FALSE(FoldCase("\xC3").ok());
}

TEST(FoldDiacriticsTest, RejectsInvalidUtf8) {
  EXPECT_FALSE(FoldDiacritics("\xFF").ok());
  EXPECT_EQ(FindInvalidUtf8("ok"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("o\xE1\xBA"), 1u);
}

}  // namespace
}  // namespace ketnoi::text

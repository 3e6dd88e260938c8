#include "import/csv/internal/vocabulary.h"

#include <gtest/gtest.h>

namespace ketnoi::import::csv_internal {
namespace {

TEST(MatchKeyTest, FoldsCaseDiacriticsAndSeparators) {
  EXPECT_EQ(MatchKey("Họ và tên"), "ho va ten");
  EXPECT_EQ(MatchKey("  HỌ   VÀ TÊN "), "ho va ten");
  EXPECT_EQ(MatchKey("full_name"), "full name");
  EXPECT_EQ(MatchKey("E-mail"), "e mail");
  EXPECT_EQ(MatchKey("Đơn vị"), "don vi");
  EXPECT_EQ(MatchKey("bad \xFF"), "bad \xFF");
}

TEST(CountryCodeForTest, ReadsCodesAndEnglishAndVietnameseNames) {
  EXPECT_EQ(CountryCodeFor("Nhật Bản"), "JP");
  EXPECT_EQ(CountryCodeFor("Japan"), "JP");
  EXPECT_EQ(CountryCodeFor("jp"), "JP");
  EXPECT_EQ(CountryCodeFor("JPN"), "JP");
  EXPECT_EQ(CountryCodeFor("Việt Nam"), "VN");
  EXPECT_EQ(CountryCodeFor("VIETNAM"), "VN");
  EXPECT_EQ(CountryCodeFor("Hàn Quốc"), "KR");
  EXPECT_EQ(CountryCodeFor("Hoa Kỳ"), "US");
  EXPECT_EQ(CountryCodeFor("Mỹ"), "US");
  EXPECT_EQ(CountryCodeFor("MY"), "MY");  // A code before a name: Malaysia.
  EXPECT_EQ(CountryCodeFor("UK"), "GB");
  EXPECT_EQ(CountryCodeFor("Vương quốc Anh"), "GB");
  EXPECT_EQ(CountryCodeFor("Đức"), "DE");
  EXPECT_EQ(CountryCodeFor("Atlantis"), std::nullopt);
  EXPECT_EQ(CountryCodeFor("XX"), std::nullopt);
  EXPECT_EQ(CountryCodeFor(""), std::nullopt);
}

TEST(LanguageCodeForTest, ReadsCodesAndNames) {
  EXPECT_EQ(LanguageCodeFor("Tiếng Việt"), "vi");
  EXPECT_EQ(LanguageCodeFor("English"), "en");
  EXPECT_EQ(LanguageCodeFor("JA"), "ja");
  EXPECT_EQ(LanguageCodeFor("fr"), "fr");
  EXPECT_EQ(LanguageCodeFor("Klingon"), std::nullopt);
  EXPECT_EQ(LanguageCodeFor(""), std::nullopt);
}

TEST(WorkKindForTest, ReadsEnglishAndVietnameseWords) {
  EXPECT_EQ(WorkKindFor("Bài báo"), model::WorkKind::kPublication);
  EXPECT_EQ(WorkKindFor("journal-article"), model::WorkKind::kPublication);
  EXPECT_EQ(WorkKindFor("Sáng chế"), model::WorkKind::kPatent);
  EXPECT_EQ(WorkKindFor("Đề tài"), model::WorkKind::kProject);
  EXPECT_EQ(WorkKindFor("dự án"), model::WorkKind::kProject);
  EXPECT_EQ(WorkKindFor("SẢN PHẨM"), model::WorkKind::kProduct);
  EXPECT_EQ(WorkKindFor("poem"), std::nullopt);
}

}  // namespace
}  // namespace ketnoi::import::csv_internal

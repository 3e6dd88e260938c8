#include "import/names.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ketnoi::import {
namespace {

// The same person as different sources print them.
TEST(CompareNamesTest, VietnameseNameInEveryOrderAndSpelling) {
  const std::string name = "Nguyễn Văn An";
  EXPECT_EQ(CompareNames(name, "Nguyễn Văn An"), NameMatch::kExact);
  EXPECT_EQ(CompareNames(name, "NGUYỄN VĂN AN"), NameMatch::kExact);
  EXPECT_EQ(CompareNames(name, "Nguyen Van An"), NameMatch::kFull);
  EXPECT_EQ(CompareNames(name, "Van An Nguyen"), NameMatch::kFull);
  EXPECT_EQ(CompareNames(name, "Nguyen, Van An"), NameMatch::kFull);
  EXPECT_EQ(CompareNames(name, "An Nguyen"), NameMatch::kPartial);
  EXPECT_EQ(CompareNames(name, "Nguyen, An"), NameMatch::kPartial);
  EXPECT_EQ(CompareNames(name, "A. V. Nguyen"), NameMatch::kInitials);
  EXPECT_EQ(CompareNames(name, "Nguyen V.A."), NameMatch::kInitials);
  EXPECT_EQ(CompareNames(name, "Nguyen VA"), NameMatch::kInitials);
  EXPECT_EQ(CompareNames(name, "An V. Nguyen"), NameMatch::kInitials);
}

TEST(CompareNamesTest, DifferentVietnameseNames) {
  const std::string name = "Nguyễn Văn An";
  EXPECT_EQ(CompareNames(name, "Nguyễn Văn Anh"), NameMatch::kConflict);
  EXPECT_EQ(CompareNames(name, "Nguyễn Văn Ân"), NameMatch::kConflict);  // Both with marks.
  EXPECT_EQ(CompareNames(name, "Trần Văn An"), NameMatch::kConflict);
  EXPECT_EQ(CompareNames(name, "B. V. Nguyen"), NameMatch::kConflict);
  EXPECT_EQ(CompareNames(name, "Nguyen Thi An"), NameMatch::kConflict);
  // Without marks, "An" and "Ân" cannot be told apart.
  EXPECT_EQ(CompareNames("Nguyen Van An", "Nguyễn Văn Ân"), NameMatch::kFull);
  // A family name alone is not enough.
  EXPECT_EQ(CompareNames(name, "Nguyen"), NameMatch::kConflict);
}

TEST(CompareNamesTest, JapaneseAndWesternOrders) {
  EXPECT_EQ(CompareNames("Sato Hiroshi", "Hiroshi Sato"), NameMatch::kExact);
  EXPECT_EQ(CompareNames("Sato Hiroshi", "H. Sato"), NameMatch::kInitials);
  EXPECT_EQ(CompareNames("Sato Hiroshi", "Sato, H."), NameMatch::kInitials);
  EXPECT_EQ(CompareNames("Sato Hiroshi", "Sato Takeshi"), NameMatch::kConflict);
  EXPECT_EQ(CompareNames("Marie-Claire Dubois", "M. C. Dubois"), NameMatch::kInitials);
  EXPECT_EQ(CompareNames("Marie-Claire Dubois", "Dubois, Marie"), NameMatch::kPartial);
}

TEST(CompareNamesTest, DecomposedAndPrecomposedAreTheSame) {
  // "Đặng Thị Hà" with the marks as combining characters.
  EXPECT_EQ(CompareNames("\xc4\x90\x61\xcc\xa3\xcc\x86ng Thi\xcc\xa3 Ha\xcc\x80", "Đặng Thị Hà"),
            NameMatch::kExact);
  EXPECT_EQ(CompareNames("Đặng Thị Hà", "Dang Thi Ha"), NameMatch::kFull);
}

TEST(CompareNamesTest, EmptyAndInvalidNamesMatchNothing) {
  EXPECT_EQ(CompareNames("", "Nguyen Van An"), NameMatch::kConflict);
  EXPECT_EQ(CompareNames("Nguy\xff", "Nguyen Van An"), NameMatch::kConflict);
  EXPECT_TRUE(SplitName("\xc3").exact.empty());
}

// CompareNames first rejects names by their words' first letters; that never changes the
// answer. Every pair of a pool of spellings, orders, initials and namesakes is compared
// with the letters and without them (first_letters 0: not known).
TEST(CompareNamesTest, TheFirstLetterTestNeverChangesTheAnswer) {
  const std::vector<std::string> pool = {"Nguyễn Văn An",
                                         "Nguyen Van An",
                                         "An Nguyen",
                                         "A. V. Nguyen",
                                         "Nguyen VA",
                                         "Nguyen, An",
                                         "Nguyễn Văn Ân",
                                         "Nguyễn Thị An",
                                         "Trần Văn An",
                                         "Đỗ Minh Đức",
                                         "Do Minh Duc",
                                         "Duc Do",
                                         "D. M. Do",
                                         "Đức Đỗ Minh",
                                         "Lê Thị Hoa",
                                         "Le Thi Hoà",
                                         "Hoa Le",
                                         "Sato Hiroshi",
                                         "Hiroshi Sato",
                                         "H. Sato",
                                         "Sato, H.",
                                         "佐藤 博",
                                         "Emma Brown",
                                         "E. Brown",
                                         "Brown, Emma",
                                         "Lukas Müller",
                                         "Lukas Muller",
                                         "L. Müller",
                                         "Nguyen",
                                         "Nguyễn",
                                         "An",
                                         "Văn An Nguyễn",
                                         "Ngô Bảo Châu",
                                         "Chau Ngo",
                                         "B. C. Ngo",
                                         "Phạm Quốc Cường",
                                         "Cuong Pham",
                                         "Q. C. Pham",
                                         "Pham Q C",
                                         "Kim Min-jun",
                                         "Min-jun Kim",
                                         "M. Kim",
                                         "Hoàng Thanh Tâm",
                                         "Tam Hoang",
                                         "T. T. Hoang"};
  int agreeing = 0;
  for (const std::string& a : pool) {
    for (const std::string& b : pool) {
      NameWords x = SplitName(a);
      NameWords y = SplitName(b);
      const NameMatch quick = CompareNames(x, y);
      x.first_letters = 0;
      y.first_letters = 0;
      EXPECT_EQ(quick, CompareNames(x, y)) << a << " / " << b;
      agreeing += quick != NameMatch::kConflict ? 1 : 0;
    }
  }
  EXPECT_GT(agreeing, 150);  // The pool's pairs are far from all conflicts.
}

TEST(NameKeyTest, ReorderingsAndDiacriticsShareAKey) {
  EXPECT_EQ(NameKey("Nguyễn Văn An"), "an nguyen van");
  EXPECT_EQ(NameKey("Van An Nguyen"), "an nguyen van");
  EXPECT_EQ(FamilyKeys("Nguyễn Văn An"), (std::vector<std::string>{"nguyen", "an"}));
  EXPECT_EQ(FamilyKeys("Nguyen, V. A."), (std::vector<std::string>{"nguyen"}));
  EXPECT_EQ(FamilyKeys("A. Nguyen"), (std::vector<std::string>{"nguyen"}));
}

TEST(IsVietnameseFamilyNameTest, WithAndWithoutDiacritics) {
  for (std::string_view name :
       {"Nguyễn", "NGUYỄN", "Trần", "Lê",  "Phạm",  "Hoàng", "Huỳnh", "Phan",
        "Vũ",     "Võ",     "Đặng", "Bùi", "Đỗ",    "Hồ",    "Ngô",   "Dương",
        "Lý",     "Nguyen", "Tran", "Le",  "DUONG", "Dang"}) {
    EXPECT_TRUE(IsVietnameseFamilyName(name)) << name;
  }
  for (std::string_view name : {"Sato", "Ho", "Ly", "Smith", "Nguyễn Văn", "", "Văn"}) {
    EXPECT_FALSE(IsVietnameseFamilyName(name)) << name;
  }
}

}  // namespace
}  // namespace ketnoi::import

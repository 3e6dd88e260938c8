#include "import/bibtex/name_parts.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ketnoi::import::bibtex {
namespace {

std::string Display(std::string_view raw) { return DisplayName(ParseName(raw)); }

TEST(SplitNameListTest, SplitsAtAndOutsideBraces) {
  EXPECT_EQ(SplitNameList("Sato, Hiroshi and Nguyen, An AND {Barnes and Noble}"),
            (std::vector<std::string_view>{"Sato, Hiroshi", "Nguyen, An", "{Barnes and Noble}"}));
  EXPECT_EQ(SplitNameList("A\nand\tB"), (std::vector<std::string_view>{"A", "B"}));
  // "and" inside a word is not a separator.
  EXPECT_EQ(SplitNameList("Andrea Sandy and Anderson"),
            (std::vector<std::string_view>{"Andrea Sandy", "Anderson"}));
  EXPECT_EQ(SplitNameList("A and and B"), (std::vector<std::string_view>{"A", "", "B"}));
  EXPECT_TRUE(SplitNameList("  ").empty());
}

TEST(ParseNameTest, FirstVonLast) {
  EXPECT_EQ(ParseName("Ludwig van Beethoven"), (NameParts{"Ludwig", "van", "Beethoven", "", 0}));
  EXPECT_EQ(ParseName("Jean de la Fontaine"), (NameParts{"Jean", "de la", "Fontaine", "", 0}));
  EXPECT_EQ(ParseName("Hiroshi Sato"), (NameParts{"Hiroshi", "", "Sato", "", 0}));
  // The last word is Last even when lower case.
  EXPECT_EQ(ParseName("bell hooks"), (NameParts{"", "bell", "hooks", "", 0}));
  // A braced word has no case, so it is not von.
  EXPECT_EQ(ParseName("Maria {van} Dijk"), (NameParts{"Maria van", "", "Dijk", "", 0}));
}

TEST(ParseNameTest, CommaForms) {
  EXPECT_EQ(ParseName("van Beethoven, Ludwig"), (NameParts{"Ludwig", "van", "Beethoven", "", 1}));
  EXPECT_EQ(ParseName("King, Jr., Martin Luther"),
            (NameParts{"Martin Luther", "", "King", "Jr.", 2}));
  EXPECT_EQ(ParseName("Nguy{\\~{\\^e}}n, V{\\u{a}}n An"),
            (NameParts{"Văn An", "", "Nguyễn", "", 1}));
  // Special characters count as letters: "{\'E}" is upper case, so not von.
  EXPECT_EQ(ParseName("{\\'E}mile Zola"), (NameParts{"Émile", "", "Zola", "", 0}));
  EXPECT_EQ(ParseName("{\\DJ}{\\u{\\d{a}}}ng, B{\\`{\\^a}}u"),
            (NameParts{"Bầu", "", "Đặng", "", 1}));
}

TEST(ParseNameTest, CorporateNamesAreOneWord) {
  EXPECT_EQ(ParseName("{Viettel Group}"), (NameParts{"", "", "Viettel Group", "", 0}));
  EXPECT_EQ(ParseName("{T{\\d{\\^a}}p {\\dj}o{\\`a}n Viettel}"),
            (NameParts{"", "", "Tập đoàn Viettel", "", 0}));
}

TEST(DisplayNameTest, WesternOrderByDefault) {
  EXPECT_EQ(Display("Sato, Hiroshi"), "Hiroshi Sato");
  EXPECT_EQ(Display("van Beethoven, Ludwig"), "Ludwig van Beethoven");
  EXPECT_EQ(Display("King, Jr., Martin Luther"), "Martin Luther King Jr.");
  EXPECT_EQ(Display("{Viettel Group}"), "Viettel Group");
  EXPECT_EQ(Display("Tanaka~Yuki"), "Tanaka Yuki");
}

TEST(DisplayNameTest, VietnameseFamilyNameFirst) {
  EXPECT_EQ(Display("Nguy{\\~{\\^e}}n, V{\\u{a}}n An"), "Nguyễn Văn An");
  EXPECT_EQ(Display("Nguyen, Van An"), "Nguyen Van An");
  EXPECT_EQ(Display("Văn An Nguyễn"), "Nguyễn Văn An");
  // Written family first without a comma: BibTeX reads Last = "An", kept as written.
  EXPECT_EQ(Display("Nguy{\\~{\\^e}}n V{\\u{a}}n An"), "Nguyễn Văn An");
  EXPECT_EQ(Display("Tr{\\`{\\^a}}n Th{\\d{i}} B{\\'{\\i}}ch"), "Trần Thị Bích");
  // The first word is itself a family name: the name was written family first.
  EXPECT_EQ(Display("Nguyễn Văn Lê"), "Nguyễn Văn Lê");
  EXPECT_EQ(Display("{\\DJ}{\\u{\\d{a}}}ng, Minh Ch{\\'a}nh"), "Đặng Minh Chánh");
  EXPECT_EQ(Display("Hồ, Thị Mai"), "Hồ Thị Mai");
}

TEST(DisplayNameTest, InitialsKeepThePrintedOrder) {
  EXPECT_EQ(Display("Nguyen, A. V."), "A. V. Nguyen");
  EXPECT_EQ(Display("Quoc V. Le"), "Quoc V. Le");
  EXPECT_EQ(Display("Tran, T"), "T Tran");
}

TEST(DisplayNameTest, AmbiguousAsciiNamesStayWestern) {
  // "Ho" and "Ly" without diacritics are also Chinese and other names.
  EXPECT_EQ(Display("Ho, Wing Kam"), "Wing Kam Ho");
  EXPECT_EQ(Display("Ly, Minh"), "Minh Ly");
}

}  // namespace
}  // namespace ketnoi::import::bibtex

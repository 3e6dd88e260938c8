#include "text/glossary.h"

#include <gtest/gtest.h>

namespace ketnoi::text {
namespace {

constexpr std::string_view kSample =
    "# comment\n"
    "vi\ten\tja\n"
    "bán dẫn\tsemiconductor\t半導体\n"
    "trí tuệ nhân tạo\tartificial intelligence|AI\t人工知能\n"
    "\n"
    "hàn dây\twire bonding\t\n"
    "# another comment\r\n"
    "Internet vạn vật\tInternet of Things | IoT\tモノのインターネット\r\n";

TEST(GlossaryTest, ParsesCellsAndSynonyms) {
  auto glossary = Glossary::Parse(kSample);
  ASSERT_TRUE(glossary.ok()) << glossary.status().ToString();
  ASSERT_EQ(glossary->entries().size(), 4u);
  const GlossaryEntry& ai = glossary->entries()[1];
  EXPECT_EQ(ai.vi, std::vector<std::string>{"trí tuệ nhân tạo"});
  EXPECT_EQ(ai.en, (std::vector<std::string>{"artificial intelligence", "AI"}));
  EXPECT_TRUE(glossary->entries()[2].ja.empty());
  EXPECT_EQ(glossary->entries()[3].en, (std::vector<std::string>{"Internet of Things", "IoT"}));
  // "モノのインターネット" counts one word per kana as an upper bound for ICU's split.
  EXPECT_EQ(glossary->max_phrase_words(), 10u);
}

TEST(GlossaryTest, FindIsFoldedAndCaseInsensitive) {
  auto glossary = Glossary::Parse(kSample);
  ASSERT_TRUE(glossary.ok());
  EXPECT_EQ(glossary->Find("bán dẫn"), std::vector<size_t>{0});
  EXPECT_EQ(glossary->Find("ban dan"), std::vector<size_t>{0});
  EXPECT_EQ(glossary->Find("BÁN   DẪN"), std::vector<size_t>{0});
  EXPECT_EQ(glossary->Find("Semiconductor"), std::vector<size_t>{0});
  EXPECT_EQ(glossary->Find("半導体"), std::vector<size_t>{0});
  EXPECT_EQ(glossary->Find("ai"), std::vector<size_t>{1});
  EXPECT_EQ(glossary->Find("tri tue nhan tao"), std::vector<size_t>{1});
  EXPECT_EQ(glossary->Find("internet of things"), std::vector<size_t>{3});
  EXPECT_TRUE(glossary->Find("semiconductors").empty());  // Phrases are not stemmed.
  EXPECT_TRUE(glossary->Find("").empty());
  EXPECT_TRUE(glossary->Find("\xFF").empty());
}

TEST(GlossaryTest, DecomposedInputIsNormalised) {
  auto glossary = Glossary::Parse("vi\ten\tja\nba\xCC\x81n da\xCC\x82\xCC\x83n\tsemiconductor\t\n");
  ASSERT_TRUE(glossary.ok());
  EXPECT_EQ(glossary->entries()[0].vi[0], "bán dẫn");
  EXPECT_EQ(glossary->Find("bán dẫn"), std::vector<size_t>{0});
}

void ExpectError(std::string_view tsv, std::string_view message) {
  auto glossary = Glossary::Parse(tsv);
  ASSERT_FALSE(glossary.ok());
  EXPECT_EQ(glossary.status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_EQ(glossary.status().message(), message);
}

TEST(GlossaryTest, ErrorsNameTheLine) {
  ExpectError("", "glossary line 0: missing header \"vi<TAB>en<TAB>ja\"");
  ExpectError("# only a comment\n", "glossary line 1: missing header \"vi<TAB>en<TAB>ja\"");
  ExpectError("vi,en,ja\n", "glossary line 1: expected the header \"vi<TAB>en<TAB>ja\"");
  ExpectError("vi\ten\tja\nbán dẫn\tsemiconductor\n",
              "glossary line 2: expected 3 tab-separated cells (vi, en, ja), found 2");
  ExpectError("vi\ten\tja\n\n# c\na\tb\tc\td\n",
              "glossary line 4: expected 3 tab-separated cells (vi, en, ja), found 4");
  ExpectError("vi\ten\tja\nok\tok\tok\nb\xC3n\tx\t\n",
              "glossary line 3: invalid UTF-8 at byte 1 of the line");
  ExpectError("vi\ten\tja\n | \t\t\n", "glossary line 2: entry has no phrase");
  ExpectError("vi\ten\tja\n...\tdots\t\n", "glossary line 2: phrase \"...\" has no words");
}

}  // namespace
}  // namespace ketnoi::text

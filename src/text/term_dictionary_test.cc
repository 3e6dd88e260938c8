#include "text/term_dictionary.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyzer.h"

namespace ketnoi::text {
namespace {

TEST(TermDictionaryTest, EmptyDictionaryFindsNothing) {
  const TermDictionary dictionary;
  EXPECT_EQ(dictionary.size(), 0u);
  EXPECT_EQ(dictionary.Find("ban"), TermDictionary::kNotFound);
  EXPECT_EQ(dictionary.Find(""), TermDictionary::kNotFound);
}

TEST(TermDictionaryTest, InternNumbersTermsDenselyInOrderOfFirstSight) {
  TermDictionary dictionary;
  EXPECT_EQ(dictionary.Intern("ban"), 0u);
  EXPECT_EQ(dictionary.Intern("dan"), 1u);
  EXPECT_EQ(dictionary.Intern("ban"), 0u);
  EXPECT_EQ(dictionary.Intern("ban_dan"), 2u);
  EXPECT_EQ(dictionary.Intern("dan"), 1u);
  EXPECT_EQ(dictionary.size(), 3u);
  EXPECT_EQ(dictionary.term(0), "ban");
  EXPECT_EQ(dictionary.term(1), "dan");
  EXPECT_EQ(dictionary.term(2), "ban_dan");
  EXPECT_EQ(dictionary.Find("ban_dan"), 2u);
  EXPECT_EQ(dictionary.Find("ba"), TermDictionary::kNotFound);
  EXPECT_EQ(dictionary.Find("bann"), TermDictionary::kNotFound);
  EXPECT_EQ(dictionary.size(), 3u);  // Find adds nothing.
}

TEST(TermDictionaryTest, TheEmptyStringIsATerm) {
  TermDictionary dictionary;
  EXPECT_EQ(dictionary.Intern("a"), 0u);
  EXPECT_EQ(dictionary.Intern(""), 1u);
  EXPECT_EQ(dictionary.Intern(""), 1u);
  EXPECT_EQ(dictionary.Find(""), 1u);
  EXPECT_EQ(dictionary.term(1), "");
}

TEST(TermDictionaryTest, InternWithCallerHashMatchesPlainIntern) {
  TermDictionary dictionary;
  const uint32_t id = dictionary.Intern("nghiên", HashTerm("nghiên"));
  EXPECT_EQ(dictionary.Intern("nghiên"), id);
  EXPECT_EQ(dictionary.Find("nghiên"), id);
}

TEST(TermDictionaryTest, Utf8TermsAreComparedByteForByte) {
  TermDictionary dictionary;
  // NFC "ế" and decomposed "e" + U+0302 + U+0301 are different byte strings, so different
  // terms: the dictionary does no normalisation (the analyzer does).
  const uint32_t composed = dictionary.Intern("ti\xE1\xBA\xBFng");
  const uint32_t decomposed = dictionary.Intern("tie\xCC\x82\xCC\x81ng");
  EXPECT_NE(composed, decomposed);
  const uint32_t japanese = dictionary.Intern("人工知能");
  const uint32_t folded = dictionary.Intern("tieng");
  EXPECT_EQ(dictionary.Find("ti\xE1\xBA\xBFng"), composed);
  EXPECT_EQ(dictionary.Find("人工知能"), japanese);
  EXPECT_EQ(dictionary.Find("人工"), TermDictionary::kNotFound);
  EXPECT_EQ(dictionary.term(japanese), "人工知能");
  EXPECT_EQ(dictionary.term(folded), "tieng");
  EXPECT_EQ(dictionary.size(), 4u);
}

// A deterministic mix of ASCII, Vietnamese, Japanese and long terms, all distinct.
std::string SyntheticTerm(uint32_t i) {
  static constexpr std::string_view kPieces[] = {"ban",  "dẫn",   "nghiên", "cứu", "人工",
                                                 "知能", "learn", "_",      "ß",   "🙂"};
  std::string term;
  for (uint32_t rest = i;; rest /= 10) {
    term += kPieces[rest % 10];
    if (rest < 10) break;
  }
  // Every 97th term is long, to exercise the multi-word hash path.
  if (i % 97 == 0) term += std::string(40 + i % 13, 'x');
  return term + "#" + std::to_string(i);
}

TEST(TermDictionaryTest, ManyTermsKeepDenseStableIdsAcrossGrowth) {
  // Far more terms than the initial 1024 slots: the table rehashes several times.
  constexpr uint32_t kTerms = 100000;
  TermDictionary dictionary;
  for (uint32_t i = 0; i < kTerms; ++i) {
    ASSERT_EQ(dictionary.Intern(SyntheticTerm(i)), i);
    // Early terms stay findable with their ids while the table grows.
    if (i % 4096 == 0) {
      ASSERT_EQ(dictionary.Find(SyntheticTerm(0)), 0u);
      ASSERT_EQ(dictionary.Find(SyntheticTerm(i / 2)), i / 2);
    }
  }
  ASSERT_EQ(dictionary.size(), kTerms);
  for (uint32_t i = 0; i < kTerms; ++i) {
    const std::string term = SyntheticTerm(i);
    ASSERT_EQ(dictionary.Find(term), i) << term;
    ASSERT_EQ(dictionary.term(i), term);
    ASSERT_EQ(dictionary.Intern(term), i);  // Re-interning adds nothing.
  }
  EXPECT_EQ(dictionary.size(), kTerms);
  EXPECT_EQ(dictionary.Find(SyntheticTerm(kTerms)), TermDictionary::kNotFound);
  EXPECT_GT(dictionary.memory_bytes(), 0u);
}

TEST(TermDictionaryTest, TermsAroundTheInlineLengthStayDistinct) {
  // Slots hold up to 11 bytes and the length: terms that share those, differ only in length
  // or in zero bytes, or differ past the 11th byte must all be different terms.
  const std::vector<std::string> terms = {
      "",
      std::string(1, '\0'),
      std::string(2, '\0'),
      "a",
      std::string("a\0", 2),
      "nghien_cuu",
      "nghien_cuuu",
      "nghien_cuuuu",
      "nghien_cuuuv",
      "nghien_cuuuuuuuuuuu1",
      "nghien_cuuuuuuuuuuu2",
      std::string("nghien_cuuu\0", 12),
      "truong_thanh",
      "abcdefgh",
      "abcdefghi",
      "abcdefghij",
      "abcdefghijk",
      "bcdefghijka",
  };
  TermDictionary dictionary;
  for (size_t i = 0; i < terms.size(); ++i) {
    EXPECT_EQ(dictionary.Intern(terms[i]), i) << i;
  }
  for (size_t i = 0; i < terms.size(); ++i) {
    EXPECT_EQ(dictionary.Find(terms[i]), i) << i;
    EXPECT_EQ(dictionary.term(static_cast<uint32_t>(i)), terms[i]);
  }
  EXPECT_EQ(dictionary.Find("nghien_cuuuuuuuuuuu3"), TermDictionary::kNotFound);
  EXPECT_EQ(dictionary.Find("abcdefghijkl"), TermDictionary::kNotFound);
}

TEST(TermDictionaryTest, InternAllGivesTheIdsOfInterningOneByOne) {
  // Repeats, new terms and enough of them to grow the table mid-way.
  std::vector<std::string> texts;
  for (uint32_t i = 0; i < 20000; ++i) texts.push_back(SyntheticTerm((i * 7919) % 6000));
  std::vector<std::string_view> views(texts.begin(), texts.end());
  TermDictionary one_by_one;
  one_by_one.Intern("preexisting");
  TermDictionary batched;
  batched.Intern("preexisting");
  std::vector<uint32_t> expected;
  for (std::string_view term : views) expected.push_back(one_by_one.Intern(term));
  std::vector<uint32_t> ids(views.size());
  batched.InternAll(views, ids);
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(batched.size(), one_by_one.size());
  std::vector<uint32_t> none;
  batched.InternAll({}, none);
  EXPECT_EQ(batched.size(), one_by_one.size());
}

TEST(TermDictionaryTest, TermViewsSurviveGrowth) {
  TermDictionary dictionary;
  dictionary.Intern("bán dẫn");
  for (uint32_t i = 0; i < 5000; ++i) dictionary.Intern(SyntheticTerm(i));
  EXPECT_EQ(dictionary.term(0), "bán dẫn");
  EXPECT_EQ(dictionary.Find("bán dẫn"), 0u);
}

// AnalyzeIds must give exactly Analyze's term sequence, interned in the same dictionary.
void ExpectIdsMatchTerms(std::string_view text, Language language) {
  Analyzer analyzer;
  TermDictionary dictionary;
  dictionary.Intern("preexisting");  // Ids need not start at 0.
  auto terms = analyzer.Analyze(text, language);
  ASSERT_TRUE(terms.ok()) << terms.status().ToString();
  std::vector<uint32_t> ids = {12345};  // AnalyzeIds appends.
  const base::Status status = analyzer.AnalyzeIds(text, language, dictionary, &ids);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.front(), 12345u);
  ids.erase(ids.begin());
  std::vector<std::string> from_ids;
  for (uint32_t id : ids) {
    ASSERT_LT(id, dictionary.size());
    from_ids.emplace_back(dictionary.term(id));
  }
  std::vector<std::string> expected;
  for (const Term& term : *terms) expected.push_back(term.text);
  EXPECT_EQ(from_ids, expected) << text;
  EXPECT_FALSE(expected.empty()) << text;
  // A second pass over the same text adds no terms and yields the same ids.
  const size_t size = dictionary.size();
  std::vector<uint32_t> again;
  ASSERT_TRUE(analyzer.AnalyzeIds(text, language, dictionary, &again).ok());
  EXPECT_EQ(again, ids);
  EXPECT_EQ(dictionary.size(), size);
}

struct Sample {
  std::string_view text;
  Language language;
};

TEST(AnalyzeIdsTest, MatchesAnalyzeTermForTerm) {
  const Sample kSamples[] = {
      {"Nghiên cứu này đề xuất một mô hình học sâu cho chẩn đoán hình ảnh y tế, chạy trên "
       "thiết bị biên với bộ nhớ hạn chế.",
       Language::kUnknown},
      {"Trí tuệ nhân tạo và vật liệu bán dẫn của từ trường", Language::kVietnamese},
      {"Ung dung deep learning va computer vision trong phat hien loi san pham tai nha may",
       Language::kUnknown},
      {"We collected data in Hà Nội and Hồ Chí Minh City to train a model that forecasts the "
       "electricity demand of households; don't stop at 3.5 GHz on 22nm MoS2 5G chips.",
       Language::kEnglish},
      {"Running runners ran quickly through the learning systems", Language::kUnknown},
      {"本研究では、AIを用いた医用画像診断のための軽量な深層学習モデルを提案する。",
       Language::kJapanese},
      {"人工知能とIoTセキュリティ", Language::kUnknown},
      {"Ứng dụng AI (人工知能) trong IoT security cho bán dẫn 5G tại Việt Nam", Language::kUnknown},
      {"TRÍ TUỆ NHÂN TẠO — Deep Learning, 深層学習; ban dan", Language::kVietnamese},
  };
  for (const Sample& sample : kSamples) ExpectIdsMatchTerms(sample.text, sample.language);
}

TEST(AnalyzeIdsTest, SharedDictionaryAcrossTextsGivesOneIdPerTerm) {
  Analyzer analyzer;
  TermDictionary dictionary;
  std::vector<uint32_t> first;
  std::vector<uint32_t> second;
  ASSERT_TRUE(analyzer.AnalyzeIds("bán dẫn", Language::kVietnamese, dictionary, &first).ok());
  ASSERT_TRUE(
      analyzer.AnalyzeIds("vật liệu bán dẫn", Language::kVietnamese, dictionary, &second).ok());
  ASSERT_FALSE(first.empty());
  // "ban_dan" (the compound) is in both texts and has one id.
  const uint32_t compound = dictionary.Find("ban_dan");
  ASSERT_NE(compound, TermDictionary::kNotFound);
  EXPECT_NE(std::find(first.begin(), first.end(), compound), first.end());
  EXPECT_NE(std::find(second.begin(), second.end(), compound), second.end());
}

TEST(AnalyzeIdsTest, InvalidUtf8IsAnError) {
  Analyzer analyzer;
  TermDictionary dictionary;
  std::vector<uint32_t> ids;
  EXPECT_FALSE(analyzer.AnalyzeIds("b\xFF\xFE", Language::kUnknown, dictionary, &ids).ok());
}

}  // namespace
}  // namespace ketnoi::text

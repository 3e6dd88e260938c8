#include "rank/explain.h"

#include <gtest/gtest.h>

namespace ketnoi::rank {
namespace {

TEST(ExplainTest, EscapesHtml) {
  EXPECT_EQ(HtmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
}

TEST(ExplainTest, RendersMarksAroundEscapedText) {
  const std::string text = "Low <power> ADC";
  EXPECT_EQ(Highlighter::Render(text, {{0, 3}, {12, 15}}),
            "<mark>Low</mark> &lt;power&gt; <mark>ADC</mark>");
}

TEST(ExplainTest, SnippetCentresOnTheDensestMatches) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "filler ";
  const size_t at = text.size();
  text += "analog circuit design ";
  for (int i = 0; i < 60; ++i) text += "filler ";
  const std::string snippet =
      Highlighter::Snippet(text, {{at, at + 6}, {at + 7, at + 14}, {at + 15, at + 21}}, 100);
  EXPECT_NE(snippet.find("<mark>analog</mark> <mark>circuit</mark> <mark>design</mark>"),
            std::string::npos);
  EXPECT_EQ(snippet.rfind("…", 0), 0u);
  EXPECT_LT(snippet.size(), 180u);
}

TEST(ExplainTest, QueryWordsAreLowerCaseNfcWithoutPunctuation) {
  // "Mật" written with a combining dot below and hook.
  EXPECT_EQ(QueryWords("Giải pháp  Ma\u0323\u0302t mã, (hậu lượng tử)!\nNơ-ron"),
            "giải pháp mật mã hậu lượng tử nơ-ron");
  EXPECT_EQ(QueryWords("\xC3\x28"), "");
}

TEST(ExplainTest, JoinsOverlappingCompoundsIntoTheQuerysPhrase) {
  const std::string words = QueryWords("Giải pháp mật mã hậu lượng tử cho hệ thống ngân hàng");
  TermShares joined = JoinPhrases({{"mật mã", 0.3},
                                   {"lượng tử", 0.2},
                                   {"mã hậu", 0.1},
                                   {"hậu lượng", 0.1},
                                   {"ngân hàng", 0.2},
                                   {"post-quantum cryptography", 0.1}},
                                  words);
  ASSERT_EQ(joined.size(), 3u);
  EXPECT_EQ(joined[0].first, "mật mã hậu lượng tử");
  EXPECT_DOUBLE_EQ(joined[0].second, 0.7);
  EXPECT_EQ(joined[1].first, "ngân hàng");
  EXPECT_EQ(joined[2].first, "post-quantum cryptography");
}

TEST(ExplainTest, JoinsOnlyWhatTheQueryWroteAsOnePhrase) {
  // "mã hậu" and "hậu cần" overlap, but "mã hậu cần" is not in the query.
  const std::string words = QueryWords("mã hậu; hậu cần");
  TermShares joined = JoinPhrases({{"mã hậu", 0.5}, {"hậu cần", 0.5}}, words);
  EXPECT_EQ(joined.size(), 2u);
}

}  // namespace
}  // namespace ketnoi::rank

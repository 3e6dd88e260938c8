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

}  // namespace
}  // namespace ketnoi::rank

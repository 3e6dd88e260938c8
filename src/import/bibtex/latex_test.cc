#include "import/bibtex/latex.h"

#include <gtest/gtest.h>

#include <string>

#include "import/ids.h"

namespace ketnoi::import::bibtex {
namespace {

// What a user sees: decoded, then cleaned to NFC as the importer does.
std::string Show(std::string_view latex) {
  auto clean = CleanText(DecodeLatex(latex));
  EXPECT_TRUE(clean.ok()) << clean.status().ToString();
  return clean.ok() ? *clean : std::string();
}

TEST(DecodeLatexTest, AccentForms) {
  EXPECT_EQ(Show("{\\'e}"), "é");
  EXPECT_EQ(Show("\\'{e}"), "é");
  EXPECT_EQ(Show("\\'e"), "é");
  EXPECT_EQ(Show("{\\'{e}}"), "é");
  EXPECT_EQ(Show("\\' e"), "é");
  EXPECT_EQ(Show("\\`a"), "à");
  EXPECT_EQ(Show("\\^o"), "ô");
  EXPECT_EQ(Show("\\\"u"), "ü");
  EXPECT_EQ(Show("\\~n"), "ñ");
  EXPECT_EQ(Show("\\=a"), "ā");
  EXPECT_EQ(Show("\\.z"), "ż");
  EXPECT_EQ(Show("\\u{a}"), "ă");
  EXPECT_EQ(Show("\\u a"), "ă");
  EXPECT_EQ(Show("\\v{s}"), "š");
  EXPECT_EQ(Show("\\H{o}"), "ő");
  EXPECT_EQ(Show("\\c{c}"), "ç");
  EXPECT_EQ(Show("\\c c"), "ç");
  EXPECT_EQ(Show("\\d{o}"), "ọ");
  EXPECT_EQ(Show("\\r{a}"), "å");
  EXPECT_EQ(Show("\\k{a}"), "ą");
  EXPECT_EQ(Show("\\b{b}"), "ḇ");
  EXPECT_EQ(Show("\\h{a}"), "ả");
  EXPECT_EQ(Show("{\\h{a}}"), "ả");
}

TEST(DecodeLatexTest, VietnameseStackedAccents) {
  EXPECT_EQ(Show("Nguy{\\~{\\^e}}n"), "Nguyễn");
  EXPECT_EQ(Show("Nguy\\~{\\^e}n"), "Nguyễn");
  EXPECT_EQ(Show("Nguy\\~\\^en"), "Nguyễn");
  EXPECT_EQ(Show("{\\`{\\u{a}}}"), "ằ");
  EXPECT_EQ(Show("Tr{\\`{\\^a}}n Th{\\d{i}} B{\\'{\\i}}ch"), "Trần Thị Bích");
  EXPECT_EQ(Show("{\\DJ}{\\~{\\u{a}}}ng"), "Đẵng");
  EXPECT_EQ(Show("{\\DJ}{\\u{\\d{a}}}ng"), "Đặng");
  // Dot below and circumflex in either order: NFC orders the marks.
  EXPECT_EQ(Show("\\^{\\d{a}}"), "ậ");
  EXPECT_EQ(Show("\\d{\\^a}"), "ậ");
  EXPECT_EQ(Show("\\h{\\ohorn}"), "ở");
  EXPECT_EQ(Show("\\~{\\uhorn}"), "ữ");
  EXPECT_EQ(Show("\\'{\\horn{o}}"), "ớ");
  // An accent on precomposed UTF-8.
  EXPECT_EQ(Show("\\~{ê}"), "ễ");
}

TEST(DecodeLatexTest, SpecialLetters) {
  EXPECT_EQ(Show("{\\DJ}"), "Đ");
  EXPECT_EQ(Show("\\DJ"), "Đ");
  EXPECT_EQ(Show("\\Dj{}"), "Đ");
  EXPECT_EQ(Show("{\\dj}"), "đ");
  EXPECT_EQ(Show("\\DJ \\~{\\ohorn}"), "Đỡ");  // The space after a control word is TeX's.
  EXPECT_EQ(Show("{\\o} {\\O} {\\aa} {\\AA} {\\ae} {\\AE} {\\oe} {\\ss} {\\l} {\\L}"),
            "ø Ø å Å æ Æ œ ß ł Ł");
  EXPECT_EQ(Show("{\\i}{\\j}"), "ıȷ");
  EXPECT_EQ(Show("\\'{\\i}"), "í");
  EXPECT_EQ(Show("\\\"\\i"), "ï");
  EXPECT_EQ(Show("\\v{\\j}"), "ǰ");
}

TEST(DecodeLatexTest, EscapesAndPunctuation) {
  EXPECT_EQ(Show("R\\&D 50\\% \\$5 \\#1 a\\_b \\{x\\}"), "R&D 50% $5 #1 a_b {x}");
  EXPECT_EQ(Show("Hà~Nội"), "Hà Nội");
  EXPECT_EQ(Show("pages 1--10 --- really"), "pages 1–10 — really");
  EXPECT_EQ(Show("``quoted''"), "“quoted”");
  EXPECT_EQ(Show("it's"), "it's");
  EXPECT_EQ(Show("10\\,000"), "10 000");
  EXPECT_EQ(Show("line\\\\break"), "line break");
  EXPECT_EQ(Show("\\ldots"), "…");
}

TEST(DecodeLatexTest, MathKeepsItsText) {
  EXPECT_EQ(Show("$O(n \\log n)$ time"), "O(n n) time");
  EXPECT_EQ(Show("The $\\alpha$-helix"), "The α-helix");
  EXPECT_EQ(Show("$x^2$"), "x^2");
}

TEST(DecodeLatexTest, UnknownCommandsKeepTheirArgument) {
  EXPECT_EQ(Show("\\textbf{Deep} Learning"), "Deep Learning");
  EXPECT_EQ(Show("\\emph{x}"), "x");
  EXPECT_EQ(Show("{\\em Vision} Transformer"), "Vision Transformer");
  EXPECT_EQ(Show("\\textsc{Viettel}"), "Viettel");
}

TEST(DecodeLatexTest, BracesAreRemoved) {
  EXPECT_EQ(Show("{D}eep {L}earning for {V}ietnamese"), "Deep Learning for Vietnamese");
  EXPECT_EQ(Show("{{{nested}}}"), "nested");
  EXPECT_EQ(Show("stray } brace"), "stray brace");
  EXPECT_EQ(Show("\\~{}user"), "~user");
}

TEST(DecodeLatexTest, Utf8PassesThrough) {
  EXPECT_EQ(Show("Học sâu cho tiếng Việt"), "Học sâu cho tiếng Việt");
  EXPECT_EQ(Show("深層学習"), "深層学習");
  // Decomposed input comes out composed.
  EXPECT_EQ(Show("Vie\xcc\xa3\xcc\x82t"), "Việt");
}

TEST(DecodeLatexTest, NeverFailsOnOddInput) {
  EXPECT_EQ(Show("\\"), "");
  EXPECT_EQ(Show("\\'"), "´");
  EXPECT_EQ(Show("{\\'}"), "´");
  EXPECT_EQ(Show("{{{{"), "");
  std::string deep(100000, '{');
  EXPECT_EQ(Show(deep + "x"), "x");
  std::string accents;
  for (int i = 0; i < 100000; ++i) accents += "\\'";
  EXPECT_FALSE(DecodeLatex(accents + "e").empty());
}

TEST(DecodeLatexVerbatimTest, KeepsUrlsIntact) {
  EXPECT_EQ(DecodeLatexVerbatim("https://example.org/~an/a--b_c"),
            "https://example.org/~an/a--b_c");
  EXPECT_EQ(DecodeLatexVerbatim("https://example.org/\\~{}an/a\\_b\\%20"),
            "https://example.org/~an/a_b%20");
  EXPECT_EQ(DecodeLatexVerbatim("\\url{https://example.org/x}"), "https://example.org/x");
  EXPECT_EQ(DecodeLatexVerbatim("{10.1000/ABC-1}"), "10.1000/ABC-1");
}

}  // namespace
}  // namespace ketnoi::import::bibtex

#include "text/analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>

#include "text/glossary.h"
#include "text/internal/tokenizer.h"
#include "text/term_dictionary.h"

namespace ketnoi::text {
namespace {

std::vector<std::string> Texts(Analyzer& analyzer, std::string_view text,
                               Language language = Language::kUnknown) {
  auto terms = analyzer.Analyze(text, language);
  EXPECT_TRUE(terms.ok()) << terms.status().ToString();
  std::vector<std::string> out;
  if (!terms.ok()) return out;
  for (const Term& term : *terms) out.push_back(term.text);
  return out;
}

bool Has(const std::vector<std::string>& terms, std::string_view term) {
  return std::find(terms.begin(), terms.end(), term) != terms.end();
}

std::optional<QueryTerm> FindQueryTerm(const std::vector<QueryTerm>& terms, std::string_view text) {
  for (const QueryTerm& term : terms) {
    if (term.text == text) return term;
  }
  return std::nullopt;
}

TEST(LanguageTest, CodesRoundTrip) {
  EXPECT_EQ(LanguageCode(Language::kVietnamese), "vi");
  EXPECT_EQ(LanguageCode(Language::kUnknown), "");
  EXPECT_EQ(LanguageFromCode("JA"), Language::kJapanese);
  EXPECT_EQ(LanguageFromCode("en"), Language::kEnglish);
  EXPECT_EQ(LanguageFromCode("fr"), Language::kUnknown);
}

TEST(DetectLanguageTest, ShortTexts) {
  EXPECT_EQ(DetectLanguage("bán dẫn"), Language::kVietnamese);
  EXPECT_EQ(DetectLanguage("ban dan"), Language::kVietnamese);
  EXPECT_EQ(DetectLanguage("deep learning"), Language::kEnglish);
  EXPECT_EQ(DetectLanguage("半導体"), Language::kJapanese);
  EXPECT_EQ(DetectLanguage("IoTセキュリティ"), Language::kJapanese);
  EXPECT_EQ(DetectLanguage(""), Language::kUnknown);
  EXPECT_EQ(DetectLanguage("12345"), Language::kUnknown);
  EXPECT_EQ(DetectLanguage("Москва"), Language::kUnknown);
}

TEST(DetectLanguageTest, LongTexts) {
  EXPECT_EQ(DetectLanguage("Nghiên cứu này đề xuất một mô hình học sâu cho chẩn đoán hình ảnh "
                           "y tế, chạy trên thiết bị biên với bộ nhớ hạn chế."),
            Language::kVietnamese);
  EXPECT_EQ(DetectLanguage("Ung dung deep learning va computer vision trong phat hien loi san "
                           "pham tai nha may"),
            Language::kVietnamese);
  EXPECT_EQ(DetectLanguage("We collected data in Hà Nội and Hồ Chí Minh City to train a model "
                           "that forecasts the electricity demand of households."),
            Language::kEnglish);
  EXPECT_EQ(DetectLanguage("本研究では、AIを用いた医用画像診断のための軽量な深層学習モデルを"
                           "提案する。"),
            Language::kJapanese);
}

TEST(DetectLanguageTest, SkipsInvalidBytes) {
  EXPECT_EQ(DetectLanguage("b\xC3\xA1n d\xFF\xFE\xE1\xBA\xABn"), Language::kVietnamese);
}

TEST(AnalyzerTest, VietnameseSyllablesAndCompounds) {
  Analyzer analyzer;
  auto terms = analyzer.Analyze("Trí tuệ nhân tạo");
  ASSERT_TRUE(terms.ok());
  std::vector<std::string> texts;
  for (const Term& term : *terms) texts.push_back(term.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"trí", "tri", "tuệ", "tue", "tri_tue", "nhân", "nhan",
                                             "tue_nhan", "tạo", "tao", "nhan_tao"}));
  EXPECT_EQ((*terms)[4].position, 0u);  // tri_tue takes the first syllable's position.
  EXPECT_EQ((*terms)[5].position, 2u);
}

TEST(AnalyzerTest, VietnameseWithoutDiacriticsGivesFoldedFormsOnce) {
  Analyzer analyzer;
  EXPECT_EQ(Texts(analyzer, "ban dan"), (std::vector<std::string>{"ban", "dan", "ban_dan"}));
}

TEST(AnalyzerTest, CompoundsStopAtPunctuationAndForeignWords) {
  Analyzer analyzer;
  auto terms = Texts(analyzer, "vật liệu, công nghệ nano và deep learning cho y tế");
  EXPECT_TRUE(Has(terms, "vat_lieu"));
  EXPECT_FALSE(Has(terms, "lieu_cong"));  // Across a comma.
  EXPECT_TRUE(Has(terms, "cong_nghe"));
  EXPECT_TRUE(Has(terms, "nano"));        // Not a syllable: an English word,
  EXPECT_FALSE(Has(terms, "nghe_nano"));  // which joins no compound.
  EXPECT_TRUE(Has(terms, "learn"));       // Stemmed English.
  EXPECT_FALSE(Has(terms, "learning_cho"));
  EXPECT_FALSE(Has(terms, "learn_cho"));
  EXPECT_TRUE(Has(terms, "y_te"));
}

TEST(AnalyzerTest, VietnameseStopSyllablesDroppedButJoinCompounds) {
  Analyzer analyzer;
  auto terms = Texts(analyzer, "ứng dụng của từ trường");
  EXPECT_FALSE(Has(terms, "của"));
  EXPECT_FALSE(Has(terms, "cua"));
  EXPECT_FALSE(Has(terms, "từ"));
  EXPECT_TRUE(Has(terms, "tu_truong"));  // "magnetic field" keeps its stop syllable.
  EXPECT_TRUE(Has(terms, "trường"));
  // "con" is a content word when the text has diacritics; "cơ" is not "có".
  terms = Texts(analyzer, "con người và cơ khí");
  EXPECT_TRUE(Has(terms, "con"));
  EXPECT_TRUE(Has(terms, "cơ"));
  EXPECT_FALSE(Has(terms, "va"));
}

TEST(AnalyzerTest, PrecomposedAndDecomposedVietnameseAgree) {
  Analyzer analyzer;
  // "Nguyễn bán dẫn" with combining circumflex, tilde and acute accents.
  std::string decomposed = "Nguye\xCC\x82\xCC\x83n ba\xCC\x81n da\xCC\x82\xCC\x83n";
  EXPECT_EQ(Texts(analyzer, decomposed), Texts(analyzer, "Nguyễn bán dẫn"));
  EXPECT_TRUE(Has(Texts(analyzer, decomposed), "nguyễn"));
  // Precomposed letters need no normalisation, but characters NFC replaces do, amid them:
  // the Ohm and Kelvin signs (U+2126, U+212A) are Omega and K, and so are their terms.
  EXPECT_EQ(Texts(analyzer, "điện trở 5 \u2126 ở 300 \u212A"),
            Texts(analyzer, "điện trở 5 Ω ở 300 K"));
  std::vector<uint32_t> ids;
  TermDictionary dictionary;
  ASSERT_TRUE(analyzer.AnalyzeIds(decomposed, Language::kUnknown, dictionary, &ids).ok());
  EXPECT_NE(dictionary.Find("nguyễn"), TermDictionary::kNotFound);
  // AnalyzeIds reads Latin text without normalising it first when it is plainly in NFC;
  // text that is not is normalised, and gives the terms its NFC gives.
  auto terms_of_ids = [&](std::string_view text) {
    std::vector<uint32_t> text_ids;
    EXPECT_TRUE(analyzer.AnalyzeIds(text, Language::kUnknown, dictionary, &text_ids).ok());
    std::vector<std::string> terms;
    for (uint32_t id : text_ids) terms.emplace_back(dictionary.term(id));
    return terms;
  };
  EXPECT_EQ(terms_of_ids(decomposed), terms_of_ids("Nguyễn bán dẫn"));
  EXPECT_EQ(terms_of_ids("điện trở 5 \u2126 ở 300 \u212A"), terms_of_ids("điện trở 5 Ω ở 300 K"));
  EXPECT_EQ(terms_of_ids("điện trở 5 \u2126 ở 300 \u212A"),
            Texts(analyzer, "điện trở 5 Ω ở 300 K"));
}

TEST(AnalyzerTest, EnglishStemsAndStopWords) {
  Analyzer analyzer;
  auto terms = Texts(analyzer, "The semiconductors of the future", Language::kEnglish);
  EXPECT_EQ(terms, (std::vector<std::string>{"semiconductor", "futur"}));
  EXPECT_EQ(Texts(analyzer, "semiconductor"), Texts(analyzer, "Semiconductors"));
  EXPECT_EQ(Texts(analyzer, "Mining data isn't optional"),
            (std::vector<std::string>{"mine", "data", "option"}));
}

TEST(AnalyzerTest, AlphanumericTokensKeptWhole) {
  Analyzer analyzer;
  EXPECT_EQ(
      Texts(analyzer, "5G and 6G networks, GAN, MoS2 at 22nm; IEEE 802.11ax"),
      (std::vector<std::string>{"5g", "6g", "network", "gan", "mos2", "22nm", "ieee", "802.11ax"}));
}

TEST(AnalyzerTest, FullWidthAsciiIsAscii) {
  Analyzer analyzer;
  EXPECT_EQ(Texts(analyzer, "ＡＩ と ５Ｇ"), (std::vector<std::string>{"ai", "5g"}));
}

TEST(AnalyzerTest, JapaneseSegmentation) {
  Analyzer analyzer;
  // ICU's dictionary gives 半導体 / の / 製造 / プロセス; the particle is dropped and the
  // adjacent content words also give their joined compound.
  EXPECT_EQ(Texts(analyzer, "半導体の製造プロセス"),
            (std::vector<std::string>{"半導体", "製造", "プロセス", "製造プロセス"}));
  auto terms = Texts(analyzer, "人工知能を用いた画像診断");
  EXPECT_TRUE(Has(terms, "人工知能"));
  EXPECT_TRUE(Has(terms, "画像"));
  EXPECT_TRUE(Has(terms, "診断"));
  EXPECT_FALSE(Has(terms, "を"));
}

TEST(AnalyzerTest, JapaneseWithEnglishAcronyms) {
  Analyzer analyzer;
  auto terms = Texts(analyzer, "AIチップとIoTデバイスのセキュリティ");
  EXPECT_TRUE(Has(terms, "ai"));
  EXPECT_TRUE(Has(terms, "チップ"));
  EXPECT_TRUE(Has(terms, "iot"));
  EXPECT_TRUE(Has(terms, "デバイス"));
  EXPECT_TRUE(Has(terms, "セキュリティ"));
  EXPECT_FALSE(Has(terms, "と"));
}

TEST(AnalyzerTest, MixedVietnameseAndEnglish) {
  Analyzer analyzer;
  auto terms = Texts(analyzer, "Ứng dụng Machine Learning trong dự báo phụ tải");
  EXPECT_TRUE(Has(terms, "machin"));
  EXPECT_TRUE(Has(terms, "learn"));
  EXPECT_TRUE(Has(terms, "dự"));
  EXPECT_TRUE(Has(terms, "du_bao"));
  EXPECT_TRUE(Has(terms, "phu_tai"));
  // An acronym inside Vietnamese text is English and joins no compound.
  terms = Texts(analyzer, "ứng dụng AI trong chẩn đoán ảnh");
  EXPECT_TRUE(Has(terms, "ai"));
  EXPECT_FALSE(Has(terms, "dung_ai"));
  EXPECT_TRUE(Has(terms, "chan_doan"));
}

TEST(AnalyzerTest, VietnameseNameInEnglishText) {
  Analyzer analyzer;
  auto terms = Texts(analyzer, "Professor Nguyễn Văn Hùng studies batteries");
  EXPECT_TRUE(Has(terms, "nguyen_van"));
  EXPECT_TRUE(Has(terms, "hùng"));
  EXPECT_TRUE(Has(terms, "batteri"));
  EXPECT_TRUE(Has(terms, "professor"));
}

TEST(AnalyzerTest, InvalidUtf8IsReportedWithOffset) {
  Analyzer analyzer;
  for (std::string_view bad : {std::string_view("ab\xC3("), std::string_view("ab\xC3", 3),
                               std::string_view("ab\xED\xA0\x80")}) {
    auto terms = analyzer.Analyze(bad);
    ASSERT_FALSE(terms.ok());
    EXPECT_EQ(terms.status().code(), base::StatusCode::kInvalidArgument);
    EXPECT_EQ(terms.status().message(), "invalid UTF-8 at byte 2");
    EXPECT_FALSE(analyzer.AnalyzeQuery(bad).ok());
  }
  EXPECT_TRUE(analyzer.Analyze("still works").ok());
}

// The analyzer caches what it derives from words (stems, stop flags): an analyzer that has
// read much text must give the same terms as a new one, in every language, also once its
// stem cache has been emptied and filled again.
TEST(AnalyzerTest, RememberedWordsGiveTheSameTermsAsNewOnes) {
  const std::vector<std::pair<std::string, Language>> texts = {
      {"Nghiên cứu trí tuệ nhân tạo và học máy cho vật liệu bán dẫn của Việt Nam.",
       Language::kVietnamese},
      {"nghien cuu tri tue nhan tao va hoc may cho vat lieu ban dan", Language::kUnknown},
      {"Deep learning for semiconductor lithography: it's 3.5 GHz, the AI and IT of US firms.",
       Language::kEnglish},
      {"人工知能の研究と半導体の製造技術について、AI と ５Ｇ を使う。", Language::kJapanese},
      {"Ứng dụng deep learning và computer vision trong phát hiện lỗi sản phẩm AI, IoT.",
       Language::kUnknown},
      {"CÔNG NGHỆ BÁN DẪN VÀ AI", Language::kVietnamese},
  };
  Analyzer warm;
  auto word = [](size_t n) {
    std::string w = "q";
    for (; n > 0; n /= 26) w.push_back(static_cast<char>('a' + n % 26));
    return w;
  };
  for (size_t round = 0; round < 3; ++round) {
    for (const auto& [text, language] : texts) {
      Analyzer fresh;
      EXPECT_EQ(Texts(warm, text, language), Texts(fresh, text, language)) << text;
    }
    // 150,000 new words per round: past the stem cache's bound.
    std::string filler;
    for (size_t n = round * 150000; n < (round + 1) * 150000; ++n) {
      filler += word(n);
      filler += n % 1000 == 999 ? ".\n" : " ";
      if (filler.size() > 100000) {
        ASSERT_TRUE(warm.Analyze(filler, Language::kEnglish).ok());
        filler.clear();
      }
    }
    ASSERT_TRUE(warm.Analyze(filler, Language::kEnglish).ok());
  }
}

// The terms AnalyzeIds gives `text` into `dictionary`, as strings.
std::vector<std::string> IdTexts(Analyzer& analyzer, std::string_view text, Language language,
                                 TermDictionary& dictionary) {
  std::vector<uint32_t> ids;
  const base::Status status = analyzer.AnalyzeIds(text, language, dictionary, &ids);
  EXPECT_TRUE(status.ok()) << status.ToString();
  std::vector<std::string> out;
  for (uint32_t id : ids) out.emplace_back(dictionary.term(id));
  return out;
}

TEST(AnalyzerTest, EnglishAsciiFastPathGivesTheGeneralTerms) {
  // AnalyzeIds reads English text in ASCII on a path of its own, remembering each word's
  // term per dictionary; Analyze always takes the general path (tokens, then terms).
  std::vector<std::string> texts = {
      "Deep learning for semiconductor lithography: it's 3.5 GHz, the AI and IT of US firms.",
      "WHO and who, IT and it, US and us; THE Quick BROWN fox's 1,000 jumps (v2.0) e.g. x'y",
      "don't 'quoted' rock'n'roll O'Neil 3.5.7 1, 2, 3. 4,5 a.b 5G 5g 22nm MoS2 CO2-laser",
      "   ",
      "",
      "'",
      "a",
      "A1",
      "The",
      "IT'S",
      "U.S. A.B.C. 3.",
      "__init__ x_y --- ++ #5",
      "Mixed\tTABS\nand\r\nline ends, and trailing apostrophe' and digits.",
  };
  std::mt19937 random(20261202);
  const std::vector<std::string> pieces = {"a",    "B",        "it", "IT", "us", "US", "who", "WHO",
                                           "the",  "3",        "5g", "'",  ".",  ",",  " ",   "-",
                                           "Data", "learning", "'s", "\n", "0",  "x"};
  for (int t = 0; t < 300; ++t) {
    std::string text;
    for (int n = 0, end = 1 + static_cast<int>(random() % 40); n < end; ++n) {
      text += pieces[random() % pieces.size()];
    }
    texts.push_back(text);
  }
  Analyzer fast;
  TermDictionary dictionary;
  for (int round = 0; round < 2; ++round) {  // The second round finds every word remembered.
    for (const std::string& text : texts) {
      Analyzer general;
      EXPECT_EQ(IdTexts(fast, text, Language::kEnglish, dictionary),
                Texts(general, text, Language::kEnglish))
          << "\"" << text << "\"";
    }
  }
  // Another dictionary: the remembered ids are not its ids.
  TermDictionary other;
  other.Intern("padding");
  for (const std::string& text : texts) {
    Analyzer general;
    EXPECT_EQ(IdTexts(fast, text, Language::kEnglish, other),
              Texts(general, text, Language::kEnglish))
        << "\"" << text << "\"";
  }
}

TEST(AnalyzerTest, LatinFastPathGivesTheGeneralTerms) {
  // AnalyzeIds reads Latin-script text (Vietnamese, English with typographic punctuation,
  // mixes) from a memo of words; Analyze always takes the general path. The terms must be
  // the same, and new terms must reach the dictionary in the same order.
  std::vector<std::string> texts = {
      "Nghiên cứu vật liệu bán dẫn cho trí tuệ nhân tạo; của các từ trường.",
      "nghien cuu vat lieu ban dan cho tri tue nhan tao, con va cua",
      "NGHIÊN CỨU BÁN DẪN VÀ AI, IoT cho doanh nghiệp (5G, 22nm, MoS2) – “đặt hàng”…",
      "Ứng dụng AI và IT trong y tế: US, WHO, it's the FDA’s rule; don’t 3.5 1,000 x’",
      "Hà Nội và TP. Hồ Chí Minh — café naïve Ærø straße × ÷ ­ ½ ª",
      "Học máy-học sâu/mạng nơ-ron\tđiện\ntử\r\nviễn thông",
      "the data ban dan va nghien cuu",  // Detected: not Vietnamese (the stop words).
      "ban dan nghien cuu",              // Detected: Vietnamese without diacritics.
      "Đ đ Ð ð ĐẠI HỌC",
      "Mixed 人工知能 text goes the general way",
      "Xin chào Привет мир",
      "ＡＩ full width",
      "e\u0301 combining mark",
      "",
      " ",
      "’",
      "a’b c’ ’d 1.2.3 a.b 1,,2",
  };
  std::mt19937 random(20261202);
  const std::vector<std::string> pieces = {
      "bán", "dẫn", "Bán", "BÁN", "ban", "dan",  "của", "cua", "và",   "va", "các", "con",
      "còn", "AI",  "IT",  "it",  "the", "data", "5G",  "3",   "'",    "’",  ".",   ",",
      " ",   "-",   "–",   "“",   "”",   "\n",   "đ",   "Đ",   "café", "ở",  "x",   "ơn",
      "ư",   "Học", "máy", "ngh", "iê",  "n",    "×",   "2",   "(",    ")"};
  for (int t = 0; t < 400; ++t) {
    std::string text;
    for (int n = 0, end = 1 + static_cast<int>(random() % 40); n < end; ++n) {
      text += pieces[random() % pieces.size()];
    }
    texts.push_back(text);
  }
  const Language languages[] = {Language::kUnknown, Language::kVietnamese, Language::kEnglish,
                                Language::kJapanese};
  for (Language language : languages) {
    Analyzer fast;
    TermDictionary dictionary;
    TermDictionary expected;                   // The general path's terms, interned in order.
    for (int round = 0; round < 2; ++round) {  // The second round finds every word remembered.
      for (const std::string& text : texts) {
        Analyzer general;
        const std::vector<std::string> terms = Texts(general, text, language);
        EXPECT_EQ(IdTexts(fast, text, language, dictionary), terms)
            << "\"" << text << "\" in " << LanguageCode(language);
        for (const std::string& term : terms) expected.Intern(term);
      }
    }
    ASSERT_EQ(dictionary.size(), expected.size()) << LanguageCode(language);
    for (uint32_t id = 0; id < dictionary.size(); ++id) {
      EXPECT_EQ(dictionary.term(id), expected.term(id)) << id;
    }
    // Another dictionary: the remembered ids, compounds' too, are not its ids.
    TermDictionary other;
    other.Intern("padding");
    for (const std::string& text : texts) {
      Analyzer general;
      EXPECT_EQ(IdTexts(fast, text, language, other), Texts(general, text, language))
          << "\"" << text << "\"";
    }
  }
}

TEST(AnalyzerTest, FastPathsGiveTheGeneralTermsForLongTextsAndAFullMemo) {
  // The fast paths read a text's words some way ahead of giving their terms. Texts much
  // longer than that, and a memo of words that fills up and is emptied, between texts and
  // within long English ones, must change neither the terms nor the order in which new
  // terms reach the dictionary.
  auto word = [](size_t n) {
    std::string w = "q";
    for (; n > 0; n /= 26) w.push_back(static_cast<char>('a' + n % 26));
    return w;
  };
  const std::vector<std::string> english = {"Learning", "the", "IT",   "5G",
                                            "it's",     "3.5", "data", "Semiconductor"};
  const std::vector<std::string> vietnamese = {"bán",    "dẫn", "của", "các", "trí",     "tuệ",
                                               "Nghiên", "cứu", "AI",  "và",  "5G",      "học",
                                               "máy",    "ban", "dan", "the", "Learning"};
  std::mt19937 random(20261203);
  for (Language language : {Language::kEnglish, Language::kVietnamese}) {
    const std::vector<std::string>& known = language == Language::kEnglish ? english : vietnamese;
    Analyzer fast;
    Analyzer general;
    TermDictionary dictionary;
    TermDictionary expected;  // The general path's terms, interned in order.
    // Half the words are new: 150,000 in all, past the memo's bound (131,072 words).
    for (size_t next_word = 0; next_word < 150000;) {
      const size_t length = random() % 4 == 0 ? 1 + random() % 3000 : 1 + random() % 300;
      std::string text;
      for (size_t n = 0; n < length; ++n) {
        text += random() % 2 == 0 ? word(next_word++) : known[random() % known.size()];
        text += random() % 20 == 0 ? ", " : " ";
      }
      const std::vector<std::string> terms = Texts(general, text, language);
      ASSERT_EQ(IdTexts(fast, text, language, dictionary), terms)
          << LanguageCode(language) << ": \"" << text.substr(0, 100) << "...\"";
      for (const std::string& term : terms) expected.Intern(term);
    }
    ASSERT_EQ(dictionary.size(), expected.size()) << LanguageCode(language);
    for (uint32_t id = 0; id < dictionary.size(); ++id) {
      ASSERT_EQ(dictionary.term(id), expected.term(id)) << id;
    }
  }
}

// The words of SplitLatinWords as "word" strings, a "|" before each one not joined to the
// previous; nullopt when it leaves the text to the tokenizer.
std::optional<std::vector<std::string>> LatinWords(std::string_view text) {
  std::vector<internal::WordSpan> spans;
  if (!internal::SplitLatinWords(text, /*checked=*/true, &spans)) return std::nullopt;
  std::vector<std::string> words;
  for (const internal::WordSpan& span : spans) {
    words.push_back((span.joined || words.empty() ? "" : "|") +
                    std::string(text.substr(span.begin, span.end - span.begin)));
  }
  return words;
}

TEST(SplitLatinWordsTest, FindsTheTokenizersWords) {
  using Words = std::vector<std::string>;
  EXPECT_EQ(LatinWords("Trí tuệ  nhân-tạo, bán dẫn"),
            (Words{"Trí", "tuệ", "nhân", "tạo", "|bán", "dẫn"}));
  EXPECT_EQ(LatinWords("don’t don't 3.5 1,000 x’ 'a"),
            (Words{"don’t", "don't", "3.5", "1,000", "x", "|a"}));
  EXPECT_EQ(LatinWords("a–b a×b “c”…d"), (Words{"a", "|b", "a", "|b", "|c", "|d"}));
  // A '.' or ',' stays inside only between digits, an apostrophe only between letters.
  EXPECT_EQ(LatinWords("1, 2 3. a x'1 y' 4.b ô'c"),
            (Words{"1", "|2", "3", "|a", "x", "|1", "y", "|4", "|b", "ô'c"}));
  EXPECT_EQ(LatinWords(""), Words{});
  EXPECT_EQ(LatinWords(" – "), Words{});
  // Left to the tokenizer: kanji, other scripts, combining marks, full-width forms.
  EXPECT_EQ(LatinWords("AI 人工知能"), std::nullopt);
  EXPECT_EQ(LatinWords("Привет"), std::nullopt);
  EXPECT_EQ(LatinWords("e\u0301"), std::nullopt);
  EXPECT_EQ(LatinWords("ＡＩ"), std::nullopt);
}

TEST(SplitLatinWordsTest, UncheckedTextMustBeValidAndPlainlyInNfc) {
  std::vector<internal::WordSpan> spans;
  auto unchecked = [&](std::string_view text) {
    return internal::SplitLatinWords(text, /*checked=*/false, &spans);
  };
  EXPECT_TRUE(unchecked("Trí tuệ nhân tạo, “bán dẫn” – don’t"));
  EXPECT_EQ(spans.size(), 7u);
  EXPECT_TRUE(unchecked("plain ASCII"));
  // Not valid UTF-8: a lone continuation byte, a truncated sequence, an overlong form.
  EXPECT_FALSE(unchecked("b\x80n"));
  EXPECT_FALSE(unchecked("b\xE1\xBA"));
  EXPECT_FALSE(unchecked("\xC0\xAF"));
  // Valid, but NFC would change it: the Ohm sign between words, a Greek question mark
  // (NFC: ';'), a letter beyond U+FFFF. Checked, the first two are read as separators.
  EXPECT_FALSE(unchecked("5 \u2126 x"));
  EXPECT_FALSE(unchecked("a\u037Eb"));
  EXPECT_TRUE(internal::SplitLatinWords("a\u037Eb", /*checked=*/true, &spans));
  EXPECT_FALSE(unchecked("a \U0001D400 b"));
}

TEST(NextCodePointTest, AgreesWithIcu) {
  // Every lead byte followed by continuation bytes and others at the edges of their ranges,
  // cut at every length: the inline decoding must give what U8_NEXT gives, ill-formed
  // sequences included, and stop where it stops.
  const std::vector<uint8_t> trails = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                       0xA0, 0xBA, 0xBB, 0xBF, 0xC0, 0xE1, 0xFF};
  for (int lead = 0; lead < 256; ++lead) {
    for (uint8_t second : trails) {
      for (uint8_t third : trails) {
        for (uint8_t fourth : {uint8_t{0x80}, uint8_t{0xBF}, uint8_t{0x41}}) {
          const uint8_t bytes[] = {static_cast<uint8_t>(lead), second, third, fourth};
          for (int32_t size = 1; size <= 4; ++size) {
            int32_t expected_end = 0;
            UChar32 expected;
            U8_NEXT(bytes, expected_end, size, expected);
            int32_t end = 0;
            ASSERT_EQ(internal::NextCodePoint(bytes, &end, size), expected)
                << lead << " " << int{second} << " " << int{third} << " " << size;
            ASSERT_EQ(end, expected_end) << lead << " " << int{second} << " " << size;
          }
        }
      }
    }
  }
}

TEST(TermDictionaryTest, CopiesAndMovesAreNewInstances) {
  TermDictionary a;
  a.Intern("x");
  const uint64_t serial = a.serial();
  TermDictionary copy = a;
  EXPECT_NE(copy.serial(), serial);
  EXPECT_EQ(copy.Find("x"), 0u);
  TermDictionary moved = std::move(a);
  EXPECT_EQ(moved.serial(), serial);  // The same contents, the same instance.
  EXPECT_EQ(moved.Find("x"), 0u);
  EXPECT_NE(a.serial(), serial);  // NOLINT(bugprone-use-after-move): emptied, a new one.
  EXPECT_EQ(a.size(), 0u);        // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(a.Intern("y"), 0u);   // NOLINT(bugprone-use-after-move): usable.
}

TEST(AnalyzerTest, EmptyAndPunctuationOnly) {
  Analyzer analyzer;
  EXPECT_TRUE(Texts(analyzer, "").empty());
  EXPECT_TRUE(Texts(analyzer, " ,.;「」、。!? ").empty());
}

TEST(AnalyzeQueryTest, FoldedQueryMatchesIndexTermsAndDiacriticsWeighMore) {
  Analyzer analyzer;
  auto index_terms = Texts(analyzer, "bán dẫn");
  auto plain = analyzer.AnalyzeQuery("ban dan");
  ASSERT_TRUE(plain.ok());
  for (const QueryTerm& term : *plain) {
    EXPECT_TRUE(Has(index_terms, term.text)) << term.text;
    EXPECT_FLOAT_EQ(term.weight, 1.0f);
  }
  auto marked = analyzer.AnalyzeQuery("bán dẫn");
  ASSERT_TRUE(marked.ok());
  auto exact = FindQueryTerm(*marked, "bán");
  auto folded = FindQueryTerm(*marked, "ban");
  auto compound = FindQueryTerm(*marked, "ban_dan");
  ASSERT_TRUE(exact && folded && compound);
  EXPECT_FLOAT_EQ(exact->weight, 1.0f);
  EXPECT_FLOAT_EQ(folded->weight, 0.6f);
  EXPECT_FLOAT_EQ(compound->weight, 1.0f);
  EXPECT_EQ(folded->display, "bán");
  EXPECT_EQ(compound->display, "bán dẫn");
}

TEST(AnalyzeQueryTest, RepeatsAddUpToACap) {
  Analyzer analyzer;
  auto terms = analyzer.AnalyzeQuery("battery battery batteries battery battery");
  ASSERT_TRUE(terms.ok());
  ASSERT_EQ(terms->size(), 1u);
  EXPECT_EQ((*terms)[0].text, "batteri");
  EXPECT_FLOAT_EQ((*terms)[0].weight, 3.0f);
  terms = analyzer.AnalyzeQuery("solar cells and solar panels");
  ASSERT_TRUE(terms.ok());
  EXPECT_FLOAT_EQ(FindQueryTerm(*terms, "solar")->weight, 2.0f);
  EXPECT_EQ(FindQueryTerm(*terms, "cell")->display, "cells");
}

class GlossaryQueryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* source = std::getenv("KETNOI_SOURCE_DIR");
    ASSERT_NE(source, nullptr) << "CTest sets KETNOI_SOURCE_DIR";
    std::ifstream file(std::string(source) + "/data/glossary/technology.tsv");
    ASSERT_TRUE(file) << "data/glossary/technology.tsv not found";
    std::stringstream contents;
    contents << file.rdbuf();
    auto parsed = Glossary::Parse(contents.str());
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    glossary_ = new Glossary(std::move(parsed).value());
  }
  static void TearDownTestSuite() {
    delete glossary_;
    glossary_ = nullptr;
  }
  static Glossary* glossary_;
};

Glossary* GlossaryQueryTest::glossary_ = nullptr;

TEST_F(GlossaryQueryTest, DataFileIsLargeAndComplete) {
  ASSERT_NE(glossary_, nullptr);
  EXPECT_GE(glossary_->entries().size(), 500u);
  size_t with_japanese = 0;
  for (const GlossaryEntry& entry : glossary_->entries()) {
    EXPECT_FALSE(entry.vi.empty());
    EXPECT_FALSE(entry.en.empty());
    with_japanese += entry.ja.empty() ? 0 : 1;
  }
  EXPECT_GE(with_japanese * 10, glossary_->entries().size() * 9);
}

TEST_F(GlossaryQueryTest, VietnameseQueryFindsEnglishWork) {
  ASSERT_NE(glossary_, nullptr);
  Analyzer analyzer({.glossary = glossary_});
  auto query = analyzer.AnalyzeQuery("ứng dụng AI trong chẩn đoán ảnh");
  ASSERT_TRUE(query.ok());
  auto work = Texts(analyzer, "AI for medical image diagnosis");
  size_t shared = 0;
  for (const QueryTerm& term : *query) shared += Has(work, term.text) ? 1 : 0;
  EXPECT_GE(shared, 3u);  // "ai" as typed, "diagnosi" and "imag" through the glossary.
  EXPECT_FLOAT_EQ(FindQueryTerm(*query, "ai")->weight, 1.0f);
  auto diagnosis = FindQueryTerm(*query, "diagnosi");
  ASSERT_TRUE(diagnosis);
  EXPECT_FLOAT_EQ(diagnosis->weight, 0.5f);
  EXPECT_EQ(diagnosis->display, "diagnosis");
  EXPECT_TRUE(FindQueryTerm(*query, "artifici"));
}

TEST_F(GlossaryQueryTest, EnglishQueryFindsVietnameseWork) {
  ASSERT_NE(glossary_, nullptr);
  Analyzer analyzer({.glossary = glossary_});
  auto query = analyzer.AnalyzeQuery("semiconductor packaging with wire bonding");
  ASSERT_TRUE(query.ok());
  EXPECT_TRUE(FindQueryTerm(*query, "han_day"));   // hàn dây
  EXPECT_TRUE(FindQueryTerm(*query, "dong_goi"));  // đóng gói
  EXPECT_TRUE(FindQueryTerm(*query, "ワイヤボンディング"));
  auto work = Texts(analyzer, "Công nghệ hàn dây trong đóng gói vi mạch bán dẫn");
  EXPECT_TRUE(Has(work, "han_day"));
  EXPECT_TRUE(Has(work, "dong_goi"));
}

TEST_F(GlossaryQueryTest, FoldedVietnameseAndJapaneseQueries) {
  ASSERT_NE(glossary_, nullptr);
  Analyzer analyzer({.glossary = glossary_});
  auto query = analyzer.AnalyzeQuery("tri tue nhan tao");
  ASSERT_TRUE(query.ok());
  EXPECT_TRUE(FindQueryTerm(*query, "artifici"));
  EXPECT_TRUE(FindQueryTerm(*query, "人工知能"));
  query = analyzer.AnalyzeQuery("半導体の製造プロセス");
  ASSERT_TRUE(query.ok());
  EXPECT_TRUE(FindQueryTerm(*query, "semiconductor"));
  EXPECT_TRUE(FindQueryTerm(*query, "ban_dan"));
}

TEST_F(GlossaryQueryTest, TranslationsDoNotLowerTypedTerms) {
  ASSERT_NE(glossary_, nullptr);
  Analyzer analyzer({.glossary = glossary_, .translation_weight = 0.3f});
  auto query = analyzer.AnalyzeQuery("bán dẫn");
  ASSERT_TRUE(query.ok());
  EXPECT_FLOAT_EQ(FindQueryTerm(*query, "bán")->weight, 1.0f);
  EXPECT_FLOAT_EQ(FindQueryTerm(*query, "semiconductor")->weight, 0.3f);
}

}  // namespace
}  // namespace ketnoi::text

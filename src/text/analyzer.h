// Analyzer: turns text in Vietnamese, English or Japanese (or a mix) into index terms, and
// problem statements into weighted query terms.
//
// The pipeline, in the manner of PISA's Tokenizer -> TextFilter -> TokenFilter:
//   1. UTF-8 check, NFC normalisation, case folding (ICU).
//   2. Language detection per text (DetectLanguage), unless the caller knows it.
//   3. Word segmentation with ICU's word break iterator (dictionary-based for Japanese).
//   4. Per language:
//      - Vietnamese: each syllable gives its folded form ("bán" -> "ban") and, when it has
//        diacritics, its exact form too; each pair of adjacent syllables gives a compound
//        term of folded forms joined by '_' ("ban_dan"), so "trí tuệ nhân tạo" matches as
//        a phrase and not only as four common syllables.
//      - English: stop words dropped, Snowball (Porter2) stems.
//      - Japanese: segmented words as they are.
//      - Digits and Latin words inside Vietnamese or Japanese text are treated as English.
//
// Terms from different analyses never collide by accident: compounds contain '_', and
// exact Vietnamese forms contain non-ASCII letters.
//
// Thread safety: an Analyzer is NOT thread-safe (ICU break iterators and Snowball stemmers
// keep state); use one per thread. Creating one is cheap enough to do per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace ketnoi::text {

enum class Language { kUnknown, kVietnamese, kEnglish, kJapanese };

// "vi", "en", "ja" or "" for kUnknown.
std::string_view LanguageCode(Language language);
// Parses "vi", "en", "ja" (any case); anything else is kUnknown.
Language LanguageFromCode(std::string_view code);

// Guesses the main language of `utf8` from its letters: Japanese kana or kanji, Vietnamese
// letters with diacritics or frequent Vietnamese syllables, else English for Latin text,
// else kUnknown. Reliable from a few words on; REQUIRES: valid UTF-8 (invalid bytes are
// skipped).
Language DetectLanguage(std::string_view utf8);

struct Term {
  std::string text;
  uint32_t position = 0;  // Index of the word in the text; compounds take the first's.
};

// A query term and its weight: terms typed by the user weigh 1 (repeats add up), a folded
// form of a typed exact form weighs less, translations from the glossary weigh less still.
struct QueryTerm {
  std::string text;
  float weight = 1.0f;
  std::string display;  // The word as the user would recognise it, for explanations.
};

class Glossary;

struct AnalyzerOptions {
  // Optional bilingual glossary for query translation; must outlive the Analyzer.
  const Glossary* glossary = nullptr;
  float folded_weight = 0.6f;       // Weight of "ban" when the query said "bán".
  float translation_weight = 0.5f;  // Weight of glossary translations.
};

class Analyzer {
 public:
  explicit Analyzer(AnalyzerOptions options = {});
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Index terms of `utf8`, in order. `language` kUnknown means detect.
  // Errors: InvalidArgument if `utf8` is not valid UTF-8 (the message gives the byte offset).
  base::Result<std::vector<Term>> Analyze(std::string_view utf8,
                                          Language language = Language::kUnknown);

  // Weighted query terms of a problem statement (a few words or a page), merged so each
  // term appears once. Text typed without diacritics matches folded forms; text with
  // diacritics also matches exact forms, which therefore rank higher. With a glossary,
  // known technical phrases add their translations (vi/ja -> en and en -> vi), so a
  // Vietnamese query finds English works and the reverse.
  // Errors: InvalidArgument for invalid UTF-8.
  base::Result<std::vector<QueryTerm>> AnalyzeQuery(std::string_view utf8,
                                                    Language language = Language::kUnknown);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ketnoi::text

// Analyzer: turns text in Vietnamese, English or Japanese (or a mix) into index terms, and
// problem statements into weighted query terms.
//
// The pipeline, in the manner of PISA's Tokenizer -> TextFilter -> TokenFilter:
//   1. UTF-8 check, NFC normalisation (skipped for ASCII text), case folding.
//   2. Language detection per text (DetectLanguage), unless the caller knows it.
//   3. Word segmentation: a fast scanner for Latin, digits and other alphabetic scripts
//      (words are runs of letters and digits, "3.5" and "don't" stay whole); ICU's
//      dictionary-based word break iterator for runs of kanji and kana.
//   4. Per word, by its spelling and the text's language:
//      - Vietnamese syllables: words spelt with Vietnamese diacritics, and, in Vietnamese
//        text, ASCII words shaped like a syllable ("ban", "nghien") that are not acronyms.
//        Each gives its folded form ("bán" -> "ban") and, when it has diacritics, its exact
//        form too; each pair of adjacent syllables (not across punctuation or a
//        non-Vietnamese word) gives a compound of folded forms joined by '_' ("ban_dan"),
//        so "trí tuệ nhân tạo" matches as a phrase. Function syllables ("của", "và", ...)
//        give no unigram but still join compounds ("từ trường"); two in a row give none.
//      - English, and any other Latin word (acronyms like "AI" inside Vietnamese or
//        Japanese text, words that are not syllables like "learning"): stop words dropped,
//        diacritics dropped, Snowball (Porter2) stems. Words with digits ("5g", "mos2",
//        "22nm") are kept whole, lower case.
//      - Japanese: ICU's words, without single hiragana and function words (の, は, する,
//        ...); adjacent content words also give their concatenation ("人工" "知能" ->
//        "人工知能"), the Japanese counterpart of Vietnamese compounds.
//
// Terms from different analyses never collide by accident: compounds contain '_', and
// exact Vietnamese forms contain non-ASCII letters. Folded syllables and English words
// share terms on purpose: "AI" in a Vietnamese query and in an English work is "ai".
//
// Thread safety: an Analyzer is NOT thread-safe (ICU break iterators, the Snowball stemmer
// and a stem cache keep state); use one per thread. Creating one is cheap enough to do per
// thread. Speed (one thread, ~1.2 KB abstracts): English ~110 MB/s, Vietnamese ~50 MB/s,
// Japanese ~10 MB/s (ICU's dictionary segmentation dominates).
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

// Guesses the main language of `utf8` from its words: Japanese when kanji/kana characters
// are at least as many as Latin words; Vietnamese when at least 60% of the Latin words are
// Vietnamese syllables (spelt with diacritics, or typed without them and shaped like a
// syllable, one at least not an English stop word); else English for Latin text; else
// kUnknown (no letters, or other scripts only). Reliable from a few words on ("ban dan" is
// Vietnamese, "deep learning" English). Invalid UTF-8 bytes are skipped.
Language DetectLanguage(std::string_view utf8);

struct Term {
  std::string text;
  uint32_t position = 0;  // Index of the word in the text; compounds take the first's.
};

// A query term and its weight: terms typed by the user weigh 1 (repeats add up, to at most
// 3), a folded form of a syllable typed with diacritics weighs folded_weight, glossary
// translations translation_weight (never lowering a typed term's weight).
struct QueryTerm {
  std::string text;
  float weight = 1.0f;
  std::string display;  // The word as the user would recognise it, for explanations.
};

class Glossary;
class TermDictionary;

struct AnalyzerOptions {
  // Optional bilingual glossary for query translation; must outlive the Analyzer.
  const Glossary* glossary = nullptr;
  float folded_weight = 0.6f;       // Weight of "ban" when the query said "bán".
  float syllable_weight = 1.0f;     // Factor on single syllables typed with diacritics.
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

  // The same terms as Analyze, as ids in `dictionary` (new terms are added to it), appended
  // to `ids`; for indexing, where terms are wanted as numbers: no string per term.
  // Errors: as Analyze (then `ids` may hold some of the text's terms).
  base::Status AnalyzeIds(std::string_view utf8, Language language, TermDictionary& dictionary,
                          std::vector<uint32_t>* ids);

  // Weighted query terms of a problem statement (a few words or a page), merged so each
  // term appears once, in order of first appearance. Text typed without diacritics matches
  // folded forms; text with diacritics also matches exact forms, which therefore rank
  // higher. With a glossary, known technical phrases (longest match first, compared folded
  // and case-insensitively) add the analysed terms of all the entry's phrases in every
  // language (vi <-> en <-> ja, and synonyms), each term once, so a Vietnamese query finds
  // English works and the reverse. `display` is the surface word(s) or the glossary phrase.
  // Errors: InvalidArgument for invalid UTF-8.
  base::Result<std::vector<QueryTerm>> AnalyzeQuery(std::string_view utf8,
                                                    Language language = Language::kUnknown);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ketnoi::text

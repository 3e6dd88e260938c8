// Tokenizer: splits NFC text into words for the analyzer and the glossary, so both see the
// same words and the glossary's phrase keys match the analyzer's query words.
//
// Latin, digits and other alphabetic scripts are split by a hand-written scanner (words are
// runs of letters and digits; an apostrophe between letters and a '.' or ',' between digits
// stay inside the word), which is several times faster than ICU's break iterator and gives
// the same words for these scripts. Runs of kanji and kana go to ICU's dictionary-based word
// break iterator. Full-width ASCII ("ＡＩ", "５Ｇ") is read as ASCII.
//
// Each word comes with its lower-case form and its folded form (lower case without
// diacritics, "đ" -> "d"), and flags the analyzer needs to choose a treatment.
//
// Thread safety: a Tokenizer is not thread-safe (it owns an ICU break iterator and reuses
// its buffers); the free functions are.
#pragma once

#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <unicode/uversion.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace ketnoi::text::internal {

enum class Script : uint8_t {
  kLatin,  // Latin letters and/or digits.
  kCjk,    // Kanji, hiragana, katakana.
  kOther,  // Any other alphabetic script (Cyrillic, Greek, Hangul, ...).
};

struct Token {
  size_t begin = 0;  // Byte range of the word in the tokenized text.
  size_t end = 0;
  std::string lower;   // Case-folded.
  std::string folded;  // Case-folded without diacritics; equals `lower` when there are none.
  Script script = Script::kLatin;
  bool has_digit = false;
  bool ascii = true;               // Only ASCII (after full-width mapping).
  bool acronym = false;            // Two or more letters, all upper case ("AI", "IoT" is not).
  bool vietnamese_letter = false;  // Has a non-ASCII letter of the Vietnamese alphabet.
  bool vietnamese_only = false;  // Has one only Vietnamese uses ("ă", "ơ", "ư", "đ", "ạ", ...).
  bool other_diacritic = false;  // Has a non-ASCII Latin letter Vietnamese does not use.
  bool syllable = false;   // Folded, a well-formed Vietnamese syllable (IsVietnameseSyllable).
  bool joined = false;     // Only spaces (or nothing) separate it from the previous word.
  bool adjacent = false;   // Nothing at all separates it from the previous word.
  uint32_t cjk_chars = 0;  // Code points, for CJK words.
};

class Tokenizer {
 public:
  // `segment_cjk` false keeps each kanji/kana run as one word (no ICU break iterator).
  explicit Tokenizer(bool segment_cjk);
  ~Tokenizer();
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  // Splits `nfc` into words. The result stays valid until the next call.
  // REQUIRES: `nfc` is valid UTF-8 (NFC, so that precomposed and decomposed input agree).
  std::span<const Token> Tokenize(std::string_view nfc);

 private:
  size_t ScanWord(std::string_view text, size_t start);
  // The fast path of ScanWord for plain ASCII words: fills `token` and returns the end of
  // the word, or returns 0 (leaving `token` as it was) when the general loop must read it.
  size_t ScanAsciiWord(std::string_view text, size_t start, Token& token);
  size_t ScanCjkRun(std::string_view text, size_t start);
  Token& NewToken();

  bool segment_cjk_;
  std::vector<Token> tokens_;  // Reused; only the first size_ are valid.
  size_t size_ = 0;
  bool pending_gap_ = false;
  bool pending_space_ = false;
  std::unique_ptr<icu::BreakIterator> breaker_;
  UText* utext_ = nullptr;
};

// The code point at bytes[*i] (*i < size), moving *i past it: what ICU's U8_NEXT gives,
// negative for an ill-formed sequence included. Two-byte sequences and three-byte ones
// that cannot be overlong or surrogates (the Latin letters and punctuation of Vietnamese
// and English text) are decoded inline, the rest by U8_NEXT.
inline int32_t NextCodePoint(const uint8_t* bytes, int32_t* i, int32_t size) {
  const int32_t at = *i;
  const uint8_t lead = bytes[at];
  if (lead >= 0xC2 && lead <= 0xDF && at + 1 < size && (bytes[at + 1] & 0xC0) == 0x80) {
    *i = at + 2;
    return (lead & 0x1F) << 6 | (bytes[at + 1] & 0x3F);
  }
  if (lead >= 0xE1 && lead <= 0xEF && lead != 0xED && at + 2 < size &&
      (bytes[at + 1] & 0xC0) == 0x80 && (bytes[at + 2] & 0xC0) == 0x80) {
    *i = at + 3;
    return (lead & 0x0F) << 12 | (bytes[at + 1] & 0x3F) << 6 | (bytes[at + 2] & 0x3F);
  }
  int32_t c;
  U8_NEXT(bytes, *i, size, c);
  return c;
}

// A word of Latin-script text as SplitLatinWords finds it.
struct WordSpan {
  uint32_t begin = 0;  // Byte range of the word in the text.
  uint32_t end = 0;
  bool joined = false;  // As Token::joined.
};

// True if `c` is a code point below U+10000 that NFC leaves alone wherever it stands:
// quick-check "yes" and combining class 0 (ASCII, precomposed Vietnamese letters, common
// punctuation). Text of such code points only is in NFC as it is. False for negative `c`.
bool IsStableNfc(UChar32 c);

// The words Tokenize would find in `text`, without their forms and flags (the analyzer
// remembers those per distinct word), when `text` holds only what the scanner reads without
// ICU's help: ASCII, precomposed Latin letters, and spaces and punctuation between words.
// Returns false, with `words` unspecified, for anything else (kanji and kana, other
// scripts, combining marks, full-width forms), which only Tokenize reads. With `checked`
// false, `text` may be any bytes: also false unless it is valid UTF-8 of IsStableNfc code
// points only, so that a true answer means the words are those of the text's NFC, read
// without a separate pass to check and normalise it.
// REQUIRES: with `checked`, `text` is valid UTF-8 in NFC.
bool SplitLatinWords(std::string_view text, bool checked, std::vector<WordSpan>* words);

// True if `folded` (lower-case ASCII) is a well-formed Vietnamese syllable without tones:
// initial consonant, vowel nucleus, final consonant ("nghien", "ban", "ai"; not "data").
bool IsVietnameseSyllable(std::string_view folded);

// True if `word` (lower case) is an English stop word.
bool IsEnglishStopWord(std::string_view word);

// True if `lower` is a Vietnamese function syllable ("của", "và", ...).
bool IsVietnameseStopSyllable(std::string_view lower);
// True if `folded` may be a function syllable typed without diacritics ("cua", "va", ...);
// used for text typed without any diacritics, where "con" may be "còn".
bool IsFoldedVietnameseStopSyllable(std::string_view folded);

// Appends `token` to a glossary phrase key: folded words separated by one space, except
// that adjacent kanji/kana words are joined without one ("人工" + "知能" -> "人工知能"), so
// keys do not depend on how ICU segments Japanese. `previous` is the token before, or null.
void AppendToPhraseKey(const Token* previous, const Token& token, std::string& key);
// Number of words a phrase key of `token` counts for: a kanji/kana run counts one per
// character, an upper bound on the words ICU may split it into.
size_t PhraseKeyWords(const Token& token);

// True if `word` is a Japanese function word (single-kana particles, "する", ...).
bool IsJapaneseStopWord(std::string_view word);

}  // namespace ketnoi::text::internal

#include "text/internal/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <initializer_list>

#include "text/term_dictionary.h"

namespace ketnoi::text::internal {
namespace {

// Lower case, ASCII base letter and Vietnamese membership of the precomposed Latin letters
// (Latin-1 Supplement to Latin Extended-B, and Latin Extended Additional where the
// Vietnamese tone letters live), computed once with ICU so the scanner needs one lookup.
struct LatinLetter {
  UChar32 lower = 0;
  char base = 0;            // ASCII lower-case base letter, 0 if none.
  bool letter = false;      // u_isalpha: excludes "×" and "÷".
  bool vietnamese = false;  // In the Vietnamese alphabet.
  bool vietnamese_only = false;
  bool nfc_stable = false;  // IsStableNfc.
};

class LatinTable {
 public:
  static constexpr UChar32 kLowBegin = 0xC0, kLowEnd = 0x250;
  static constexpr UChar32 kHighBegin = 0x1E00, kHighEnd = 0x1F00;

  LatinTable() {
    UErrorCode error = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(error);
    auto fill = [&](UChar32 c) {
      LatinLetter& info = *Mutable(c);
      info.letter = u_isalpha(c);
      info.nfc_stable = IsStableNfc(c);
      info.lower = u_tolower(c);
      icu::UnicodeString decomposition;
      if (U_SUCCESS(error) && nfd->getDecomposition(info.lower, decomposition)) {
        UChar32 first = decomposition.char32At(0);
        if (first < 0x80 && u_isalpha(first)) info.base = static_cast<char>(u_tolower(first));
      }
      if (info.lower == 0x111) info.base = 'd';  // "đ" has no decomposition.
    };
    for (UChar32 c = kLowBegin; c < kLowEnd; ++c) fill(c);
    for (UChar32 c = kHighBegin; c < kHighEnd; ++c) fill(c);
    // The Vietnamese alphabet's non-ASCII lower-case letters; the second group is used by
    // no other major Latin-script language.
    static constexpr std::u16string_view kShared = u"àáâãèéêìíòóôõùúý";
    static constexpr std::u16string_view kOnly =
        u"ảạăằắẳẵặầấẩẫậẻẽẹềếểễệỉĩịỏọồốổỗộơờớởỡợủũụưừứửữựỳỷỹỵđ";
    for (char16_t c : kShared) Mark(c, /*only=*/false);
    for (char16_t c : kOnly) Mark(c, /*only=*/true);
  }

  const LatinLetter* Find(UChar32 c) const {
    if (c >= kLowBegin && c < kLowEnd) return &low_[c - kLowBegin];
    if (c >= kHighBegin && c < kHighEnd) return &high_[c - kHighBegin];
    return nullptr;
  }

 private:
  LatinLetter* Mutable(UChar32 c) { return const_cast<LatinLetter*>(Find(c)); }
  void Mark(UChar32 lower, bool only) {
    for (UChar32 c : {lower, u_toupper(lower)}) {
      if (LatinLetter* info = Mutable(c)) {
        info->vietnamese = true;
        info->vietnamese_only = only;
      }
    }
  }

  std::array<LatinLetter, kLowEnd - kLowBegin> low_;
  std::array<LatinLetter, kHighEnd - kHighBegin> high_;
};

const LatinTable& Latin() {
  static const LatinTable table;  // Immutable after construction; thread-safe init.
  return table;
}

constexpr bool IsAsciiAlpha(UChar32 c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
constexpr bool IsAsciiDigit(UChar32 c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(UChar32 c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }

// Full-width ASCII forms (U+FF01..U+FF5E) as ASCII, as Japanese text often writes "ＡＩ".
UChar32 MapFullWidth(UChar32 c) { return c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c; }

bool IsCjk(UChar32 c) {
  if (c < 0x3005) return false;
  return c == 0x3005 ||                                                   // 々 iteration mark
         (c >= 0x3041 && c <= 0x309F && c != 0x309B && c != 0x309C) ||    // hiragana
         (c >= 0x30A1 && c <= 0x30FF && c != 0x30FB) ||                   // katakana (not "・")
         (c >= 0x31F0 && c <= 0x31FF) ||                                  // katakana extension
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||  // kanji
         (c >= 0xF900 && c <= 0xFAFF) ||                                  // compatibility kanji
         (c >= 0xFF66 && c <= 0xFF9F) ||                                  // half-width katakana
         (c >= 0x20000 && c <= 0x3134F);                                  // kanji extensions
}

// Reads the code point at `i` (full-width ASCII mapped); sets `next` past it.
UChar32 CodePointAt(std::string_view text, size_t i, size_t* next) {
  auto byte = static_cast<uint8_t>(text[i]);
  if (byte < 0x80) {
    *next = i + 1;
    return byte;
  }
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  auto j = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(bytes, j, static_cast<int32_t>(text.size()), c);
  *next = static_cast<size_t>(j);
  return c < 0 ? 0xFFFD : MapFullWidth(c);
}

void AppendUtf8(std::string& out, UChar32 c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
    return;
  }
  char buffer[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(buffer, length, c);  // The buffer holds any code point.
  out.append(buffer, static_cast<size_t>(length));
}

// Separators that do not end a phrase: spaces, and hyphens and slashes inside compounds.
bool IsSoftSeparator(UChar32 c) {
  return c == ' ' || c == '\t' || c == '-' || c == 0x2010 || c == 0x2011 || u_isspace(c);
}

}  // namespace

Tokenizer::Tokenizer(bool segment_cjk) : segment_cjk_(segment_cjk) {
  Latin();  // Builds the table now rather than inside the first call.
  if (!segment_cjk_) return;
  UErrorCode error = U_ZERO_ERROR;
  breaker_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getJapanese(), error));
  if (U_FAILURE(error)) breaker_.reset();  // Then each kanji/kana run stays one word.
}

Tokenizer::~Tokenizer() {
  if (utext_ != nullptr) utext_close(utext_);
}

Token& Tokenizer::NewToken() {
  if (size_ == tokens_.size()) tokens_.emplace_back();
  Token& token = tokens_[size_++];
  token.lower.clear();
  token.folded.clear();
  token.script = Script::kLatin;
  token.has_digit = false;
  token.ascii = true;
  token.acronym = false;
  token.vietnamese_letter = false;
  token.vietnamese_only = false;
  token.other_diacritic = false;
  token.syllable = false;
  token.joined = size_ > 1 && !pending_gap_;
  token.adjacent = token.joined && !pending_space_;
  token.cjk_chars = 0;
  pending_gap_ = false;
  pending_space_ = false;
  return token;
}

std::span<const Token> Tokenizer::Tokenize(std::string_view nfc) {
  size_ = 0;
  pending_gap_ = false;
  pending_space_ = false;
  size_t i = 0;
  while (i < nfc.size()) {
    size_t next;
    UChar32 c = CodePointAt(nfc, i, &next);
    if (c < 0x80 ? IsAsciiAlnum(c) : (!IsCjk(c) && u_isalnum(c))) {
      i = ScanWord(nfc, i);
    } else if (c >= 0x80 && IsCjk(c)) {
      i = ScanCjkRun(nfc, i);
    } else {
      if (IsSoftSeparator(c)) {
        pending_space_ = true;
      } else {
        pending_gap_ = true;
      }
      i = next;
    }
  }
  return {tokens_.data(), size_};
}

size_t Tokenizer::ScanWord(std::string_view text, size_t start) {
  Token& token = NewToken();
  token.begin = start;
  if (size_t end = ScanAsciiWord(text, start, token); end != 0) return end;
  const LatinTable& latin = Latin();
  int letters = 0;
  int upper = 0;
  bool other_script = false;
  UChar32 previous = 0;
  size_t i = start;
  while (i < text.size()) {
    size_t next;
    UChar32 c = CodePointAt(text, i, &next);
    if (c < 0x80) {
      if (IsAsciiAlpha(c)) {
        ++letters;
        if (c <= 'Z') ++upper;
        char lower = static_cast<char>(c | 0x20);
        token.lower.push_back(lower);
        token.folded.push_back(lower);
      } else if (IsAsciiDigit(c)) {
        token.has_digit = true;
        token.lower.push_back(static_cast<char>(c));
        token.folded.push_back(static_cast<char>(c));
      } else {
        // "don't" and "3.5" are one word; "Sci." and "1," end one.
        bool keep = next < text.size() && ((c == '\'' && letters > 0 && u_isalpha(previous) &&
                                            IsAsciiAlpha(static_cast<uint8_t>(text[next]))) ||
                                           ((c == '.' || c == ',') && IsAsciiDigit(previous) &&
                                            IsAsciiDigit(static_cast<uint8_t>(text[next]))));
        if (!keep) break;
        token.lower.push_back(static_cast<char>(c));
        token.folded.push_back(static_cast<char>(c));
      }
    } else if (const LatinLetter* info = latin.Find(c); info != nullptr && info->letter) {
      ++letters;
      token.ascii = false;
      AppendUtf8(token.lower, info->lower);
      if (info->base != 0) {
        token.folded.push_back(info->base);
      } else {
        AppendUtf8(token.folded, info->lower);
      }
      if (info->vietnamese) {
        token.vietnamese_letter = true;
        token.vietnamese_only |= info->vietnamese_only;
      } else {
        token.other_diacritic = true;
      }
    } else if (c == 0x2019 && letters > 0 && next < text.size() &&
               IsAsciiAlpha(static_cast<uint8_t>(text[next]))) {
      token.lower.push_back('\'');  // Typographic apostrophe, as in "don’t".
      token.folded.push_back('\'');
    } else if (IsCjk(c)) {  // NOLINT(bugprone-branch-clone): kanji are alphanumeric too, so
      break;                // this must end the word before the letter branch below takes it.
    } else if (u_isalnum(c)) {
      token.ascii = false;
      ++letters;
      UChar32 lower = u_foldCase(c, U_FOLD_CASE_DEFAULT);
      AppendUtf8(token.lower, lower);
      AppendUtf8(token.folded, lower);
      if (u_getIntPropertyValue(c, UCHAR_SCRIPT) == USCRIPT_LATIN) {
        token.other_diacritic = true;
      } else if (!u_isdigit(c)) {
        other_script = true;
      }
    } else if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) {
      // A mark NFC could not compose: part of the word, dropped by the fold.
      token.ascii = false;
      token.other_diacritic = true;
      AppendUtf8(token.lower, c);
    } else {
      break;
    }
    previous = c;
    i = next;
  }
  token.end = i;
  token.acronym = letters >= 2 && upper == letters;
  if (other_script) token.script = Script::kOther;
  token.syllable = !other_script && !token.has_digit && !token.other_diacritic &&
                   IsVietnameseSyllable(token.folded);
  return i;
}

size_t Tokenizer::ScanAsciiWord(std::string_view text, size_t start, Token& token) {
  // Most words of English text and of Vietnamese typed without diacritics are ASCII letters
  // and digits ended by a space or punctuation: they are read here in one pass and copied
  // once, without decoding code points. Anything else (a non-ASCII letter, an apostrophe,
  // "3.5") is left to the general loop, which gives the same result for these words.
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  size_t i = start;
  int letters = 0;
  int upper = 0;
  bool digit = false;
  for (; i < size; ++i) {
    const unsigned char c = bytes[i];
    if (static_cast<unsigned>(c - 'a') < 26u) {
      ++letters;
    } else if (static_cast<unsigned>(c - 'A') < 26u) {
      ++letters;
      ++upper;
    } else if (static_cast<unsigned>(c - '0') < 10u) {
      digit = true;
    } else {
      break;
    }
  }
  if (i < size) {
    const unsigned char c = bytes[i];
    if (c >= 0x80 || c == '\'') return 0;
    // A '.' or ',' between digits stays inside the word.
    if ((c == '.' || c == ',') && i + 1 < size && IsAsciiDigit(bytes[i - 1]) &&
        IsAsciiDigit(bytes[i + 1])) {
      return 0;
    }
  }
  token.lower.assign(text.data() + start, i - start);
  if (upper > 0) {
    for (char& c : token.lower) c = static_cast<char>(IsAsciiAlpha(c) ? c | 0x20 : c);
  }
  token.folded = token.lower;
  token.end = i;
  token.has_digit = digit;
  token.acronym = letters >= 2 && upper == letters;
  token.syllable = !digit && IsVietnameseSyllable(token.folded);
  return i;
}

size_t Tokenizer::ScanCjkRun(std::string_view text, size_t start) {
  size_t end = start;
  while (end < text.size()) {
    size_t next;
    if (!IsCjk(CodePointAt(text, end, &next))) break;
    end = next;
  }
  auto emit = [&](size_t begin, size_t finish) {
    Token& token = NewToken();
    token.begin = begin;
    token.end = finish;
    token.script = Script::kCjk;
    token.ascii = false;
    // Kana and kanji have no case; half-width katakana stay as typed.
    token.lower.assign(text.substr(begin, finish - begin));
    token.folded = token.lower;
    for (size_t i = begin; i < finish;) {
      size_t next;
      CodePointAt(text, i, &next);
      ++token.cjk_chars;
      i = next;
    }
  };
  if (!segment_cjk_ || breaker_ == nullptr) {
    emit(start, end);
    return end;
  }
  UErrorCode error = U_ZERO_ERROR;
  utext_ = utext_openUTF8(utext_, text.data() + start, static_cast<int64_t>(end - start), &error);
  if (U_SUCCESS(error)) breaker_->setText(utext_, error);
  if (U_FAILURE(error)) {
    emit(start, end);
    return end;
  }
  int32_t begin = breaker_->first();
  for (int32_t finish = breaker_->next(); finish != icu::BreakIterator::DONE;
       begin = finish, finish = breaker_->next()) {
    emit(start + static_cast<size_t>(begin), start + static_cast<size_t>(finish));
  }
  return end;
}

bool IsStableNfc(UChar32 c) {
  static const std::vector<bool> kStable = [] {
    std::vector<bool> stable(0x10000);
    for (UChar32 code = 0; code < 0x10000; ++code) {
      stable[code] = u_getIntPropertyValue(code, UCHAR_NFC_QUICK_CHECK) == UNORM_YES &&
                     u_getCombiningClass(code) == 0;
    }
    return stable;
  }();
  return c >= 0 && c < 0x10000 && kStable[c];
}

bool SplitLatinWords(std::string_view text, bool checked, std::vector<WordSpan>* words) {
  words->clear();
  if (text.size() > std::min<size_t>(UINT32_MAX, INT32_MAX)) return false;
  const LatinTable& latin = Latin();
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto size = static_cast<int32_t>(text.size());
  // A code point past ASCII (or U_SENTINEL for ill-formed UTF-8): kLetter, a letter of the
  // Latin table; kOther, anything else; kRefused, in unchecked text, one NFC might change
  // (or ill-formed UTF-8). Letters carry their check in the table; others are rarer.
  enum CodePointKind { kLetter, kOther, kRefused };
  auto classify = [&](UChar32 c) {
    const LatinLetter* info = latin.Find(c);
    if (info != nullptr && info->letter) return checked || info->nfc_stable ? kLetter : kRefused;
    return checked || IsStableNfc(c) ? kOther : kRefused;
  };
  // What Tokenize and ScanWord do with a code point outside words and the Latin table:
  // false for what only they can read (kanji, other scripts' letters and digits, marks,
  // full-width forms mapped to ASCII).
  auto plain_separator = [](UChar32 c) {
    return !(c >= 0xFF01 && c <= 0xFF5E) && !IsCjk(c) && !u_isalnum(c) &&
           u_getCombiningClass(c) == 0 && u_charType(c) != U_NON_SPACING_MARK;
  };
  // ASCII bytes by class (other bytes 0), one look-up rather than range tests per byte.
  enum : uint8_t { kAlpha = 1, kDigit = 2 };
  static constexpr std::array<uint8_t, 256> kAscii = [] {
    std::array<uint8_t, 256> ascii{};
    for (int c = 0; c < 128; ++c) {
      ascii[c] = IsAsciiAlpha(c) ? kAlpha : IsAsciiDigit(c) ? kDigit : 0;
    }
    return ascii;
  }();
  bool gap = false;  // A separator other than spaces and hyphens since the last word.
  int32_t i = 0;
  while (i < size) {
    // Between words.
    if (bytes[i] < 0x80) {
      const UChar32 c = bytes[i];
      if (kAscii[c] == 0) {
        if (!IsSoftSeparator(c)) gap = true;
        ++i;
        continue;
      }
    } else {
      int32_t next = i;
      const UChar32 c = NextCodePoint(bytes, &next, size);
      const CodePointKind kind = classify(c);
      if (kind == kRefused) return false;
      if (kind == kOther) {
        if (!plain_separator(c)) return false;
        if (!IsSoftSeparator(c)) gap = true;
        i = next;
        continue;
      }
    }
    // A word, ended where ScanWord ends it: "don't", "3.5" and "don’t" stay whole.
    const int32_t start = i;
    int letters = 0;
    bool previous_alpha = false;
    bool previous_digit = false;
    while (i < size) {
      const UChar32 byte = bytes[i];
      if (byte < 0x80) {
        const uint8_t kind = kAscii[byte];
        if (kind == 0) {
          const bool keep =
              i + 1 < size &&
              ((byte == '\'' && letters > 0 && previous_alpha && kAscii[bytes[i + 1]] == kAlpha) ||
               ((byte == '.' || byte == ',') && previous_digit && kAscii[bytes[i + 1]] == kDigit));
          if (!keep) break;
        }
        letters += kind & kAlpha;
        previous_alpha = kind == kAlpha;
        previous_digit = kind == kDigit;
        ++i;
        continue;
      }
      int32_t next = i;
      const UChar32 c = NextCodePoint(bytes, &next, size);
      const CodePointKind kind = classify(c);
      if (kind == kRefused) return false;
      if (kind == kLetter) {
        ++letters;
        previous_alpha = true;
      } else if (c == 0x2019 && letters > 0 && next < size && IsAsciiAlpha(bytes[next])) {
        previous_alpha = false;  // Typographic apostrophe, as in "don’t".
      } else if (plain_separator(c)) {
        break;
      } else {
        return false;
      }
      previous_digit = false;
      i = next;
    }
    words->push_back(
        {static_cast<uint32_t>(start), static_cast<uint32_t>(i), !words->empty() && !gap});
    gap = false;
  }
  return true;
}

namespace {

// Every well-formed toneless Vietnamese syllable: initial consonant, vowel nucleus, final
// consonant. About 5,000 strings; one hash lookup replaces parsing per word.
class SyllableSet {
 public:
  SyllableSet() {
    static constexpr std::string_view kInitials[] = {
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d",
        "g",   "h",  "k",  "l",  "m",  "n",  "p",  "r",  "s",  "t",  "v",  "x", ""};
    // Nuclei that may take a final consonant, and those that may not.
    static constexpr std::string_view kOpen[] = {"a",  "e",  "i",  "o",  "u",  "y",   "ie", "ye",
                                                 "uo", "oa", "oe", "ue", "uy", "uye", "oo", "ua"};
    static constexpr std::string_view kClosed[] = {
        "ai",  "ao",  "au",  "ay",  "eo",  "eu",  "ia",  "iu",  "oi",  "ui",  "uu",  "oai",
        "oay", "oao", "oeo", "uay", "uoi", "uou", "ieu", "yeu", "uya", "uyu", "uau", "uai"};
    static constexpr std::string_view kFinals[] = {"c", "ch", "m", "n", "ng", "nh", "p", "t"};
    for (std::string_view initial : kInitials) {
      for (std::string_view nucleus : kOpen) {
        Add(initial, nucleus, "");
        for (std::string_view final_consonant : kFinals) Add(initial, nucleus, final_consonant);
      }
      for (std::string_view nucleus : kClosed) Add(initial, nucleus, "");
    }
  }
  bool Contains(std::string_view word) const {
    return syllables_.Find(word) != TermDictionary::kNotFound;
  }

 private:
  void Add(std::string_view initial, std::string_view nucleus, std::string_view final_consonant) {
    std::string syllable(initial);
    syllable.append(nucleus).append(final_consonant);
    syllables_.Intern(syllable);
  }
  TermDictionary syllables_;  // A flat hash set: one probe, no allocation per lookup.
};

// A fixed set of words, looked up without allocating.
class WordSet {
 public:
  WordSet(std::initializer_list<std::string_view> words) {
    for (std::string_view word : words) words_.Intern(word);
  }
  bool Contains(std::string_view word) const {
    return words_.Find(word) != TermDictionary::kNotFound;
  }

 private:
  TermDictionary words_;
};

}  // namespace

bool IsVietnameseSyllable(std::string_view folded) {
  if (folded.empty() || folded.size() > 7) return false;
  for (char c : folded) {
    if (c < 'a' || c > 'y') return false;  // Also rejects 'z', digits and non-ASCII.
  }
  static const SyllableSet kSyllables;  // Immutable after construction.
  return kSyllables.Contains(folded);
}

bool IsEnglishStopWord(std::string_view word) {
  if (word.size() > 10) return false;
  // A standard English list: function words and the most frequent auxiliaries.
  static const WordSet kStopWords = {
      "a",          "about",    "above",      "across",    "after",  "again",   "against",
      "all",        "also",     "am",         "among",     "an",     "and",     "any",
      "are",        "aren't",   "as",         "at",        "be",     "because", "been",
      "before",     "being",    "below",      "between",   "both",   "but",     "by",
      "can",        "can't",    "cannot",     "could",     "did",    "didn't",  "do",
      "does",       "doesn't",  "doing",      "don't",     "down",   "during",  "each",
      "either",     "etc",      "few",        "for",       "from",   "further", "had",
      "has",        "have",     "having",     "he",        "her",    "here",    "hers",
      "herself",    "him",      "himself",    "his",       "how",    "however", "i",
      "if",         "in",       "into",       "is",        "isn't",  "it",      "it's",
      "its",        "itself",   "just",       "let's",     "may",    "me",      "might",
      "more",       "most",     "must",       "my",        "myself", "no",      "nor",
      "not",        "of",       "off",        "on",        "once",   "only",    "or",
      "other",      "our",      "ours",       "ourselves", "out",    "over",    "own",
      "same",       "shall",    "she",        "should",    "so",     "some",    "such",
      "than",       "that",     "that's",     "the",       "their",  "theirs",  "them",
      "themselves", "then",     "there",      "there's",   "these",  "they",    "this",
      "those",      "through",  "thus",       "to",        "too",    "under",   "until",
      "up",         "upon",     "us",         "very",      "via",    "was",     "wasn't",
      "we",         "were",     "weren't",    "what",      "when",   "where",   "whether",
      "which",      "while",    "who",        "whom",      "why",    "will",    "with",
      "within",     "without",  "won't",      "would",     "yet",    "you",     "your",
      "yours",      "yourself", "yourselves", "s",         "t"};
  return kStopWords.Contains(word);
}

void AppendToPhraseKey(const Token* previous, const Token& token, std::string& key) {
  if (previous != nullptr &&
      !(previous->script == Script::kCjk && token.script == Script::kCjk && token.adjacent)) {
    key.push_back(' ');
  }
  key.append(token.folded);
}

size_t PhraseKeyWords(const Token& token) {
  return token.script == Script::kCjk ? token.cjk_chars : 1;
}

bool IsVietnameseStopSyllable(std::string_view lower) {
  // Function syllables. "không" is not here: it also begins "không gian" (space) and ends
  // "hàng không" (aviation); compounds keep such phrases either way.
  static const WordSet kStopSyllables = {
      "của", "và",   "các",   "những", "cho",  "trong", "với",  "là",   "được", "có",
      "một", "này",  "để",    "theo",  "từ",   "đã",    "đang", "sẽ",   "thì",  "mà",
      "nên", "khi",  "đến",   "về",    "tại",  "ra",    "vào",  "cũng", "như",  "bị",
      "bởi", "rằng", "nhưng", "hoặc",  "hay",  "nếu",   "vì",   "do",   "lại",  "đó",
      "ấy",  "rất",  "cùng",  "trên",  "dưới", "giữa",  "nhằm", "qua",  "gì",   "ở",
      "đây", "nào",  "thế",   "vậy",   "còn",  "chỉ",   "mỗi",  "mọi",  "nhiều"};
  return kStopSyllables.Contains(lower);
}

bool IsFoldedVietnameseStopSyllable(std::string_view folded) {
  static const WordSet kFoldedStopSyllables = {
      "cua", "va",  "cac",  "nhung", "cho", "trong", "voi", "la",   "duoc", "co",   "mot",
      "nay", "de",  "theo", "tu",    "da",  "dang",  "se",  "thi",  "ma",   "nen",  "khi",
      "den", "ve",  "tai",  "ra",    "vao", "cung",  "nhu", "bi",   "boi",  "rang", "hoac",
      "hay", "neu", "vi",   "do",    "lai", "ay",    "rat", "tren", "duoi", "giua", "nham",
      "qua", "gi",  "o",    "day",   "nao", "the",   "vay", "con",  "chi",  "moi",  "nhieu"};
  return kFoldedStopSyllables.Contains(folded);
}

bool IsJapaneseStopWord(std::string_view word) {
  static const WordSet kStopWords = {
      "の",       "は",     "が",     "を",       "に",       "で",     "と",     "も",
      "へ",       "や",     "か",     "な",       "ね",       "よ",     "た",     "て",
      "だ",       "し",     "から",   "まで",     "より",     "など",   "および", "また",
      "する",     "した",   "して",   "される",   "された",   "され",   "ている", "いる",
      "こと",     "もの",   "ため",   "よう",     "これ",     "それ",   "この",   "その",
      "あの",     "れる",   "られる", "です",     "ます",     "ある",   "なる",   "において",
      "における", "による", "により", "について", "に対する", "として", "という", "ない",
      "れ",       "られ",   "おけ",   "おい",     "つい",     "よる"};
  return kStopWords.Contains(word);
}

}  // namespace ketnoi::text::internal

#include "text/analyzer.h"

#include <libstemmer.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "text/fold.h"
#include "text/glossary.h"
#include "text/internal/tokenizer.h"
#include "text/term_dictionary.h"

namespace ketnoi::text {
namespace {

using internal::Script;
using internal::Token;

// Query weights add up over repeats; past this a term typed many times stops dominating.
constexpr float kMaxQueryWeight = 3.0f;
// The stem cache is cleared when it grows past this (new vocabulary keeps arriving).
constexpr size_t kMaxCachedStems = 1 << 17;
// The same for the compounds of remembered words (16 bytes each, in a table twice as large).
constexpr size_t kMaxCachedCompounds = 1 << 20;
// Words read ahead of their look-up in the memo of words (AnalyzeEnglishAscii, AnalyzeLatin):
// a whole abstract, yet few enough that the cache lines they ask for stay in the L1 cache.
constexpr size_t kWordsAhead = 256;
// How many words ahead AnalyzeLatin starts loading a compound's slot, and then, once it has
// arrived, the dictionary's slot of a compound new to the memo: enough to cover a memory
// access each.
constexpr size_t kCompoundSlotsAhead = 32;
constexpr size_t kCompoundTermsAhead = 16;

// Hash for heterogeneous lookup by string_view in maps keyed by std::string.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

bool IsAscii(std::string_view text) {
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t chunk;
    std::memcpy(&chunk, text.data() + i, 8);
    if ((chunk & 0x8080808080808080ULL) != 0) return false;
  }
  for (; i < text.size(); ++i) {
    if (static_cast<uint8_t>(text[i]) >= 0x80) return false;
  }
  return true;
}

// True if `text` is valid UTF-8 of internal::IsStableNfc code points only, so in NFC as
// it is. One pass instead of ICU's check and a validation pass; false sends the text to
// those.
bool IsStableNfc(std::string_view text) {
  if (text.size() > INT32_MAX) return false;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto size = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < size;) {
    if (bytes[i] < 0x80) {
      ++i;
      continue;
    }
    if (!internal::IsStableNfc(internal::NextCodePoint(bytes, &i, size))) return false;
  }
  return true;
}

// What the analyzer can tell about a text's words, for language detection and for
// reading acronyms.
struct TextStats {
  size_t latin_words = 0;              // Latin words with letters.
  size_t vietnamese_marked = 0;        // Words spelt with Vietnamese diacritics.
  size_t plain_syllables = 0;          // ASCII words that are well-formed Vietnamese syllables.
  size_t plain_content_syllables = 0;  // Of those, not English stop words.
  size_t acronyms = 0;
  size_t cjk_chars = 0;
  size_t other_words = 0;
};

// A Latin word spelt with Vietnamese letters only, and shaped like a syllable unless it has
// a letter no other language uses ("café" in English text is not Vietnamese).
bool IsMarkedVietnamese(const Token& token) {
  return token.script == Script::kLatin && token.vietnamese_letter && !token.other_diacritic &&
         !token.has_digit && (token.vietnamese_only || token.syllable);
}

TextStats Measure(std::span<const Token> tokens) {
  TextStats stats;
  for (const Token& token : tokens) {
    if (token.script == Script::kCjk) {
      stats.cjk_chars += token.cjk_chars;
    } else if (token.script == Script::kOther) {
      ++stats.other_words;
    } else if (!token.has_digit) {
      ++stats.latin_words;
      if (token.acronym) {
        ++stats.acronyms;
      } else if (IsMarkedVietnamese(token)) {
        ++stats.vietnamese_marked;
      } else if (token.ascii && token.syllable) {
        ++stats.plain_syllables;
        if (!internal::IsEnglishStopWord(token.folded)) ++stats.plain_content_syllables;
      }
    }
  }
  return stats;
}

// Kanji and kana outweigh Latin words one character to one word (Japanese technical text
// carries English acronyms); Vietnamese needs most Latin words to be Vietnamese syllables
// (60%, and when typed without any diacritic one that is not also an English stop word);
// English prose has about a quarter (the, to, in, can, ...), and an English abstract that
// names "Hà Nội" stays English.
Language DetectFromStats(const TextStats& stats) {
  if (stats.cjk_chars > 0 && stats.cjk_chars >= stats.latin_words) return Language::kJapanese;
  if (stats.latin_words == 0) return Language::kUnknown;
  size_t syllables = stats.vietnamese_marked + stats.plain_syllables;
  if (stats.vietnamese_marked > 0) {
    return syllables * 10 >= stats.latin_words * 6 ? Language::kVietnamese : Language::kEnglish;
  }
  if (stats.plain_content_syllables > 0 && syllables * 10 >= stats.latin_words * 6) {
    return Language::kVietnamese;
  }
  return Language::kEnglish;
}

// Single hiragana (U+3041..U+309F) are particles or verb endings ICU split off.
bool IsSingleHiragana(std::string_view word) {
  if (word.size() != 3 || static_cast<uint8_t>(word[0]) != 0xE3) return false;
  auto second = static_cast<uint8_t>(word[1]);
  auto third = static_cast<uint8_t>(word[2]);
  return (second == 0x81 && third >= 0x81) || (second == 0x82 && third <= 0x9F);
}

// "IT", "US" and "WHO" in capitals are acronyms, not the stop words "it", "us", "who".
bool KeptAcronym(bool acronym, std::string_view folded) {
  return acronym && (folded == "it" || folded == "us" || folded == "who");
}

enum class TermKind {
  kPlain,     // As typed: an English stem, a syllable without diacritics, a Japanese word.
  kExact,     // A Vietnamese syllable with its diacritics.
  kFolded,    // The folded form of a syllable typed with diacritics.
  kCompound,  // Two adjacent syllables, folded, joined by '_'.
};

}  // namespace

std::string_view LanguageCode(Language language) {
  switch (language) {
    case Language::kVietnamese:
      return "vi";
    case Language::kEnglish:
      return "en";
    case Language::kJapanese:
      return "ja";
    case Language::kUnknown:
      break;
  }
  return "";
}

Language LanguageFromCode(std::string_view code) {
  if (code.size() != 2) return Language::kUnknown;
  std::string lower{static_cast<char>(code[0] | 0x20), static_cast<char>(code[1] | 0x20)};
  if (lower == "vi") return Language::kVietnamese;
  if (lower == "en") return Language::kEnglish;
  if (lower == "ja") return Language::kJapanese;
  return Language::kUnknown;
}

Language DetectLanguage(std::string_view utf8) {
  std::string valid;
  if (FindInvalidUtf8(utf8) != std::string_view::npos) {
    // Skip the invalid bytes one at a time.
    std::string_view rest = utf8;
    for (size_t bad; (bad = FindInvalidUtf8(rest)) != std::string_view::npos;
         rest.remove_prefix(bad + 1)) {
      valid.append(rest.substr(0, bad));
    }
    valid.append(rest);
    utf8 = valid;
  }
  std::string nfc;
  if (!IsAscii(utf8)) {
    base::Result<std::string> normalized = ToNfc(utf8);
    if (normalized.ok()) nfc = std::move(normalized).value();
    utf8 = nfc;
  }
  internal::Tokenizer tokenizer(/*segment_cjk=*/false);
  return DetectFromStats(Measure(tokenizer.Tokenize(utf8)));
}

struct Analyzer::Impl {
  explicit Impl(AnalyzerOptions analyzer_options)
      : options(analyzer_options),
        tokenizer(/*segment_cjk=*/true),
        stemmer(sb_stemmer_new("english", "UTF_8")) {
    UErrorCode error = U_ZERO_ERROR;
    nfc = icu::Normalizer2::getNFCInstance(error);
    if (U_FAILURE(error)) nfc = nullptr;
  }
  ~Impl() {
    if (stemmer != nullptr) sb_stemmer_delete(stemmer);
  }

  // Checks `utf8` and returns it in NFC (a view of the input or of nfc_buffer).
  base::Result<std::string_view> Normalize(std::string_view utf8);

  // Calls sink(kind, term, position, first_token, last_token) for each term of `tokens`.
  template <typename Sink>
  void Emit(std::span<const Token> tokens, Language language, Sink&& sink);

  // What an English (or other Latin) word gives: its Porter2 stem, and whether it is a stop
  // word. Cached: the view stays valid until the next call.
  struct EnglishWord {
    std::string_view stem;
    bool stop = false;
  };
  EnglishWord English(std::string_view folded);

  AnalyzerOptions options;
  internal::Tokenizer tokenizer;
  sb_stemmer* stemmer;
  const icu::Normalizer2* nfc = nullptr;
  std::string nfc_buffer;
  std::string compound;  // Scratch for compound terms.
  // The English word cache: words numbered by a flat hash table; per word id, its stem's end
  // in stem_bytes and its stop flag. Text repeats its words (Zipf), so most tokens are one
  // probe instead of a stop-list lookup, a Snowball call and a string copy.
  TermDictionary words;
  std::string stem_bytes;
  std::vector<uint32_t> stem_ends;  // Per word id; the high bit marks a stop word.
  // AnalyzeIds' terms of one text, before they are interned: bytes, ends, views.
  std::string batch_bytes;
  std::vector<uint32_t> batch_ends;
  std::vector<std::string_view> batch_views;

  // AnalyzeIds' memo of words as written (NFC bytes), numbered by a flat hash table, for
  // AnalyzeEnglishAscii and AnalyzeLatin. Per word: what the tokenizer reads in it, once
  // (the context-free part of a Token), and its term ids in the dictionary with serial
  // `surface_serial`, valid when the word's generation is `surface_generation` (a new
  // dictionary starts a new generation, which forgets every id without touching them).
  struct SurfaceWord {
    uint32_t generation = 0;
    uint32_t english = kUnset;  // Its term read as an English word (kNoTerm: a stop word).
    uint32_t exact = kUnset;    // Its lower-case form, as an exact Vietnamese syllable.
    uint32_t folded = kUnset;   // Its folded form.
    // The rest is known once `described`; the forms are in surface_forms.
    uint32_t lower_begin = 0;
    uint32_t folded_begin = 0;
    uint16_t lower_size = 0;
    uint16_t folded_size = 0;
    bool described = false;
    bool has_digit = false;
    bool ascii = false;
    bool acronym = false;
    bool syllable = false;         // Token::syllable.
    bool marked = false;           // IsMarkedVietnamese.
    bool with_diacritics = false;  // lower != folded.
    bool english_stop = false;     // IsEnglishStopWord(folded).
    bool stop = false;             // IsVietnameseStopSyllable(lower).
    bool folded_stop = false;      // IsFoldedVietnameseStopSyllable(folded).
  };
  static constexpr uint32_t kUnset = 0xfffffffeu;
  static constexpr uint32_t kNoTerm = 0xffffffffu;
  TermDictionary surfaces;
  std::vector<SurfaceWord> surface_words;
  std::string surface_forms;  // Lower and folded forms of described words.
  uint64_t surface_serial = 0;
  uint32_t surface_generation = 0;
  std::string surface_lower;  // Scratch: a word in lower case.
  // Compounds of two remembered words, keyed by the words' numbers: open addressing over
  // (key, generation, term id); a slot of an older generation is empty.
  struct CompoundSlot {
    uint64_t key = 0;
    uint32_t generation = 0;
    uint32_t id = 0;
  };
  using CompoundSlots = std::vector<CompoundSlot, internal::HugePageAllocator<CompoundSlot>>;
  CompoundSlots compound_slots;
  size_t compound_count = 0;  // Slots of the current generation.
  // AnalyzeLatin's scratch: the text's words, their hashes (HashTerm), their numbers, and
  // what Emit's rules make of them. AnalyzeEnglishAscii's: words_ahead, and the hashes and
  // numbers of those.
  std::vector<internal::WordSpan> spans;
  std::vector<uint64_t> span_hashes;
  std::vector<uint32_t> span_words;
  std::vector<uint8_t> span_kinds;
  std::vector<std::string_view> words_ahead;

  // Starts a new generation of remembered ids if `dictionary` is not the one they are of.
  void UseDictionary(const TermDictionary& dictionary);
  // Forgets every word if fewer than `count` new ones would fit.
  void MakeRoom(size_t count);
  // The number of `surface` in the memo, added if new; `hash` is HashTerm(surface). Starts
  // loading the word's entry, which its caller reads a stretch of words later.
  // REQUIRES: MakeRoom made room.
  uint32_t SurfaceNumber(std::string_view surface, uint64_t hash) {
    const uint32_t number = surfaces.Intern(surface, hash);
    if (number == surface_words.size()) surface_words.emplace_back();
    __builtin_prefetch(&surface_words[number]);
    return number;
  }
  // Word `number`, its ids forgotten if they are of another dictionary.
  SurfaceWord& Current(uint32_t number) {
    SurfaceWord& word = surface_words[number];
    if (word.generation != surface_generation) {
      word.generation = surface_generation;
      word.english = word.exact = word.folded = kUnset;
    }
    return word;
  }
  // The word's term read as English (kNoTerm for a stop word). REQUIRES: described.
  uint32_t EnglishId(SurfaceWord& word, TermDictionary& dictionary) {
    if (word.english == kUnset) {
      word.english = EnglishTermId(FoldedForm(word), word.has_digit, word.acronym, dictionary);
    }
    return word.english;
  }
  // Appends to `ids` the terms of `text`, English in ASCII, as AnalyzeIds's general path
  // would.
  void AnalyzeEnglishAscii(std::string_view text, TermDictionary& dictionary,
                           std::vector<uint32_t>* ids);
  // The term id in `dictionary` of the word of English text whose lower case is `folded`,
  // or kNoTerm.
  uint32_t EnglishTermId(std::string_view folded, bool has_digit, bool acronym,
                         TermDictionary& dictionary);
  // As the general path for `text` (NFC) when it is Latin script only (see
  // internal::SplitLatinWords), from the memo of words; false, with nothing appended, for
  // other text.
  // `checked`: as for SplitLatinWords (unchecked text that is not plainly NFC gives false).
  bool AnalyzeLatin(std::string_view text, bool checked, Language language,
                    TermDictionary& dictionary, std::vector<uint32_t>* ids);
  // Fills the context-free part of `word` from the tokenizer's reading of `surface`; false
  // if the tokenizer does not read it as one Latin word.
  bool Describe(std::string_view surface, SurfaceWord& word);
  std::string_view LowerForm(const SurfaceWord& word) const {
    return std::string_view(surface_forms).substr(word.lower_begin, word.lower_size);
  }
  std::string_view FoldedForm(const SurfaceWord& word) const {
    return std::string_view(surface_forms).substr(word.folded_begin, word.folded_size);
  }
  // The id of the compound of words `first` and `second` (numbers in the memo).
  uint32_t CompoundId(uint32_t first, uint32_t second, TermDictionary& dictionary);
  static uint64_t CompoundKey(uint32_t first, uint32_t second) {
    return uint64_t{first} << 32 | second;
  }
  static uint64_t CompoundHash(uint64_t key) {
    const uint64_t hash = key * 0x9E3779B97F4A7C15ull;
    return hash ^ (hash >> 29);
  }
  // Sets `compound` to the compound's text. REQUIRES: both words described.
  void CompoundText(uint32_t first, uint32_t second) {
    compound.assign(FoldedForm(surface_words[first]));
    compound.push_back('_');
    compound.append(FoldedForm(surface_words[second]));
  }
  // Hints that CompoundId(first, second) is coming: starts loading its slot.
  void PrefetchCompound(uint32_t first, uint32_t second) const {
    if (compound_slots.empty()) return;
    const uint64_t mask = compound_slots.size() - 1;
    __builtin_prefetch(&compound_slots[CompoundHash(CompoundKey(first, second)) & mask]);
  }
  // The same, later (when its slot has arrived): if the pair is new to the table, starts
  // loading the slot of its term in `dictionary`. Overwrites `compound`.
  void PrefetchCompoundTerm(uint32_t first, uint32_t second, const TermDictionary& dictionary);
  // Doubles the compound table, or empties it past kMaxCompounds.
  void GrowCompounds();
};

base::Result<std::string_view> Analyzer::Impl::Normalize(std::string_view utf8) {
  if (IsAscii(utf8) || IsStableNfc(utf8)) return utf8;
  if (size_t bad = FindInvalidUtf8(utf8); bad != std::string_view::npos) {
    return base::InvalidArgument("invalid UTF-8 at byte " + std::to_string(bad));
  }
  if (nfc == nullptr) return base::Internal("ICU NFC normalizer unavailable");
  UErrorCode error = U_ZERO_ERROR;
  icu::StringPiece piece(utf8.data(), static_cast<int32_t>(utf8.size()));
  if (nfc->isNormalizedUTF8(piece, error) && U_SUCCESS(error)) return utf8;
  error = U_ZERO_ERROR;
  nfc_buffer.clear();
  icu::StringByteSink<std::string> sink(&nfc_buffer);
  nfc->normalizeUTF8(0, piece, sink, nullptr, error);
  if (U_FAILURE(error)) return base::Internal(std::string("ICU NFC: ") + u_errorName(error));
  return std::string_view(nfc_buffer);
}

Analyzer::Impl::EnglishWord Analyzer::Impl::English(std::string_view folded) {
  constexpr uint32_t kStopBit = 0x80000000u;
  if (words.size() >= kMaxCachedStems) {
    words = TermDictionary();
    stem_bytes.clear();
    stem_ends.clear();
  }
  const uint32_t id = words.Intern(folded);
  if (id == stem_ends.size()) {  // New word: stem it once.
    const sb_symbol* stem =
        stemmer == nullptr
            ? nullptr
            : sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(folded.data()),
                              static_cast<int>(folded.size()));
    if (stem == nullptr) {  // No stemmer, or out of memory in Snowball: keep the word.
      stem_bytes.append(folded);
    } else {
      stem_bytes.append(reinterpret_cast<const char*>(stem),
                        static_cast<size_t>(sb_stemmer_length(stemmer)));
    }
    stem_ends.push_back(static_cast<uint32_t>(stem_bytes.size()) |
                        (internal::IsEnglishStopWord(folded) ? kStopBit : 0));
  }
  const uint32_t begin = id == 0 ? 0 : stem_ends[id - 1] & ~kStopBit;
  const uint32_t end = stem_ends[id] & ~kStopBit;
  return {std::string_view(stem_bytes).substr(begin, end - begin), (stem_ends[id] & kStopBit) != 0};
}

template <typename Sink>
void Analyzer::Impl::Emit(std::span<const Token> tokens, Language language, Sink&& sink) {
  TextStats stats = Measure(tokens);
  if (language == Language::kUnknown) language = DetectFromStats(stats);
  const bool vietnamese_text = language == Language::kVietnamese;
  // Text typed without any diacritics may mean "còn" by "con": then the folded stop list
  // applies. In an all-capitals title every word looks like an acronym; read none as one.
  const bool has_diacritics = stats.vietnamese_marked > 0;
  const bool acronyms_are_words = stats.acronyms * 2 > stats.latin_words;

  size_t previous_syllable = SIZE_MAX;  // Index of the previous token if it was a syllable.
  size_t previous_word = SIZE_MAX;      // Index of the last Japanese content word.
  bool previous_stop = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    const auto position = static_cast<uint32_t>(i);
    bool syllable = false;
    bool stop = false;
    if (token.script == Script::kCjk) {
      stop = IsSingleHiragana(token.lower) || internal::IsJapaneseStopWord(token.lower);
      if (!stop) {
        sink(TermKind::kPlain, token.lower, position, i, i);
        // ICU splits kanji compounds into dictionary words ("人工知能" -> "人工" "知能");
        // adjacent content words are joined again, as Vietnamese syllables are, so the
        // phrase matches as a phrase.
        if (previous_word + 1 == i && token.adjacent) {
          compound.assign(tokens[i - 1].lower);
          compound.append(token.lower);
          sink(TermKind::kCompound, compound, position - 1, i - 1, i);
        }
        previous_word = i;
      }
    } else if (token.script == Script::kOther || token.has_digit) {
      // Model numbers and quantities ("5g", "mos2", "22nm") are kept whole.
      sink(TermKind::kPlain, token.folded, position, i, i);
    } else if (IsMarkedVietnamese(token) ||
               (vietnamese_text && token.ascii && (!token.acronym || acronyms_are_words) &&
                token.syllable)) {
      syllable = true;
      stop = has_diacritics ? internal::IsVietnameseStopSyllable(token.lower)
                            : internal::IsFoldedVietnameseStopSyllable(token.folded);
      bool marked = token.lower != token.folded;
      if (!stop) {
        if (marked) sink(TermKind::kExact, token.lower, position, i, i);
        sink(marked ? TermKind::kFolded : TermKind::kPlain, token.folded, position, i, i);
      }
      // Stop syllables still join compounds ("từ trường", "học có giám sát"); two stop
      // syllables in a row ("của các") make no compound.
      if (previous_syllable + 1 == i && token.joined && !(stop && previous_stop)) {
        compound.assign(tokens[i - 1].folded);
        compound.push_back('_');
        compound.append(token.folded);
        sink(TermKind::kCompound, compound, position - 1, i - 1, i);
      }
    } else {
      // English, and any other Latin word (read without its diacritics).
      const EnglishWord word = English(token.folded);
      if (!word.stop || KeptAcronym(token.acronym, token.folded)) {
        sink(TermKind::kPlain, word.stem, position, i, i);
      }
    }
    previous_syllable = syllable ? i : SIZE_MAX;
    previous_stop = stop;
  }
}

// English text in ASCII is the commonest text to index (most works' abstracts), and its
// analysis is one term or none per word: the word's Porter2 stem unless it is a stop word
// ("IT", "US" and "WHO" in capitals stay), or the whole word when it has a digit. So each
// distinct word (as written) is analysed once per dictionary and then found by one probe,
// without the tokens, forms and term strings of the general path. The words are those the
// tokenizer reads in ASCII text: runs of letters and digits, with an apostrophe between
// letters ("don't") and a '.' or ',' between digits ("3.5") inside the word. Emit gives the
// same terms in the same order (AnalyzerTest.EnglishAsciiFastPathGivesTheGeneralTerms).
void Analyzer::Impl::AnalyzeEnglishAscii(std::string_view text, TermDictionary& dictionary,
                                         std::vector<uint32_t>* ids) {
  UseDictionary(dictionary);
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  // Finding a word's end is all most words need (the word is then found in the memo); its
  // letters are counted only when it is new. One table look-up per byte rather than the
  // range tests per byte of a letter, digit or neither.
  auto alpha = [](unsigned char c) { return static_cast<unsigned>((c | 0x20) - 'a') < 26u; };
  auto digit = [](unsigned char c) { return static_cast<unsigned>(c - '0') < 10u; };
  static constexpr std::array<bool, 256> kAlnum = [] {
    std::array<bool, 256> alnum{};
    for (int c = '0'; c <= '9'; ++c) alnum[c] = true;
    for (int c = 'a'; c <= 'z'; ++c) alnum[c] = alnum[c - 'a' + 'A'] = true;
    return alnum;
  }();
  // The words are read a stretch at a time, in three passes: find the words and start
  // loading their memo slots; number them and start loading their memo entries; then give
  // their terms in order. Each pass finds in cache what the one before asked for, instead
  // of waiting for memory word by word (the memo outgrows the core's caches). Room for the
  // whole stretch is made before it is numbered, so that no number is forgotten (MakeRoom
  // empties the memo) before its use.
  size_t i = 0;
  while (i < size) {
    words_ahead.clear();
    span_hashes.clear();
    while (i < size && words_ahead.size() < kWordsAhead) {
      if (!kAlnum[bytes[i]]) {
        ++i;
        continue;
      }
      const size_t start = i;
      while (true) {
        ++i;
        while (i < size && kAlnum[bytes[i]]) ++i;
        // An apostrophe between letters ("don't") or a '.' or ',' between digits ("3.5")
        // stays inside the word.
        if (i + 1 >= size) break;
        const unsigned char c = bytes[i];
        if (!((c == '\'' && alpha(bytes[i - 1]) && alpha(bytes[i + 1])) ||
              ((c == '.' || c == ',') && digit(bytes[i - 1]) && digit(bytes[i + 1])))) {
          break;
        }
      }
      const std::string_view surface = text.substr(start, i - start);
      const uint64_t hash = HashTerm(surface);
      surfaces.Prefetch(hash);
      words_ahead.push_back(surface);
      span_hashes.push_back(hash);
    }
    const size_t count = words_ahead.size();
    MakeRoom(count);
    span_words.resize(count);
    for (size_t j = 0; j < count; ++j) {
      span_words[j] = SurfaceNumber(words_ahead[j], span_hashes[j]);
    }
    for (size_t j = 0; j < count; ++j) {
      SurfaceWord& word = Current(span_words[j]);
      if (word.english == kUnset) {
        surface_lower.assign(words_ahead[j]);
        int letters = 0;
        int upper = 0;
        bool has_digit = false;
        for (char& c : surface_lower) {
          const auto byte = static_cast<unsigned char>(c);
          if (alpha(byte)) {
            ++letters;
            if (byte <= 'Z') {
              ++upper;
              c = static_cast<char>(c | 0x20);
            }
          } else if (digit(byte)) {
            has_digit = true;
          }
        }
        word.english =
            EnglishTermId(surface_lower, has_digit, letters >= 2 && upper == letters, dictionary);
      }
      if (word.english != kNoTerm) ids->push_back(word.english);
    }
  }
}

void Analyzer::Impl::UseDictionary(const TermDictionary& dictionary) {
  if (dictionary.serial() == surface_serial) return;
  surface_serial = dictionary.serial();
  if (++surface_generation == 0) {  // Wrapped: forget every stamp.
    for (SurfaceWord& word : surface_words) word.generation = 0;
    for (CompoundSlot& slot : compound_slots) slot.generation = 0;
    surface_generation = 1;
  }
  compound_count = 0;
}

void Analyzer::Impl::MakeRoom(size_t count) {
  if (surfaces.size() + count <= kMaxCachedStems) return;
  surfaces = TermDictionary();
  surface_words.clear();
  surface_forms.clear();
  compound_slots.clear();  // Keyed by the words' numbers.
  compound_count = 0;
}

// Latin-script text (Vietnamese with or without diacritics, English with typographic
// punctuation, any mix) is most of the rest. Its terms depend on each word's spelling, which
// the memo reads once per distinct word (Describe), and on the context Emit reads: the text's
// language and statistics, the previous word, and what separates the two. So the words are
// numbered first (with the statistics), then Emit's rules run on the numbers, each term's
// id remembered per word or, for compounds, per pair of words. New terms are interned in
// the order Emit gives them, so the dictionary gets the same ids as on the general path
// (AnalyzerTest.LatinFastPathGivesTheGeneralTerms).
bool Analyzer::Impl::AnalyzeLatin(std::string_view text, bool checked, Language language,
                                  TermDictionary& dictionary, std::vector<uint32_t>* ids) {
  if (!internal::SplitLatinWords(text, checked, &spans)) return false;
  const size_t count = spans.size();
  MakeRoom(count);
  UseDictionary(dictionary);
  auto surface = [&](size_t i) {
    return text.substr(spans[i].begin, spans[i].end - spans[i].begin);
  };
  // The words are numbered a stretch at a time in passes, as in AnalyzeEnglishAscii, so
  // that their memo slots and entries are loaded together rather than one after the other.
  // MakeRoom above made room for all of them.
  span_hashes.resize(count);
  span_words.resize(count);
  TextStats stats;  // As Measure counts the tokens.
  for (size_t begin = 0; begin < count; begin += kWordsAhead) {
    const size_t end = std::min(count, begin + kWordsAhead);
    for (size_t i = begin; i < end; ++i) {
      span_hashes[i] = HashTerm(surface(i));
      surfaces.Prefetch(span_hashes[i]);
    }
    for (size_t i = begin; i < end; ++i) span_words[i] = SurfaceNumber(surface(i), span_hashes[i]);
    for (size_t i = begin; i < end; ++i) {
      SurfaceWord& word = surface_words[span_words[i]];
      if (!word.described && !Describe(surface(i), word)) return false;
      if (word.has_digit) continue;
      ++stats.latin_words;
      if (word.acronym) {
        ++stats.acronyms;
      } else if (word.marked) {
        ++stats.vietnamese_marked;
      } else if (word.ascii && word.syllable) {
        ++stats.plain_syllables;
        if (!word.english_stop) ++stats.plain_content_syllables;
      }
    }
  }

  // Emit's rules, on the words' numbers. Which words are syllables, and which pairs of
  // them give compounds, depend on the words and the text's statistics only, so both are
  // known before any term is interned: the compounds' slots in compound_slots, and the
  // dictionary's slots of compounds missing there, are loaded some words ahead of their turn.
  if (language == Language::kUnknown) language = DetectFromStats(stats);
  const bool vietnamese_text = language == Language::kVietnamese;
  const bool has_diacritics = stats.vietnamese_marked > 0;
  const bool acronyms_are_words = stats.acronyms * 2 > stats.latin_words;
  enum : uint8_t { kSyllable = 1, kStop = 2, kCompound = 4 };
  span_kinds.resize(count);
  for (size_t i = 0; i < count; ++i) {
    const SurfaceWord& word = surface_words[span_words[i]];
    uint8_t kind = 0;
    if (!word.has_digit &&
        (word.marked || (vietnamese_text && word.ascii && (!word.acronym || acronyms_are_words) &&
                         word.syllable))) {
      kind = kSyllable;
      if (has_diacritics ? word.stop : word.folded_stop) kind |= kStop;
      // Stop syllables still join compounds ("từ trường"); two in a row make none.
      if (i > 0 && (span_kinds[i - 1] & kSyllable) && spans[i].joined &&
          !((kind & kStop) && (span_kinds[i - 1] & kStop))) {
        kind |= kCompound;
      }
    }
    span_kinds[i] = kind;
  }
  for (size_t i = 0; i < count; ++i) {
    if (i + kCompoundSlotsAhead < count && (span_kinds[i + kCompoundSlotsAhead] & kCompound)) {
      PrefetchCompound(span_words[i + kCompoundSlotsAhead - 1],
                       span_words[i + kCompoundSlotsAhead]);
    }
    if (i + kCompoundTermsAhead < count && (span_kinds[i + kCompoundTermsAhead] & kCompound)) {
      PrefetchCompoundTerm(span_words[i + kCompoundTermsAhead - 1],
                           span_words[i + kCompoundTermsAhead], dictionary);
    }
    SurfaceWord& word = Current(span_words[i]);
    const uint8_t kind = span_kinds[i];
    if (word.has_digit) {
      ids->push_back(EnglishId(word, dictionary));  // The word whole.
    } else if (kind & kSyllable) {
      if (!(kind & kStop)) {
        if (word.with_diacritics) {
          if (word.exact == kUnset) word.exact = dictionary.Intern(LowerForm(word));
          ids->push_back(word.exact);
        }
        if (word.folded == kUnset) word.folded = dictionary.Intern(FoldedForm(word));
        ids->push_back(word.folded);
      }
      if (kind & kCompound) {
        ids->push_back(CompoundId(span_words[i - 1], span_words[i], dictionary));
      }
    } else if (const uint32_t id = EnglishId(word, dictionary); id != kNoTerm) {
      ids->push_back(id);
    }
  }
  return true;
}

bool Analyzer::Impl::Describe(std::string_view surface, SurfaceWord& word) {
  const std::span<const Token> tokens = tokenizer.Tokenize(surface);
  if (tokens.size() != 1) return false;
  const Token& token = tokens[0];
  if (token.begin != 0 || token.end != surface.size() || token.script != Script::kLatin ||
      token.lower.size() > UINT16_MAX || token.folded.size() > UINT16_MAX ||
      surface_forms.size() + token.lower.size() + token.folded.size() > UINT32_MAX) {
    return false;
  }
  word.lower_begin = static_cast<uint32_t>(surface_forms.size());
  word.lower_size = static_cast<uint16_t>(token.lower.size());
  surface_forms += token.lower;
  word.folded_begin = static_cast<uint32_t>(surface_forms.size());
  word.folded_size = static_cast<uint16_t>(token.folded.size());
  surface_forms += token.folded;
  word.has_digit = token.has_digit;
  word.ascii = token.ascii;
  word.acronym = token.acronym;
  word.syllable = token.syllable;
  word.marked = IsMarkedVietnamese(token);
  word.with_diacritics = token.lower != token.folded;
  word.english_stop = internal::IsEnglishStopWord(token.folded);
  word.stop = internal::IsVietnameseStopSyllable(token.lower);
  word.folded_stop = internal::IsFoldedVietnameseStopSyllable(token.folded);
  word.described = true;
  return true;
}

uint32_t Analyzer::Impl::CompoundId(uint32_t first, uint32_t second, TermDictionary& dictionary) {
  if ((compound_count + 1) * 2 > compound_slots.size()) GrowCompounds();
  const uint64_t key = CompoundKey(first, second);
  const uint64_t mask = compound_slots.size() - 1;
  for (uint64_t i = CompoundHash(key) & mask;; i = (i + 1) & mask) {
    CompoundSlot& slot = compound_slots[i];
    if (slot.generation != surface_generation) {  // Empty: a new pair.
      CompoundText(first, second);
      slot = {key, surface_generation, dictionary.Intern(compound)};
      ++compound_count;
      return slot.id;
    }
    if (slot.key == key) return slot.id;
  }
}

void Analyzer::Impl::PrefetchCompoundTerm(uint32_t first, uint32_t second,
                                          const TermDictionary& dictionary) {
  if (compound_slots.empty()) return;
  const uint64_t key = CompoundKey(first, second);
  const uint64_t mask = compound_slots.size() - 1;
  for (uint64_t i = CompoundHash(key) & mask;; i = (i + 1) & mask) {
    const CompoundSlot& slot = compound_slots[i];
    if (slot.generation != surface_generation) break;  // A new pair: its term is looked up.
    if (slot.key == key) return;
  }
  CompoundText(first, second);
  dictionary.Prefetch(HashTerm(compound));
}

void Analyzer::Impl::GrowCompounds() {
  if (compound_count >= kMaxCachedCompounds) {  // New pairs keep arriving: start again.
    compound_slots.assign(compound_slots.size(), CompoundSlot{});
    compound_count = 0;
    return;
  }
  CompoundSlots old(std::max<size_t>(1024, compound_slots.size() * 2));
  old.swap(compound_slots);
  const uint64_t mask = compound_slots.size() - 1;
  for (const CompoundSlot& slot : old) {
    if (slot.generation != surface_generation) continue;
    uint64_t i = CompoundHash(slot.key) & mask;
    while (compound_slots[i].generation == surface_generation) i = (i + 1) & mask;
    compound_slots[i] = slot;
  }
}

uint32_t Analyzer::Impl::EnglishTermId(std::string_view folded, bool has_digit, bool acronym,
                                       TermDictionary& dictionary) {
  if (has_digit) return dictionary.Intern(folded);  // Kept whole, as Emit keeps them.
  const EnglishWord word = English(folded);
  if (word.stop && !KeptAcronym(acronym, folded)) return kNoTerm;
  return dictionary.Intern(word.stem);
}

Analyzer::Analyzer(AnalyzerOptions options) : impl_(std::make_unique<Impl>(options)) {}

Analyzer::~Analyzer() = default;

base::Result<std::vector<Term>> Analyzer::Analyze(std::string_view utf8, Language language) {
  ASSIGN_OR_RETURN(std::string_view text, impl_->Normalize(utf8));
  std::span<const Token> tokens = impl_->tokenizer.Tokenize(text);
  std::vector<Term> terms;
  terms.reserve(tokens.size() * 3);
  impl_->Emit(tokens, language,
              [&](TermKind, std::string_view term, uint32_t position, size_t, size_t) {
                terms.push_back(Term{std::string(term), position});
              });
  return terms;
}

base::Status Analyzer::AnalyzeIds(std::string_view utf8, Language language,
                                  TermDictionary& dictionary, std::vector<uint32_t>* ids) {
  if (language == Language::kEnglish && IsAscii(utf8)) {
    impl_->AnalyzeEnglishAscii(utf8, dictionary, ids);
    return base::Status::Ok();
  }
  // Latin-script text already in NFC, the most common, is read in one pass that also
  // checks it; only text that fails the check is validated and normalised first.
  if (impl_->AnalyzeLatin(utf8, /*checked=*/false, language, dictionary, ids)) {
    return base::Status::Ok();
  }
  ASSIGN_OR_RETURN(std::string_view text, impl_->Normalize(utf8));
  if (impl_->AnalyzeLatin(text, /*checked=*/true, language, dictionary, ids)) {
    return base::Status::Ok();
  }
  std::span<const Token> tokens = impl_->tokenizer.Tokenize(text);
  // The terms are collected first and interned together, so that the dictionary's memory
  // accesses overlap (TermDictionary::InternAll). Their bytes are copied, as Emit's views
  // point into scratch buffers that later terms overwrite.
  std::string& bytes = impl_->batch_bytes;
  std::vector<uint32_t>& ends = impl_->batch_ends;
  std::vector<std::string_view>& views = impl_->batch_views;
  bytes.clear();
  ends.clear();
  impl_->Emit(tokens, language, [&](TermKind, std::string_view term, uint32_t, size_t, size_t) {
    bytes.append(term);
    ends.push_back(static_cast<uint32_t>(bytes.size()));
  });
  views.clear();
  uint32_t begin = 0;
  for (uint32_t end : ends) {
    views.push_back(std::string_view(bytes).substr(begin, end - begin));
    begin = end;
  }
  const size_t first = ids->size();
  ids->resize(first + views.size());
  dictionary.InternAll(views, std::span<uint32_t>(ids->data() + first, views.size()));
  return base::Status::Ok();
}

base::Result<std::vector<QueryTerm>> Analyzer::AnalyzeQuery(std::string_view utf8,
                                                            Language language) {
  ASSIGN_OR_RETURN(std::string_view text, impl_->Normalize(utf8));
  std::span<const Token> tokens = impl_->tokenizer.Tokenize(text);
  std::vector<QueryTerm> terms;
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> index;
  auto surface = [&](size_t i) {
    return text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
  };
  impl_->Emit(tokens, language,
              [&](TermKind kind, std::string_view term, uint32_t, size_t first, size_t last) {
                float weight = kind == TermKind::kFolded ? impl_->options.folded_weight : 1.0f;
                // A Vietnamese syllable alone says little ("máy", "số"); the compounds it
                // forms carry the meaning.
                if (kind == TermKind::kExact || kind == TermKind::kFolded) {
                  weight *= impl_->options.syllable_weight;
                }
                if (auto it = index.find(term); it != index.end()) {
                  float& total = terms[it->second].weight;
                  total = std::min(kMaxQueryWeight, total + weight);
                  return;
                }
                std::string display(surface(first));
                if (last != first) {
                  if (!(tokens[last].script == Script::kCjk && tokens[last].adjacent)) {
                    display.push_back(' ');
                  }
                  display.append(surface(last));
                }
                index.emplace(std::string(term), terms.size());
                terms.push_back(QueryTerm{std::string(term), weight, std::move(display)});
              });

  const Glossary* glossary = impl_->options.glossary;
  if (glossary == nullptr || glossary->max_phrase_words() == 0) return terms;

  // Glossary phrases in the query, longest match first, left to right.
  std::vector<size_t> matched;
  std::string key;
  for (size_t i = 0; i < tokens.size();) {
    size_t best_end = 0;
    std::vector<size_t> best;
    key.clear();
    size_t words = 0;
    for (size_t j = i; j < tokens.size(); ++j) {
      words += internal::PhraseKeyWords(tokens[j]);
      if (words > glossary->max_phrase_words() && j > i) break;
      internal::AppendToPhraseKey(j > i ? &tokens[j - 1] : nullptr, tokens[j], key);
      std::vector<size_t> found = glossary->Find(key);
      if (!found.empty()) {
        best_end = j + 1;
        best = std::move(found);
      }
    }
    if (best_end == 0) {
      ++i;
      continue;
    }
    matched.insert(matched.end(), best.begin(), best.end());
    i = best_end;
  }
  if (matched.empty()) return terms;
  std::sort(matched.begin(), matched.end());
  matched.erase(std::unique(matched.begin(), matched.end()), matched.end());

  // `text` and `tokens` are not used past here: analysing the translations reuses them.
  const float translation_weight = impl_->options.translation_weight;
  std::unordered_set<std::string> translated;
  auto add_translations = [&](const std::vector<std::string>& phrases, Language phrase_language) {
    for (const std::string& phrase : phrases) {
      base::Result<std::vector<Term>> phrase_terms = Analyze(phrase, phrase_language);
      if (!phrase_terms.ok()) continue;  // Glossary phrases were checked when parsed.
      for (Term& term : *phrase_terms) {
        if (!translated.insert(term.text).second) continue;  // Each translation term once.
        if (auto it = index.find(term.text); it != index.end()) {
          float& weight = terms[it->second].weight;
          weight = std::max(weight, translation_weight);
          continue;
        }
        index.emplace(term.text, terms.size());
        terms.push_back(QueryTerm{std::move(term.text), translation_weight, phrase});
      }
    }
  };
  for (size_t entry_index : matched) {
    const GlossaryEntry& entry = glossary->entries()[entry_index];
    add_translations(entry.vi, Language::kVietnamese);
    add_translations(entry.en, Language::kEnglish);
    add_translations(entry.ja, Language::kJapanese);
  }
  return terms;
}

}  // namespace ketnoi::text

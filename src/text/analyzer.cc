#include "text/analyzer.h"

#include <libstemmer.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <algorithm>
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

  // AnalyzeIds of English text in ASCII (see AnalyzeEnglishAscii): the words as written,
  // numbered by a flat hash table; per word, its term's id in the dictionary with serial
  // `surface_serial`, valid when its generation is `surface_generation` (a new dictionary
  // starts a new generation, which forgets every id without touching them).
  struct SurfaceTerm {
    uint32_t generation = 0;
    uint32_t id = 0;  // kNoTerm: the word gives no term (an English stop word).
  };
  static constexpr uint32_t kNoTerm = 0xffffffffu;
  TermDictionary surfaces;
  std::vector<SurfaceTerm> surface_terms;
  uint64_t surface_serial = 0;
  uint32_t surface_generation = 0;
  std::string surface_lower;  // Scratch: a word in lower case.

  // Appends to `ids` the terms of `text`, English in ASCII, as AnalyzeIds's general path
  // would.
  void AnalyzeEnglishAscii(std::string_view text, TermDictionary& dictionary,
                           std::vector<uint32_t>* ids);
  // The term id in `dictionary` of the word of English text whose lower case is `folded`,
  // or kNoTerm.
  uint32_t EnglishTermId(std::string_view folded, bool has_digit, bool acronym,
                         TermDictionary& dictionary);
};

base::Result<std::string_view> Analyzer::Impl::Normalize(std::string_view utf8) {
  if (IsAscii(utf8)) return utf8;
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
  if (dictionary.serial() != surface_serial) {
    surface_serial = dictionary.serial();
    if (++surface_generation == 0) {  // Wrapped: forget every stamp.
      surface_terms.assign(surface_terms.size(), SurfaceTerm{});
      surface_generation = 1;
    }
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  auto alpha = [](unsigned char c) { return static_cast<unsigned>((c | 0x20) - 'a') < 26u; };
  auto digit = [](unsigned char c) { return static_cast<unsigned>(c - '0') < 10u; };
  size_t i = 0;
  while (i < size) {
    if (!alpha(bytes[i]) && !digit(bytes[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    int letters = 0;
    int upper = 0;
    bool has_digit = false;
    for (; i < size; ++i) {
      const unsigned char c = bytes[i];
      if (alpha(c)) {
        ++letters;
        if (c <= 'Z') ++upper;
      } else if (digit(c)) {
        has_digit = true;
      } else if (i + 1 < size &&
                 ((c == '\'' && letters > 0 && alpha(bytes[i - 1]) && alpha(bytes[i + 1])) ||
                  ((c == '.' || c == ',') && digit(bytes[i - 1]) && digit(bytes[i + 1])))) {
        continue;
      } else {
        break;
      }
    }
    const std::string_view surface = text.substr(start, i - start);
    uint32_t word = surfaces.Find(surface);
    if (word == TermDictionary::kNotFound) {
      if (surfaces.size() >= kMaxCachedStems) {
        surfaces = TermDictionary();
        surface_terms.clear();
      }
      word = surfaces.Intern(surface);
      surface_terms.resize(surfaces.size());
    }
    SurfaceTerm& entry = surface_terms[word];
    if (entry.generation != surface_generation) {
      surface_lower.assign(surface);
      for (char& c : surface_lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
      }
      entry = {surface_generation, EnglishTermId(surface_lower, has_digit,
                                                 letters >= 2 && upper == letters, dictionary)};
    }
    if (entry.id != kNoTerm) ids->push_back(entry.id);
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
  ASSIGN_OR_RETURN(std::string_view text, impl_->Normalize(utf8));
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

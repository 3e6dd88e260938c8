#include "import/bibtex/name_parts.h"

#include <algorithm>
#include <cstddef>

#include "import/bibtex/latex.h"
#include "import/ids.h"
#include "import/internal/scan.h"
#include "import/names.h"
#include "text/fold.h"

namespace ketnoi::import::bibtex {
namespace {

enum class LetterCase { kNone, kLower, kUpper };

std::string_view Trim(std::string_view text) {
  while (!text.empty() && internal::IsAsciiSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && internal::IsAsciiSpace(text.back())) text.remove_suffix(1);
  return text;
}

// The case of the first letter of decoded (UTF-8) text; marks and punctuation are skipped,
// and a letter without case (kana, han) gives kNone.
LetterCase DecodedCase(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (internal::IsAsciiLetter(c)) return c >= 'a' ? LetterCase::kLower : LetterCase::kUpper;
    const size_t length =
        std::min(internal::Utf8SequenceLength(static_cast<unsigned char>(c)), text.size() - i);
    if (static_cast<unsigned char>(c) >= 0x80) {
      // Latin letters with diacritics fold to their ASCII letter, "Đ" to "D".
      auto folded = text::FoldDiacritics(text.substr(i, length));
      if (folded.ok() && !folded->empty()) {
        const char base = (*folded)[0];
        if (!internal::IsAsciiLetter(base)) return LetterCase::kNone;
        return base >= 'a' ? LetterCase::kLower : LetterCase::kUpper;
      }
    }
    i += length;
  }
  return LetterCase::kNone;
}

// The index just past the '}' matching the '{' at `open`, or the end of `text`.
size_t SkipGroup(std::string_view text, size_t open) {
  int depth = 0;
  for (size_t i = open; i < text.size(); ++i) {
    if (text[i] == '{') ++depth;
    if (text[i] == '}' && --depth == 0) return i + 1;
  }
  return text.size();
}

// The case of a raw word, by BibTeX's rule: its first letter at brace depth 0, where a
// special character "{\...}" counts as a letter and other groups are skipped.
LetterCase WordCase(std::string_view word) {
  for (size_t i = 0; i < word.size();) {
    const char c = word[i];
    if (c == '{') {
      const size_t end = SkipGroup(word, i);
      if (i + 1 < word.size() && word[i + 1] == '\\') {
        const LetterCase special = DecodedCase(DecodeLatex(word.substr(i, end - i)));
        if (special != LetterCase::kNone) return special;
      }
      i = end;
      continue;
    }
    if (c == '\\') return DecodedCase(DecodeLatex(word.substr(i)));
    if (internal::IsAsciiLetter(c)) return c >= 'a' ? LetterCase::kLower : LetterCase::kUpper;
    const size_t length =
        std::min(internal::Utf8SequenceLength(static_cast<unsigned char>(c)), word.size() - i);
    if (static_cast<unsigned char>(c) >= 0x80) {
      const LetterCase letter = DecodedCase(word.substr(i, length));
      if (letter != LetterCase::kNone) return letter;
    }
    i += length;
  }
  return LetterCase::kNone;
}

bool IsLower(std::string_view word) { return WordCase(word) == LetterCase::kLower; }

// Splits `text` at depth-0 occurrences of `separator`, trimming each piece.
std::vector<std::string_view> SplitTopLevel(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '{') ++depth;
    if (c == '}' && depth > 0) --depth;
    if (c == separator && depth == 0) {
      pieces.push_back(Trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  pieces.push_back(Trim(text.substr(start)));
  return pieces;
}

// The words of one comma-separated part: split at depth-0 white space and unescaped '~'.
std::vector<std::string_view> Words(std::string_view part) {
  std::vector<std::string_view> words;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= part.size(); ++i) {
    const bool end = i == part.size();
    const char c = end ? ' ' : part[i];
    if (c == '{') ++depth;
    if (c == '}' && depth > 0) --depth;
    const bool separator = end || (depth == 0 && (internal::IsAsciiSpace(c) ||
                                                  (c == '~' && (i == 0 || part[i - 1] != '\\'))));
    if (!separator) continue;
    if (i > start) words.push_back(part.substr(start, i - start));
    start = i + 1;
  }
  return words;
}

// Decodes and cleans raw words joined by spaces.
std::string Render(const std::vector<std::string_view>& words, size_t begin, size_t end) {
  std::string raw;
  for (size_t i = begin; i < end && i < words.size(); ++i) {
    if (!raw.empty()) raw.push_back(' ');
    raw.append(words[i]);
  }
  auto clean = CleanText(DecodeLatex(raw));
  return clean.ok() ? *std::move(clean) : std::string();
}

// Fills von and last from the words before the first comma: von runs to the last
// lower-case word that is not the final word.
void SplitVonLast(const std::vector<std::string_view>& words, NameParts* parts) {
  if (words.empty()) return;
  size_t von_end = 0;  // One past the last von word.
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (IsLower(words[i])) von_end = i + 1;
  }
  parts->von = Render(words, 0, von_end);
  parts->last = Render(words, von_end, words.size());
}

bool HasInitials(std::string_view given) {
  for (std::string_view word : Words(given)) {
    for (std::string_view piece : SplitTopLevel(word, '-')) {
      if (piece.empty()) continue;
      if (piece.back() == '.') return true;
      if (internal::Utf8SequenceLength(static_cast<unsigned char>(piece[0])) >= piece.size())
        return true;
    }
  }
  return false;
}

std::string_view FirstWord(std::string_view text) {
  const std::vector<std::string_view> words = Words(text);
  return words.empty() ? std::string_view() : words.front();
}

void AppendWord(std::string_view word, std::string* out) {
  if (word.empty()) return;
  if (!out->empty()) out->push_back(' ');
  out->append(word);
}

}  // namespace

std::vector<std::string_view> SplitNameList(std::string_view field) {
  std::vector<std::string_view> names;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < field.size(); ++i) {
    const char c = field[i];
    if (c == '{') ++depth;
    if (c == '}' && depth > 0) --depth;
    // "and" between white space at depth 0, in any case.
    if (depth != 0 || !internal::IsAsciiSpace(c) || i + 4 >= field.size()) continue;
    const char a = field[i + 1];
    const char n = field[i + 2];
    const char d = field[i + 3];
    if ((a == 'a' || a == 'A') && (n == 'n' || n == 'N') && (d == 'd' || d == 'D') &&
        internal::IsAsciiSpace(field[i + 4])) {
      names.push_back(Trim(field.substr(start, i - start)));
      start = i + 4;
      i += 3;
    }
  }
  names.push_back(Trim(field.substr(start)));
  if (names.size() == 1 && names.front().empty()) names.clear();
  return names;
}

NameParts ParseName(std::string_view name) {
  NameParts parts;
  const std::vector<std::string_view> pieces = SplitTopLevel(Trim(name), ',');
  parts.commas = static_cast<int>(pieces.size()) - 1;
  if (parts.commas == 0) {
    const std::vector<std::string_view> words = Words(pieces[0]);
    if (words.empty()) return parts;
    // First von Last: von starts at the first lower-case word that is not the last word
    // and ends at the last such word; without one, Last is the last word.
    size_t von_begin = words.size() - 1;
    size_t von_end = words.size() - 1;
    for (size_t i = 0; i + 1 < words.size(); ++i) {
      if (!IsLower(words[i])) continue;
      if (von_begin == words.size() - 1) von_begin = i;
      von_end = i + 1;
    }
    parts.first = Render(words, 0, von_begin);
    parts.von = Render(words, von_begin, von_end);
    parts.last = Render(words, von_end, words.size());
    return parts;
  }
  SplitVonLast(Words(pieces[0]), &parts);
  if (parts.commas == 1) {
    parts.first = Render(Words(pieces[1]), 0, std::string_view::npos);
    return parts;
  }
  parts.jr = Render(Words(pieces[1]), 0, std::string_view::npos);
  std::vector<std::string_view> first;
  for (size_t i = 2; i < pieces.size(); ++i) {
    for (std::string_view word : Words(pieces[i])) first.push_back(word);
  }
  parts.first = Render(first, 0, first.size());
  return parts;
}

std::string DisplayName(const NameParts& parts) {
  std::string display;
  const bool vietnamese = !parts.first.empty() && IsVietnameseFamilyName(parts.last) &&
                          !HasInitials(parts.first) &&
                          !(parts.commas == 0 && IsVietnameseFamilyName(FirstWord(parts.first)));
  if (vietnamese) {
    AppendWord(parts.von, &display);
    AppendWord(parts.last, &display);
    AppendWord(parts.first, &display);
  } else {
    AppendWord(parts.first, &display);
    AppendWord(parts.von, &display);
    AppendWord(parts.last, &display);
  }
  AppendWord(parts.jr, &display);
  return display;
}

}  // namespace ketnoi::import::bibtex

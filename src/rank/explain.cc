#include "rank/explain.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "text/fold.h"

namespace ketnoi::rank {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

enum class CharClass { kSeparator, kWord, kCjk };

// Decodes the code point at `i` (text is valid UTF-8: it was analysed at indexing).
uint32_t Decode(std::string_view text, size_t i, size_t* length) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  const uint8_t lead = byte(i);
  size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (i + n > text.size()) n = 1;
  *length = n;
  if (n == 1) return lead;
  uint32_t cp = lead & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
  return cp;
}

CharClass Classify(uint32_t cp) {
  if (cp < 0x80) {
    const bool alnum =
        (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    return alnum ? CharClass::kWord : CharClass::kSeparator;
  }
  if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9F)) {
    return CharClass::kCjk;
  }
  // General punctuation, CJK symbols and punctuation, full-width forms' punctuation, no-break
  // space and Latin-1 punctuation separate words; other letters (Vietnamese) join them.
  if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
      (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7) {
    return CharClass::kSeparator;
  }
  return CharClass::kWord;
}

size_t CodePoints(std::string_view text, size_t begin, size_t end) {
  size_t count = 0;
  for (size_t i = begin; i < end; ++i) count += (static_cast<uint8_t>(text[i]) & 0xC0) != 0x80;
  return count;
}

// Lower-cased first three bytes (or fewer, up to a compound's '_').
std::string AsciiPrefix(std::string_view text) {
  std::string prefix;
  for (size_t i = 0; i < text.size() && prefix.size() < 3 && text[i] != '_'; ++i) {
    const char c = text[i];
    prefix += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return prefix;
}

}  // namespace

Highlighter::Highlighter(text::Analyzer& analyzer, std::vector<std::string> query_terms)
    : analyzer_(analyzer) {
  for (std::string& term : query_terms) {
    size_t length = 0;
    if (!term.empty() && Classify(Decode(term, 0, &length)) == CharClass::kCjk) {
      cjk_terms_.push_back(term);
    }
    ascii_prefixes_.insert(AsciiPrefix(term));
    terms_.insert(std::move(term));
  }
  std::sort(cjk_terms_.begin(), cjk_terms_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

bool Highlighter::WordMatches(std::string_view word, text::Language language) {
  const bool ascii =
      std::all_of(word.begin(), word.end(), [](char c) { return static_cast<uint8_t>(c) < 0x80; });
  if (ascii && ascii_prefixes_.count(AsciiPrefix(word)) == 0) return false;
  std::string key(word);
  key += static_cast<char>('0' + static_cast<int>(language));
  auto it = cache_.find(key);
  if (it != cache_.end()) return it->second;
  bool matched = false;
  auto terms = analyzer_.Analyze(word, language);
  if (terms.ok()) {
    for (const text::Term& term : *terms) matched = matched || terms_.count(term.text) != 0;
  }
  cache_.emplace(std::move(key), matched);
  return matched;
}

std::vector<ByteSpan> Highlighter::FindMatches(std::string_view text, text::Language language) {
  std::vector<ByteSpan> matches;
  size_t i = 0;
  while (i < text.size()) {
    size_t length = 0;
    const CharClass cls = Classify(Decode(text, i, &length));
    if (cls == CharClass::kSeparator) {
      i += length;
      continue;
    }
    size_t end = i + length;
    while (end < text.size()) {
      size_t next = 0;
      if (Classify(Decode(text, end, &next)) != cls) break;
      end += next;
    }
    const std::string_view run = text.substr(i, end - i);
    if (cls == CharClass::kWord) {
      if (WordMatches(run, language)) matches.push_back({i, end});
    } else {
      // Greedy longest-first search of Japanese query terms inside the run.
      size_t at = 0;
      while (at < run.size()) {
        size_t matched = 0;
        for (const std::string& term : cjk_terms_) {
          if (run.substr(at, term.size()) == term) {
            matched = term.size();
            break;
          }
        }
        if (matched > 0) {
          matches.push_back({i + at, i + at + matched});
          at += matched;
        } else {
          size_t step = 0;
          Decode(run, at, &step);
          at += step;
        }
      }
    }
    i = end;
  }
  return matches;
}

std::string Highlighter::Render(std::string_view text, const std::vector<ByteSpan>& matches) {
  std::string out;
  size_t at = 0;
  for (const ByteSpan& match : matches) {
    if (match.begin < at || match.end > text.size()) continue;
    out += HtmlEscape(text.substr(at, match.begin - at));
    out += "<mark>";
    out += HtmlEscape(text.substr(match.begin, match.end - match.begin));
    out += "</mark>";
    at = match.end;
  }
  if (at < text.size()) out += HtmlEscape(text.substr(at));
  return out;
}

std::string Highlighter::Snippet(std::string_view text, const std::vector<ByteSpan>& matches,
                                 size_t max_chars) {
  if (CodePoints(text, 0, text.size()) <= max_chars) return Render(text, matches);
  // The window starting at match `best` that covers the most matches.
  size_t best = 0, best_count = 0;
  for (size_t i = 0, j = 0; i < matches.size(); ++i) {
    j = std::max(j, i);
    while (j < matches.size() &&
           CodePoints(text, matches[i].begin, matches[j].end) <= max_chars * 3 / 4) {
      ++j;
    }
    if (j - i > best_count) {
      best_count = j - i;
      best = i;
    }
  }
  // Start a little before the first match, at a word boundary; a fifth of the window is
  // leading context.
  size_t begin = 0;
  if (!matches.empty()) {
    begin = matches[best].begin;
    size_t context = 0;
    while (begin > 0 && context < max_chars / 5) {
      --begin;
      context += (static_cast<uint8_t>(text[begin]) & 0xC0) != 0x80;
    }
    while (begin > 0 && (static_cast<uint8_t>(text[begin]) & 0xC0) == 0x80) --begin;
    if (begin > 0) {
      const size_t space = text.find(' ', begin);
      if (space != std::string_view::npos && space < matches[best].begin) begin = space + 1;
    }
  }
  size_t end = begin, chars = 0;
  while (end < text.size() && chars < max_chars) {
    ++end;
    while (end < text.size() && (static_cast<uint8_t>(text[end]) & 0xC0) == 0x80) ++end;
    ++chars;
  }
  if (end < text.size()) {
    const size_t space = text.rfind(' ', end);
    if (space != std::string_view::npos && space > begin) end = space;
  }
  std::vector<ByteSpan> inside;
  for (const ByteSpan& match : matches) {
    if (match.begin >= begin && match.end <= end)
      inside.push_back({match.begin - begin, match.end - begin});
  }
  std::string out = begin > 0 ? "…" : "";
  out += Render(text.substr(begin, end - begin), inside);
  if (end < text.size()) out += "…";
  return out;
}

namespace {

// Whether `phrase` occurs in `words` bounded by spaces or the ends.
bool ContainsPhrase(std::string_view words, std::string_view phrase) {
  for (size_t at = words.find(phrase); at != std::string_view::npos;
       at = words.find(phrase, at + 1)) {
    const bool starts = at == 0 || words[at - 1] == ' ';
    const size_t end = at + phrase.size();
    if (starts && (end == words.size() || words[end] == ' ')) return true;
  }
  return false;
}

// `first` joined with `second` when the last word of `first` is the first word of `second`
// ("mật mã" + "mã hậu" = "mật mã hậu"), else "".
std::string Overlapped(std::string_view first, std::string_view second) {
  const size_t last_space = first.rfind(' ');
  const size_t first_space = second.find(' ');
  if (last_space == std::string_view::npos || first_space == std::string_view::npos) return "";
  if (first.substr(last_space + 1) != second.substr(0, first_space)) return "";
  return std::string(first) + std::string(second.substr(first_space));
}

}  // namespace

std::string QueryWords(std::string_view text) {
  auto nfc = text::ToNfc(text);
  if (!nfc.ok()) return "";
  auto lower = text::FoldCase(*nfc);
  if (!lower.ok()) return "";
  std::string words;
  bool space = true;  // No leading space.
  for (char c : *lower) {
    const auto byte = static_cast<unsigned char>(c);
    // Letters, digits, bytes of non-ASCII characters and the joiners inside words
    // ("nơ-ron", "o'clock") stay; any other ASCII character separates words.
    const bool keep = byte >= 0x80 || std::isalnum(byte) != 0 || c == '-' || c == '\'';
    if (keep) {
      words += c;
      space = false;
    } else if (!space) {
      words += ' ';
      space = true;
    }
  }
  if (!words.empty() && words.back() == ' ') words.pop_back();
  return words;
}

TermShares JoinPhrases(TermShares shares, std::string_view query_words) {
  bool joined = true;
  while (joined) {
    joined = false;
    for (size_t i = 0; i < shares.size() && !joined; ++i) {
      for (size_t j = 0; j < shares.size() && !joined; ++j) {
        if (i == j) continue;
        std::string phrase = Overlapped(shares[i].first, shares[j].first);
        if (phrase.empty() || !ContainsPhrase(query_words, phrase)) continue;
        shares[i] = {std::move(phrase), shares[i].second + shares[j].second};
        shares.erase(shares.begin() + static_cast<std::ptrdiff_t>(j));
        joined = true;
      }
    }
  }
  return shares;
}

}  // namespace ketnoi::rank

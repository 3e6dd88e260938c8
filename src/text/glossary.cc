#include "text/glossary.h"

#include <algorithm>

#include "text/fold.h"
#include "text/internal/tokenizer.h"

namespace ketnoi::text {
namespace {

constexpr std::string_view kHeader = "vi\ten\tja";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// The lookup key of a phrase in NFC and its length in words (see AppendToPhraseKey).
std::string PhraseKey(std::string_view nfc, size_t* words) {
  internal::Tokenizer tokenizer(/*segment_cjk=*/false);
  std::span<const internal::Token> tokens = tokenizer.Tokenize(nfc);
  std::string key;
  size_t count = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    internal::AppendToPhraseKey(i > 0 ? &tokens[i - 1] : nullptr, tokens[i], key);
    count += internal::PhraseKeyWords(tokens[i]);
  }
  if (words != nullptr) *words = count;
  return key;
}

base::Status LineError(size_t line, std::string_view message) {
  return base::InvalidArgument("glossary line " + std::to_string(line) + ": " +
                               std::string(message));
}

}  // namespace

base::Result<Glossary> Glossary::Parse(std::string_view tsv) {
  Glossary glossary;
  bool seen_header = false;
  size_t line_number = 0;
  while (!tsv.empty()) {
    size_t newline = tsv.find('\n');
    std::string_view line = tsv.substr(0, newline);
    tsv.remove_prefix(newline == std::string_view::npos ? tsv.size() : newline + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_number == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // BOM
    if (Trim(line).empty() || line.front() == '#') continue;
    if (size_t bad = FindInvalidUtf8(line); bad != std::string_view::npos) {
      return LineError(line_number,
                       "invalid UTF-8 at byte " + std::to_string(bad) + " of the line");
    }
    if (!seen_header) {
      if (line != kHeader) {
        return LineError(line_number, "expected the header \"vi<TAB>en<TAB>ja\"");
      }
      seen_header = true;
      continue;
    }
    std::vector<std::string_view> cells;
    for (size_t start = 0;;) {
      size_t tab = line.find('\t', start);
      cells.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (cells.size() != 3) {
      return LineError(line_number, "expected 3 tab-separated cells (vi, en, ja), found " +
                                        std::to_string(cells.size()));
    }
    GlossaryEntry entry;
    std::vector<std::string>* columns[] = {&entry.vi, &entry.en, &entry.ja};
    for (size_t c = 0; c < 3; ++c) {
      std::string_view cell = cells[c];
      for (size_t start = 0; start <= cell.size();) {
        size_t bar = cell.find('|', start);
        if (bar == std::string_view::npos) bar = cell.size();
        std::string_view phrase = Trim(cell.substr(start, bar - start));
        start = bar + 1;
        if (phrase.empty()) continue;
        ASSIGN_OR_RETURN(std::string nfc, ToNfc(phrase));
        columns[c]->push_back(std::move(nfc));
      }
    }
    if (entry.vi.empty() && entry.en.empty() && entry.ja.empty()) {
      return LineError(line_number, "entry has no phrase");
    }
    const size_t index = glossary.entries_.size();
    for (const auto* column : columns) {
      for (const std::string& phrase : *column) {
        size_t words = 0;
        std::string key = PhraseKey(phrase, &words);
        if (key.empty()) {
          return LineError(line_number, "phrase \"" + phrase + "\" has no words");
        }
        std::vector<size_t>& indexes = glossary.by_key_[key];
        if (indexes.empty() || indexes.back() != index) indexes.push_back(index);
        glossary.max_phrase_words_ = std::max(glossary.max_phrase_words_, words);
      }
    }
    glossary.entries_.push_back(std::move(entry));
  }
  if (!seen_header) return LineError(line_number, "missing header \"vi<TAB>en<TAB>ja\"");
  return glossary;
}

std::vector<size_t> Glossary::Find(std::string_view phrase) const {
  // Keys the analyzer builds from English or Vietnamese words are lower-case ASCII words
  // separated by single spaces: such a phrase is its own key.
  bool is_key = !phrase.empty() && phrase.front() != ' ' && phrase.back() != ' ';
  for (size_t i = 0; is_key && i < phrase.size(); ++i) {
    char c = phrase[i];
    is_key = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == ' ' && phrase[i - 1] != ' ');
  }
  std::string key;
  if (is_key) {
    key.assign(phrase);
  } else {
    base::Result<std::string> nfc = ToNfc(phrase);
    if (!nfc.ok()) return {};
    key = PhraseKey(*nfc, nullptr);
  }
  auto found = by_key_.find(key);
  if (found == by_key_.end()) return {};
  return found->second;
}

}  // namespace ketnoi::text

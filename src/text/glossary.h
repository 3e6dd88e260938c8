// Glossary: a bilingual (trilingual) dictionary of technical terms used to translate
// queries, e.g. "bán dẫn" <-> "semiconductor" <-> "半導体".
//
// File format (UTF-8, tab-separated, '#' starts a comment line, header line required):
//   vi<TAB>en<TAB>ja
//   bán dẫn<TAB>semiconductor<TAB>半導体
//   trí tuệ nhân tạo<TAB>artificial intelligence|AI<TAB>人工知能
// A cell may hold several synonyms separated by '|'; any cell may be empty.
//
// Thread safety: immutable after Parse; safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"

namespace ketnoi::text {

struct GlossaryEntry {
  std::vector<std::string> vi;
  std::vector<std::string> en;
  std::vector<std::string> ja;
};

class Glossary {
 public:
  // Parses the TSV text. Errors: InvalidArgument naming the line number of a malformed
  // line (wrong number of cells, invalid UTF-8, missing header).
  static base::Result<Glossary> Parse(std::string_view tsv);

  const std::vector<GlossaryEntry>& entries() const { return entries_; }

  // Entries having `phrase` (compared case-folded and without diacritics, words separated
  // by single spaces) in any language. Returns indexes into entries().
  std::vector<size_t> Find(std::string_view phrase) const;

  // The longest phrase, in words, of any entry (for phrase matching in queries).
  size_t max_phrase_words() const { return max_phrase_words_; }

 private:
  std::vector<GlossaryEntry> entries_;
  std::unordered_map<std::string, std::vector<size_t>> by_key_;
  size_t max_phrase_words_ = 0;
};

}  // namespace ketnoi::text

// Explanations: which words of a work's title and abstract match the query, marked for
// display, and the abstract passage that matches densest.
//
// A word matches when analysing it alone (text/Analyzer, same language as its work) yields
// a query term (ASCII words are first screened by prefix, see ascii_prefixes_); compound terms are
// shown through their syllables. Japanese has no spaces: runs of kana/kanji are searched for the
// query's Japanese terms instead. Output is HTML: text escaped, matches wrapped in
// <mark>...</mark>.
//
// Thread safety: a Highlighter borrows an Analyzer and caches per query; one per thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "text/analyzer.h"

namespace ketnoi::rank {

// What each query word or phrase contributed to an expert's score, as shown to the user.
using TermShares = std::vector<std::pair<std::string, double>>;

// The query as a reader sees its words: NFC, lower case, punctuation as spaces, one space
// between words. Text that is not valid UTF-8 gives "".
std::string QueryWords(std::string_view text);

// Joins the shares of word sequences that overlap by one word into the phrase the query
// wrote, summing their shares. The engine matches a Vietnamese phrase through the compounds
// of its adjacent syllables, so "mật mã hậu lượng tử" contributes "mật mã", "mã hậu", "hậu
// lượng" and "lượng tử"; the pairs that straddle two words mean nothing to a reader, the
// phrase does. Two sequences are joined only when the joined phrase occurs in
// `query_words` (QueryWords) as whole words. Order: the joined entry takes the place of the
// first of its parts.
TermShares JoinPhrases(TermShares shares, std::string_view query_words);

// Escapes &, <, >, " and '.
std::string HtmlEscape(std::string_view text);

struct ByteSpan {
  size_t begin = 0;
  size_t end = 0;
};

class Highlighter {
 public:
  // `query_terms`: the analysed query terms (index-term forms). REQUIRES: `analyzer`
  // outlives the Highlighter.
  Highlighter(text::Analyzer& analyzer, std::vector<std::string> query_terms);

  // Byte ranges of matching words in `text`, increasing and disjoint.
  std::vector<ByteSpan> FindMatches(std::string_view text, text::Language language);

  // `text` escaped with `matches` marked.
  static std::string Render(std::string_view text, const std::vector<ByteSpan>& matches);

  // A passage of about `max_chars` code points around the densest matches, escaped and
  // marked, with "…" where the text was cut.
  static std::string Snippet(std::string_view text, const std::vector<ByteSpan>& matches,
                             size_t max_chars);

 private:
  bool WordMatches(std::string_view word, text::Language language);

  text::Analyzer& analyzer_;
  std::unordered_set<std::string> terms_;
  std::vector<std::string> cjk_terms_;  // Longest first.
  // Lower-cased first three bytes of the query terms: an ASCII word whose prefix is not
  // here cannot analyse to a query term (English stemming and folding keep the first
  // letters), so it is not analysed at all. This keeps highlighting cheap.
  std::unordered_set<std::string> ascii_prefixes_;
  std::unordered_map<std::string, bool> cache_;
};

}  // namespace ketnoi::rank

// Small pieces of text scanning that the parsers share.
//
// Thread safety: pure functions; a LineIndex is a single-thread value.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ketnoi::import::internal {

inline bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// `text` with its ASCII capitals in lower case; other bytes (UTF-8 included) as they are.
inline std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

// Space, tab and line ends: the white space of JSON and of names.
inline bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Length of the UTF-8 sequence that `lead` starts (1 for ASCII and for stray bytes).
inline size_t Utf8SequenceLength(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

// Line numbers (1-based) of byte offsets. Queries move a cursor, so a pass that asks about
// increasing offsets (as the parsers do) costs one scan of the input in total.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {}

  int64_t LineAt(size_t offset) {
    offset = std::min(offset, text_.size());
    const auto begin = text_.begin();
    if (offset >= offset_) {
      line_ += std::count(begin + static_cast<std::ptrdiff_t>(offset_),
                          begin + static_cast<std::ptrdiff_t>(offset), '\n');
    } else {
      line_ -= std::count(begin + static_cast<std::ptrdiff_t>(offset),
                          begin + static_cast<std::ptrdiff_t>(offset_), '\n');
    }
    offset_ = offset;
    return line_;
  }

 private:
  std::string_view text_;
  size_t offset_ = 0;
  int64_t line_ = 1;
};

}  // namespace ketnoi::import::internal

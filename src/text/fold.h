// Unicode helpers for text that people type: NFC normalisation and diacritic folding.
//
// Vietnamese is written with stacked diacritics ("Nguyễn") that arrive precomposed or
// decomposed depending on the keyboard; KetNoi stores NFC and matches names typed without
// diacritics ("Nguyen") through the ASCII fold.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace ketnoi::text {

// Returns `utf8` in Unicode Normalization Form C.
// Errors: InvalidArgument if `utf8` is not valid UTF-8 (the message gives the byte offset).
base::Result<std::string> ToNfc(std::string_view utf8);

// Returns `utf8` without diacritics: letters are decomposed, combining marks dropped and
// "đ"/"Đ" mapped to "d"/"D", so "Nguyễn Thị Đào" becomes "Nguyen Thi Dao". Case is kept;
// characters without a Latin base (kanji, hangul) are kept as they are.
// Errors: InvalidArgument if `utf8` is not valid UTF-8.
base::Result<std::string> FoldDiacritics(std::string_view utf8);

// Returns `utf8` case-folded (Unicode full case folding, then NFC): "Nhà Máy" -> "nhà máy".
// Errors: InvalidArgument if `utf8` is not valid UTF-8.
base::Result<std::string> FoldCase(std::string_view utf8);

// Returns the offset of the first byte that makes `utf8` invalid UTF-8, or npos if valid.
size_t FindInvalidUtf8(std::string_view utf8);

}  // namespace ketnoi::text

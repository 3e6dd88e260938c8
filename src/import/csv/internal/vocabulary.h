// The words the CSV importer recognises in cells and headers: match keys, country names,
// language names and work kinds, in English and Vietnamese.
//
// Thread safety: pure functions over constant tables.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/work.h"

namespace ketnoi::import::csv_internal {

// `text` as headers and words are compared: case-folded, without diacritics ("đ" -> "d"),
// '_', '-', '.' and '/' read as spaces, spaces collapsed and trimmed: "Họ và tên" ->
// "ho va ten", "FULL_NAME" -> "full name". Invalid UTF-8 is compared as ASCII-lowered bytes.
std::string MatchKey(std::string_view text);

// The ISO 3166-1 alpha-2 code for an alpha-2 or alpha-3 code or a common English or
// Vietnamese country name ("Japan", "Nhật Bản", "jpn", "jp" -> "JP"), or nullopt.
std::optional<std::string> CountryCodeFor(std::string_view text);

// The ISO 639-1 code for a code or a language's English or Vietnamese name ("Tiếng Việt",
// "English", "vie" -> "vi", "en"), or nullopt.
std::optional<std::string> LanguageCodeFor(std::string_view text);

// The kind a work-type word names ("bài báo", "sáng chế", "đề tài", "patent"), or nullopt.
std::optional<model::WorkKind> WorkKindFor(std::string_view text);

}  // namespace ketnoi::import::csv_internal

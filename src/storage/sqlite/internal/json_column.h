// JSON text for the store's list columns (skills, keywords, languages, review reasons),
// written directly rather than by building an nlohmann::json value and dumping it: a bulk
// import writes one such column per work and several per expert.
//
// The text is byte for byte what nlohmann::json's dump() writes (no indentation, UTF-8 kept
// as it is, invalid UTF-8 replaced by U+FFFD), so a value is stored the same whichever way
// it was written; the tests compare the two.
//
// Thread safety: functions of their arguments only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ketnoi::storage::sqlite::internal {

// Appends `text` as a JSON string: quoted, with '"', '\' and control characters escaped.
// REQUIRES: `text` is valid UTF-8 (model::IsValidUtf8).
void AppendJsonString(std::string_view text, std::string* out);

// ["a","b"]: the JSON array of `values`.
std::string JsonStringArray(const std::vector<std::string>& values);

}  // namespace ketnoi::storage::sqlite::internal

// Identifiers and text as importers must store them: ORCID iDs with a verified checksum,
// DOIs in one canonical form, strings as valid NFC UTF-8.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace ketnoi::import {

// The ORCID iD in `text` as "0000-0002-1825-0097", accepting it bare, with or without
// hyphens, or as a URL ("https://orcid.org/0000-0002-1825-0097"); nullopt when it is not
// 16 digits (the last may be X) or its check digit (ISO 7064 MOD 11-2, as ORCID specifies)
// is wrong.
std::optional<std::string> NormalizeOrcid(std::string_view text);

// The DOI in `text` in lower case without resolver or scheme ("https://doi.org/",
// "http://dx.doi.org/", "doi:"): "10.1109/5.771073"; nullopt when what is left does not
// start with "10." and a registrant code followed by "/" and a suffix.
std::optional<std::string> NormalizeDoi(std::string_view text);

// `text` as stored text: valid UTF-8 (else InvalidArgument with the byte offset of the first
// invalid sequence), NFC, control characters other than newline and tab replaced by spaces,
// runs of white space collapsed to one space and the ends trimmed (newlines kept only when
// `keep_newlines`).
base::Result<std::string> CleanText(std::string_view text, bool keep_newlines = false);

}  // namespace ketnoi::import

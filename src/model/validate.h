// Field-level validation of domain entities, before they are stored.
//
// Each Validate returns OK or the first problem found as InvalidArgument, with field() the
// path of the offending value ("orcid", "availability[0].to") and a message that says what
// is expected ("must be a date YYYY-MM-DD", "ORCID check digit does not match"). References
// to other entities are checked for form only (non-zero); whether they exist is the
// service's concern.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "base/status.h"
#include "model/chapter.h"
#include "model/expert.h"
#include "model/organization.h"
#include "model/problem.h"
#include "model/taxonomy.h"
#include "model/work.h"

namespace ketnoi::model {

base::Status Validate(const Organization& value);
base::Status Validate(const TaxonomyVersion& value);
base::Status Validate(const TaxonomyGroup& value);
base::Status Validate(const Chapter& value);
base::Status Validate(const Membership& value);
base::Status Validate(const Expert& value);
base::Status Validate(const Work& value);
base::Status Validate(const Problem& value);

// A calendar date "YYYY-MM-DD" that exists (2026-02-29 does not).
bool IsValidDate(std::string_view text);
// An assigned ISO 3166-1 alpha-2 code in upper case, e.g. "VN", "JP", "GB".
bool IsValidCountryCode(std::string_view text);
// An ISO 639-1 code in lower case, e.g. "vi", "en", "ja".
bool IsValidLanguageCode(std::string_view text);
// "0000-0002-1825-0097": four groups of four digits, last may be X, with a correct
// ISO 7064 MOD 11-2 check digit.
bool IsValidOrcid(std::string_view text);
// "10.<registrant>/<suffix>" as Crossref/DataCite assign them.
bool IsValidDoi(std::string_view text);
// ISO 4217 form: three upper-case letters.
bool IsValidCurrencyCode(std::string_view text);
// Well-formed UTF-8: no overlong forms, surrogates or code points above U+10FFFF.
bool IsValidUtf8(std::string_view text);

}  // namespace ketnoi::model

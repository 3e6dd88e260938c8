#include "model/validate.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "model/enums.h"

namespace ketnoi::model {
namespace {

using base::InvalidArgument;
using base::Status;

// Length limits, in bytes of UTF-8. They are far above any real value and exist to keep
// a careless or hostile client from storing megabytes in a field that is indexed and shown.
constexpr size_t kMaxNameBytes = 300;        // Names, cities, affiliation titles, skills.
constexpr size_t kMaxTitleBytes = 1000;      // Titles, venues, products, deliverables.
constexpr size_t kMaxLongTextBytes = 20000;  // Abstracts, descriptions, bios, notes.
constexpr size_t kMaxUrlBytes = 2000;        // What browsers and proxies reliably accept.
constexpr size_t kMaxEmailBytes = 254;       // RFC 5321 limit on a forward path.
constexpr size_t kMaxCodeBytes = 100;        // Taxonomy decision numbers, "1131/QD-TTg".
constexpr size_t kMaxListItems = 100;        // Skills, keywords, groups, languages, ...
// Large-collaboration physics papers list a few thousand authors.
constexpr size_t kMaxAuthors = 5000;
constexpr int kMaxHoursPerMonth = 31 * 24;

enum class Presence { kOptional, kRequired };

// ---------------------------------------------------------------------------------------------
// UTF-8 and blank text.

// Decodes the code point at text[*pos] and advances *pos past it. Returns false for any
// sequence RFC 3629 forbids: stray continuation bytes, overlong forms, surrogates and values
// above U+10FFFF, since those are how invalid text slips past later byte-level processing.
bool DecodeUtf8(std::string_view text, size_t* pos, char32_t* code_point) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(*pos);
  size_t length = 0;
  unsigned char min_second = 0x80;
  unsigned char max_second = 0xBF;
  if (lead < 0x80) {
    *code_point = lead;
    ++*pos;
    return true;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) min_second = 0xA0;  // Overlong below U+0800.
    if (lead == 0xED) max_second = 0x9F;  // Surrogates U+D800..U+DFFF.
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) min_second = 0x90;  // Overlong below U+10000.
    if (lead == 0xF4) max_second = 0x8F;  // Above U+10FFFF.
  } else {
    return false;
  }
  if (text.size() - *pos < length) return false;
  char32_t value = lead & (0xFF >> (length + 1));
  for (size_t i = 1; i < length; ++i) {
    const unsigned char next = byte(*pos + i);
    const unsigned char low = (i == 1) ? min_second : 0x80;
    const unsigned char high = (i == 1) ? max_second : 0xBF;
    if (next < low || next > high) return false;
    value = (value << 6) | (next & 0x3F);
  }
  *code_point = value;
  *pos += length;
  return true;
}

// Unicode White_Space, plus the zero-width space and BOM: a Japanese name of ideographic
// spaces (U+3000) or a pasted "\u200b" is as empty as one of ASCII spaces.
bool IsSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

// REQUIRES: IsValidUtf8(text).
bool IsBlank(std::string_view text) {
  size_t pos = 0;
  char32_t code_point = 0;
  while (pos < text.size()) {
    if (!DecodeUtf8(text, &pos, &code_point) || !IsSpace(code_point)) return false;
  }
  return true;
}

// A run of visible characters: valid UTF-8 without spaces or control characters, as an
// identifier (DOI suffix, email address) must be to survive copy and paste.
bool IsToken(std::string_view text) {
  size_t pos = 0;
  char32_t code_point = 0;
  while (pos < text.size()) {
    if (!DecodeUtf8(text, &pos, &code_point) || IsSpace(code_point) || code_point < 0x20 ||
        (code_point >= 0x7F && code_point <= 0x9F)) {
      return false;
    }
  }
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// ---------------------------------------------------------------------------------------------
// Code lists.

// ISO 3166-1 alpha-2: the 249 officially assigned codes (not the reserved "UK", "EU" or the
// user-assigned "XK"). Checked against the Debian iso-codes package.
constexpr std::array<std::string_view, 249> kCountryCodes = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
};
static_assert(std::is_sorted(kCountryCodes.begin(), kCountryCodes.end()));

// ISO 639-1: the 184 two-letter language codes, including "bh" (Bihari), which
// ISO 639-2 still maps. Checked against the Debian iso-codes package.
constexpr std::array<std::string_view, 184> kLanguageCodes = {
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
};
static_assert(std::is_sorted(kLanguageCodes.begin(), kLanguageCodes.end()));

// ---------------------------------------------------------------------------------------------
// Formats not exported in validate.h.

// "dddd-dddd-dddd-dddC" where C is a digit or X; the check digit is not verified here.
bool HasOrcidForm(std::string_view text) {
  if (text.size() != 19) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i % 5 == 4) {
      if (c != '-') return false;
    } else if (!IsDigit(c) && !(i == 18 && c == 'X')) {
      return false;
    }
  }
  return true;
}

bool IsValidEmail(std::string_view text) {
  const size_t at = text.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < text.size() &&
         text.find('@', at + 1) == std::string_view::npos && IsToken(text);
}

// Upper-case letters, digits and '-', so codes read well in URLs and badges: "JP", "UK-IE".
bool IsValidChapterCode(std::string_view text) {
  return text.size() >= 2 && text.size() <= 16 && std::all_of(text.begin(), text.end(), [](char c) {
           return IsUpper(c) || IsDigit(c) || c == '-';
         });
}

// ---------------------------------------------------------------------------------------------
// Field checks. Each returns an error whose field() is `field` (or a path below it).

Status CheckText(std::string_view field, std::string_view value, size_t max_bytes,
                 Presence presence = Presence::kOptional) {
  if (!IsValidUtf8(value)) return InvalidArgument("must be valid UTF-8", std::string(field));
  if (presence == Presence::kRequired && IsBlank(value)) {
    return InvalidArgument("must not be empty", std::string(field));
  }
  if (value.size() > max_bytes) {
    return InvalidArgument("must be at most " + std::to_string(max_bytes) + " bytes long",
                           std::string(field));
  }
  return Status::Ok();
}

Status CheckLocalized(std::string_view field, const LocalizedText& value, size_t max_bytes) {
  RETURN_IF_ERROR(CheckText("vi", value.vi, max_bytes).WithFieldPrefix(field));
  RETURN_IF_ERROR(CheckText("en", value.en, max_bytes).WithFieldPrefix(field));
  return Status::Ok();
}

// A value with a fixed form (code, date, identifier): empty means "not given" unless
// required; otherwise `is_valid` must accept it, and `expected` tells the client what would.
Status CheckFormat(std::string_view field, std::string_view value, Presence presence,
                   bool (*is_valid)(std::string_view), std::string_view expected) {
  if (value.empty() && presence == Presence::kOptional) return Status::Ok();
  RETURN_IF_ERROR(CheckText(field, value, kMaxNameBytes, presence));
  if (!is_valid(value))
    return InvalidArgument("must be " + std::string(expected), std::string(field));
  return Status::Ok();
}

Status CheckDate(std::string_view field, std::string_view value,
                 Presence presence = Presence::kOptional) {
  return CheckFormat(field, value, presence, IsValidDate, "a date YYYY-MM-DD that exists");
}

Status CheckCountry(std::string_view field, std::string_view value, Presence presence) {
  return CheckFormat(field, value, presence, IsValidCountryCode,
                     "an ISO 3166-1 alpha-2 country code in upper case, e.g. \"VN\"");
}

Status CheckLanguage(std::string_view field, std::string_view value, Presence presence) {
  return CheckFormat(field, value, presence, IsValidLanguageCode,
                     "an ISO 639-1 language code in lower case, e.g. \"vi\"");
}

// A reference to another entity. Absent (0) is allowed for optional references; negative
// ids never come from the store, so they are a client bug either way.
Status CheckReference(std::string_view field, Id id, Presence presence) {
  if (id > 0 || (id == 0 && presence == Presence::kOptional)) return Status::Ok();
  return InvalidArgument(
      presence == Presence::kRequired ? "must be a positive id" : "must be a positive id or null",
      std::string(field));
}

template <typename E>
Status CheckEnum(std::string_view field, E value) {
  if (FromName<E>(ToName(value))) return Status::Ok();
  return InvalidArgument("must be one of " + AcceptedNames<E>(), std::string(field));
}

// Runs `check_item` on each item; its errors are relative to the item and get "field[i]"
// in front.
template <typename T, typename CheckItem>
Status CheckEach(std::string_view field, const std::vector<T>& items, size_t max_items,
                 CheckItem check_item) {
  if (items.size() > max_items) {
    return InvalidArgument("must have at most " + std::to_string(max_items) + " items",
                           std::string(field));
  }
  for (size_t i = 0; i < items.size(); ++i) {
    Status status = check_item(items[i]);
    if (!status.ok()) {
      return status.WithFieldPrefix("[" + std::to_string(i) + "]").WithFieldPrefix(field);
    }
  }
  return Status::Ok();
}

// Taxonomy group ids: each a positive id, each listed once.
Status CheckGroupIds(std::string_view field, const std::vector<Id>& ids) {
  std::unordered_set<Id> seen;
  return CheckEach(field, ids, kMaxListItems, [&](Id id) {
    RETURN_IF_ERROR(CheckReference("", id, Presence::kRequired));
    if (!seen.insert(id).second) return InvalidArgument("must not repeat a group id");
    return Status::Ok();
  });
}

Status CheckAffiliation(const Affiliation& value) {
  RETURN_IF_ERROR(CheckReference("organization_id", value.organization_id, Presence::kRequired));
  return CheckText("title", value.title, kMaxNameBytes);
}

Status CheckAvailability(const AvailabilityWindow& value) {
  RETURN_IF_ERROR(CheckDate("from", value.from, Presence::kRequired));
  RETURN_IF_ERROR(CheckDate("to", value.to, Presence::kRequired));
  // Valid dates in one fixed-width form compare correctly as strings.
  if (value.to < value.from) return InvalidArgument("must not be before \"from\"", "to");
  if (value.hours_per_month < 0 || value.hours_per_month > kMaxHoursPerMonth) {
    return InvalidArgument("must be from 0 to " + std::to_string(kMaxHoursPerMonth),
                           "hours_per_month");
  }
  return CheckText("note", value.note, kMaxLongTextBytes);
}

Status CheckAuthor(const WorkAuthor& value) {
  RETURN_IF_ERROR(CheckText("name", value.name, kMaxNameBytes, Presence::kRequired));
  return CheckReference("expert_id", value.expert_id, Presence::kOptional);
}

Status CheckRequiredSkill(const RequiredSkill& value) {
  RETURN_IF_ERROR(CheckText("name", value.name, kMaxNameBytes, Presence::kRequired));
  return CheckEnum("level", value.level);
}

Status CheckBudget(const Budget& value) {
  if (value.amount < 0) return InvalidArgument("must not be negative", "amount");
  if (value.amount > 0 && value.currency.empty()) {
    return InvalidArgument("is required when an amount is given: an ISO 4217 code, e.g. \"VND\"",
                           "currency");
  }
  return CheckFormat("currency", value.currency, Presence::kOptional, IsValidCurrencyCode,
                     "an ISO 4217 currency code of three upper-case letters, e.g. \"VND\"");
}

Status CheckTrl(const Trl& value) {
  if (value.current < 1 || value.current > 9) {
    return InvalidArgument("must be a technology readiness level from 1 to 9", "current");
  }
  if (value.target < 1 || value.target > 9) {
    return InvalidArgument("must be a technology readiness level from 1 to 9", "target");
  }
  if (value.target < value.current) return InvalidArgument("must not be below current", "target");
  return Status::Ok();
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  size_t pos = 0;
  char32_t code_point = 0;
  while (pos < text.size()) {
    // Runs of ASCII (most of any abstract) eight bytes at a time: each is valid on its own.
    while (text.size() - pos >= 8) {
      uint64_t word = 0;
      std::memcpy(&word, text.data() + pos, sizeof word);
      if ((word & 0x8080808080808080u) != 0) break;
      pos += 8;
    }
    if (pos == text.size()) break;
    if (!DecodeUtf8(text, &pos, &code_point)) return false;
  }
  return true;
}

bool IsValidDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(text[i])) return false;
  }
  auto number = [&](size_t from, size_t length) {
    int value = 0;
    for (size_t i = from; i < from + length; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  const int year = number(0, 4);
  const int month = number(5, 2);
  const int day = number(8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  // Gregorian leap years: every fourth year, except centuries not divisible by 400.
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  constexpr std::array<int, 12> kDaysInMonth = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int days = kDaysInMonth[month - 1] + ((month == 2 && leap) ? 1 : 0);
  return day <= days;
}

bool IsValidCountryCode(std::string_view text) {
  return std::binary_search(kCountryCodes.begin(), kCountryCodes.end(), text);
}

bool IsValidLanguageCode(std::string_view text) {
  return std::binary_search(kLanguageCodes.begin(), kLanguageCodes.end(), text);
}

// ISO 7064 MOD 11-2 over the first 15 digits, as ORCID documents it:
// https://support.orcid.org/hc/en-us/articles/360006897674
bool IsValidOrcid(std::string_view text) {
  if (!HasOrcidForm(text)) return false;
  int total = 0;
  for (size_t i = 0; i < 18; ++i) {
    if (text[i] == '-') continue;
    total = (total + (text[i] - '0')) * 2 % 11;
  }
  const int check = (12 - total % 11) % 11;
  return text[18] == (check == 10 ? 'X' : static_cast<char>('0' + check));
}

// The DOI Handbook (section 2.2): prefix "10." then a registrant code of dot-separated
// digit groups, '/', and a suffix of any printable characters. Whitespace is rejected
// because a DOI pasted with a trailing space or line break would never resolve.
bool IsValidDoi(std::string_view text) {
  if (text.substr(0, 3) != "10.") return false;
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos || slash + 1 >= text.size()) return false;
  const std::string_view registrant = text.substr(3, slash - 3);
  bool group_has_digit = false;
  for (char c : registrant) {
    if (IsDigit(c)) {
      group_has_digit = true;
    } else if (c == '.' && group_has_digit) {
      group_has_digit = false;
    } else {
      return false;
    }
  }
  return group_has_digit && IsToken(text.substr(slash + 1));
}

bool IsValidCurrencyCode(std::string_view text) {
  return text.size() == 3 && std::all_of(text.begin(), text.end(), IsUpper);
}

Status Validate(const Organization& value) {
  RETURN_IF_ERROR(CheckText("name", value.name, kMaxNameBytes, Presence::kRequired));
  RETURN_IF_ERROR(CheckText("name_en", value.name_en, kMaxNameBytes));
  RETURN_IF_ERROR(CheckText("short_name", value.short_name, kMaxNameBytes));
  RETURN_IF_ERROR(CheckEnum("kind", value.kind));
  RETURN_IF_ERROR(CheckCountry("country", value.country, Presence::kRequired));
  RETURN_IF_ERROR(CheckText("city", value.city, kMaxNameBytes));
  RETURN_IF_ERROR(CheckText("website", value.website, kMaxUrlBytes));
  return CheckLocalized("description", value.description, kMaxLongTextBytes);
}

Status Validate(const TaxonomyVersion& value) {
  RETURN_IF_ERROR(CheckText("code", value.code, kMaxCodeBytes, Presence::kRequired));
  RETURN_IF_ERROR(CheckLocalized("name", value.name, kMaxTitleBytes));
  RETURN_IF_ERROR(CheckDate("issued_on", value.issued_on));
  RETURN_IF_ERROR(CheckDate("effective_from", value.effective_from));
  RETURN_IF_ERROR(CheckEnum("status", value.status));
  return CheckLocalized("note", value.note, kMaxLongTextBytes);
}

Status Validate(const TaxonomyGroup& value) {
  RETURN_IF_ERROR(CheckReference("version_id", value.version_id, Presence::kRequired));
  if (value.number < 1) return InvalidArgument("must be 1 or more", "number");
  RETURN_IF_ERROR(CheckLocalized("name", value.name, kMaxTitleBytes));
  RETURN_IF_ERROR(CheckLocalized("description", value.description, kMaxLongTextBytes));
  return CheckEach("products", value.products, kMaxListItems, [](const LocalizedText& product) {
    return CheckLocalized("", product, kMaxTitleBytes);
  });
}

Status Validate(const Chapter& value) {
  RETURN_IF_ERROR(CheckFormat("code", value.code, Presence::kRequired, IsValidChapterCode,
                              "2 to 16 characters of A-Z, 0-9 and '-', e.g. \"UK-IE\""));
  RETURN_IF_ERROR(CheckLocalized("name", value.name, kMaxNameBytes));
  RETURN_IF_ERROR(CheckEach(
      "countries", value.countries, kCountryCodes.size(),
      [](const std::string& country) { return CheckCountry("", country, Presence::kRequired); }));
  RETURN_IF_ERROR(CheckEnum("status", value.status));
  RETURN_IF_ERROR(CheckDate("founded_on", value.founded_on));
  RETURN_IF_ERROR(
      CheckReference("host_organization_id", value.host_organization_id, Presence::kOptional));
  return CheckLocalized("description", value.description, kMaxLongTextBytes);
}

Status Validate(const Membership& value) {
  RETURN_IF_ERROR(CheckReference("chapter_id", value.chapter_id, Presence::kRequired));
  RETURN_IF_ERROR(CheckReference("expert_id", value.expert_id, Presence::kRequired));
  RETURN_IF_ERROR(CheckEnum("role", value.role));
  return CheckDate("joined_on", value.joined_on);
}

Status Validate(const Expert& value) {
  RETURN_IF_ERROR(CheckText("full_name", value.full_name, kMaxNameBytes, Presence::kRequired));
  RETURN_IF_ERROR(CheckText("name_ascii", value.name_ascii, kMaxNameBytes));
  if (!value.orcid.empty()) {
    RETURN_IF_ERROR(CheckFormat("orcid", value.orcid, Presence::kOptional, HasOrcidForm,
                                "an ORCID iD of the form 0000-0002-1825-0097"));
    if (!IsValidOrcid(value.orcid)) {
      return InvalidArgument("ORCID check digit does not match", "orcid");
    }
  }
  RETURN_IF_ERROR(CheckText("email", value.email, kMaxEmailBytes));
  RETURN_IF_ERROR(CheckFormat("email", value.email, Presence::kOptional, IsValidEmail,
                              "an email address: one '@' between non-empty parts, no spaces"));
  // Empty when unknown: many ORCID records give neither a country nor an affiliation's.
  RETURN_IF_ERROR(CheckCountry("country", value.country, Presence::kOptional));
  RETURN_IF_ERROR(CheckText("city", value.city, kMaxNameBytes));
  RETURN_IF_ERROR(CheckEnum("background", value.background));
  RETURN_IF_ERROR(CheckEach("affiliations", value.affiliations, kMaxListItems, CheckAffiliation));
  RETURN_IF_ERROR(CheckEnum("career_stage", value.career_stage));
  RETURN_IF_ERROR(
      CheckEach("languages", value.languages, kMaxListItems, [](const std::string& language) {
        return CheckLanguage("", language, Presence::kRequired);
      }));
  RETURN_IF_ERROR(CheckEach("engagement_modes", value.engagement_modes, kMaxListItems,
                            [](EngagementMode mode) { return CheckEnum("", mode); }));
  RETURN_IF_ERROR(CheckEach("availability", value.availability, kMaxListItems, CheckAvailability));
  RETURN_IF_ERROR(CheckLocalized("bio", value.bio, kMaxLongTextBytes));
  RETURN_IF_ERROR(CheckGroupIds("group_ids", value.group_ids));
  return CheckEach("skills", value.skills, kMaxListItems, [](const std::string& skill) {
    return CheckText("", skill, kMaxNameBytes, Presence::kRequired);
  });
}

Status Validate(const Work& value) {
  RETURN_IF_ERROR(CheckEnum("kind", value.kind));
  RETURN_IF_ERROR(CheckText("title", value.title, kMaxTitleBytes, Presence::kRequired));
  RETURN_IF_ERROR(CheckText("abstract", value.abstract, kMaxLongTextBytes));
  if (value.year != 0 && (value.year < 1800 || value.year > 2100)) {
    return InvalidArgument("must be 0 (unknown) or a year from 1800 to 2100", "year");
  }
  RETURN_IF_ERROR(CheckText("venue", value.venue, kMaxTitleBytes));
  RETURN_IF_ERROR(CheckLanguage("language", value.language, Presence::kOptional));
  RETURN_IF_ERROR(CheckFormat("doi", value.doi, Presence::kOptional, IsValidDoi,
                              "a DOI of the form 10.<registrant>/<suffix>, e.g. \"10.1000/182\""));
  RETURN_IF_ERROR(CheckText("url", value.url, kMaxUrlBytes));
  RETURN_IF_ERROR(
      CheckEach("keywords", value.keywords, kMaxListItems, [](const std::string& keyword) {
        return CheckText("", keyword, kMaxNameBytes, Presence::kRequired);
      }));
  if (value.authors.empty()) return InvalidArgument("must list at least one author", "authors");
  return CheckEach("authors", value.authors, kMaxAuthors, CheckAuthor);
}

Status Validate(const Problem& value) {
  RETURN_IF_ERROR(CheckLocalized("title", value.title, kMaxTitleBytes));
  if (IsBlank(value.title.vi) && IsBlank(value.title.en)) {
    return InvalidArgument("must have a Vietnamese or English title", "title");
  }
  RETURN_IF_ERROR(CheckLocalized("summary", value.summary, kMaxLongTextBytes));
  RETURN_IF_ERROR(CheckLocalized("description", value.description, kMaxLongTextBytes));
  RETURN_IF_ERROR(CheckReference("organization_id", value.organization_id, Presence::kRequired));
  RETURN_IF_ERROR(CheckGroupIds("group_ids", value.group_ids));
  RETURN_IF_ERROR(CheckEach("skills", value.skills, kMaxListItems, CheckRequiredSkill));
  RETURN_IF_ERROR(CheckEach(
      "deliverables", value.deliverables, kMaxListItems, [](const std::string& deliverable) {
        return CheckText("", deliverable, kMaxTitleBytes, Presence::kRequired);
      }));
  RETURN_IF_ERROR(CheckBudget(value.budget).WithFieldPrefix("budget"));
  RETURN_IF_ERROR(CheckDate("deadline", value.deadline));
  RETURN_IF_ERROR(CheckEnum("engagement_mode", value.engagement_mode));
  RETURN_IF_ERROR(CheckEnum("confidentiality", value.confidentiality));
  RETURN_IF_ERROR(CheckEnum("ip_terms", value.ip_terms));
  if (value.trl) RETURN_IF_ERROR(CheckTrl(*value.trl).WithFieldPrefix("trl"));
  return CheckEnum("status", value.status);
}

}  // namespace ketnoi::model

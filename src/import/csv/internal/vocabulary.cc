#include "import/csv/internal/vocabulary.h"

#include <array>
#include <cctype>
#include <utility>

#include "model/validate.h"
#include "text/fold.h"

namespace ketnoi::import::csv_internal {
namespace {

using model::WorkKind;

// Names as MatchKey gives them. Countries whose experts KetNoi expects (Vietnam's partners in
// science and technology) rather than the full ISO list: the codes cover every country.
constexpr auto kCountryNames = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"viet nam", "VN"},
    {"vietnam", "VN"},
    {"vn", "VN"},
    {"nhat ban", "JP"},
    {"nhat", "JP"},
    {"japan", "JP"},
    {"han quoc", "KR"},
    {"korea", "KR"},
    {"south korea", "KR"},
    {"republic of korea", "KR"},
    {"trung quoc", "CN"},
    {"china", "CN"},
    {"dai loan", "TW"},
    {"taiwan", "TW"},
    {"hong kong", "HK"},
    {"singapore", "SG"},
    {"xin ga po", "SG"},
    {"thai lan", "TH"},
    {"thailand", "TH"},
    {"malaysia", "MY"},
    {"ma lai xi a", "MY"},
    {"indonesia", "ID"},
    {"in do ne xi a", "ID"},
    {"philippines", "PH"},
    {"philippin", "PH"},
    {"phi lip pin", "PH"},
    {"cambodia", "KH"},
    {"campuchia", "KH"},
    {"laos", "LA"},
    {"lao", "LA"},
    {"myanmar", "MM"},
    {"india", "IN"},
    {"an do", "IN"},
    {"australia", "AU"},
    {"uc", "AU"},
    {"new zealand", "NZ"},
    {"niu di lan", "NZ"},
    {"united states", "US"},
    {"united states of america", "US"},
    {"usa", "US"},
    {"us", "US"},
    {"america", "US"},
    {"hoa ky", "US"},
    {"my", "US"},
    {"canada", "CA"},
    {"ca na da", "CA"},
    {"united kingdom", "GB"},
    {"uk", "GB"},
    {"great britain", "GB"},
    {"england", "GB"},
    {"anh", "GB"},
    {"vuong quoc anh", "GB"},
    {"ireland", "IE"},
    {"france", "FR"},
    {"phap", "FR"},
    {"germany", "DE"},
    {"duc", "DE"},
    {"netherlands", "NL"},
    {"the netherlands", "NL"},
    {"ha lan", "NL"},
    {"belgium", "BE"},
    {"bi", "BE"},
    {"switzerland", "CH"},
    {"thuy si", "CH"},
    {"austria", "AT"},
    {"ao", "AT"},
    {"sweden", "SE"},
    {"thuy dien", "SE"},
    {"norway", "NO"},
    {"na uy", "NO"},
    {"finland", "FI"},
    {"phan lan", "FI"},
    {"denmark", "DK"},
    {"dan mach", "DK"},
    {"italy", "IT"},
    {"y", "IT"},
    {"italia", "IT"},
    {"spain", "ES"},
    {"tay ban nha", "ES"},
    {"portugal", "PT"},
    {"bo dao nha", "PT"},
    {"poland", "PL"},
    {"ba lan", "PL"},
    {"czech republic", "CZ"},
    {"czechia", "CZ"},
    {"sec", "CZ"},
    {"hungary", "HU"},
    {"hung ga ri", "HU"},
    {"russia", "RU"},
    {"russian federation", "RU"},
    {"nga", "RU"},
    {"ukraine", "UA"},
    {"israel", "IL"},
    {"united arab emirates", "AE"},
    {"uae", "AE"},
    {"saudi arabia", "SA"},
    {"a rap xe ut", "SA"},
    {"qatar", "QA"},
    {"brazil", "BR"},
    {"bra xin", "BR"},
    {"mexico", "MX"},
    {"south africa", "ZA"},
    {"nam phi", "ZA"},
    {"egypt", "EG"},
    {"ai cap", "EG"},
    {"turkey", "TR"},
    {"tho nhi ky", "TR"},
    {"chile", "CL"},
});

// ISO 3166-1 alpha-3 codes of the same countries, for sheets that use them.
constexpr auto kAlpha3 = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"vnm", "VN"}, {"jpn", "JP"}, {"kor", "KR"}, {"chn", "CN"}, {"twn", "TW"}, {"hkg", "HK"},
    {"sgp", "SG"}, {"tha", "TH"}, {"mys", "MY"}, {"idn", "ID"}, {"phl", "PH"}, {"khm", "KH"},
    {"lao", "LA"}, {"ind", "IN"}, {"aus", "AU"}, {"nzl", "NZ"}, {"can", "CA"}, {"gbr", "GB"},
    {"fra", "FR"}, {"deu", "DE"}, {"nld", "NL"}, {"bel", "BE"}, {"che", "CH"}, {"swe", "SE"},
    {"nor", "NO"}, {"fin", "FI"}, {"dnk", "DK"}, {"ita", "IT"}, {"esp", "ES"}, {"rus", "RU"},
});

constexpr auto kLanguageNames = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"vietnamese", "vi"}, {"tieng viet", "vi"},  {"viet", "vi"},   {"vie", "vi"},
    {"english", "en"},    {"tieng anh", "en"},   {"anh", "en"},    {"eng", "en"},
    {"japanese", "ja"},   {"tieng nhat", "ja"},  {"nhat", "ja"},   {"jpn", "ja"},
    {"chinese", "zh"},    {"tieng trung", "zh"}, {"korean", "ko"}, {"tieng han", "ko"},
    {"french", "fr"},     {"tieng phap", "fr"},  {"german", "de"}, {"tieng duc", "de"},
    {"russian", "ru"},    {"tieng nga", "ru"},
});

constexpr auto kWorkKinds = std::to_array<std::pair<std::string_view, WorkKind>>({
    {"publication", WorkKind::kPublication},
    {"article", WorkKind::kPublication},
    {"journal article", WorkKind::kPublication},
    {"paper", WorkKind::kPublication},
    {"conference paper", WorkKind::kPublication},
    {"book", WorkKind::kPublication},
    {"book chapter", WorkKind::kPublication},
    {"thesis", WorkKind::kPublication},
    {"report", WorkKind::kPublication},
    {"bai bao", WorkKind::kPublication},
    {"bai bao khoa hoc", WorkKind::kPublication},
    {"bai bao hoi nghi", WorkKind::kPublication},
    {"bai tap chi", WorkKind::kPublication},
    {"cong bo", WorkKind::kPublication},
    {"cong bo khoa hoc", WorkKind::kPublication},
    {"sach", WorkKind::kPublication},
    {"chuong sach", WorkKind::kPublication},
    {"luan an", WorkKind::kPublication},
    {"luan van", WorkKind::kPublication},
    {"bao cao", WorkKind::kPublication},
    {"patent", WorkKind::kPatent},
    {"utility model", WorkKind::kPatent},
    {"sang che", WorkKind::kPatent},
    {"bang sang che", WorkKind::kPatent},
    {"giai phap huu ich", WorkKind::kPatent},
    {"project", WorkKind::kProject},
    {"research project", WorkKind::kProject},
    {"grant", WorkKind::kProject},
    {"du an", WorkKind::kProject},
    {"de tai", WorkKind::kProject},
    {"de tai nghien cuu", WorkKind::kProject},
    {"de tai khoa hoc", WorkKind::kProject},
    {"nhiem vu", WorkKind::kProject},
    {"nhiem vu khoa hoc", WorkKind::kProject},
    {"product", WorkKind::kProduct},
    {"software", WorkKind::kProduct},
    {"prototype", WorkKind::kProduct},
    {"san pham", WorkKind::kProduct},
    {"phan mem", WorkKind::kProduct},
    {"mau thu", WorkKind::kProduct},
});

template <typename V, size_t N>
std::optional<V> Find(const std::array<std::pair<std::string_view, V>, N>& table,
                      std::string_view key) {
  for (const auto& [name, value] : table) {
    if (name == key) return value;
  }
  return std::nullopt;
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string AsciiUpper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

}  // namespace

std::string MatchKey(std::string_view text) {
  std::string folded(text);
  if (auto plain = text::FoldDiacritics(folded); plain.ok()) folded = std::move(*plain);
  if (auto lower = text::FoldCase(folded); lower.ok()) {
    folded = std::move(*lower);
  } else {
    for (char& c : folded) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::string key;
  key.reserve(folded.size());
  bool space = false;
  for (char c : folded) {
    const bool separator = c == '_' || c == '-' || c == '.' || c == '/' ||
                           std::isspace(static_cast<unsigned char>(c)) != 0;
    if (separator) {
      space = true;
      continue;
    }
    if (space && !key.empty()) key.push_back(' ');
    space = false;
    key.push_back(c);
  }
  return key;
}

std::optional<std::string> CountryCodeFor(std::string_view text) {
  // Two ASCII letters are a code first: "MY" is Malaysia although "Mỹ" (the United States)
  // folds to "my" too.
  const std::string key = MatchKey(text);
  if (key.size() == 2 && std::isalpha(static_cast<unsigned char>(key[0])) != 0 &&
      std::isalpha(static_cast<unsigned char>(key[1])) != 0 && IsAscii(text)) {
    std::string code = AsciiUpper(key);
    if (model::IsValidCountryCode(code)) return code;
  }
  if (auto code = Find(kCountryNames, key)) return std::string(*code);
  if (auto code = Find(kAlpha3, key)) return std::string(*code);
  return std::nullopt;
}

std::optional<std::string> LanguageCodeFor(std::string_view text) {
  const std::string key = MatchKey(text);
  if (auto code = Find(kLanguageNames, key)) return std::string(*code);
  if (model::IsValidLanguageCode(key)) return key;
  return std::nullopt;
}

std::optional<model::WorkKind> WorkKindFor(std::string_view text) {
  return Find(kWorkKinds, MatchKey(text));
}

}  // namespace ketnoi::import::csv_internal

#include "import/names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include "import/internal/scan.h"
#include "text/fold.h"

namespace ketnoi::import {
namespace {

// Common Vietnamese family names, lower case NFC. About nine in ten Vietnamese carry one of
// the first sixteen.
constexpr std::string_view kVietnameseFamilies[] = {
    "nguyễn", "trần", "lê",    "phạm",  "hoàng", "huỳnh",  "phan",  "vũ",    "võ",
    "đặng",   "bùi",  "đỗ",    "hồ",    "ngô",   "dương",  "lý",    "đào",   "đinh",
    "đoàn",   "lâm",  "lương", "mai",   "trịnh", "trương", "cao",   "hà",    "tạ",
    "chu",    "kiều", "tô",    "quách", "lưu",   "vương",  "thái",  "triệu", "châu",
    "giang",  "lại",  "nông",  "mạc",   "tôn",   "thân",   "khổng", "doãn",  "phùng",
};

// The same written without diacritics, only where the spelling is rarely another
// language's name: "Ho", "Ly", "Ha", "Lam", "Mai", "Cao", "Chu" are left out.
constexpr std::string_view kVietnameseFamiliesAscii[] = {
    "nguyen", "tran", "le",    "pham", "hoang", "huynh", "phan",  "vu",    "vo",     "dang",  "bui",
    "do",     "ngo",  "duong", "dao",  "dinh",  "doan",  "luong", "trinh", "truong", "phung",
};

bool IsSeparator(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == '.' || c == '-';
}

// Splits on separators, keeping the words.
std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t begin = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || IsSeparator(text[i])) {
      if (i > begin) words.push_back(text.substr(begin, i - begin));
      begin = i + 1;
    }
  }
  return words;
}

bool AllAsciiUpper(std::string_view word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool HasLowerCase(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Number of code points of valid UTF-8.
size_t CodePoints(std::string_view word) {
  return static_cast<size_t>(std::count_if(word.begin(), word.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// Appends `word` to `name`, lower-cased and folded.
void AddWord(std::string_view word, NameWords* name) {
  // An ASCII word case-folds to its ASCII lower case and has no diacritics to fold: the
  // same as through ICU, at a fraction of the cost (identity resolution splits every
  // candidate's names).
  if (std::all_of(word.begin(), word.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    std::string lower = internal::AsciiLower(word);
    name->initial.push_back(lower.size() == 1);
    name->folded.push_back(lower);
    name->exact.push_back(std::move(lower));
    return;
  }
  auto exact = text::FoldCase(word);
  if (!exact.ok()) return;
  auto folded = text::FoldDiacritics(*exact);
  if (!folded.ok()) return;
  name->initial.push_back(CodePoints(*exact) == 1);
  name->has_diacritics = name->has_diacritics || *exact != *folded;
  name->exact.push_back(std::move(exact).value());
  name->folded.push_back(std::move(folded).value());
}

// Adds the words of `part`; "VA" in "Nguyen VA" (two or three capitals in a name that
// otherwise has lower case) is the initials V and A, as author lists print them.
void AddPart(std::string_view part, bool has_lower_case, NameWords* name) {
  for (std::string_view word : Words(part)) {
    if (has_lower_case && word.size() >= 2 && word.size() <= 3 && AllAsciiUpper(word)) {
      for (size_t i = 0; i < word.size(); ++i) AddWord(word.substr(i, 1), name);
    } else {
      AddWord(word, name);
    }
  }
}

bool SameWord(const NameWords& a, size_t i, const NameWords& b, size_t j, bool with_diacritics) {
  return with_diacritics ? a.exact[i] == b.exact[j] : a.folded[i] == b.folded[j];
}

// The first letter of word i, folded ("đ" -> "d").
std::string_view FirstLetter(const NameWords& name, size_t i) {
  const std::string& word = name.folded[i];
  size_t length = 1;
  while (length < word.size() && (static_cast<unsigned char>(word[length]) & 0xC0) == 0x80) {
    ++length;
  }
  return std::string_view(word).substr(0, length);
}

// The positions that may hold a name's family word: the one its source marked, else the
// first and the last. A value, not a vector: CompareNames runs for every candidate of
// every imported person, and allocating there was most of its cost.
struct FamilyReadings {
  explicit FamilyReadings(const NameWords& name) {
    if (name.family >= 0) {
      positions = {static_cast<size_t>(name.family), 0};
    } else if (name.exact.size() == 1) {
      positions = {0, 0};
    } else {
      positions = {0, name.exact.size() - 1};
      count = 2;
    }
  }
  const size_t* begin() const { return positions.data(); }
  const size_t* end() const { return positions.data() + count; }

  std::array<size_t, 2> positions{};
  size_t count = 1;
};

// The words of a reading other than its family word: the k-th is at position
// GivenWords(...)[k].
struct GivenWords {
  size_t size() const { return words - 1; }
  size_t operator[](size_t k) const { return k < family ? k : k + 1; }

  size_t words;  // Of the whole name.
  size_t family;
};

// Flags for the words of a name: one machine word for the few words of any real name, a
// vector for the rest.
class WordFlags {
 public:
  explicit WordFlags(size_t size) {
    if (size > 64) more_.assign(size, false);
  }
  bool operator[](size_t i) const { return more_.empty() ? ((bits_ >> i) & 1) != 0 : more_[i]; }
  void Set(size_t i) {
    if (more_.empty()) {
      bits_ |= uint64_t{1} << i;
    } else {
      more_[i] = true;
    }
  }

 private:
  uint64_t bits_ = 0;
  std::vector<bool> more_;
};

// The match of one reading: `fa` and `fb` the family words.
NameMatch CompareReading(const NameWords& a, size_t fa, const NameWords& b, size_t fb) {
  const bool with_diacritics = a.has_diacritics && b.has_diacritics;
  if (a.initial[fa] || b.initial[fb] || !SameWord(a, fa, b, fb, with_diacritics)) {
    return NameMatch::kConflict;
  }
  const GivenWords given_a{a.exact.size(), fa};
  const GivenWords given_b{b.exact.size(), fb};
  const bool a_shorter = given_a.size() <= given_b.size();
  const NameWords& s = a_shorter ? a : b;
  const NameWords& l = a_shorter ? b : a;
  const GivenWords& short_given = a_shorter ? given_a : given_b;
  const GivenWords& long_given = a_shorter ? given_b : given_a;
  if (short_given.size() == 0) {
    // A family name alone says too little, unless both are single words.
    return long_given.size() == 0
               ? (a.exact[fa] == b.exact[fb] ? NameMatch::kExact : NameMatch::kFull)
               : NameMatch::kConflict;
  }
  WordFlags used(long_given.size());
  WordFlags matched(short_given.size());
  bool exact = a.exact[fa] == b.exact[fb];
  // Full words first, so that an initial does not take the word a full name needs.
  for (size_t i = 0; i < short_given.size(); ++i) {
    if (s.initial[short_given[i]]) continue;
    for (size_t j = 0; j < long_given.size(); ++j) {
      if (used[j] || l.initial[long_given[j]]) continue;
      if (SameWord(s, short_given[i], l, long_given[j], with_diacritics)) {
        used.Set(j);
        matched.Set(i);
        exact = exact && s.exact[short_given[i]] == l.exact[long_given[j]];
        break;
      }
    }
  }
  bool initials = false;
  for (size_t i = 0; i < short_given.size(); ++i) {
    if (matched[i]) continue;
    for (size_t j = 0; j < long_given.size(); ++j) {
      if (used[j]) continue;
      const bool either_initial = s.initial[short_given[i]] || l.initial[long_given[j]];
      if (either_initial && FirstLetter(s, short_given[i]) == FirstLetter(l, long_given[j])) {
        used.Set(j);
        matched.Set(i);
        initials = true;
        break;
      }
    }
    if (!matched[i]) return NameMatch::kConflict;
  }
  if (initials) return NameMatch::kInitials;
  if (short_given.size() < long_given.size()) return NameMatch::kPartial;
  return exact ? NameMatch::kExact : NameMatch::kFull;
}

}  // namespace

std::string_view NameMatchName(NameMatch match) {
  static constexpr std::array<std::string_view, 5> kNames = {"conflict", "initials", "partial",
                                                             "full", "exact"};
  return kNames[static_cast<size_t>(match)];
}

NameWords SplitName(std::string_view name) {
  NameWords words;
  // ASCII is its own NFC.
  const bool ascii = std::all_of(name.begin(), name.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  std::string nfc;
  if (ascii) {
    nfc = name;
  } else {
    if (text::FindInvalidUtf8(name) != std::string_view::npos) return words;
    auto normalized = text::ToNfc(name);
    if (!normalized.ok()) return words;
    nfc = std::move(normalized).value();
  }
  const std::string_view text = nfc;
  const bool has_lower_case = HasLowerCase(text);
  const size_t comma = text.find(',');
  if (comma == std::string_view::npos) {
    AddPart(text, has_lower_case, &words);
  } else {
    AddPart(text.substr(0, comma), has_lower_case, &words);
    const size_t family_words = words.exact.size();
    AddPart(text.substr(comma + 1), has_lower_case, &words);
    if (family_words > 0 && words.exact.size() > family_words) words.family = 0;
  }
  for (const std::string& word : words.folded) {
    // Bits 1-63, so that a name with words has some (a byte's value modulo 63: letters
    // that share a bit only make the test weaker).
    if (!word.empty())
      words.first_letters |= uint64_t{1} << (1 + static_cast<unsigned char>(word[0]) % 63);
  }
  return words;
}

NameMatch CompareNames(const NameWords& a, const NameWords& b) {
  if (a.exact.empty() || b.exact.empty()) return NameMatch::kConflict;
  // Every word of the name with fewer words (both, when as many) is matched to a word of
  // the other with its first letter: the same word, or an initial (CompareReading). Most
  // namesakes by family name alone fail this at once.
  const bool a_fewer = a.exact.size() <= b.exact.size();
  const uint64_t fewer = a_fewer ? a.first_letters : b.first_letters;
  const uint64_t more = a_fewer ? b.first_letters : a.first_letters;
  if (fewer != 0 && more != 0 && (fewer & ~more) != 0) return NameMatch::kConflict;
  NameMatch best = NameMatch::kConflict;
  for (size_t fa : FamilyReadings(a)) {
    for (size_t fb : FamilyReadings(b)) best = std::max(best, CompareReading(a, fa, b, fb));
  }
  return best;
}

NameMatch CompareNames(std::string_view a, std::string_view b) {
  return CompareNames(SplitName(a), SplitName(b));
}

std::string NameKey(std::string_view name) {
  std::vector<std::string> words = SplitName(name).folded;
  std::sort(words.begin(), words.end());
  std::string key;
  for (const std::string& word : words) {
    if (!key.empty()) key.push_back(' ');
    key += word;
  }
  return key;
}

std::vector<std::string> FamilyKeys(std::string_view name) {
  const NameWords words = SplitName(name);
  std::vector<std::string> keys;
  if (words.exact.empty()) return keys;
  for (size_t i : FamilyReadings(words)) {
    if (words.initial[i]) continue;
    if (std::find(keys.begin(), keys.end(), words.folded[i]) == keys.end()) {
      keys.push_back(words.folded[i]);
    }
  }
  return keys;
}

bool IsVietnameseFamilyName(std::string_view family) {
  if (family.empty() || family.find(' ') != std::string_view::npos) return false;
  auto folded = text::FoldDiacritics(family);
  if (!folded.ok()) return false;
  if (*folded != family) {
    auto lower = text::FoldCase(family);
    if (!lower.ok()) return false;
    return std::find(std::begin(kVietnameseFamilies), std::end(kVietnameseFamilies), *lower) !=
           std::end(kVietnameseFamilies);
  }
  return std::find(std::begin(kVietnameseFamiliesAscii), std::end(kVietnameseFamiliesAscii),
                   internal::AsciiLower(family)) != std::end(kVietnameseFamiliesAscii);
}

}  // namespace ketnoi::import

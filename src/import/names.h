// Personal names as sources print them, compared for identity resolution.
//
// The same person appears as "Nguyễn Văn An" (Vietnamese order: family, middle, given),
// "An Nguyen" (given, family; middle dropped, diacritics lost), "Van An Nguyen",
// "A. V. Nguyen", "Nguyen, A." or "Nguyen V.A."; a Japanese colleague as "Sato Hiroshi" or
// "Hiroshi Sato". CompareNames reads each name with its family name first or last (or
// before the comma when there is one), and keeps the best reading in which the family names
// agree and every given name of the shorter name agrees with a distinct given name of the
// longer one, in full or as an initial. Given names are matched in any order, since sources
// reorder them ("Van An Nguyen" and "An Van Nguyen").
//
// Diacritics: when both names are written with diacritics, words compare with them, so
// "Nguyễn Văn An" and "Nguyễn Văn Ân" are different names (they are different Vietnamese
// names); when either is written without any, words compare without them.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ketnoi::import {

// How well two names agree, worst to best.
enum class NameMatch {
  kConflict,  // No reading agrees: different names.
  kInitials,  // Agree, but some given names only as initials ("A. V. Nguyen").
  kPartial,   // Agree in full words, but one has given names the other lacks ("An Nguyen").
  kFull,      // The same words, one of the names written without diacritics.
  kExact,     // The same words with the same diacritics (in any order).
};

std::string_view NameMatchName(NameMatch match);

// A name split into words: lower case with diacritics (`exact`), and without (`folded`).
struct NameWords {
  std::vector<std::string> exact;
  std::vector<std::string> folded;
  std::vector<bool> initial;  // One letter ("A." or "A"): stands for any word starting so.
  // Index of the family name when the source said so ("Nguyen, An": 0), else -1.
  int family = -1;
  bool has_diacritics = false;
  // A bit for the first byte of each folded word (SplitName sets it; 0: not known): two
  // names agree only if every word of the one with fewer words has a word of the other
  // with the same first letter, which CompareNames tests on these bits first.
  uint64_t first_letters = 0;
};

// Splits `name` (UTF-8) on white space, periods and hyphens; "Last, First" puts the words
// before the comma first and fixes them as the family name (the first of them). Invalid
// UTF-8 gives no words.
NameWords SplitName(std::string_view name);

NameMatch CompareNames(std::string_view a, std::string_view b);
NameMatch CompareNames(const NameWords& a, const NameWords& b);

// The name's words folded and sorted, joined by spaces: a blocking key under which every
// reordering and diacritic variant of the full name falls ("nguyen van an").
std::string NameKey(std::string_view name);

// The family-name candidates of `name` (folded): its first and last words, or the word
// before the comma. Identity resolution compares only people who share one.
std::vector<std::string> FamilyKeys(std::string_view name);

// True if `family` (NFC) is a common Vietnamese family name. Written with diacritics it is
// compared exactly, ignoring case (Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ,
// Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý, Đào, Đinh, Đoàn, Lâm, Lương, Mai, Trịnh, Trương, Hà,
// Tạ, ...); written without diacritics only the names that are rarely anything else match
// ("Nguyen", "Tran", "Pham", "Hoang", "Le", ...), not "Ho", "Ly", "Ha", "Lam", "Mai", which
// are as often Chinese or other names. Used to read a name's order (family first when
// Vietnamese) and to guess whether someone abroad is overseas Vietnamese.
bool IsVietnameseFamilyName(std::string_view family);

}  // namespace ketnoi::import

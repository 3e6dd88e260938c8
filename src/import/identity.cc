#include "import/identity.h"

#include <algorithm>
#include <array>
#include <set>

#include "import/internal/scan.h"
#include "text/fold.h"

namespace ketnoi::import {
namespace {

// Lower-case words without diacritics: ASCII letters and digits, and any non-ASCII code
// point (kanji, kana) kept as part of a word; everything else separates.
std::vector<std::string> FoldedWords(std::string_view text) {
  // ASCII text (most titles and organisation names) is its own NFC, has no diacritics and
  // case-folds to its ASCII lower case: the same words as through ICU, without its cost,
  // which is most of what a bulk import spends on work keys.
  const bool ascii = std::all_of(text.begin(), text.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  std::string folded;
  if (ascii) {
    folded = internal::AsciiLower(text);
  } else {
    auto lower = text::FoldCase(text);
    if (!lower.ok()) return {};
    auto unaccented = text::FoldDiacritics(*lower);
    if (!unaccented.ok()) return {};
    folded = std::move(unaccented).value();
  }
  std::vector<std::string> words;
  std::string word;
  for (char c : folded) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || u >= 0x80) {
      word.push_back(c);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// Words that say what kind of organisation it is rather than which one.
bool IsGenericOrganizationWord(std::string_view word) {
  static const std::set<std::string_view> kWords = {
      "the",      "of",         "and",         "for",         "at",          "in",        "de",
      "univ",     "university", "universite",  "universitat", "universidad", "institute", "inst",
      "institut", "college",    "school",      "faculty",     "department",  "dept",      "center",
      "centre",   "laboratory", "lab",         "national",    "academy",     "company",   "co",
      "ltd",      "inc",        "corporation", "corp",        "group",       "jsc",       "dai",
      "hoc",      "vien",       "truong",      "khoa",        "trung",       "tam",       "quoc",
      "gia",      "cong",       "ty",          "tnhh",        "phan",        "tap",       "doan",
      "bo",       "mon",        "phong",       "thi",         "nghiem"};
  return kWords.contains(word);
}

std::vector<std::string> DistinctiveWords(std::string_view organization) {
  std::vector<std::string> words = FoldedWords(organization);
  std::erase_if(words, [](const std::string& w) { return IsGenericOrganizationWord(w); });
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

NameMatch BestNameMatch(const PersonEvidence& a, const PersonEvidence& b) {
  std::vector<NameWords> names_a;
  std::vector<NameWords> names_b;
  names_a.push_back(SplitName(a.name));
  for (const std::string& name : a.other_names) names_a.push_back(SplitName(name));
  names_b.push_back(SplitName(b.name));
  for (const std::string& name : b.other_names) names_b.push_back(SplitName(name));
  NameMatch best = NameMatch::kConflict;
  for (const NameWords& x : names_a) {
    for (const NameWords& y : names_b) best = std::max(best, CompareNames(x, y));
  }
  return best;
}

// Co-authors of `a` and `b` who are the same name in full (initials are too weak to count),
// leaving out anyone whose name agrees with `a` or `b` themselves: author lists include the
// person, and two namesakes must not count each other as a co-author in common.
std::vector<std::string> CommonCoauthors(const PersonEvidence& a, const PersonEvidence& b) {
  const NameWords self_a = SplitName(a.name);
  const NameWords self_b = SplitName(b.name);
  auto others = [&](const std::vector<std::string>& names) {
    std::vector<std::pair<std::string, NameWords>> kept;
    for (const std::string& name : names) {
      NameWords words = SplitName(name);
      if (CompareNames(words, self_a) != NameMatch::kConflict ||
          CompareNames(words, self_b) != NameMatch::kConflict) {
        continue;
      }
      kept.emplace_back(name, std::move(words));
    }
    return kept;
  };
  const auto coauthors_a = others(a.coauthors);
  const auto coauthors_b = others(b.coauthors);
  std::vector<std::string> common;
  for (const auto& [name, words] : coauthors_a) {
    for (const auto& [other_name, other_words] : coauthors_b) {
      if (CompareNames(words, other_words) >= NameMatch::kPartial) {
        if (std::find(common.begin(), common.end(), name) == common.end()) common.push_back(name);
        break;
      }
    }
  }
  return common;
}

}  // namespace

std::string_view DecisionName(Decision decision) {
  static constexpr std::array<std::string_view, 3> kNames = {"different", "review", "same"};
  return kNames[static_cast<size_t>(decision)];
}

// The rules, strongest evidence first. A name that agrees is required throughout. What
// merges automatically needs something only the same person has: an e-mail address, a work
// in common with a name that agrees in full words, or a work, a co-author or an affiliation
// in common together with a second of them. One co-author or one affiliation alone goes to
// review: namesakes share institutions (a national university has many Nguyễn Văn An) and
// fields (and so co-authors). A name alone goes to review when it agrees in full words.
Comparison ComparePeople(const PersonEvidence& a, const PersonEvidence& b) {
  Comparison result;
  if (!a.orcid.empty() && !b.orcid.empty()) {
    result.name = BestNameMatch(a, b);
    if (a.orcid == b.orcid) {
      result.decision = Decision::kSame;
      result.reasons.push_back("same ORCID iD " + a.orcid);
    } else {
      result.reasons.push_back("different ORCID iDs");
    }
    return result;
  }
  result.name = BestNameMatch(a, b);
  if (result.name == NameMatch::kConflict) return result;
  result.reasons.push_back("names agree (" + std::string(NameMatchName(result.name)) + ")");

  bool same_email = false;
  for (const std::string& x : a.emails) {
    for (const std::string& y : b.emails) {
      if (!x.empty() && internal::AsciiLower(x) == internal::AsciiLower(y)) same_email = true;
    }
  }
  if (same_email) result.reasons.push_back("same e-mail address");

  std::vector<std::string> common_works;
  for (const std::string& key : a.work_keys) {
    if (!key.empty() &&
        std::find(b.work_keys.begin(), b.work_keys.end(), key) != b.work_keys.end() &&
        std::find(common_works.begin(), common_works.end(), key) == common_works.end()) {
      common_works.push_back(key);
    }
  }
  if (!common_works.empty()) {
    std::string reason =
        std::to_string(common_works.size()) + " work(s) in common (" + common_works[0];
    if (common_works.size() > 1) reason += ", ...";
    result.reasons.push_back(reason + ")");
  }

  const std::vector<std::string> coauthors = CommonCoauthors(a, b);
  for (const std::string& name : coauthors) result.reasons.push_back("co-author " + name);

  bool same_organization = false;
  for (const std::string& x : a.organizations) {
    for (const std::string& y : b.organizations) {
      if (!same_organization && SameOrganization(x, y)) {
        same_organization = true;
        result.reasons.push_back("affiliation '" + x + "'");
      }
    }
  }

  const int kinds =
      (common_works.empty() ? 0 : 1) + (coauthors.empty() ? 0 : 1) + (same_organization ? 1 : 0);
  const bool full_words = result.name >= NameMatch::kPartial;
  if (same_email || (!common_works.empty() && full_words) || kinds >= 2 ||
      (coauthors.size() >= 2 && full_words)) {
    result.decision = Decision::kSame;
  } else if (kinds >= 1 || full_words) {
    result.decision = Decision::kReview;
  }
  return result;
}

std::string WorkKey(std::string_view title, int year) {
  std::string key;
  for (const std::string& word : FoldedWords(title)) {
    if (!key.empty()) key.push_back(' ');
    key += word;
  }
  if (key.empty()) return key;
  return key + "|" + std::to_string(year);
}

std::vector<std::string> WorkKeys(std::string_view doi, std::string_view title, int year) {
  std::vector<std::string> keys;
  if (!doi.empty()) keys.push_back("doi:" + internal::AsciiLower(doi));
  std::string key = WorkKey(title, year);
  if (!key.empty()) keys.push_back(std::move(key));
  return keys;
}

bool SameOrganization(std::string_view a, std::string_view b) {
  const std::vector<std::string> x = DistinctiveWords(a);
  const std::vector<std::string> y = DistinctiveWords(b);
  if (x.empty() || y.empty()) return FoldedWords(a) == FoldedWords(b) && !FoldedWords(a).empty();
  std::vector<std::string> common;
  std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(common));
  const size_t all = x.size() + y.size() - common.size();
  // Most of the distinctive words of both: Jaccard similarity of at least 2/3.
  return 3 * common.size() >= 2 * all;
}

}  // namespace ketnoi::import

// Identity resolution: is an imported person someone the registry already knows, and is an
// imported work one it already has?
//
// People. The same ORCID iD is the same person and two different iDs are two people;
// otherwise a name that agrees (names.h) is necessary and never enough, since a Vietnamese
// name such as "Nguyễn Văn An" is shared by thousands. The evidence that makes two agreeing
// names one person is what only that person has: a work in common (the same DOI or the
// same normalised title and year), a co-author in common, the same e-mail address, an
// affiliation in common. ComparePeople turns name agreement and evidence into a decision:
// kSame merges automatically and must be right at least 99 times in 100 (bench/identity
// measures it on a labelled set), kReview goes to a person in the review queue, kDifferent
// keeps them apart. Blocking (which pairs to compare at all) is by FamilyKeys.
//
// Works. The same DOI is the same work; without DOIs, the same WorkKey (title folded to
// lower-case ASCII words, and the year) is.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "import/names.h"

namespace ketnoi::import {

// What is known about one person, from the registry or from an import.
struct PersonEvidence {
  std::string name;
  std::vector<std::string> other_names;
  std::string orcid;                       // Normalised, or empty.
  std::vector<std::string> emails;         // Any case.
  std::vector<std::string> organizations;  // Names of current and past affiliations.
  std::vector<std::string> coauthors;      // Names as printed on their works.
  std::vector<std::string> work_keys;      // DOIs ("doi:10.1/x") and WorkKeys of their works.
};

enum class Decision { kDifferent, kReview, kSame };

std::string_view DecisionName(Decision decision);

struct Comparison {
  Decision decision = Decision::kDifferent;
  NameMatch name = NameMatch::kConflict;  // The best agreement of any two of their names.
  // What was found in common, for people reviewing: "same ORCID iD", "2 works in common
  // (doi:10.1/x, ...)", "co-author Trần Thị Bích", "affiliation 'University of Tokyo'".
  std::vector<std::string> reasons;
};

Comparison ComparePeople(const PersonEvidence& a, const PersonEvidence& b);

// The key of a work without DOI: the title's words folded to lower-case ASCII (diacritics,
// punctuation and case dropped; kanji kept) joined by single spaces, then "|" and the year
// ("deep learning for rice disease detection|2021"). Empty when the title has no word.
std::string WorkKey(std::string_view title, int year);

// The keys under which a work is found: "doi:<doi>" when it has a DOI, and its WorkKey.
std::vector<std::string> WorkKeys(std::string_view doi, std::string_view title, int year);

// Whether two organisation names name the same organisation: equal once folded, or sharing
// most of their distinctive words ("Univ. of Tokyo" and "The University of Tokyo";
// "Đại học Bách khoa Hà Nội" and "Dai hoc Bach khoa Ha Noi").
bool SameOrganization(std::string_view a, std::string_view b);

}  // namespace ketnoi::import

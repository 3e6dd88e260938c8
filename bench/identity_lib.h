// The labelled pairs of bench/identity/pairs.tsv and how import::ComparePeople does on them:
// shared by the identity benchmark (which prints the table) and the golden test (which holds
// the precision of automatic merges to its bar).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "import/identity.h"

namespace ketnoi::bench {
// Declarations, not import:: at the start of a statement, which clang-format reads as a
// C++20 module import.
using import::Comparison;
using import::PersonEvidence;

struct LabelledPair {
  int line = 0;
  bool same = false;
  std::string case_name;
  PersonEvidence a;
  PersonEvidence b;
};

// Reads the TSV (header and '#' comment lines skipped). Errors name the line.
base::Result<std::vector<LabelledPair>> ReadLabelledPairs(const std::string& path);

struct PairOutcome {
  const LabelledPair* pair = nullptr;
  Comparison comparison;
};

struct IdentityScores {
  int pairs = 0;
  int same = 0;    // Labelled the same person.
  int merged = 0;  // Decided kSame.
  int merged_right = 0;
  int reviewed = 0;  // Decided kReview.
  int reviewed_same = 0;
  double precision() const { return merged > 0 ? static_cast<double>(merged_right) / merged : 1; }
  double recall() const { return same > 0 ? static_cast<double>(merged_right) / same : 1; }
  // Same-person pairs merged or sent to review.
  double recall_with_review() const {
    return same > 0 ? static_cast<double>(merged_right + reviewed_same) / same : 1;
  }
  std::vector<PairOutcome> wrong;  // Wrong merges and same-person pairs kept apart.
};

IdentityScores ScoreIdentity(const std::vector<LabelledPair>& pairs);

}  // namespace ketnoi::bench

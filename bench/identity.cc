// identity_bench: precision and recall of identity resolution (import::ComparePeople) on the
// labelled pairs of bench/identity/pairs.tsv. Prints a Markdown table, then the pairs it got
// wrong (wrong merges, and same-person pairs kept apart) with the reasons it saw.
//
//   identity_bench [--pairs FILE]
#include <cstdio>
#include <cstring>
#include <string>

#include "bench/identity_lib.h"

int main(int argc, char** argv) {
  std::string path = KETNOI_SOURCE_DIR_DEFAULT "/bench/identity/pairs.tsv";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--pairs") == 0 && i + 1 < argc) {
      path = argv[++i];
    } else {
      std::fprintf(stderr, "usage: identity_bench [--pairs FILE]\n");
      return 2;
    }
  }
  auto pairs = ketnoi::bench::ReadLabelledPairs(path);
  if (!pairs.ok()) {
    std::fprintf(stderr, "%s\n", pairs.status().ToString().c_str());
    return 1;
  }
  const ketnoi::bench::IdentityScores s = ketnoi::bench::ScoreIdentity(*pairs);
  std::printf("## identity resolution: %s\n\n", path.c_str());
  std::printf(
      "| pairs | same person | different | merged | wrong merges | to review (same) |"
      " precision of merges | recall of merges | recall with review |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  std::printf("| %d | %d | %d | %d | %d | %d (%d) | %.3f | %.3f | %.3f |\n", s.pairs, s.same,
              s.pairs - s.same, s.merged, s.merged - s.merged_right, s.reviewed, s.reviewed_same,
              s.precision(), s.recall(), s.recall_with_review());
  if (!s.wrong.empty()) std::printf("\nWrong:\n\n");
  for (const ketnoi::bench::PairOutcome& outcome : s.wrong) {
    std::string reasons;
    for (const std::string& reason : outcome.comparison.reasons) {
      reasons += (reasons.empty() ? "" : "; ") + reason;
    }
    std::printf("- line %d (%s, labelled %s): %s vs %s -> %s [%s]\n", outcome.pair->line,
                outcome.pair->case_name.c_str(), outcome.pair->same ? "same" : "different",
                outcome.pair->a.name.c_str(), outcome.pair->b.name.c_str(),
                std::string(ketnoi::import::DecisionName(outcome.comparison.decision)).c_str(),
                reasons.c_str());
  }
  return 0;
}

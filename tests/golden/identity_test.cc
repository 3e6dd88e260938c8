// Identity resolution on the labelled pairs of bench/identity/pairs.tsv: automatic merges
// must be right at least 99 times in 100, and the ORCID iD decides whenever both have one.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "bench/identity_lib.h"

namespace ketnoi::bench {
namespace {

TEST(IdentityGoldenTest, AutomaticMergesAreRight) {
  const char* source = std::getenv("KETNOI_SOURCE_DIR");
  ASSERT_NE(source, nullptr) << "CTest sets KETNOI_SOURCE_DIR";
  auto pairs = ReadLabelledPairs(std::string(source) + "/bench/identity/pairs.tsv");
  ASSERT_TRUE(pairs.ok()) << pairs.status().ToString();
  ASSERT_GE(pairs->size(), 50u);
  const IdentityScores scores = ScoreIdentity(*pairs);
  for (const PairOutcome& outcome : scores.wrong) {
    if (!outcome.pair->same) {
      ADD_FAILURE() << "wrong merge, line " << outcome.pair->line << ": "
                    << outcome.pair->case_name;
    }
  }
  EXPECT_GE(scores.precision(), 0.99);
  // Most same-person pairs are found, merged or proposed for review.
  EXPECT_GE(scores.recall_with_review(), 0.9);
  for (const LabelledPair& pair : *pairs) {
    if (pair.a.orcid.empty() || pair.b.orcid.empty()) continue;
    const import::Decision expected =
        pair.a.orcid == pair.b.orcid ? import::Decision::kSame : import::Decision::kDifferent;
    EXPECT_EQ(import::ComparePeople(pair.a, pair.b).decision, expected) << "line " << pair.line;
  }
}

}  // namespace
}  // namespace ketnoi::bench

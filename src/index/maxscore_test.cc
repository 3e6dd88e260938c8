#include "index/maxscore.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <vector>

namespace ketnoi::index {
namespace {

// A random corpus with Zipf-like list lengths and clustered impacts, the shape expert-level
// lists have.
struct Corpus {
  uint32_t num_docs = 0;
  std::vector<std::vector<uint32_t>> docs;
  std::vector<std::vector<uint8_t>> impacts;
  PostingIndex index;
};

Corpus MakeCorpus(std::mt19937& rng, uint32_t num_docs, uint32_t num_terms) {
  Corpus corpus;
  corpus.num_docs = num_docs;
  PostingIndexBuilder builder;
  for (uint32_t t = 0; t < num_terms; ++t) {
    const double density = 0.6 / (1.0 + t * 0.3);
    std::vector<uint32_t> docs;
    std::vector<uint8_t> impacts;
    for (uint32_t d = 0; d < num_docs; ++d) {
      if (std::uniform_real_distribution<double>(0, 1)(rng) < density) {
        docs.push_back(d);
        impacts.push_back(static_cast<uint8_t>(1 + rng() % (rng() % 8 == 0 ? 255 : 40)));
      }
    }
    builder.Add(t, docs, impacts);
    corpus.docs.push_back(std::move(docs));
    corpus.impacts.push_back(std::move(impacts));
  }
  corpus.index = builder.Build();
  return corpus;
}

std::vector<ScoredDoc> Exhaustive(const Corpus& corpus, const std::vector<uint32_t>& terms,
                                  const std::vector<float>& weights, const float* impact_values,
                                  const Bitmap* allowed, size_t k) {
  std::vector<float> scores(corpus.num_docs, 0);
  for (size_t i = 0; i < terms.size(); ++i) {
    const auto& docs = corpus.docs[terms[i]];
    for (size_t j = 0; j < docs.size(); ++j) {
      scores[docs[j]] += weights[i] * impact_values[corpus.impacts[terms[i]][j]];
    }
  }
  TopK top(k);
  for (uint32_t d = 0; d < corpus.num_docs; ++d) {
    if (allowed == nullptr || allowed->Test(d)) top.Push(d, scores[d]);
  }
  return top.TakeSorted();
}

void ExpectSameResults(const std::vector<ScoredDoc>& expected,
                       const std::vector<ScoredDoc>& actual) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(actual[i].score, expected[i].score, 1e-3f * expected[i].score) << "rank " << i;
    // Documents agree unless their scores tie within rounding.
    if (i + 1 < expected.size() && expected[i].score > expected[i + 1].score * 1.0001f &&
        (i == 0 || expected[i - 1].score > expected[i].score * 1.0001f)) {
      EXPECT_EQ(actual[i].doc, expected[i].doc) << "rank " << i;
    }
  }
}

// Impacts valued on a log scale, as rank/ stores them: increasing, not linear.
std::array<float, 256> LogImpactValues() {
  std::array<float, 256> values{};
  for (int i = 1; i < 256; ++i) values[i] = std::exp2((i - 255) / 32.0f);
  return values;
}

class MaxScoreTest : public ::testing::TestWithParam<int> {};

TEST_P(MaxScoreTest, EqualsExhaustiveScoring) {
  std::mt19937 rng(GetParam());
  const Corpus corpus = MakeCorpus(rng, 3000 + rng() % 5000, 80);
  const std::array<float, 256> log_values = LogImpactValues();
  for (int q = 0; q < 40; ++q) {
    // Half the queries value impacts through a non-linear table.
    const float* values = q % 4 < 2 ? kLinearImpactValues.data() : log_values.data();
    const size_t length = q % 2 == 0 ? 1 + rng() % 4 : 20 + rng() % 41;
    std::vector<uint32_t> terms;
    std::vector<float> weights;
    for (size_t i = 0; i < length; ++i) {
      uint32_t term = rng() % 80;
      if (std::find(terms.begin(), terms.end(), term) != terms.end()) continue;
      terms.push_back(term);
      weights.push_back(0.1f + std::uniform_real_distribution<float>(0, 3)(rng));
    }
    const size_t k = std::vector<size_t>{1, 10, 100}[q % 3];
    Bitmap filter(corpus.num_docs);
    const double density = std::vector<double>{0.1, 0.02, 0.5}[q % 3];
    for (uint32_t d = 0; d < corpus.num_docs; ++d) {
      if (std::uniform_real_distribution<double>(0, 1)(rng) < density) filter.Set(d);
    }
    for (const Bitmap* allowed : std::vector<const Bitmap*>{nullptr, &filter}) {
      for (uint32_t window : {64u, 1024u, 4096u}) {
        std::vector<PostingCursor> cursors;
        cursors.reserve(terms.size());
        std::vector<WeightedCursor> weighted;
        for (size_t i = 0; i < terms.size(); ++i) {
          cursors.emplace_back(corpus.index, terms[i]);
          weighted.push_back({&cursors.back(), weights[i], values});
        }
        TopK top(k);
        BlockMaxMaxScore(weighted, {corpus.num_docs, allowed, window}, &top);
        SCOPED_TRACE(testing::Message()
                     << "query " << q << " window " << window << (allowed ? " filtered" : ""));
        ExpectSameResults(Exhaustive(corpus, terms, weights, values, allowed, k), top.TakeSorted());
      }
      if (allowed != nullptr) {
        std::vector<PostingCursor> cursors;
        cursors.reserve(terms.size());
        std::vector<WeightedCursor> weighted;
        for (size_t i = 0; i < terms.size(); ++i) {
          cursors.emplace_back(corpus.index, terms[i]);
          weighted.push_back({&cursors.back(), weights[i], values});
        }
        std::vector<uint32_t> listed;
        allowed->ForEach([&](uint32_t d) { listed.push_back(d); });
        TopK top(k);
        ScoreListedDocs(weighted, listed, &top);
        ExpectSameResults(Exhaustive(corpus, terms, weights, values, allowed, k), top.TakeSorted());
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, MaxScoreTest, ::testing::Values(1, 2, 3));

TEST(TopKTest, KeepsTheBestWithLowerOrdinalsWinningTies) {
  TopK top(2);
  EXPECT_TRUE(top.Push(5, 1.0f));
  EXPECT_TRUE(top.Push(3, 2.0f));
  EXPECT_FALSE(top.Push(7, 1.0f));
  EXPECT_TRUE(top.Push(4, 1.0f));
  EXPECT_FALSE(top.Push(9, 0.0f));
  const auto result = top.TakeSorted();
  ASSERT_EQ(result.size(), 2u);
  EXPECT_EQ(result[0].doc, 3u);
  EXPECT_EQ(result[1].doc, 4u);
}

}  // namespace
}  // namespace ketnoi::index

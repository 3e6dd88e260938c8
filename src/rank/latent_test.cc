#include "rank/latent.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "rank/internal/latent_sum.h"

namespace ketnoi::rank {
namespace {

using Terms = std::vector<std::string>;

// Terms numbered in order of first sight, as a term dictionary would.
class Numbering {
 public:
  TermCounts Bag(const Terms& terms) {
    std::map<uint32_t, float> counts;
    for (const std::string& term : terms) {
      ++counts[ids_.emplace(term, static_cast<uint32_t>(ids_.size())).first->second];
    }
    TermCounts bag;
    for (const auto& [id, count] : counts) bag.push_back({id, count});
    return bag;
  }
  uint32_t size() const { return static_cast<uint32_t>(ids_.size()); }

 private:
  std::map<std::string, uint32_t> ids_;
};

Terms Join(const Terms& a, const Terms& b) {
  Terms joined = a;
  joined.insert(joined.end(), b.begin(), b.end());
  return joined;
}

// Two topics written in two languages: each "Vietnamese" document shares the language's
// function words with every other one, so an LSA space groups documents by language as much
// as by topic; profile documents hold both languages, as the experts' biographies do.
struct TwoLanguageCorpus {
  Terms chips_en{"chip", "wafer", "silicon", "lithography"};
  Terms chips_vi{"vi_chip", "vi_wafer", "vi_silicon", "vi_lithography"};
  Terms rice_en{"rice", "paddy", "irrigation", "harvest"};
  Terms rice_vi{"vi_rice", "vi_paddy", "vi_irrigation", "vi_harvest"};
  Terms function_vi{"cua", "va", "nhung", "duoc", "cho", "trong"};
  Numbering numbering;
  std::vector<TermCounts> documents;
  std::vector<std::pair<TermCounts, TermCounts>> parallel;

  TwoLanguageCorpus() {
    for (int i = 0; i < 6; ++i) {
      documents.push_back(Bag(chips_en));
      documents.push_back(Bag(rice_en));
      documents.push_back(Bag(Join(chips_vi, function_vi)));
      documents.push_back(Bag(Join(rice_vi, function_vi)));
    }
    documents.push_back(Bag(Join(chips_en, Join(chips_vi, function_vi))));
    documents.push_back(Bag(Join(rice_en, Join(rice_vi, function_vi))));
    parallel.emplace_back(Bag(Join(chips_vi, function_vi)), Bag(chips_en));
    parallel.emplace_back(Bag(Join(rice_vi, function_vi)), Bag(rice_en));
  }

  TermCounts Bag(const Terms& terms) { return numbering.Bag(terms); }

  base::Result<LatentSpace> Learn() {
    LatentOptions options;
    options.dimensions = 3;
    options.min_document_frequency = 1;
    return LatentSpace::Build(documents, numbering.size(), options);
  }
};

float Cosine(const LatentSpace& space, const TermCounts& a, const TermCounts& b) {
  const std::vector<float> x = space.Embed(a);
  const std::vector<float> y = space.Embed(b);
  return space.Cosine(x.data(), y.data());
}

TEST(LatentSpaceTest, RemovingTheLanguageDirectionBringsTranslationsTogether) {
  TwoLanguageCorpus corpus;
  auto learned = corpus.Learn();
  ASSERT_TRUE(learned.ok()) << learned.status().ToString();
  LatentSpace space = std::move(learned).value();
  const TermCounts query_vi = corpus.Bag(Join(corpus.chips_vi, corpus.function_vi));
  const TermCounts chips_en = corpus.Bag(corpus.chips_en);
  const float same_before = Cosine(space, query_vi, chips_en);

  EXPECT_EQ(space.RemoveLanguageDirections(corpus.parallel, 1), 1);
  const float same_after = Cosine(space, query_vi, chips_en);
  const float other_after = Cosine(space, query_vi, corpus.Bag(corpus.rice_en));
  EXPECT_GT(same_after, same_before);
  EXPECT_GT(same_after, 0.8f);
  EXPECT_GT(same_after, other_after + 0.3f);
  // Documents stay unit vectors.
  for (size_t d = 0; d < space.documents(); ++d) {
    EXPECT_NEAR(space.Cosine(space.Document(d), space.Document(d)), 1.0f, 1e-4f);
  }
}

// Without parallel texts, the difference of the two languages' mean documents stands for
// the language direction.
TEST(LatentSpaceTest, RemovingTheMeanDifferenceOfTheLanguagesBringsTranslationsTogether) {
  TwoLanguageCorpus corpus;
  auto learned = corpus.Learn();
  ASSERT_TRUE(learned.ok()) << learned.status().ToString();
  LatentSpace space = std::move(learned).value();
  const TermCounts query_vi = corpus.Bag(Join(corpus.chips_vi, corpus.function_vi));
  const TermCounts chips_en = corpus.Bag(corpus.chips_en);
  const float same_before = Cosine(space, query_vi, chips_en);
  // The corpus adds documents four at a time: English chips, English rice, then the same
  // topics in Vietnamese.
  std::vector<size_t> vietnamese;
  std::vector<size_t> english;
  for (size_t d = 0; d < 24; ++d) (d % 4 < 2 ? english : vietnamese).push_back(d);
  EXPECT_FALSE(space.RemoveMeanDifference(vietnamese, {}));
  EXPECT_EQ(Cosine(space, query_vi, chips_en), same_before);

  EXPECT_TRUE(space.RemoveMeanDifference(vietnamese, english));
  const float same_after = Cosine(space, query_vi, chips_en);
  EXPECT_GT(same_after, same_before);
  EXPECT_GT(same_after, Cosine(space, query_vi, corpus.Bag(corpus.rice_en)) + 0.3f);
  for (size_t d = 0; d < space.documents(); ++d) {
    EXPECT_NEAR(space.Cosine(space.Document(d), space.Document(d)), 1.0f, 1e-4f);
  }
}

TEST(LatentSpaceTest, RemovesNoMoreDirectionsThanUsablePairs) {
  TwoLanguageCorpus corpus;
  auto space = corpus.Learn();
  ASSERT_TRUE(space.ok());
  // A term id the space never saw: that side embeds to zero and the pair is skipped.
  std::vector<std::pair<TermCounts, TermCounts>> pairs = {
      {{{corpus.numbering.size() + 7, 1.0f}}, corpus.Bag(corpus.chips_en)},
      corpus.parallel.front()};
  EXPECT_EQ(space->RemoveLanguageDirections(pairs, 3), 1);
  EXPECT_EQ(space->RemoveLanguageDirections({}, 3), 0);
}

TEST(LatentSpaceTest, FeedbackMovesTheQueryTowardsItsNearestDocuments) {
  TwoLanguageCorpus corpus;
  auto space = corpus.Learn();
  ASSERT_TRUE(space.ok());
  const std::vector<float> query = space->Embed(corpus.Bag({"chip"}));
  EXPECT_EQ(space->Feedback(query, 5, 0.0), query);
  EXPECT_EQ(space->Feedback(query, 0, 3.0), query);
  const std::vector<float> moved = space->Feedback(query, 5, 3.0);
  EXPECT_NEAR(space->Cosine(moved.data(), moved.data()), 1.0f, 1e-4f);
  const std::vector<float> topic = space->Embed(corpus.Bag(corpus.chips_en));
  EXPECT_GE(space->Cosine(moved.data(), topic.data()) + 1e-5f,
            space->Cosine(query.data(), topic.data()));
}

// Which of the terms 0..vocabulary-1 a space learned from `documents` with room for
// `max_terms` terms holds (a term in the space has a non-zero vector).
std::vector<bool> TermsInSpace(const std::vector<TermCounts>& documents, uint32_t vocabulary,
                               int max_terms) {
  LatentOptions options;
  options.dimensions = 2;
  options.min_document_frequency = 1;
  options.max_terms = max_terms;
  auto space = LatentSpace::Build(documents, vocabulary, options);
  EXPECT_TRUE(space.ok()) << space.status().ToString();
  std::vector<bool> in_space(vocabulary, false);
  if (!space.ok()) return in_space;
  for (uint32_t term = 0; term < vocabulary; ++term) {
    const std::vector<float> v = space->Embed({{term, 1}});
    in_space[term] = std::any_of(v.begin(), v.end(), [](float x) { return x != 0; });
  }
  return in_space;
}

TEST(LatentSpaceTest, KeepsTheMostFrequentTermsUpToMaxTerms) {
  // Term t is in the documents 0..(9 - t): term 0 in ten, term 9 in one.
  std::vector<TermCounts> documents(10);
  for (uint32_t term = 0; term < 10; ++term) {
    for (uint32_t d = 0; d + term < 10; ++d) documents[d].push_back({term, 1});
  }
  documents.push_back({{10, 1}, {11, 1}});  // So that no term is in every document.
  // Terms 0..3 are in the most documents.
  std::vector<bool> expected(12, false);
  for (uint32_t term = 0; term < 4; ++term) expected[term] = true;
  EXPECT_EQ(TermsInSpace(documents, 12, 4), expected);

  LatentOptions options;
  options.max_terms = 0;
  EXPECT_FALSE(LatentSpace::Build(documents, 12, options).ok());
}

TEST(LatentSpaceTest, KeepsTermsOfTheCutOffFrequencyInIdOrder) {
  // Terms 0, 1 and 2 are each in two documents, term 3 in three; with room for three terms,
  // term 3 and then terms 0 and 1 (the first ids at the cut-off frequency) are kept.
  const std::vector<TermCounts> documents = {
      {{0, 1}, {3, 1}}, {{0, 1}, {1, 1}, {3, 1}}, {{1, 1}, {2, 1}, {3, 1}}, {{2, 1}}};
  EXPECT_EQ(TermsInSpace(documents, 4, 3), (std::vector<bool>{true, true, false, true}));
}

TEST(LatentSpaceTest, TheSpaceDoesNotDependOnTheNumberOfThreads) {
  // Enough documents and terms for the work to be split between threads.
  std::vector<TermCounts> documents;
  uint32_t seed = 7;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  for (int d = 0; d < 3000; ++d) {
    TermCounts bag;
    const uint32_t topic = next() % 5 * 1000;
    for (uint32_t term = topic; term < topic + 1000; term += 1 + next() % 40) {
      bag.push_back({term, static_cast<float>(1 + next() % 3)});
    }
    documents.push_back(std::move(bag));
  }
  LatentOptions options;
  options.dimensions = 8;
  auto one = LatentSpace::Build(documents, 5000, options, 1);
  auto two = LatentSpace::Build(documents, 5000, options, 2);
  ASSERT_TRUE(one.ok() && two.ok());
  ASSERT_EQ(one->documents(), two->documents());
  for (size_t d = 0; d < one->documents(); ++d) {
    for (int j = 0; j < one->dimensions(); ++j) {
      ASSERT_EQ(one->Document(d)[j], two->Document(d)[j]) << d << " " << j;
    }
  }
}

TEST(AddScaledTest, GivesThePlainLoopsBits) {
  // Every width from 1 to 80 floats (the register blocks of 8 to 64 floats and the rest),
  // sums of 0 to 70 vectors, onto a non-zero start: bit for bit what the plain loop gives.
  std::mt19937 random(7);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  for (int n = 1; n <= 80; ++n) {
    for (size_t count : {size_t{0}, size_t{1}, size_t{3}, size_t{70}}) {
      std::vector<std::vector<float>> rows(count, std::vector<float>(n));
      std::vector<std::pair<const float*, float>> vectors;
      for (std::vector<float>& row : rows) {
        for (float& x : row) x = value(random);
        vectors.emplace_back(row.data(), value(random) * 10.0f);
      }
      std::vector<float> expected(n);
      for (float& x : expected) x = value(random);
      std::vector<float> out = expected;
      for (const auto& [vector, weight] : vectors) {
        for (int j = 0; j < n; ++j) expected[j] += weight * vector[j];
      }
      internal::AddScaled(vectors.data(), vectors.size(), n, out.data());
      ASSERT_EQ(std::memcmp(out.data(), expected.data(), n * sizeof(float)), 0)
          << n << " floats, " << count << " vectors";
    }
  }
}

TEST(LatentRankerTest, RanksByTheTermsItNumbersItself) {
  TwoLanguageCorpus corpus;
  const std::vector<Terms> documents = {corpus.chips_en, corpus.chips_en, corpus.rice_en,
                                        corpus.rice_en};
  LatentRankerOptions options;
  options.space.dimensions = 2;
  options.space.min_document_frequency = 1;
  auto ranker = LatentRanker::Build(documents, {{0, 1}, {2, 3}}, options);
  ASSERT_TRUE(ranker.ok()) << ranker.status().ToString();
  const std::vector<double> scores = ranker->Score({"wafer", "silicon"});
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_GT(scores[0], scores[1]);
  const std::vector<float> unknown = ranker->Embed({"unknown"});
  EXPECT_TRUE(std::all_of(unknown.begin(), unknown.end(), [](float x) { return x == 0.0f; }));
}

}  // namespace
}  // namespace ketnoi::rank

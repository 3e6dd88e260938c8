#include "rank/latent.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace ketnoi::rank {
namespace {

using Terms = std::vector<std::string>;

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
  std::vector<Terms> documents;
  std::vector<std::pair<Terms, Terms>> parallel;

  TwoLanguageCorpus() {
    for (int i = 0; i < 6; ++i) {
      documents.push_back(chips_en);
      documents.push_back(rice_en);
      documents.push_back(Join(chips_vi, function_vi));
      documents.push_back(Join(rice_vi, function_vi));
    }
    documents.push_back(Join(chips_en, Join(chips_vi, function_vi)));
    documents.push_back(Join(rice_en, Join(rice_vi, function_vi)));
    parallel.emplace_back(Join(chips_vi, function_vi), chips_en);
    parallel.emplace_back(Join(rice_vi, function_vi), rice_en);
  }
};

float Cosine(const LatentSpace& space, const Terms& a, const Terms& b) {
  const std::vector<float> x = space.Embed(a);
  const std::vector<float> y = space.Embed(b);
  return space.Cosine(x.data(), y.data());
}

TEST(LatentSpaceTest, RemovingTheLanguageDirectionBringsTranslationsTogether) {
  TwoLanguageCorpus corpus;
  LatentOptions options;
  options.dimensions = 3;
  options.min_document_frequency = 1;
  auto learned = LatentSpace::Build(corpus.documents, options);
  ASSERT_TRUE(learned.ok()) << learned.status().ToString();
  LatentSpace space = std::move(learned).value();
  const Terms query_vi = Join(corpus.chips_vi, corpus.function_vi);
  const float same_before = Cosine(space, query_vi, corpus.chips_en);

  EXPECT_EQ(space.RemoveLanguageDirections(corpus.parallel, 1), 1);
  const float same_after = Cosine(space, query_vi, corpus.chips_en);
  const float other_after = Cosine(space, query_vi, corpus.rice_en);
  EXPECT_GT(same_after, same_before);
  EXPECT_GT(same_after, 0.8f);
  EXPECT_GT(same_after, other_after + 0.3f);
  // Documents stay unit vectors.
  for (size_t d = 0; d < space.documents(); ++d) {
    EXPECT_NEAR(space.Cosine(space.Document(d), space.Document(d)), 1.0f, 1e-4f);
  }
}

TEST(LatentSpaceTest, RemovesNoMoreDirectionsThanUsablePairs) {
  TwoLanguageCorpus corpus;
  LatentOptions options;
  options.dimensions = 3;
  options.min_document_frequency = 1;
  auto space = LatentSpace::Build(corpus.documents, options);
  ASSERT_TRUE(space.ok());
  std::vector<std::pair<Terms, Terms>> pairs = {{{"unknown"}, corpus.chips_en},
                                                corpus.parallel.front()};
  EXPECT_EQ(space->RemoveLanguageDirections(pairs, 3), 1);
  EXPECT_EQ(space->RemoveLanguageDirections({}, 3), 0);
}

TEST(LatentSpaceTest, FeedbackMovesTheQueryTowardsItsNearestDocuments) {
  TwoLanguageCorpus corpus;
  LatentOptions options;
  options.dimensions = 3;
  options.min_document_frequency = 1;
  auto space = LatentSpace::Build(corpus.documents, options);
  ASSERT_TRUE(space.ok());
  const std::vector<float> query = space->Embed({"chip"});
  EXPECT_EQ(space->Feedback(query, 5, 0.0), query);
  EXPECT_EQ(space->Feedback(query, 0, 3.0), query);
  const std::vector<float> moved = space->Feedback(query, 5, 3.0);
  EXPECT_NEAR(space->Cosine(moved.data(), moved.data()), 1.0f, 1e-4f);
  const std::vector<float> topic = space->Embed(corpus.chips_en);
  EXPECT_GE(space->Cosine(moved.data(), topic.data()) + 1e-5f,
            space->Cosine(query.data(), topic.data()));
}

}  // namespace
}  // namespace ketnoi::rank

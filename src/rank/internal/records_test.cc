#include "rank/internal/records.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace ketnoi::rank::internal {
namespace {

WorkInput Work(Id id, std::string title, std::string abstract, int author_position) {
  WorkInput work;
  work.id = id;
  work.title = std::move(title);
  work.abstract = std::move(abstract);
  work.keywords = {"wafer bonding"};
  work.year = 2021;
  work.language = "en";
  work.author_position = author_position;
  work.author_count = 3;
  return work;
}

ExpertInput Expert(Id id, std::vector<WorkInput> works) {
  ExpertInput expert;
  expert.id = id;
  expert.name = "Expert " + std::to_string(id);
  expert.works = std::move(works);
  return expert;
}

// Three co-authors of work 7; the third's copy of it has another abstract (which the same
// id should never have, and which is analysed again), and work 8 has one author.
std::vector<ExpertInput> Coauthors() {
  // "sensor" and "wafer" are in the title and the abstract (or keywords): wide entries.
  const std::string title = "Wafer-level packaging of a MEMS pressure sensor";
  const std::string abstract =
      "We bond a silicon wafer to glass and seal the sensor cavity in vacuum; the sensor "
      "drifts less than 0.1 % over a thousand thermal cycles.";
  return {
      Expert(1, {Work(7, title, abstract, 0),
                 Work(11, "Hydrogen storage in metal hydrides", "Magnesium hydride.", 0)}),
      Expert(2, {Work(12, "Rice yield under salinity", "Mekong delta field trials.", 1),
                 Work(7, title, abstract, 1)}),
      Expert(3, {Work(7, title, abstract + " Extended version.", 2),
                 Work(8, "Optical fiber sensor for bridges", "Strain along the span.", 0)}),
  };
}

struct Analysis {
  std::vector<uint32_t> terms;
  std::vector<uint8_t> impacts;
  std::vector<std::pair<uint32_t, std::array<uint8_t, 4>>> wide;
  std::vector<std::array<uint32_t, kNumWorkFields>> lengths;
  std::vector<std::pair<uint32_t, uint32_t>> ranges;

  bool operator==(const Analysis&) const = default;
};

Analysis Summary(const AnalyzedExpert& analyzed) {
  Analysis summary;
  summary.terms = analyzed.record->terms;
  summary.impacts = analyzed.record->impacts;
  for (const AnalyzedExpert::WideTf& wide : analyzed.wide) {
    summary.wide.emplace_back(wide.entry, wide.tf);
  }
  for (const ExpertRecord::Work& work : analyzed.record->works) {
    summary.lengths.push_back(work.length);
    summary.ranges.emplace_back(work.terms_begin, work.terms_end);
  }
  return summary;
}

std::vector<Analysis> AnalyzeAll(std::vector<ExpertInput> inputs, SharedWorkAnalyses* shared) {
  text::Analyzer analyzer;
  LocalDictionary dictionary;
  std::vector<Analysis> out;
  for (ExpertInput& input : inputs) {
    auto analyzed = AnalyzeExpert(analyzer, input, ScoringParams{}, 2026, /*keep_text=*/false,
                                  dictionary, shared);
    EXPECT_TRUE(analyzed.ok()) << analyzed.status().ToString();
    if (analyzed.ok()) out.push_back(Summary(*analyzed));
  }
  return out;
}

TEST(SharedWorkAnalysesTest, SharedIdsAreTheWorksOfMoreThanOneInput) {
  std::vector<ExpertInput> inputs = Coauthors();
  EXPECT_EQ(SharedWorkAnalyses::SharedIds(inputs), std::unordered_set<Id>{7});
  // A hidden copy is not analysed, so it does not make a work shared.
  inputs[1].works[1].hidden = true;
  inputs[2].works[0].hidden = true;
  EXPECT_TRUE(SharedWorkAnalyses::SharedIds(inputs).empty());
}

TEST(SharedWorkAnalysesTest, CoauthorsRecordsAreThoseOfTheirOwnAnalysis) {
  const std::vector<ExpertInput> inputs = Coauthors();
  const std::unordered_set<Id> shared_ids = SharedWorkAnalyses::SharedIds(inputs);
  SharedWorkAnalyses shared(&shared_ids);
  const std::vector<Analysis> reused = AnalyzeAll(inputs, &shared);
  const std::vector<Analysis> apart = AnalyzeAll(inputs, nullptr);
  ASSERT_EQ(reused.size(), 3u);
  EXPECT_EQ(reused, apart);
  // The shared work has entries in two fields, which the copies carry at their own place.
  EXPECT_FALSE(reused[1].wide.empty());
  EXPECT_EQ(reused[1].ranges[1].second - reused[1].ranges[1].first,
            reused[0].ranges[0].second - reused[0].ranges[0].first);
}

TEST(SharedWorkAnalysesTest, KeepsOnlySharedWorksAndReusesOnlyTheSameText) {
  std::vector<ExpertInput> inputs = Coauthors();
  const std::unordered_set<Id> shared_ids = SharedWorkAnalyses::SharedIds(inputs);
  SharedWorkAnalyses shared(&shared_ids);
  const WorkInput work7 = inputs[0].works[0];
  const WorkInput other7 = inputs[2].works[0];
  const WorkInput work8 = inputs[2].works[1];
  std::vector<uint32_t> terms;
  std::vector<uint8_t> impacts;
  std::vector<AnalyzedExpert::WideTf> wide;
  EXPECT_FALSE(shared.Reuse(work7, terms, impacts, wide).has_value());  // Not analysed yet.

  AnalyzeAll({inputs[0]}, &shared);
  EXPECT_TRUE(shared.Reuse(work7, terms, impacts, wide).has_value());
  EXPECT_FALSE(terms.empty());
  EXPECT_EQ(terms.size(), impacts.size());
  EXPECT_FALSE(shared.Reuse(other7, terms, impacts, wide).has_value());  // Another text.
  EXPECT_FALSE(shared.Reuse(inputs[0].works[1], terms, impacts, wide).has_value());

  AnalyzeAll({inputs[2]}, &shared);
  EXPECT_FALSE(shared.Reuse(work8, terms, impacts, wide).has_value());  // Not shared.
  // The last text analysed under an id is the one kept.
  EXPECT_TRUE(shared.Reuse(other7, terms, impacts, wide).has_value());
}

}  // namespace
}  // namespace ketnoi::rank::internal

// Golden matches: builds the engine on the demo dataset (data/demo) and checks that, for
// each problem statement of tests/golden/demo_matches.tsv (Vietnamese, English, Japanese;
// with and without diacritics), the experts a specialist is sure of are in the top 5.
// On failure it prints the actual top 5 with names and scores.
//
// KETNOI_SOURCE_DIR (set by CTest) locates the source tree.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "rank/engine.h"
#include "text/glossary.h"

namespace ketnoi::rank {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("KETNOI_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The demo experts with their works, ids as in the dataset.
std::vector<ExpertInput> LoadDemoExperts(const std::string& directory) {
  std::map<Id, ExpertInput> experts;
  std::vector<nlohmann::json> works;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("experts") || !name.ends_with(".json")) continue;
    auto json = nlohmann::json::parse(ReadAll(entry.path().string()));
    for (const auto& item : json.value("experts", nlohmann::json::array())) {
      ExpertInput expert;
      expert.id = item.at("id").get<Id>();
      expert.name = item.value("full_name", "");
      expert.skills = item.value("skills", std::vector<std::string>{});
      expert.bio_vi = item["bio"].value("vi", "");
      expert.bio_en = item["bio"].value("en", "");
      expert.country = item.value("country", "");
      expert.languages = item.value("languages", std::vector<std::string>{});
      experts[expert.id] = std::move(expert);
    }
    for (const auto& item : json.value("works", nlohmann::json::array())) works.push_back(item);
  }
  for (const auto& item : works) {
    const auto& authors = item.at("authors");
    for (size_t position = 0; position < authors.size(); ++position) {
      if (authors[position]["expert_id"].is_null()) continue;
      auto it = experts.find(authors[position]["expert_id"].get<Id>());
      if (it == experts.end()) continue;
      WorkInput work;
      work.id = item.at("id").get<Id>();
      work.title = item.value("title", "");
      work.abstract = item.value("abstract", "");
      work.keywords = item.value("keywords", std::vector<std::string>{});
      work.venue = item.value("venue", "");
      work.year = item.value("year", 0);
      work.language = item.value("language", "");
      work.author_position = static_cast<int>(position);
      work.author_count = static_cast<int>(authors.size());
      work.corresponding = authors[position].value("corresponding", false);
      it->second.works.push_back(std::move(work));
    }
  }
  std::vector<ExpertInput> result;
  result.reserve(experts.size());
  for (auto& [id, expert] : experts) result.push_back(std::move(expert));
  return result;
}

struct GoldenCase {
  std::string name;
  std::string language;
  std::string text;
  std::vector<Id> must_be_in_top5;
};

std::vector<GoldenCase> LoadCases(const std::string& path) {
  std::vector<GoldenCase> cases;
  std::stringstream lines(ReadAll(path));
  std::string line;
  bool header = true;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> cells;
    std::stringstream row(line);
    std::string cell;
    while (std::getline(row, cell, '\t')) cells.push_back(cell);
    if (cells.size() != 4) {
      ADD_FAILURE() << "malformed golden line: " << line;
      continue;
    }
    GoldenCase golden{cells[0], cells[1], cells[2], {}};
    std::stringstream ids(cells[3]);
    while (std::getline(ids, cell, ',')) golden.must_be_in_top5.push_back(std::stoll(cell));
    cases.push_back(std::move(golden));
  }
  return cases;
}

class GoldenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string source = SourceDir();
    // The glossary is optional: without it the cross-language cases may fail, which is
    // what this test should then say.
    std::string tsv = ReadAll(source + "/data/glossary/technology.tsv");
    if (!tsv.empty()) {
      auto parsed = text::Glossary::Parse(tsv);
      ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
      glossary_ = std::make_unique<text::Glossary>(std::move(parsed).value());
    }
    experts_ = std::make_unique<std::vector<ExpertInput>>(LoadDemoExperts(source + "/data/demo"));
    ASSERT_EQ(experts_->size(), 120u);
    EngineOptions options;
    options.glossary = glossary_.get();
    engine_ = std::make_unique<Engine>(options);
    base::Status status = engine_->BuildAll(*experts_);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }
  static void TearDownTestSuite() {
    engine_.reset();
    glossary_.reset();
    experts_.reset();
  }

  static std::string NameOf(Id id) {
    for (const auto& expert : *experts_) {
      if (expert.id == id) return expert.name;
    }
    return "?";
  }

  static inline std::unique_ptr<text::Glossary> glossary_;
  static inline std::unique_ptr<Engine> engine_;
  static inline std::unique_ptr<std::vector<ExpertInput>> experts_;
};

TEST_F(GoldenTest, ExpectedExpertsAreInTopFive) {
  ASSERT_NE(engine_, nullptr);
  auto cases = LoadCases(SourceDir() + "/tests/golden/demo_matches.tsv");
  ASSERT_GE(cases.size(), 15u);
  for (const GoldenCase& golden : cases) {
    MatchQuery query;
    query.text = golden.text;
    query.language = golden.language;
    query.k = 5;
    auto matches = engine_->Match(query);
    ASSERT_TRUE(matches.ok()) << golden.name << ": " << matches.status().ToString();
    std::string top;
    for (const ExpertMatch& match : *matches) {
      top += "\n  " + std::to_string(match.expert_id) + " " + NameOf(match.expert_id) + " (" +
             std::to_string(match.score) + ")";
    }
    for (Id expected : golden.must_be_in_top5) {
      bool found = std::any_of(matches->begin(), matches->end(),
                               [&](const ExpertMatch& m) { return m.expert_id == expected; });
      EXPECT_TRUE(found) << golden.name << " (" << golden.language << "): expected " << expected
                         << " " << NameOf(expected) << " in the top 5 for \"" << golden.text
                         << "\"; actual top 5:" << top;
    }
  }
}

}  // namespace
}  // namespace ketnoi::rank

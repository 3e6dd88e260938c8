#include "service/dataset.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "base/clock.h"
#include "storage/sqlite/sqlite_store.h"

namespace ketnoi::service {
namespace {

class DatasetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::OpenSqliteStore(":memory:", &clock_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    catalog_ = std::make_unique<Catalog>(store_.get());
  }

  template <typename T>
  std::vector<T> All(const Filter<T>& filter = {}) {
    auto result =
        catalog_->List<T>(filter, {.offset = 0, .limit = 1000, .sort = {}, .descending = false});
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? result->items : std::vector<T>{};
  }

  base::FakeClock clock_{1795000000};
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Catalog> catalog_;
};

constexpr const char* kOrganizations = R"({
  "organizations": [
    {"id": 70, "name": "Trung tâm Đổi mới sáng tạo Quốc gia", "kind": "agency", "country": "VN"}
  ],
  "taxonomy_versions": [{"id": 5, "code": "1131/QD-TTg", "status": "current"}],
  "taxonomy_groups": [{"id": 9, "version_id": 5, "number": 6, "name": {"vi": "Chip bán dẫn"}}]
})";

constexpr const char* kExperts = R"({
  "experts": [
    {"id": 300, "full_name": "Vũ Thị Lan", "country": "JP", "group_ids": [9],
     "affiliations": [{"organization_id": 70, "title": "Cố vấn"}]}
  ],
  "works": [
    {"id": 1, "kind": "publication", "title": "Wire-bond reliability", "authors": [
      {"name": "Lan Vu", "expert_id": 300}, {"name": "A. Outsider"}]}
  ],
  "problems": [
    {"id": 2, "title": {"vi": "Lỗi hàn dây"}, "organization_id": 70, "group_ids": [9]}
  ]
})";

TEST_F(DatasetTest, LoadsInDependencyOrderAndMapsIds) {
  auto report = LoadDataset(*catalog_, {{"b.json", kExperts}, {"a.json", kOrganizations}});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ((*report)["experts"], 1);
  EXPECT_EQ((*report)["works"], 1);

  auto experts = All<model::Expert>();
  ASSERT_EQ(experts.size(), 1u);
  auto organizations = All<model::Organization>();
  auto groups = All<model::TaxonomyGroup>();
  EXPECT_EQ(experts[0].affiliations[0].organization_id, organizations[0].id);
  EXPECT_EQ(experts[0].group_ids, std::vector<model::Id>{groups[0].id});
  auto works = All<model::Work>();
  EXPECT_EQ(works[0].authors[0].expert_id, experts[0].id);
  EXPECT_EQ(works[0].authors[1].expert_id, 0);
  EXPECT_EQ(All<model::Problem>()[0].organization_id, organizations[0].id);
}

TEST_F(DatasetTest, AnErrorNamesFileItemAndFieldAndStoresNothing) {
  std::string broken = R"({"experts": [
    {"id": 1, "full_name": "Ngô Bảo Châu Anh", "country": "VN"},
    {"id": 2, "full_name": "Lý Thu Trang", "country": "VN", "group_ids": [42]}]})";
  auto report = LoadDataset(*catalog_, {{"a.json", kOrganizations}, {"people.json", broken}});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_NE(report.status().message().find("people.json: experts[1]"), std::string::npos)
      << report.status().ToString();
  EXPECT_EQ(report.status().field(), "group_ids[0]");
  EXPECT_TRUE(All<model::Expert>().empty());
  EXPECT_TRUE(All<model::Organization>().empty());
}

TEST_F(DatasetTest, ReportsMalformedJsonAndUnknownCollections) {
  auto malformed = LoadDataset(*catalog_, {{"x.json", "{\"experts\": [ {\"id\": 1,, } ]}"}});
  ASSERT_FALSE(malformed.ok());
  EXPECT_NE(malformed.status().message().find("x.json: malformed JSON at byte"), std::string::npos)
      << malformed.status().ToString();

  auto unknown = LoadDataset(*catalog_, {{"y.json", R"({"people": []})"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().field(), "people");

  auto duplicate = LoadDataset(*catalog_, {{"z.json", R"({"organizations": [
      {"id": 1, "name": "A", "kind": "fund", "country": "VN"},
      {"id": 1, "name": "B", "kind": "fund", "country": "VN"}]})"}});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.status().message().find("duplicate id 1"), std::string::npos);
}

TEST(ReadDatasetTest, KeepsLocalIdsAndNamesBadItems) {
  auto dataset = ReadDataset({{"b.json", kExperts}, {"a.json", kOrganizations}});
  ASSERT_TRUE(dataset.ok()) << dataset.status().ToString();
  ASSERT_EQ(dataset->experts.size(), 1u);
  EXPECT_EQ(dataset->experts[0].id, 300);
  EXPECT_EQ(dataset->experts[0].full_name, "Vũ Thị Lan");
  ASSERT_EQ(dataset->works.size(), 1u);
  EXPECT_EQ(dataset->works[0].authors[0].expert_id, 300);
  ASSERT_EQ(dataset->problems.size(), 1u);
  EXPECT_EQ(dataset->problems[0].organization_id, 70);

  auto bad = ReadDataset({{"w.json", R"({"works": [{"id": 4, "kind": "poem", "title": "x"}]})"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("w.json: works[0]"), std::string::npos)
      << bad.status().ToString();
  EXPECT_EQ(bad.status().field(), "kind");
}

// The demo dataset that `ketnoi demo` loads: it must load cleanly and be as rich as the
// product promises (issue: 120+ experts in 6+ countries, 3+ works each, every technology
// group covered, 25+ organisations including the seeds' real ones, 30+ problems, the five
// chapters).
TEST_F(DatasetTest, DemoDatasetLoadsAndIsRich) {
  const char* source = std::getenv("KETNOI_SOURCE_DIR");
  ASSERT_NE(source, nullptr) << "KETNOI_SOURCE_DIR is set by CTest";
  std::vector<DatasetFile> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(source) + "/data/demo")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    std::stringstream contents;
    contents << in.rdbuf();
    files.push_back({entry.path().filename().string(), contents.str()});
  }
  auto report = LoadDataset(*catalog_, files);
  ASSERT_TRUE(report.ok()) << report.status().ToString();

  auto experts = All<model::Expert>();
  EXPECT_GE(experts.size(), 120u);
  std::set<std::string> countries;
  for (const auto& expert : experts) countries.insert(expert.country);
  for (const char* country : {"JP", "GB", "US", "KR", "CZ", "VN"}) {
    EXPECT_TRUE(countries.count(country)) << country;
  }
  for (const auto& expert : experts) {
    storage::WorkFilter by_expert;
    by_expert.expert_id = expert.id;
    EXPECT_GE(catalog_->List<model::Work>(by_expert, {})->total, 3) << expert.full_name;
  }
  for (const auto& group : All<model::TaxonomyGroup>()) {
    if (group.version_id != All<model::TaxonomyVersion>()[0].id) continue;
    storage::ExpertFilter in_group;
    in_group.group_id = group.id;
    storage::ProblemFilter problems_in_group;
    problems_in_group.group_id = group.id;
    EXPECT_GE(catalog_->List<model::Expert>(in_group, {})->total, 3) << group.name.en;
    EXPECT_GE(catalog_->List<model::Problem>(problems_in_group, {})->total, 1) << group.name.en;
  }
  auto organizations = All<model::Organization>();
  EXPECT_GE(organizations.size(), 25u);
  std::set<std::string> short_names;
  for (const auto& organization : organizations) short_names.insert(organization.short_name);
  EXPECT_TRUE(short_names.count("NIC"));
  EXPECT_TRUE(short_names.count("VIS"));
  EXPECT_GE(All<model::Problem>().size(), 30u);
  std::set<std::string> chapter_codes;
  for (const auto& chapter : All<model::Chapter>()) chapter_codes.insert(chapter.code);
  EXPECT_EQ(chapter_codes, (std::set<std::string>{"CZ", "JP", "KR", "UK-IE", "US"}));
  EXPECT_GE(catalog_->ListMembers(catalog_->FindChapterByCode("JP")->id)->size(), 20u);
}

}  // namespace
}  // namespace ketnoi::service

#include "service/importer.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "base/clock.h"
#include "storage/sqlite/sqlite_store.h"

namespace ketnoi::service {
// Declarations, not import:: at the start of a statement, which clang-format reads as a
// C++20 module import.
using import::ImportBatch;
using import::ImportedAffiliation;
using import::ImportedAuthor;
using import::ImportedPerson;
using import::ImportedWork;
namespace {

ImportedWork Paper(std::string title, int year, std::string doi, std::vector<std::string> authors) {
  ImportedWork work;
  work.title = std::move(title);
  work.year = year;
  work.doi = std::move(doi);
  for (std::string& name : authors) {
    ImportedAuthor author;
    author.name = std::move(name);
    work.authors.push_back(std::move(author));
  }
  return work;
}

ImportedPerson Person(std::string source_id, std::string full_name,
                      std::vector<ImportedAffiliation> affiliations = {}) {
  ImportedPerson person;
  person.source_id = std::move(source_id);
  person.full_name = std::move(full_name);
  person.affiliations = std::move(affiliations);
  return person;
}

// An affiliation with an organisation and a country, the rest unknown.
ImportedAffiliation Affiliation(std::string organization, std::string country) {
  ImportedAffiliation affiliation;
  affiliation.organization = std::move(organization);
  affiliation.country = std::move(country);
  return affiliation;
}

// An ORCID-like record of a person with two works.
ImportBatch OrcidRecord() {
  ImportBatch batch;
  ImportedPerson person;
  person.location = {.file = "mai.json", .line = 0, .offset = 0};
  person.source_id = "0000-0002-1825-0097";
  person.orcid = "0000-0002-1825-0097";
  person.full_name = "Nguyễn Thị Mai";
  person.other_names = {"Mai T. Nguyen"};
  person.biography = "Thiết kế vi mạch tương tự công suất thấp.";
  person.biography_language = "vi";
  person.keywords = {"analog IC design", "SAR ADC"};
  person.emails = {"mai.nguyen@example.ac.jp"};
  person.affiliations = {Affiliation("Osaka University", "JP")};
  person.affiliations[0].role = "Associate Professor";
  person.affiliations[0].start_year = 2019;
  batch.works.push_back(Paper("A 12-bit SAR ADC at 1 µW", 2023, "10.5555/ketnoi.0040", {}));
  batch.works.push_back(Paper("Low-noise amplifiers for sensors", 2020, "", {}));
  person.works = {0, 1};
  batch.people.push_back(person);
  batch.records_read = 1;
  return batch;
}

class ImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::OpenSqliteStore(":memory:", &clock_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    catalog_ = std::make_unique<Catalog>(store_.get());
    importer_ = std::make_unique<Importer>(catalog_.get(), store_.get());
  }

  ImportReport Apply(const import::ImportBatch& batch, const ImportOptions& options) {
    auto report = importer_->Apply(batch, options);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : ImportReport{};
  }

  std::vector<model::Expert> Experts() { return *ListAll<model::Expert>(*catalog_, {}); }
  std::vector<model::Work> Works() { return *ListAll<model::Work>(*catalog_, {}); }

  base::FakeClock clock_{1795000000};
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<Importer> importer_;
};

TEST_F(ImporterTest, CreatesTheExpertTheirOrganisationAndWorks) {
  const ImportReport report = Apply(OrcidRecord(), {.source = "orcid"});
  EXPECT_EQ(report.created, 1);
  EXPECT_EQ(report.works_created, 2);
  EXPECT_TRUE(report.rejected.empty());
  const std::vector<model::Expert> experts = Experts();
  ASSERT_EQ(experts.size(), 1u);
  const model::Expert& mai = experts[0];
  EXPECT_EQ(mai.full_name, "Nguyễn Thị Mai");
  EXPECT_EQ(mai.orcid, "0000-0002-1825-0097");
  EXPECT_EQ(mai.country, "JP");  // From the affiliation.
  EXPECT_EQ(mai.background, model::Background::kOverseasVietnamese);
  EXPECT_EQ(mai.bio.vi, "Thiết kế vi mạch tương tự công suất thấp.");
  EXPECT_EQ(mai.skills, (std::vector<std::string>{"analog IC design", "SAR ADC"}));
  ASSERT_EQ(mai.affiliations.size(), 1u);
  EXPECT_EQ(catalog_->Get<model::Organization>(mai.affiliations[0].organization_id)->name,
            "Osaka University");
  const std::vector<model::Work> works = Works();
  ASSERT_EQ(works.size(), 2u);
  for (const model::Work& work : works) {
    ASSERT_EQ(work.authors.size(), 1u);
    EXPECT_EQ(work.authors[0].expert_id, mai.id);
  }
}

TEST_F(ImporterTest, ReimportingTheSameFileChangesNothingAndKeepsCuration) {
  Apply(OrcidRecord(), {.source = "orcid"});
  // The expert hides one work and marks the other as key.
  std::vector<model::Work> works = Works();
  works[0].authors[0].hidden = true;
  works[1].authors[0].key = true;
  ASSERT_TRUE(catalog_->Update(works[0]).ok());
  ASSERT_TRUE(catalog_->Update(works[1]).ok());

  const ImportReport again = Apply(OrcidRecord(), {.source = "orcid"});
  EXPECT_EQ(again.created, 0);
  EXPECT_EQ(again.unchanged, 1);
  EXPECT_EQ(again.works_created, 0);
  EXPECT_EQ(again.works_unchanged, 2);
  EXPECT_EQ(Experts().size(), 1u);
  works = Works();
  ASSERT_EQ(works.size(), 2u);
  EXPECT_TRUE(works[0].authors[0].hidden);
  EXPECT_TRUE(works[1].authors[0].key);
}

TEST_F(ImporterTest, ADryRunReportsAndWritesNothing) {
  const ImportReport report = Apply(OrcidRecord(), {.source = "orcid", .dry_run = true});
  EXPECT_TRUE(report.dry_run);
  EXPECT_EQ(report.created, 1);
  EXPECT_EQ(report.works_created, 2);
  EXPECT_TRUE(Experts().empty());
  EXPECT_TRUE(Works().empty());
}

TEST_F(ImporterTest, AnotherSourceOfTheSamePersonMergesIntoOneExpert) {
  Apply(OrcidRecord(), {.source = "orcid"});
  // A BibTeX list with one of her papers (same DOI), written with her name in another
  // order and without diacritics, and a new paper.
  ImportBatch bibtex;
  bibtex.works.push_back(Paper("A 12-bit SAR ADC at 1 uW", 2023, "10.5555/ketnoi.0040",
                               {"Mai Nguyen", "Sato Hiroshi"}));
  bibtex.works.push_back(Paper("Bandgap references", 2018, "", {"Nguyen Thi Mai"}));
  const Id mai = Experts()[0].id;
  const ImportReport report = Apply(bibtex, {.source = "bibtex", .expert_id = mai});
  EXPECT_EQ(report.works_created, 1);
  EXPECT_EQ(report.works_unchanged + report.works_updated, 1);
  EXPECT_EQ(Experts().size(), 1u);
  for (const model::Work& work : Works()) {
    bool linked = false;
    for (const model::WorkAuthor& author : work.authors) linked |= author.expert_id == mai;
    EXPECT_TRUE(linked) << work.title;
  }

  // An OpenAlex-like author record without ORCID: one work in common (by DOI) with a name
  // that agrees in full words is enough to merge.
  ImportBatch openalex;
  ImportedPerson author;
  author.source_id = "A5000000001";
  author.full_name = "Mai Thi Nguyen";
  author.affiliations = {Affiliation("Osaka University", "JP")};
  openalex.works.push_back(
      Paper("A 12-bit SAR ADC at 1 µW", 2023, "10.5555/ketnoi.0040", {"Mai Thi Nguyen"}));
  author.works = {0};
  openalex.people.push_back(author);
  const ImportReport merged = Apply(openalex, {.source = "openalex"});
  EXPECT_EQ(merged.merged, 1);
  EXPECT_EQ(merged.created, 0);
  EXPECT_EQ(Experts().size(), 1u);
  EXPECT_EQ(*store_->FindExpertBySource("openalex", "A5000000001"), mai);
}

TEST_F(ImporterTest, ANamesakeGoesToReviewAndCanBeMergedOrKeptApart) {
  Apply(OrcidRecord(), {.source = "orcid"});
  // Same name and institution, nothing else in common: a new expert and a review.
  ImportBatch csv;
  ImportedPerson namesake;
  namesake.source_id = "17";
  namesake.full_name = "Nguyen Thi Mai";
  namesake.affiliations = {Affiliation("Osaka University", "JP")};
  csv.people.push_back(namesake);
  const ImportReport report = Apply(csv, {.source = "csv"});
  EXPECT_EQ(report.created, 1);
  EXPECT_EQ(report.queued, 1);
  ASSERT_EQ(Experts().size(), 2u);
  auto reviews = importer_->ListReviews(model::ReviewStatus::kOpen, {});
  ASSERT_TRUE(reviews.ok());
  ASSERT_EQ(reviews->items.size(), 1u);
  const model::IdentityReview review = reviews->items[0];
  EXPECT_EQ(review.name_match, "full");

  auto kept = importer_->KeepApart(review.id);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->status, model::ReviewStatus::kKeptApart);
  EXPECT_EQ(importer_->Merge(review.id).status().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Experts().size(), 2u);

  // Another namesake record, merged by the coordinator.
  namesake.source_id = "18";
  csv.people = {namesake};
  Apply(csv, {.source = "csv"});
  reviews = importer_->ListReviews(model::ReviewStatus::kOpen, {});
  ASSERT_TRUE(reviews.ok());
  ASSERT_FALSE(reviews->items.empty());
  auto merged = importer_->Merge(reviews->items[0].id);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->status, model::ReviewStatus::kMerged);
  EXPECT_EQ(Experts().size(), 2u);
  EXPECT_EQ(*store_->FindExpertBySource("csv", "18"), merged->expert_id);
}

TEST_F(ImporterTest, RecordsOfOneCommitFindEachOtherAsIfImportedApart) {
  // Records of one commit are resolved against the experts the records before them
  // created and named (the store may keep what identity resolution read within a
  // commit): the outcome is that of importing the records one at a time.
  const ImportedAffiliation osaka = Affiliation("Osaka University", "JP");
  ImportedPerson mai = Person("1", "Nguyễn Thị Mai", {osaka});
  mai.other_names = {"Mai Tanaka"};
  ImportBatch batch;
  batch.people = {mai, Person("2", "Nguyen Thi Mai", {osaka}), Person("3", "Mai Tanaka", {osaka})};
  const ImportReport together = Apply(batch, {.source = "csv"});

  auto store = storage::OpenSqliteStore(":memory:", &clock_);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Catalog catalog(store->get());
  Importer apart(&catalog, store->get());
  int64_t created = 0;
  int64_t queued = 0;
  for (const ImportedPerson& person : batch.people) {
    ImportBatch one;
    one.people = {person};
    auto report = apart.Apply(one, {.source = "csv"});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    created += report->created;
    queued += report->queued;
  }
  EXPECT_EQ(together.created, created);
  EXPECT_EQ(together.queued, queued);
  EXPECT_EQ(together.queued, 2);
  auto reviews = [](Importer& importer) {
    std::vector<std::tuple<Id, Id, std::string, std::vector<std::string>>> pairs;
    auto listed = importer.ListReviews(std::nullopt, {});
    EXPECT_TRUE(listed.ok()) << listed.status().ToString();
    if (!listed.ok()) return pairs;
    for (const model::IdentityReview& r : listed->items) {
      pairs.emplace_back(r.expert_id, r.candidate_id, r.name_match, r.reasons);
    }
    return pairs;
  };
  EXPECT_EQ(reviews(*importer_), reviews(apart));
}

TEST_F(ImporterTest, ABadRecordIsReportedAndTheOthersAreStored) {
  ImportBatch batch = OrcidRecord();
  ImportedPerson bad;
  bad.location = {.file = "people.csv", .line = 3, .offset = 120};
  bad.source_id = "3";
  bad.full_name = "Trần Văn Bình";
  bad.emails = {"binh at example.vn"};
  batch.people.insert(batch.people.begin(), bad);
  batch.rejected.push_back({{.file = "people.csv", .line = 2, .offset = 60}, "invalid UTF-8"});
  const ImportReport report = Apply(batch, {.source = "csv"});
  EXPECT_EQ(report.created, 1);
  ASSERT_EQ(report.rejected.size(), 2u);
  EXPECT_EQ(report.rejected[1].location.line, 3);
  EXPECT_NE(report.rejected[1].reason.find("(field: email)"), std::string::npos)
      << report.rejected[1].reason;
  EXPECT_EQ(Experts().size(), 1u);
}

TEST_F(ImporterTest, APersonWithoutACountryIsImportedWithItUnknown) {
  ImportBatch batch;
  ImportedPerson binh;
  binh.source_id = "0000-0002-1825-0097";
  binh.full_name = "Trần Văn Bình";  // No country, no affiliation with one.
  binh.affiliations.emplace_back().organization = "Kansai Institute of Technology";
  batch.people.push_back(binh);
  ImportedPerson emma;
  emma.source_id = "0000-0001-5109-3700";
  emma.full_name = "Emma Brown";
  batch.people.push_back(emma);
  const ImportReport report = Apply(batch, {.source = "orcid"});
  EXPECT_EQ(report.created, 2);
  EXPECT_TRUE(report.rejected.empty());
  // The unknown organisation cannot be created without a country: left out, with a warning.
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_NE(report.warnings[0].reason.find("Kansai Institute of Technology"), std::string::npos);
  const std::vector<model::Expert> experts = Experts();
  ASSERT_EQ(experts.size(), 2u);
  EXPECT_EQ(experts[0].full_name, "Trần Văn Bình");
  EXPECT_EQ(experts[0].country, "");
  EXPECT_TRUE(experts[0].affiliations.empty());
  EXPECT_EQ(experts[0].background, model::Background::kOverseasVietnamese);
  EXPECT_EQ(experts[1].country, "");
  EXPECT_EQ(experts[1].background, model::Background::kForeign);

  // A later record with the country fills it in.
  binh.country = "JP";
  batch.people = {binh};
  const ImportReport again = Apply(batch, {.source = "orcid"});
  EXPECT_EQ(again.updated, 1);
  EXPECT_EQ(Experts()[0].country, "JP");
}

TEST_F(ImporterTest, BackgroundAbroadFollowsTheFamilyName) {
  // Living abroad with a Vietnamese family name: overseas Vietnamese; "Ho" and "Ly" written
  // without diacritics are as often Chinese or other names, and are not taken for one.
  ImportBatch batch;
  const std::vector<std::pair<std::string, std::string>> people = {
      {"Hồ Minh Châu", "JP"}, {"Ho Wing Kam", "GB"}, {"Kevin Ly", "US"}, {"Phung Thanh Son", "CZ"}};
  for (size_t i = 0; i < people.size(); ++i) {
    ImportedPerson person;
    person.source_id = "p" + std::to_string(i);
    person.full_name = people[i].first;
    person.country = people[i].second;
    batch.people.push_back(person);
  }
  const ImportReport report = Apply(batch, {.source = "csv"});
  ASSERT_EQ(report.created, 4);
  std::map<std::string, model::Background> background;
  for (const model::Expert& expert : Experts()) background[expert.full_name] = expert.background;
  EXPECT_EQ(background["Hồ Minh Châu"], model::Background::kOverseasVietnamese);
  EXPECT_EQ(background["Ho Wing Kam"], model::Background::kForeign);
  EXPECT_EQ(background["Kevin Ly"], model::Background::kForeign);
  EXPECT_EQ(background["Phung Thanh Son"], model::Background::kOverseasVietnamese);
}

TEST_F(ImporterTest, AnOrganisationCreatedByARejectedRecordIsCreatedAgainWhenNeeded) {
  ImportBatch batch;
  const ImportedAffiliation tohoku = Affiliation("Tohoku University", "JP");
  ImportedPerson bad = Person("1", "Trần Văn Bình", {tohoku});
  bad.emails = {"binh at example.jp"};  // Rejected after its organisation was created.
  batch.people.push_back(bad);
  batch.people.push_back(Person("2", "Lê Thị Hoa", {tohoku}));
  const ImportReport report = Apply(batch, {.source = "csv"});
  EXPECT_EQ(report.created, 1);
  ASSERT_EQ(report.rejected.size(), 1u);
  const std::vector<model::Expert> experts = Experts();
  ASSERT_EQ(experts.size(), 1u);
  ASSERT_EQ(experts[0].affiliations.size(), 1u);
  auto organization =
      catalog_->Get<model::Organization>(experts[0].affiliations[0].organization_id);
  ASSERT_TRUE(organization.ok()) << organization.status().ToString();
  EXPECT_EQ(organization->name, "Tohoku University");
}

TEST_F(ImporterTest, AFailedRecordLeavesTheOthersOfItsCommitAsIfAloneEach) {
  // Records are first applied together, then, when one fails, again one by one: what the
  // first attempt created (experts, an organisation the import remembers, counts,
  // warnings) must not be kept or counted twice.
  ImportBatch batch;
  const import::ImportedAffiliation tohoku = Affiliation("Tohoku University", "JP");
  // No country: a warning.
  const import::ImportedAffiliation unknown = Affiliation("Kansai Institute of Technology", "");
  batch.people.push_back(Person("1", "Lê Thị Hoa", {tohoku, unknown}));
  ImportedPerson bad = Person("2", "Trần Văn Bình", {tohoku});
  bad.emails = {"binh at example.jp"};
  batch.people.push_back(bad);
  batch.people.push_back(Person("3", "Emma Brown", {tohoku}));
  batch.works.push_back(Paper("Sendai sensors", 2022, "10.5555/ketnoi.0041", {"Emma Brown"}));
  batch.works.back().authors[0].source_id = "3";

  const ImportReport report = Apply(batch, {.source = "csv"});
  EXPECT_EQ(report.created, 2);
  EXPECT_EQ(report.works_created, 1);
  ASSERT_EQ(report.rejected.size(), 1u);
  EXPECT_NE(report.rejected[0].reason.find("(field: email)"), std::string::npos);
  ASSERT_EQ(report.warnings.size(), 1u);
  const std::vector<model::Expert> experts = Experts();
  ASSERT_EQ(experts.size(), 2u);
  ASSERT_EQ(experts[0].affiliations.size(), 1u);
  ASSERT_EQ(experts[1].affiliations.size(), 1u);
  EXPECT_EQ(experts[0].affiliations[0].organization_id, experts[1].affiliations[0].organization_id);
  EXPECT_EQ(ListAll<model::Organization>(*catalog_, {})->size(), 1u);
  const std::vector<model::Work> works = Works();
  ASSERT_EQ(works.size(), 1u);
  EXPECT_EQ(works[0].authors[0].expert_id, experts[1].id);

  // The same file again: nothing changes, the bad record is rejected again.
  const ImportReport again = Apply(batch, {.source = "csv"});
  EXPECT_EQ(again.created, 0);
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_EQ(again.works_unchanged, 1);
  EXPECT_EQ(again.rejected.size(), 1u);
  EXPECT_EQ(Experts().size(), 2u);
  EXPECT_EQ(Works().size(), 1u);
}

TEST_F(ImporterTest, AnAuthorStoredByARejectedRecordIsNotFoundByTheNextRecords) {
  // The importer remembers which expert each source id is within a transaction; a record
  // undone after storing its person's source id must take that answer with it.
  ImportBatch batch;
  ImportedPerson duc = Person("7", "Phạm Minh Đức");
  batch.works.push_back(Paper("Hanoi traffic sensing", 3000, "", {}));  // Invalid year.
  duc.works = {0};
  batch.people.push_back(duc);
  ImportedPerson lan = Person("8", "Vũ Thị Lan");
  batch.people.push_back(lan);
  for (const char* source_id : {"7", "8"}) {
    batch.works.push_back(Paper(std::string("Paper by author ") + source_id, 2022, "",
                                {source_id[0] == '7' ? "Phạm Minh Đức" : "Vũ Thị Lan"}));
    batch.works.back().authors[0].source_id = source_id;
  }

  const ImportReport report = Apply(batch, {.source = "openalex"});
  EXPECT_EQ(report.created, 1);
  ASSERT_EQ(report.rejected.size(), 1u);
  EXPECT_NE(report.rejected[0].reason.find("year"), std::string::npos) << report.rejected[0].reason;
  EXPECT_EQ(report.works_created, 2);
  const std::vector<model::Expert> experts = Experts();
  ASSERT_EQ(experts.size(), 1u);
  EXPECT_EQ(experts[0].full_name, "Vũ Thị Lan");
  std::map<std::string, Id> author_of;
  for (const model::Work& work : Works()) {
    ASSERT_EQ(work.authors.size(), 1u) << work.title;
    author_of[work.title] = work.authors[0].expert_id;
  }
  EXPECT_EQ(author_of["Paper by author 7"], 0);  // Their record was undone.
  EXPECT_EQ(author_of["Paper by author 8"], experts[0].id);
}

}  // namespace
}  // namespace ketnoi::service

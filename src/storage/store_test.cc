// Tests of the Store contract (storage/store.h). As in Xapian's backend tests, one test body
// runs against every backend in Backends(); the few tests of SQLite-only behaviour (file
// format, migrations) come last.

#include "storage/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "storage/sqlite/internal/json_column.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_store.h"

namespace ketnoi::storage {
namespace {

using base::StatusCode;
using model::Chapter;
using model::Expert;
using model::Membership;
using model::Organization;
using model::Problem;
using model::TaxonomyGroup;
using model::TaxonomyVersion;
using model::Work;

constexpr int64_t kStartTime = 1'790'000'000;  // 2026-09-21T...Z

// A fresh directory under the system's temporary directory, removed with its contents.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("ketnoi_store_test_" + std::to_string(random()) + "_" + std::to_string(++counter));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct Backend {
  std::string name;
  // Opens the store kept in `dir`; opening the same directory again sees the same data.
  std::function<Result<std::unique_ptr<Store>>(const std::filesystem::path& dir,
                                               const base::Clock* clock)>
      open;
};

std::vector<Backend> Backends() {
  // PostgreSQL joins this list (a scratch database per directory) once storage/postgres/
  // exists; every TEST_P below must then pass unchanged.
  return {
      {"sqlite",
       [](const std::filesystem::path& dir, const base::Clock* clock) {
         return OpenSqliteStore((dir / "ketnoi.db").string(), clock);
       }},
  };
}

// Returns the value of `result`, or records a failure and returns T{}.
template <typename T>
T Ok(Result<T> result) {
  if (!result.ok()) {
    ADD_FAILURE() << result.status().ToString();
    return T{};
  }
  return std::move(result).value();
}

#define EXPECT_OK(expr)                                                  \
  do {                                                                   \
    const ::ketnoi::base::Status expect_ok_status_ = (expr);             \
    EXPECT_TRUE(expect_ok_status_.ok()) << expect_ok_status_.ToString(); \
  } while (false)

// Returns a T with the given members set: Make<Page>(&Page::limit, 5, &Page::sort, "id").
// (Designated initializers would read better, but GCC 12 warns about omitted members.)
template <typename T>
void SetMembers(T& /*value*/) {}
template <typename T, typename Member, typename Value, typename... Rest>
void SetMembers(T& value, Member T::*member, Value field, Rest... rest) {
  value.*member = std::move(field);
  SetMembers(value, rest...);
}
template <typename T, typename... Args>
T Make(Args... args) {
  T value;
  SetMembers(value, args...);
  return value;
}

// Expects `status` to have `code` and, if given, `field`.
void ExpectError(const Status& status, StatusCode code, const std::string& field = {}) {
  EXPECT_EQ(status.code(), code) << status.ToString();
  if (!field.empty()) {
    EXPECT_EQ(status.field(), field) << status.ToString();
  }
}

template <typename T>
std::vector<Id> Ids(const ListResult<T>& list) {
  std::vector<Id> ids;
  for (const T& item : list.items) ids.push_back(item.id);
  return ids;
}

// Entities with every field set, in Vietnamese, Japanese and English.

Organization Hust() {
  Organization org;
  org.name = "Đại học Bách khoa Hà Nội";
  org.name_en = "Hanoi University of Science and Technology";
  org.short_name = "HUST";
  org.kind = model::OrganizationKind::kUniversity;
  org.country = "VN";
  org.city = "Hà Nội";
  org.website = "https://hust.edu.vn";
  org.description = {"Trường đại học kỹ thuật đa ngành",
                     "A multidisciplinary technical university"};
  return org;
}

Organization OsakaUniversity() {
  Organization org;
  org.name = "大阪大学";
  org.name_en = "Osaka University";
  org.short_name = "阪大";
  org.kind = model::OrganizationKind::kUniversity;
  org.country = "JP";
  org.city = "大阪";
  org.website = "https://www.osaka-u.ac.jp";
  org.description = {"Đại học quốc gia Nhật Bản", "国立大学 / national university"};
  return org;
}

TaxonomyVersion Decision1131() {
  TaxonomyVersion v;
  v.code = "1131/QĐ-TTg";
  v.name = {"Danh mục công nghệ chiến lược", "Strategic technologies list"};
  v.issued_on = "2025-06-12";
  v.effective_from = "2025-06-13";
  v.status = model::TaxonomyStatus::kCurrent;
  v.note = {"Ghi chú: bản chính thức", "Official text"};
  return v;
}

TaxonomyGroup Semiconductors(Id version_id, int number = 6) {
  TaxonomyGroup g;
  g.version_id = version_id;
  g.number = number;
  g.name = {"Công nghệ chip bán dẫn", "Semiconductor chips"};
  g.description = {"Thiết kế, chế tạo, đóng gói", "Design, fabrication, packaging"};
  g.provisional = true;
  g.products = {{"Chip AI chuyên dụng", "AI accelerators"}, {"", "Power devices パワー半導体"}};
  return g;
}

Chapter JapanChapter(Id host_organization_id) {
  Chapter c;
  c.code = "JP";
  c.name = {"Chi hội Nhật Bản", "Japan chapter 日本支部"};
  c.countries = {"JP", "KR"};
  c.status = model::ChapterStatus::kPilot;
  c.founded_on = "2025-08-27";
  c.host_organization_id = host_organization_id;
  c.description = {"Kết nối chuyên gia tại Nhật", "Connects experts in Japan"};
  return c;
}

Expert Mai(Id org1, Id org2, std::vector<Id> group_ids) {
  Expert e;
  e.full_name = "Nguyễn Thị Mai";
  e.name_ascii = "Nguyen Thi Mai";
  e.orcid = "0000-0002-1825-0097";
  e.email = "mai.nguyen@example.jp";
  e.country = "JP";
  e.city = "大阪";
  e.background = model::Background::kOverseasVietnamese;
  e.affiliations = {{org1, "准教授 (Associate Professor)", true}, {org2, "Giảng viên", false}};
  e.career_stage = model::CareerStage::kSenior;
  e.languages = {"vi", "ja", "en"};
  e.engagement_modes = {model::EngagementMode::kJointResearch, model::EngagementMode::kConsulting};
  e.availability = {{"2026-01-01", "2026-06-30", 20, "Học kỳ mùa xuân"},
                    {"2026-09-01", "2026-12-31", 8, "秋学期"}};
  e.consent = {.contact = true, .public_profile = false};
  e.bio = {"Chuyên gia thiết kế vi mạch tương tự", "Analog IC designer, アナログ回路"};
  e.group_ids = std::move(group_ids);
  e.skills = {"analog IC design", "thiết kế vi mạch", "低消費電力"};
  return e;
}

Expert Plain(std::string full_name, std::string name_ascii, std::string country) {
  Expert e;
  e.full_name = std::move(full_name);
  e.name_ascii = std::move(name_ascii);
  e.country = std::move(country);
  return e;
}

Work SarAdc(Id expert_id) {
  Work w;
  w.kind = model::WorkKind::kPatent;
  w.title = "低消費電力SAR ADCの設計";
  w.abstract = "Bộ chuyển đổi tương tự-số công suất thấp";
  w.year = 2023;
  w.venue = "IEEE Journal of Solid-State Circuits";
  w.language = "ja";
  w.doi = "10.5555/ketnoi.0040";
  w.url = "https://example.org/w/40";
  w.keywords = {"SAR ADC", "công suất thấp", "低電力"};
  w.authors = {{"Mai Nguyen", expert_id, true}, {"田中 健", 0, false}, {"Trần Văn Bình", 0, false}};
  return w;
}

Problem ChipProblem(Id organization_id, std::vector<Id> group_ids) {
  Problem p;
  p.title = {"Thiết kế ADC công suất thấp", "Low-power ADC design"};
  p.summary = {"Tóm tắt", "Summary"};
  p.description = {"Mô tả đầy đủ bài toán", "Full statement"};
  p.organization_id = organization_id;
  p.group_ids = std::move(group_ids);
  p.skills = {{"thiết kế vi mạch tương tự", model::SkillLevel::kMust},
              {"layout", model::SkillLevel::kNice}};
  p.deliverables = {"Bản thiết kế", "Báo cáo đo kiểm"};
  p.budget = {.amount = 2'500'000'000, .currency = "VND"};
  p.deadline = "2027-03-31";
  p.engagement_mode = model::EngagementMode::kTraining;
  p.confidentiality = model::Confidentiality::kSummaryOnly;
  p.ip_terms = model::IpTerms::kExclusive;
  p.trl = model::Trl{.current = 3, .target = 6};
  p.status = model::ProblemStatus::kOpen;
  return p;
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    store_.reset();
    Result<std::unique_ptr<Store>> opened = GetParam().open(dir_.path(), &clock_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }

  // Stores `value` and checks that the store returned it as given, with id and timestamps.
  template <typename T, typename Create, typename Get>
  T RoundTrip(T value, Create create, Get get) {
    T created = Ok((store_.get()->*create)(value));
    EXPECT_GT(created.id, 0);
    EXPECT_EQ(created.timestamps.created_at, base::FormatTimestamp(clock_.NowSeconds()));
    EXPECT_EQ(created.timestamps.updated_at, created.timestamps.created_at);
    value.id = created.id;
    value.timestamps = created.timestamps;
    EXPECT_TRUE(created == value);
    EXPECT_TRUE(Ok((store_.get()->*get)(created.id)) == value);
    return created;
  }

  TempDir dir_;
  base::FakeClock clock_{kStartTime};
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, OrganizationCreateGetUpdateDelete) {
  Organization org = RoundTrip(Hust(), &Store::CreateOrganization, &Store::GetOrganization);

  clock_.Set(kStartTime + 60);
  org.name = "Đại học Bách khoa Hà Nội (HUST)";
  org.kind = model::OrganizationKind::kInstitute;
  org.description.en = "";
  Organization updated = Ok(store_->UpdateOrganization(org));
  EXPECT_EQ(updated.timestamps.created_at, org.timestamps.created_at);
  EXPECT_EQ(updated.timestamps.updated_at, base::FormatTimestamp(kStartTime + 60));
  org.timestamps = updated.timestamps;
  EXPECT_TRUE(updated == org);
  EXPECT_TRUE(Ok(store_->GetOrganization(org.id)) == org);

  EXPECT_OK(store_->DeleteOrganization(org.id));
  ExpectError(store_->GetOrganization(org.id).status(), StatusCode::kNotFound);
  ExpectError(store_->DeleteOrganization(org.id), StatusCode::kNotFound);
}

TEST_P(StoreTest, TaxonomyCreateGetUpdateDelete) {
  TaxonomyVersion version =
      RoundTrip(Decision1131(), &Store::CreateTaxonomyVersion, &Store::GetTaxonomyVersion);
  TaxonomyGroup group =
      RoundTrip(Semiconductors(version.id), &Store::CreateTaxonomyGroup, &Store::GetTaxonomyGroup);

  group.products.pop_back();
  group.provisional = false;
  TaxonomyGroup updated = Ok(store_->UpdateTaxonomyGroup(group));
  EXPECT_EQ(updated.products.size(), 1u);
  EXPECT_FALSE(updated.provisional);

  version.status = model::TaxonomyStatus::kSuperseded;
  EXPECT_EQ(Ok(store_->UpdateTaxonomyVersion(version)).status, model::TaxonomyStatus::kSuperseded);

  // A version with groups cannot go; without them it can.
  ExpectError(store_->DeleteTaxonomyVersion(version.id), StatusCode::kFailedPrecondition);
  EXPECT_OK(store_->DeleteTaxonomyGroup(group.id));
  EXPECT_OK(store_->DeleteTaxonomyVersion(version.id));
  ExpectError(store_->GetTaxonomyVersion(version.id).status(), StatusCode::kNotFound);
}

TEST_P(StoreTest, TaxonomyUniqueKeysAndReferences) {
  TaxonomyVersion v1 = Ok(store_->CreateTaxonomyVersion(Decision1131()));
  ExpectError(store_->CreateTaxonomyVersion(Decision1131()).status(), StatusCode::kAlreadyExists,
              "code");

  TaxonomyVersion other = Decision1131();
  other.code = "2025/QĐ-TTg";
  TaxonomyVersion v2 = Ok(store_->CreateTaxonomyVersion(other));

  Ok(store_->CreateTaxonomyGroup(Semiconductors(v1.id, 6)));
  ExpectError(store_->CreateTaxonomyGroup(Semiconductors(v1.id, 6)).status(),
              StatusCode::kAlreadyExists, "number");
  Ok(store_->CreateTaxonomyGroup(Semiconductors(v2.id, 6)));  // Same number, other version.
  ExpectError(store_->CreateTaxonomyGroup(Semiconductors(9999, 1)).status(),
              StatusCode::kInvalidArgument, "version_id");

  // Renaming a version onto another's code is a duplicate too.
  v2.code = v1.code;
  ExpectError(store_->UpdateTaxonomyVersion(v2).status(), StatusCode::kAlreadyExists, "code");
}

TEST_P(StoreTest, ChapterCreateGetUpdateDelete) {
  Organization host = Ok(store_->CreateOrganization(OsakaUniversity()));
  Chapter chapter = RoundTrip(JapanChapter(host.id), &Store::CreateChapter, &Store::GetChapter);

  chapter.countries = {"JP"};
  chapter.host_organization_id = 0;
  Chapter updated = Ok(store_->UpdateChapter(chapter));
  EXPECT_EQ(updated.countries, std::vector<std::string>{"JP"});
  EXPECT_EQ(updated.host_organization_id, 0);

  ExpectError(store_->CreateChapter(JapanChapter(0)).status(), StatusCode::kAlreadyExists, "code");
  Chapter orphan = JapanChapter(4242);
  orphan.code = "KR";
  ExpectError(store_->CreateChapter(orphan).status(), StatusCode::kInvalidArgument,
              "host_organization_id");

  EXPECT_OK(store_->DeleteChapter(chapter.id));
  ExpectError(store_->GetChapter(chapter.id).status(), StatusCode::kNotFound);
}

TEST_P(StoreTest, ExpertCreateGetUpdateDelete) {
  Organization osaka = Ok(store_->CreateOrganization(OsakaUniversity()));
  Organization hust = Ok(store_->CreateOrganization(Hust()));
  TaxonomyVersion version = Ok(store_->CreateTaxonomyVersion(Decision1131()));
  TaxonomyGroup g1 = Ok(store_->CreateTaxonomyGroup(Semiconductors(version.id, 1)));
  TaxonomyGroup g6 = Ok(store_->CreateTaxonomyGroup(Semiconductors(version.id, 6)));

  // group_ids in an order other than id order: the store keeps the order given.
  Expert mai =
      RoundTrip(Mai(osaka.id, hust.id, {g6.id, g1.id}), &Store::CreateExpert, &Store::GetExpert);

  clock_.Set(kStartTime + 3600);
  mai.affiliations = {{hust.id, "Visiting professor", true}};
  mai.group_ids = {g1.id};
  mai.orcid = "";
  mai.availability.clear();
  Expert updated = Ok(store_->UpdateExpert(mai));
  EXPECT_EQ(updated.timestamps.created_at, base::FormatTimestamp(kStartTime));
  EXPECT_EQ(updated.timestamps.updated_at, base::FormatTimestamp(kStartTime + 3600));
  mai.timestamps = updated.timestamps;
  EXPECT_TRUE(updated == mai);
  EXPECT_TRUE(Ok(store_->GetExpert(mai.id)) == mai);

  EXPECT_OK(store_->DeleteExpert(mai.id));
  ExpectError(store_->GetExpert(mai.id).status(), StatusCode::kNotFound);
}

TEST_P(StoreTest, ExpertUniqueOrcidAndReferences) {
  Organization osaka = Ok(store_->CreateOrganization(OsakaUniversity()));
  TaxonomyVersion version = Ok(store_->CreateTaxonomyVersion(Decision1131()));
  TaxonomyGroup group = Ok(store_->CreateTaxonomyGroup(Semiconductors(version.id)));

  Expert first = Ok(store_->CreateExpert(Mai(osaka.id, osaka.id, {group.id})));
  ExpectError(store_->CreateExpert(Mai(osaka.id, osaka.id, {})).status(),
              StatusCode::kAlreadyExists, "orcid");

  // Any number of experts may have no ORCID.
  Ok(store_->CreateExpert(Plain("Lê Văn An", "Le Van An", "VN")));
  Ok(store_->CreateExpert(Plain("Phạm Hà", "Pham Ha", "VN")));

  Expert second = Ok(store_->CreateExpert(Plain("山田 花子", "Yamada Hanako", "JP")));
  second.orcid = first.orcid;
  ExpectError(store_->UpdateExpert(second).status(), StatusCode::kAlreadyExists, "orcid");

  Expert bad = Plain("Võ Minh", "Vo Minh", "VN");
  bad.affiliations = {{osaka.id, "", true}, {777, "", false}};
  ExpectError(store_->CreateExpert(bad).status(), StatusCode::kInvalidArgument,
              "affiliations[1].organization_id");
  bad.affiliations.clear();
  bad.group_ids = {group.id, 888};
  ExpectError(store_->CreateExpert(bad).status(), StatusCode::kInvalidArgument, "group_ids[1]");
  bad.group_ids = {group.id, group.id};
  ExpectError(store_->CreateExpert(bad).status(), StatusCode::kInvalidArgument, "group_ids[1]");

  // A failed write leaves nothing behind.
  EXPECT_EQ(Ok(store_->ListExperts({}, {})).total, 4);
}

TEST_P(StoreTest, WorkCreateGetUpdateDelete) {
  Expert mai = Ok(store_->CreateExpert(Plain("Nguyễn Thị Mai", "Nguyen Thi Mai", "JP")));
  Work work = RoundTrip(SarAdc(mai.id), &Store::CreateWork, &Store::GetWork);

  work.authors.erase(work.authors.begin() + 1);
  work.year = 0;
  Work updated = Ok(store_->UpdateWork(work));
  ASSERT_EQ(updated.authors.size(), 2u);
  EXPECT_EQ(updated.authors[1].name, "Trần Văn Bình");
  EXPECT_TRUE(Ok(store_->GetWork(work.id)) == updated);

  Work bad = SarAdc(mai.id);
  bad.authors[2].expert_id = 31337;
  ExpectError(store_->CreateWork(bad).status(), StatusCode::kInvalidArgument,
              "authors[2].expert_id");
  bad.id = work.id;
  ExpectError(store_->UpdateWork(bad).status(), StatusCode::kInvalidArgument,
              "authors[2].expert_id");
  EXPECT_EQ(Ok(store_->ListWorks({}, {})).total, 1);  // Nothing of the failed writes is left.
  EXPECT_TRUE(Ok(store_->GetWork(work.id)) == updated);

  EXPECT_OK(store_->DeleteWork(work.id));
  ExpectError(store_->GetWork(work.id).status(), StatusCode::kNotFound);
}

TEST_P(StoreTest, ManyChildRowsKeepTheirOrder) {
  // Child rows are written several to a statement: more authors than fit in one, in order.
  Expert mai = Ok(store_->CreateExpert(Plain("Nguyễn Thị Mai", "Nguyen Thi Mai", "JP")));
  Work work = SarAdc(mai.id);
  work.authors.clear();
  for (int i = 0; i < 40; ++i) {
    work.authors.push_back({.name = "Author " + std::to_string(i),
                            .expert_id = i == 37 ? mai.id : 0,
                            .corresponding = i % 3 == 0});
  }
  work = RoundTrip(work, &Store::CreateWork, &Store::GetWork);
  std::reverse(work.authors.begin(), work.authors.end());
  work.authors.resize(17);
  work = Ok(store_->UpdateWork(work));
  EXPECT_TRUE(Ok(store_->GetWork(work.id)) == work);
  EXPECT_TRUE(Ok(store_->ListWorks({}, {})).items == std::vector<Work>{work});
}

TEST_P(StoreTest, WorkCurationIsStoredPerAuthor) {
  Expert mai = Ok(store_->CreateExpert(Plain("Nguyễn Thị Mai", "Nguyen Thi Mai", "JP")));
  Work work = SarAdc(mai.id);
  work.authors[0].hidden = true;
  work.authors[0].key = true;
  Work stored = Ok(store_->CreateWork(work));
  EXPECT_TRUE(stored.authors[0].hidden);
  EXPECT_TRUE(stored.authors[0].key);
  EXPECT_FALSE(stored.authors[1].hidden);
}

TEST_P(StoreTest, WorkEvidenceIsWhatListingAnExpertsWorksGives) {
  // Identity resolution reads an expert's works through ListWorkEvidence instead of
  // listing them: the same works, hidden ones included, in the same order, with the same
  // keys and authors.
  Expert mai = Ok(store_->CreateExpert(Plain("Nguyễn Thị Mai", "Nguyen Thi Mai", "JP")));
  Expert an = Ok(store_->CreateExpert(Plain("Lê Văn An", "Le Van An", "VN")));
  EXPECT_TRUE(Ok(store_->ListWorkEvidence(mai.id)).empty());
  Work first = SarAdc(mai.id);
  first.authors[2].expert_id = an.id;
  Ok(store_->CreateWork(first));
  Work not_hers = SarAdc(an.id);
  not_hers.authors = {{.name = "Le Van An", .expert_id = an.id}};
  not_hers.doi = "";
  not_hers.title = "Traffic flow sensing in Hanoi";
  Ok(store_->CreateWork(not_hers));
  Work hidden = SarAdc(0);
  hidden.authors = {{.name = "Trần Văn Bình"}, {.name = "Mai Nguyen", .expert_id = mai.id}};
  hidden.authors[1].hidden = true;
  hidden.year = 0;
  hidden.doi = "10.5555/ketnoi.0042";
  Ok(store_->CreateWork(hidden));

  for (const Expert& expert : {mai, an}) {
    storage::WorkFilter by_author;
    by_author.expert_id = expert.id;
    const std::vector<Work> listed = Ok(store_->ListWorks(by_author, {})).items;
    const std::vector<Store::WorkEvidence> evidence = Ok(store_->ListWorkEvidence(expert.id));
    ASSERT_EQ(evidence.size(), listed.size()) << expert.full_name;
    for (size_t i = 0; i < listed.size(); ++i) {
      EXPECT_EQ(evidence[i].id, listed[i].id);
      EXPECT_EQ(evidence[i].doi, listed[i].doi);
      EXPECT_EQ(evidence[i].title, listed[i].title);
      EXPECT_EQ(evidence[i].year, listed[i].year);
      ASSERT_EQ(evidence[i].authors.size(), listed[i].authors.size());
      for (size_t a = 0; a < listed[i].authors.size(); ++a) {
        EXPECT_EQ(evidence[i].authors[a].name, listed[i].authors[a].name);
        EXPECT_EQ(evidence[i].authors[a].expert_id, listed[i].authors[a].expert_id);
      }
    }
  }
  EXPECT_EQ(Ok(store_->ListWorkEvidence(mai.id)).size(), 2u);
  EXPECT_EQ(Ok(store_->ListWorkEvidence(an.id)).size(), 2u);
}

TEST_P(StoreTest, SourcesNamesAndWorkKeysFindWhatImportsStored) {
  Expert mai = Ok(store_->CreateExpert(Plain("Nguyễn Thị Mai", "Nguyen Thi Mai", "JP")));
  Expert an = Ok(store_->CreateExpert(Plain("Lê Văn An", "Le Van An", "VN")));
  EXPECT_EQ(Ok(store_->FindExpertBySource("orcid", "0000-0002-1825-0097")), std::nullopt);
  EXPECT_OK(store_->PutExpertSource("orcid", "0000-0002-1825-0097", mai.id));
  EXPECT_EQ(Ok(store_->FindExpertBySource("orcid", "0000-0002-1825-0097")), mai.id);
  EXPECT_EQ(Ok(store_->FindExpertBySource("csv", "0000-0002-1825-0097")), std::nullopt);
  EXPECT_OK(store_->PutExpertSource("orcid", "0000-0002-1825-0097", an.id));  // Relinked.
  EXPECT_EQ(Ok(store_->FindExpertBySource("orcid", "0000-0002-1825-0097")), an.id);
  ExpectError(store_->PutExpertSource("csv", "7", 31337), StatusCode::kInvalidArgument,
              "expert_id");

  EXPECT_OK(
      store_->AddExpertNames(mai.id, {{"Mai Nguyen", "Mai Nguyen"}, {"Mai Nguyen", "Mai Nguyen"}}));
  EXPECT_EQ(Ok(store_->ListExpertNames(mai.id)), std::vector<std::string>{"Mai Nguyen"});
  EXPECT_OK(store_->AddExpertNames(mai.id, {{"Nguyen Mai", "Nguyen Mai"}}));
  EXPECT_EQ(Ok(store_->ListExpertNames(mai.id)),
            (std::vector<std::string>{"Mai Nguyen", "Nguyen Mai"}));
  // Whole words of the ASCII names, their own and the other names.
  auto ids = [&](const std::vector<std::string>& words, int64_t limit) {
    std::vector<Id> found;
    for (const Store::NamedExpert& expert : Ok(store_->FindExpertsByNameWords(words, limit))) {
      found.push_back(expert.id);
    }
    return found;
  };
  EXPECT_EQ(ids({"nguyen"}, 10), std::vector<Id>{mai.id});
  EXPECT_EQ(ids({"an", "mai"}, 10), (std::vector<Id>{mai.id, an.id}));
  EXPECT_EQ(ids({"ngu"}, 10), std::vector<Id>{});
  EXPECT_EQ(ids({"an", "mai"}, 1), std::vector<Id>{mai.id});
  // Each with the names identity resolution compares.
  EXPECT_EQ(Ok(store_->FindExpertsByNameWords({"an", "mai"}, 10)),
            (std::vector<Store::NamedExpert>{
                {.id = mai.id,
                 .full_name = "Nguyễn Thị Mai",
                 .other_names = {"Mai Nguyen", "Nguyen Mai"}},
                {.id = an.id, .full_name = "Lê Văn An", .other_names = {}}}));

  // A renamed expert is found by the words of their new name, no longer by the old ones
  // (those of their other names stay); upper case in the words asked for is ignored.
  an.full_name = "Lê Văn Bình";
  an.name_ascii = "Le Van Binh";
  an = Ok(store_->UpdateExpert(an));
  EXPECT_EQ(ids({"binh"}, 10), std::vector<Id>{an.id});
  EXPECT_EQ(ids({"an"}, 10), std::vector<Id>{});
  EXPECT_EQ(ids({"MAI"}, 10), std::vector<Id>{mai.id});

  EXPECT_EQ(Ok(store_->FindExpertByOrcid("0000-0002-1825-0097")), std::nullopt);
  mai.orcid = "0000-0002-1825-0097";
  mai = Ok(store_->UpdateExpert(mai));
  EXPECT_EQ(Ok(store_->FindExpertByOrcid("0000-0002-1825-0097")), mai.id);
  EXPECT_EQ(Ok(store_->FindExpertByOrcid("")), std::nullopt);

  Work work = Ok(store_->CreateWork(SarAdc(mai.id)));
  Work other = Ok(store_->CreateWork(SarAdc(mai.id)));
  EXPECT_OK(store_->PutWorkKeys(work.id, {"doi:10.5555/ketnoi.0040", "sar adc|2023"}));
  EXPECT_OK(store_->PutWorkKeys(other.id, {"sar adc|2023"}));  // Taken: stays with `work`.
  EXPECT_EQ(Ok(store_->FindWorkByKey("sar adc|2023")), work.id);
  EXPECT_EQ(Ok(store_->FindWorkByKey("doi:10.5555/ketnoi.0040")), work.id);
  EXPECT_EQ(Ok(store_->FindWorkByKey("doi:10.5555/none")), std::nullopt);
  // Keys of a work that does not exist: new keys, keys taken already, and none.
  ExpectError(store_->PutWorkKeys(31337, {"doi:10.5555/new"}), StatusCode::kInvalidArgument,
              "work_id");
  ExpectError(store_->PutWorkKeys(31337, {"sar adc|2023"}), StatusCode::kInvalidArgument,
              "work_id");
  ExpectError(store_->PutWorkKeys(31337, {}), StatusCode::kInvalidArgument, "work_id");
  EXPECT_EQ(Ok(store_->FindWorkByKey("doi:10.5555/new")), std::nullopt);
  EXPECT_OK(store_->DeleteWork(work.id));
  EXPECT_EQ(Ok(store_->FindWorkByKey("sar adc|2023")), std::nullopt);
}

TEST_P(StoreTest, CandidatesByNameWordsFollowTheWritesOfTheirTransaction) {
  // Inside a write transaction a store may keep the candidates it has read (a bulk import
  // asks for the same family names record after record): every call must still see the
  // writes before it, and nothing of those undone.
  auto ids = [&](const std::vector<std::string>& words, int64_t limit) {
    std::vector<Id> found;
    for (const Store::NamedExpert& expert : Ok(store_->FindExpertsByNameWords(words, limit))) {
      found.push_back(expert.id);
    }
    return found;
  };
  const Expert an = Ok(store_->CreateExpert(Plain("Nguyễn Văn An", "Nguyen Van An", "VN")));
  Expert mai;
  Expert binh;
  Expert dung;
  EXPECT_OK(store_->InTransaction([&]() -> Status {
    EXPECT_EQ(ids({"nguyen"}, 2), std::vector<Id>{an.id});
    mai = Ok(store_->CreateExpert(Plain("Nguyễn Thị Mai", "Nguyen Thi Mai", "JP")));
    EXPECT_EQ(ids({"nguyen"}, 2), (std::vector<Id>{an.id, mai.id}));
    binh = Ok(store_->CreateExpert(Plain("Trần Nguyên Bình", "Tran  NGUYEN Binh", "VN")));
    EXPECT_EQ(ids({"nguyen"}, 2), (std::vector<Id>{an.id, mai.id}));
    EXPECT_EQ(ids({"Nguyen", "binh"}, 3), (std::vector<Id>{an.id, mai.id, binh.id}));
    dung = Ok(store_->CreateExpert(Plain("Trần Văn Dũng", "Tran Van Dung", "VN")));
    EXPECT_EQ(ids({"tran"}, 1), std::vector<Id>{binh.id});
    // Names added to an expert who was there before: found by their words first, and with
    // the names they now have.
    RETURN_IF_ERROR(store_->AddExpertNames(an.id, {{"An Tran", "An Tran"}}));
    EXPECT_EQ(ids({"tran"}, 1), std::vector<Id>{an.id});
    EXPECT_EQ(ids({"tran"}, 10), (std::vector<Id>{an.id, binh.id, dung.id}));
    EXPECT_EQ(Ok(store_->FindExpertsByNameWords({"tran"}, 1)),
              (std::vector<Store::NamedExpert>{
                  {.id = an.id, .full_name = "Nguyễn Văn An", .other_names = {"An Tran"}}}));
    // A write undone with its savepoint is not found afterwards.
    Status undone = store_->InTransaction([&]() -> Status {
      Expert cuong = Ok(store_->CreateExpert(Plain("Nguyễn Văn Cường", "Nguyen Van Cuong", "VN")));
      EXPECT_EQ(ids({"nguyen"}, 10), (std::vector<Id>{an.id, mai.id, binh.id, cuong.id}));
      return base::Internal("undone");
    });
    ExpectError(undone, StatusCode::kInternal);
    EXPECT_EQ(ids({"nguyen"}, 10), (std::vector<Id>{an.id, mai.id, binh.id}));
    // A renamed expert is no longer found by the words of the old name.
    mai.full_name = "Lê Thị Mai";
    mai.name_ascii = "Le Thi Mai";
    mai = Ok(store_->UpdateExpert(mai));
    EXPECT_EQ(ids({"nguyen"}, 10), (std::vector<Id>{an.id, binh.id}));
    EXPECT_EQ(ids({"le"}, 10), std::vector<Id>{mai.id});
    return Status();
  }));
  // Read again after the commit, from the table itself.
  EXPECT_EQ(ids({"nguyen"}, 10), (std::vector<Id>{an.id, binh.id}));
  EXPECT_EQ(ids({"tran"}, 10), (std::vector<Id>{an.id, binh.id, dung.id}));
  EXPECT_EQ(ids({"le"}, 10), std::vector<Id>{mai.id});
}

TEST_P(StoreTest, IdentityReviewsAreCreatedListedAndDecidedOnce) {
  Expert first = Ok(store_->CreateExpert(Plain("Nguyễn Văn An", "Nguyen Van An", "VN")));
  Expert second = Ok(store_->CreateExpert(Plain("An Nguyen", "An Nguyen", "JP")));
  model::IdentityReview review;
  review.expert_id = first.id;
  review.candidate_id = second.id;
  review.name_match = "partial";
  review.reasons = {"names agree (partial)", "affiliation 'University of Tokyo'"};
  model::IdentityReview created = Ok(store_->CreateIdentityReview(review));
  EXPECT_GT(created.id, 0);
  EXPECT_EQ(created.status, model::ReviewStatus::kOpen);
  EXPECT_EQ(created.reasons, review.reasons);
  EXPECT_FALSE(created.created_at.empty());
  EXPECT_TRUE(created.decided_at.empty());
  ExpectError(store_->CreateIdentityReview(review).status(), StatusCode::kAlreadyExists);

  EXPECT_EQ(Ok(store_->ListIdentityReviews(model::ReviewStatus::kOpen, {})).total, 1);
  EXPECT_EQ(Ok(store_->ListIdentityReviews(model::ReviewStatus::kMerged, {})).total, 0);
  model::IdentityReview decided =
      Ok(store_->DecideIdentityReview(created.id, model::ReviewStatus::kKeptApart));
  EXPECT_EQ(decided.status, model::ReviewStatus::kKeptApart);
  EXPECT_FALSE(decided.decided_at.empty());
  ExpectError(store_->DecideIdentityReview(created.id, model::ReviewStatus::kMerged).status(),
              StatusCode::kFailedPrecondition);
  ExpectError(store_->GetIdentityReview(31337).status(), StatusCode::kNotFound);
}

TEST_P(StoreTest, MergeExpertsMovesEverythingToTheOneKept) {
  Organization osaka = Ok(store_->CreateOrganization(OsakaUniversity()));
  Organization hust = Ok(store_->CreateOrganization(Hust()));
  Expert kept = Plain("Nguyễn Văn An", "Nguyen Van An", "VN");
  kept.affiliations = {{osaka.id, "Lecturer", true}};
  kept = Ok(store_->CreateExpert(kept));
  Expert merged = Plain("An Nguyen", "An Nguyen", "JP");
  merged.affiliations = {{osaka.id, "Lecturer", false}, {hust.id, "Visiting researcher", true}};
  merged = Ok(store_->CreateExpert(merged));
  // A work of both (the kept entry stays) and a work of the merged one only (curated).
  Work both = SarAdc(kept.id);
  both.authors[1].expert_id = merged.id;
  both = Ok(store_->CreateWork(both));
  Work own = SarAdc(merged.id);
  own.authors[0].hidden = true;
  own = Ok(store_->CreateWork(own));
  EXPECT_OK(store_->PutExpertSource("orcid", "0000-0002-1825-0097", merged.id));
  model::IdentityReview review;
  review.expert_id = kept.id;
  review.candidate_id = merged.id;
  review.name_match = "partial";
  review = Ok(store_->CreateIdentityReview(review));

  ExpectError(store_->MergeExperts(kept.id, kept.id), StatusCode::kInvalidArgument, "from");
  ExpectError(store_->MergeExperts(kept.id, 31337), StatusCode::kInvalidArgument, "from");
  EXPECT_OK(store_->MergeExperts(kept.id, merged.id));

  ExpectError(store_->GetExpert(merged.id).status(), StatusCode::kNotFound);
  const Expert after = Ok(store_->GetExpert(kept.id));
  ASSERT_EQ(after.affiliations.size(), 2u);
  EXPECT_EQ(after.affiliations[1].organization_id, hust.id);
  const Work both_after = Ok(store_->GetWork(both.id));
  int kept_entries = 0;
  for (const model::WorkAuthor& author : both_after.authors) {
    kept_entries += author.expert_id == kept.id ? 1 : 0;
  }
  EXPECT_EQ(kept_entries, 1);
  const Work own_after = Ok(store_->GetWork(own.id));
  EXPECT_EQ(own_after.authors[0].expert_id, kept.id);
  EXPECT_TRUE(own_after.authors[0].hidden);
  EXPECT_EQ(Ok(store_->FindExpertBySource("orcid", "0000-0002-1825-0097")), kept.id);
  EXPECT_EQ(Ok(store_->ListExpertNames(kept.id)), std::vector<std::string>{"An Nguyen"});
  const std::vector<Store::NamedExpert> found = Ok(store_->FindExpertsByNameWords({"an"}, 10));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, kept.id);
  EXPECT_EQ(found[0].other_names, std::vector<std::string>{"An Nguyen"});
  const model::IdentityReview closed = Ok(store_->GetIdentityReview(review.id));
  EXPECT_EQ(closed.status, model::ReviewStatus::kMerged);
  EXPECT_EQ(closed.candidate_id, 0);  // The merged expert is gone.
}

TEST_P(StoreTest, ProblemCreateGetUpdateDelete) {
  Organization hust = Ok(store_->CreateOrganization(Hust()));
  TaxonomyVersion version = Ok(store_->CreateTaxonomyVersion(Decision1131()));
  TaxonomyGroup group = Ok(store_->CreateTaxonomyGroup(Semiconductors(version.id)));
  Problem problem =
      RoundTrip(ChipProblem(hust.id, {group.id}), &Store::CreateProblem, &Store::GetProblem);

  problem.trl.reset();
  problem.status = model::ProblemStatus::kMatching;
  problem.group_ids.clear();
  Problem updated = Ok(store_->UpdateProblem(problem));
  EXPECT_FALSE(updated.trl.has_value());
  EXPECT_TRUE(updated.group_ids.empty());
  EXPECT_EQ(updated.status, model::ProblemStatus::kMatching);

  ExpectError(store_->CreateProblem(ChipProblem(0, {})).status(), StatusCode::kInvalidArgument,
              "organization_id");
  ExpectError(store_->CreateProblem(ChipProblem(hust.id, {group.id, 5555})).status(),
              StatusCode::kInvalidArgument, "group_ids[1]");

  // The organization commissions a problem, so it cannot be deleted until the problem is.
  Status blocked = store_->DeleteOrganization(hust.id);
  ExpectError(blocked, StatusCode::kFailedPrecondition);
  EXPECT_NE(blocked.message().find("problem"), std::string::npos) << blocked.message();
  EXPECT_OK(store_->DeleteProblem(problem.id));
  EXPECT_OK(store_->DeleteOrganization(hust.id));
}

TEST_P(StoreTest, ReferencedEntitiesCannotBeDeleted) {
  Organization osaka = Ok(store_->CreateOrganization(OsakaUniversity()));
  TaxonomyVersion version = Ok(store_->CreateTaxonomyVersion(Decision1131()));
  TaxonomyGroup group = Ok(store_->CreateTaxonomyGroup(Semiconductors(version.id)));
  Expert mai = Ok(store_->CreateExpert(Mai(osaka.id, osaka.id, {group.id})));

  ExpectError(store_->DeleteOrganization(osaka.id), StatusCode::kFailedPrecondition);
  ExpectError(store_->DeleteTaxonomyGroup(group.id), StatusCode::kFailedPrecondition);
  EXPECT_OK(store_->DeleteExpert(mai.id));
  EXPECT_OK(store_->DeleteTaxonomyGroup(group.id));
  EXPECT_OK(store_->DeleteOrganization(osaka.id));
}

TEST_P(StoreTest, MissingIdsAreNotFound) {
  constexpr Id kMissing = 123456;
  ExpectError(store_->GetOrganization(kMissing).status(), StatusCode::kNotFound);
  ExpectError(store_->GetTaxonomyVersion(kMissing).status(), StatusCode::kNotFound);
  ExpectError(store_->GetTaxonomyGroup(kMissing).status(), StatusCode::kNotFound);
  ExpectError(store_->GetChapter(kMissing).status(), StatusCode::kNotFound);
  ExpectError(store_->GetExpert(kMissing).status(), StatusCode::kNotFound);
  ExpectError(store_->GetWork(kMissing).status(), StatusCode::kNotFound);
  ExpectError(store_->GetProblem(kMissing).status(), StatusCode::kNotFound);

  Organization org = Hust();
  org.id = kMissing;
  ExpectError(store_->UpdateOrganization(org).status(), StatusCode::kNotFound);
  Expert expert = Plain("A", "A", "VN");
  expert.id = kMissing;
  ExpectError(store_->UpdateExpert(expert).status(), StatusCode::kNotFound);
  Work work = SarAdc(0);
  work.id = kMissing;
  ExpectError(store_->UpdateWork(work).status(), StatusCode::kNotFound);

  ExpectError(store_->DeleteChapter(kMissing), StatusCode::kNotFound);
  ExpectError(store_->DeleteExpert(kMissing), StatusCode::kNotFound);
  ExpectError(store_->DeleteWork(kMissing), StatusCode::kNotFound);
  ExpectError(store_->DeleteProblem(kMissing), StatusCode::kNotFound);
  ExpectError(store_->DeleteTaxonomyGroup(kMissing), StatusCode::kNotFound);
  ExpectError(store_->DeleteTaxonomyVersion(kMissing), StatusCode::kNotFound);
  ExpectError(store_->DeleteMembership(kMissing, kMissing), StatusCode::kNotFound);
  ExpectError(store_->ListMembershipsOfChapter(kMissing).status(), StatusCode::kNotFound);
  ExpectError(store_->ListMembershipsOfExpert(kMissing).status(), StatusCode::kNotFound);
}

TEST_P(StoreTest, Memberships) {
  Chapter jp = Ok(store_->CreateChapter(JapanChapter(0)));
  Chapter uk = JapanChapter(0);
  uk.code = "UK-IE";
  uk = Ok(store_->CreateChapter(uk));
  Expert mai = Ok(store_->CreateExpert(Plain("Nguyễn Thị Mai", "Nguyen Thi Mai", "JP")));
  Expert an = Ok(store_->CreateExpert(Plain("Lê Văn An", "Le Van An", "GB")));

  Membership m{jp.id, mai.id, model::MembershipRole::kMember, "2025-09-01"};
  EXPECT_TRUE(Ok(store_->PutMembership(m)) == m);
  m.role = model::MembershipRole::kLead;  // Put again replaces.
  EXPECT_TRUE(Ok(store_->PutMembership(m)) == m);
  Membership other{uk.id, mai.id, model::MembershipRole::kCoordinator, ""};
  Ok(store_->PutMembership(other));
  Ok(store_->PutMembership({jp.id, an.id, model::MembershipRole::kMember, "2025-10-01"}));

  std::vector<Membership> of_jp = Ok(store_->ListMembershipsOfChapter(jp.id));
  ASSERT_EQ(of_jp.size(), 2u);
  EXPECT_TRUE(of_jp[0] == m);
  EXPECT_EQ(of_jp[1].expert_id, an.id);
  std::vector<Membership> of_mai = Ok(store_->ListMembershipsOfExpert(mai.id));
  ASSERT_EQ(of_mai.size(), 2u);
  EXPECT_TRUE(of_mai[1] == other);

  ExpectError(store_->PutMembership({999, mai.id, model::MembershipRole::kMember, ""}).status(),
              StatusCode::kInvalidArgument, "chapter_id");
  ExpectError(store_->PutMembership({jp.id, 999, model::MembershipRole::kMember, ""}).status(),
              StatusCode::kInvalidArgument, "expert_id");

  EXPECT_OK(store_->DeleteMembership(uk.id, mai.id));
  ExpectError(store_->DeleteMembership(uk.id, mai.id), StatusCode::kNotFound);

  // Deleting a chapter removes its memberships.
  EXPECT_OK(store_->DeleteChapter(jp.id));
  EXPECT_TRUE(Ok(store_->ListMembershipsOfExpert(an.id)).empty());
}

TEST_P(StoreTest, DeletingAnExpertRemovesMembershipsAndUnlinksWorks) {
  Chapter jp = Ok(store_->CreateChapter(JapanChapter(0)));
  Expert mai = Ok(store_->CreateExpert(Plain("Nguyễn Thị Mai", "Nguyen Thi Mai", "JP")));
  Ok(store_->PutMembership({jp.id, mai.id, model::MembershipRole::kLead, ""}));
  Work work = Ok(store_->CreateWork(SarAdc(mai.id)));

  EXPECT_OK(store_->DeleteExpert(mai.id));
  EXPECT_TRUE(Ok(store_->ListMembershipsOfChapter(jp.id)).empty());
  Work after = Ok(store_->GetWork(work.id));
  ASSERT_EQ(after.authors.size(), 3u);
  EXPECT_EQ(after.authors[0].name, "Mai Nguyen");  // The author stays, unlinked.
  EXPECT_EQ(after.authors[0].expert_id, 0);
  EXPECT_TRUE(after.authors[0].corresponding);
  EXPECT_EQ(Ok(store_->ListWorks(Make<WorkFilter>(&WorkFilter::expert_id, mai.id), {})).total, 0);
}

TEST_P(StoreTest, ExpertFilters) {
  using F = ExpertFilter;
  Organization osaka = Ok(store_->CreateOrganization(OsakaUniversity()));
  Organization hust = Ok(store_->CreateOrganization(Hust()));
  TaxonomyVersion version = Ok(store_->CreateTaxonomyVersion(Decision1131()));
  TaxonomyGroup chips = Ok(store_->CreateTaxonomyGroup(Semiconductors(version.id, 6)));
  TaxonomyGroup ai = Ok(store_->CreateTaxonomyGroup(Semiconductors(version.id, 1)));
  Chapter jp = Ok(store_->CreateChapter(JapanChapter(0)));

  Expert mai = Ok(store_->CreateExpert(Mai(osaka.id, hust.id, {chips.id})));
  Expert nguyen_an = Plain("Nguyễn Văn An", "Nguyen Van An", "VN");
  nguyen_an.affiliations = {{hust.id, "Lecturer", true}};
  nguyen_an.group_ids = {ai.id};
  nguyen_an = Ok(store_->CreateExpert(nguyen_an));
  Expert yamada = Ok(store_->CreateExpert(Plain("山田 花子", "Yamada Hanako", "JP")));
  Expert percent = Ok(store_->CreateExpert(Plain("Ng%_x", "Ng%_x", "US")));
  Ok(store_->PutMembership({jp.id, yamada.id, model::MembershipRole::kMember, ""}));
  Ok(store_->PutMembership({jp.id, mai.id, model::MembershipRole::kMember, ""}));

  auto ids = [&](const ExpertFilter& filter) { return Ids(Ok(store_->ListExperts(filter, {}))); };
  EXPECT_EQ(ids(Make<F>(&F::country, "JP")), (std::vector<Id>{mai.id, yamada.id}));
  EXPECT_EQ(ids(Make<F>(&F::chapter_id, jp.id)), (std::vector<Id>{mai.id, yamada.id}));
  EXPECT_EQ(ids(Make<F>(&F::group_id, chips.id)), (std::vector<Id>{mai.id}));
  EXPECT_EQ(ids(Make<F>(&F::organization_id, hust.id)), (std::vector<Id>{mai.id, nguyen_an.id}));
  EXPECT_EQ(ids(Make<F>(&F::organization_id, osaka.id)),
            (std::vector<Id>{mai.id}));  // Past counts.
  EXPECT_EQ(ids(Make<F>(&F::name_prefix, "nguyen")), (std::vector<Id>{mai.id, nguyen_an.id}));
  EXPECT_EQ(ids(Make<F>(&F::name_prefix, "NGUYEN T")), (std::vector<Id>{mai.id}));
  EXPECT_EQ(ids(Make<F>(&F::name_prefix, "Ng%")), (std::vector<Id>{percent.id}));  // % is literal.
  EXPECT_EQ(ids(Make<F>(&F::name_prefix, "Ng_")), (std::vector<Id>{}));            // _ is literal.
  EXPECT_EQ(ids(Make<F>(&F::country, "VN", &F::group_id, ai.id, &F::name_prefix, "nguyen")),
            (std::vector<Id>{nguyen_an.id}));
  EXPECT_EQ(ids(Make<F>(&F::country, "FR")), (std::vector<Id>{}));
}

TEST_P(StoreTest, WorkFilters) {
  using F = WorkFilter;
  Expert mai = Ok(store_->CreateExpert(Plain("Nguyễn Thị Mai", "Nguyen Thi Mai", "JP")));
  Expert an = Ok(store_->CreateExpert(Plain("Lê Văn An", "Le Van An", "VN")));
  Work patent = Ok(store_->CreateWork(SarAdc(mai.id)));
  Work paper = SarAdc(an.id);
  paper.kind = model::WorkKind::kPublication;
  paper.language = "en";
  paper.authors.push_back({"Mai Nguyen", mai.id, false});
  paper = Ok(store_->CreateWork(paper));
  Work outside = SarAdc(0);
  outside.language = "vi";
  outside = Ok(store_->CreateWork(outside));

  auto ids = [&](const WorkFilter& filter) { return Ids(Ok(store_->ListWorks(filter, {}))); };
  EXPECT_EQ(ids(Make<F>(&F::expert_id, mai.id)), (std::vector<Id>{patent.id, paper.id}));
  EXPECT_EQ(ids(Make<F>(&F::expert_id, an.id)), (std::vector<Id>{paper.id}));
  EXPECT_EQ(ids(Make<F>(&F::kind, model::WorkKind::kPatent)),
            (std::vector<Id>{patent.id, outside.id}));
  EXPECT_EQ(ids(Make<F>(&F::language, "vi")), (std::vector<Id>{outside.id}));
  // Items come back complete, authors in order.
  ListResult<Work> list = Ok(store_->ListWorks(Make<F>(&F::expert_id, an.id), {}));
  ASSERT_EQ(list.items.size(), 1u);
  EXPECT_TRUE(list.items[0] == paper);
}

TEST_P(StoreTest, ProblemFilters) {
  using F = ProblemFilter;
  Organization hust = Ok(store_->CreateOrganization(Hust()));
  Organization osaka = Ok(store_->CreateOrganization(OsakaUniversity()));
  TaxonomyVersion version = Ok(store_->CreateTaxonomyVersion(Decision1131()));
  TaxonomyGroup chips = Ok(store_->CreateTaxonomyGroup(Semiconductors(version.id, 6)));
  TaxonomyGroup ai = Ok(store_->CreateTaxonomyGroup(Semiconductors(version.id, 1)));

  Problem vn_open = Ok(store_->CreateProblem(ChipProblem(hust.id, {chips.id, ai.id})));
  Problem vn_draft = ChipProblem(hust.id, {ai.id});
  vn_draft.status = model::ProblemStatus::kDraft;
  vn_draft = Ok(store_->CreateProblem(vn_draft));
  Problem jp_open = Ok(store_->CreateProblem(ChipProblem(osaka.id, {chips.id})));

  auto ids = [&](const ProblemFilter& filter) { return Ids(Ok(store_->ListProblems(filter, {}))); };
  EXPECT_EQ(ids(Make<F>(&F::status, model::ProblemStatus::kOpen)),
            (std::vector<Id>{vn_open.id, jp_open.id}));
  EXPECT_EQ(ids(Make<F>(&F::group_id, chips.id)), (std::vector<Id>{vn_open.id, jp_open.id}));
  EXPECT_EQ(ids(Make<F>(&F::group_id, ai.id)), (std::vector<Id>{vn_open.id, vn_draft.id}));
  EXPECT_EQ(ids(Make<F>(&F::country, "VN")), (std::vector<Id>{vn_open.id, vn_draft.id}));
  EXPECT_EQ(ids(Make<F>(&F::country, "JP")), (std::vector<Id>{jp_open.id}));
  EXPECT_EQ(ids(Make<F>(&F::organization_id, osaka.id)), (std::vector<Id>{jp_open.id}));
  EXPECT_EQ(ids(Make<F>(&F::country, "VN", &F::status, model::ProblemStatus::kOpen)),
            (std::vector<Id>{vn_open.id}));
}

TEST_P(StoreTest, OrganizationChapterAndGroupFilters) {
  Organization hust = Ok(store_->CreateOrganization(Hust()));
  Organization osaka = Ok(store_->CreateOrganization(OsakaUniversity()));
  Organization agency = Hust();
  agency.name = "Trung tâm Đổi mới sáng tạo Quốc gia";
  agency.kind = model::OrganizationKind::kAgency;
  agency = Ok(store_->CreateOrganization(agency));
  EXPECT_EQ(Ids(Ok(store_->ListOrganizations(
                Make<OrganizationFilter>(&OrganizationFilter::country, "VN"), {}))),
            (std::vector<Id>{hust.id, agency.id}));
  EXPECT_EQ(
      Ids(Ok(store_->ListOrganizations(
          Make<OrganizationFilter>(&OrganizationFilter::kind, model::OrganizationKind::kUniversity),
          {}))),
      (std::vector<Id>{hust.id, osaka.id}));

  Chapter jp = Ok(store_->CreateChapter(JapanChapter(0)));  // Covers JP and KR.
  Chapter uk = JapanChapter(0);
  uk.code = "UK-IE";
  uk.countries = {"GB", "IE"};
  uk = Ok(store_->CreateChapter(uk));
  EXPECT_EQ(Ids(Ok(store_->ListChapters(Make<ChapterFilter>(&ChapterFilter::country, "KR"), {}))),
            (std::vector<Id>{jp.id}));
  EXPECT_EQ(Ids(Ok(store_->ListChapters(Make<ChapterFilter>(&ChapterFilter::country, "IE"), {}))),
            (std::vector<Id>{uk.id}));
  EXPECT_EQ(Ok(store_->ListChapters({}, {})).total, 2);

  TaxonomyVersion v1 = Ok(store_->CreateTaxonomyVersion(Decision1131()));
  TaxonomyVersion v2 = Decision1131();
  v2.code = "2026/QĐ-TTg";
  v2 = Ok(store_->CreateTaxonomyVersion(v2));
  TaxonomyGroup a = Ok(store_->CreateTaxonomyGroup(Semiconductors(v1.id, 2)));
  TaxonomyGroup b = Ok(store_->CreateTaxonomyGroup(Semiconductors(v1.id, 1)));
  Ok(store_->CreateTaxonomyGroup(Semiconductors(v2.id, 1)));
  EXPECT_EQ(Ids(Ok(store_->ListTaxonomyGroups(
                Make<TaxonomyGroupFilter>(&TaxonomyGroupFilter::version_id, v1.id),
                Make<Page>(&Page::sort, "number")))),
            (std::vector<Id>{b.id, a.id}));
  EXPECT_EQ(Ok(store_->ListTaxonomyVersions({})).total, 2);
}

TEST_P(StoreTest, PaginationSortAndTotal) {
  const std::vector<std::string> names = {"Delta", "alpha", "Charlie", "Bravo", "Echo"};
  std::vector<Id> ids;
  for (size_t i = 0; i < names.size(); ++i) {
    clock_.Set(kStartTime + static_cast<int64_t>(i));
    Expert e = Plain(names[i], names[i], i % 2 == 0 ? "VN" : "JP");
    ids.push_back(Ok(store_->CreateExpert(e)).id);
  }

  ListResult<Expert> page =
      Ok(store_->ListExperts({}, Make<Page>(&Page::offset, 1, &Page::limit, 2)));
  EXPECT_EQ(page.total, 5);
  EXPECT_EQ(Ids(page), (std::vector<Id>{ids[1], ids[2]}));

  // name_ascii sorts without regard to case; the total ignores offset and limit.
  page = Ok(store_->ListExperts(
      {}, Make<Page>(&Page::offset, 0, &Page::limit, 3, &Page::sort, "name_ascii")));
  EXPECT_EQ(Ids(page), (std::vector<Id>{ids[1], ids[3], ids[2]}));
  page = Ok(store_->ListExperts({}, Make<Page>(&Page::offset, 3, &Page::limit, 10, &Page::sort,
                                               "name_ascii", &Page::descending, true)));
  EXPECT_EQ(Ids(page), (std::vector<Id>{ids[3], ids[1]}));
  EXPECT_EQ(page.total, 5);

  // Ties on country are broken by id, in the same direction.
  page = Ok(store_->ListExperts({}, Make<Page>(&Page::limit, 5, &Page::sort, "country")));
  EXPECT_EQ(Ids(page), (std::vector<Id>{ids[1], ids[3], ids[0], ids[2], ids[4]}));
  page = Ok(store_->ListExperts(
      {}, Make<Page>(&Page::limit, 5, &Page::sort, "updated_at", &Page::descending, true)));
  EXPECT_EQ(Ids(page), (std::vector<Id>{ids[4], ids[3], ids[2], ids[1], ids[0]}));

  page = Ok(store_->ListExperts(Make<ExpertFilter>(&ExpertFilter::country, "VN"),
                                Make<Page>(&Page::offset, 10, &Page::limit, 5)));
  EXPECT_TRUE(page.items.empty());
  EXPECT_EQ(page.total, 3);

  ExpectError(store_->ListExperts({}, Make<Page>(&Page::limit, 0)).status(),
              StatusCode::kInvalidArgument, "limit");
  ExpectError(store_->ListExperts({}, Make<Page>(&Page::limit, 1001)).status(),
              StatusCode::kInvalidArgument, "limit");
  ExpectError(store_->ListExperts({}, Make<Page>(&Page::offset, -1)).status(),
              StatusCode::kInvalidArgument, "offset");
  ExpectError(store_->ListExperts({}, Make<Page>(&Page::sort, "email")).status(),
              StatusCode::kInvalidArgument, "sort");
  ExpectError(store_->ListWorks({}, Make<Page>(&Page::sort, "id; DROP TABLE works")).status(),
              StatusCode::kInvalidArgument, "sort");
  EXPECT_EQ(Ok(store_->ListExperts({}, Make<Page>(&Page::limit, 1000))).items.size(), 5u);
}

// Walking every expert a page at a time by the last id seen (keyset paging): each once, in
// id order, through deletions, with a filter, and uncounted when asked.
TEST_P(StoreTest, KeysetPagesWalkEveryEntityOnce) {
  std::vector<Id> ids;
  for (int i = 0; i < 23; ++i) {
    ids.push_back(
        Ok(store_->CreateExpert(Plain("Expert " + std::to_string(i), "Expert " + std::to_string(i),
                                      i % 3 == 0 ? "VN" : "JP")))
            .id);
  }
  EXPECT_OK(store_->DeleteExpert(ids[4]));
  EXPECT_OK(store_->DeleteExpert(ids[5]));
  auto walk = [&](const ExpertFilter& filter) {
    std::vector<Id> seen;
    Page page = Make<Page>(&Page::limit, 4, &Page::count_total, false);
    while (true) {
      ListResult<Expert> result = Ok(store_->ListExperts(filter, page));
      EXPECT_EQ(result.total, -1);
      for (const Expert& e : result.items) seen.push_back(e.id);
      if (result.items.size() < 4) return seen;
      page.after_id = result.items.back().id;
    }
  };
  std::vector<Id> expected = ids;
  expected.erase(expected.begin() + 4, expected.begin() + 6);
  EXPECT_EQ(walk({}), expected);
  std::vector<Id> vietnamese;
  for (size_t i = 0; i < ids.size(); i += 3) vietnamese.push_back(ids[i]);
  EXPECT_EQ(walk(Make<ExpertFilter>(&ExpertFilter::country, "VN")), vietnamese);

  // The count, when asked for, is of every match, whatever the page.
  ListResult<Expert> counted = Ok(store_->ListExperts(
      {}, Make<Page>(&Page::limit, 4, &Page::after_id, ids[10], &Page::count_total, true)));
  EXPECT_EQ(counted.total, 21);
  EXPECT_EQ(Ids(counted), (std::vector<Id>{ids[11], ids[12], ids[13], ids[14]}));

  ExpectError(
      store_->ListExperts({}, Make<Page>(&Page::after_id, ids[3], &Page::offset, 2)).status(),
      StatusCode::kInvalidArgument, "after_id");
  ExpectError(
      store_->ListExperts({}, Make<Page>(&Page::after_id, ids[3], &Page::sort, "country")).status(),
      StatusCode::kInvalidArgument, "after_id");
  ExpectError(store_->ListExperts({}, Make<Page>(&Page::after_id, ids[3], &Page::descending, true))
                  .status(),
              StatusCode::kInvalidArgument, "after_id");
  ExpectError(store_->ListExperts({}, Make<Page>(&Page::after_id, -1)).status(),
              StatusCode::kInvalidArgument, "after_id");
}

TEST_P(StoreTest, InTransactionRollsBackEverything) {
  Status failed = store_->InTransaction([&]() -> Status {
    Organization org = Ok(store_->CreateOrganization(Hust()));
    Expert e = Plain("Nguyễn Thị Mai", "Nguyen Thi Mai", "JP");
    e.affiliations = {{org.id, "", true}};
    Ok(store_->CreateExpert(e));
    return base::InvalidArgument("the caller changed its mind");
  });
  ExpectError(failed, StatusCode::kInvalidArgument);
  EXPECT_EQ(Ok(store_->ListOrganizations({}, {})).total, 0);
  EXPECT_EQ(Ok(store_->ListExperts({}, {})).total, 0);

  // A failing write inside a successful transaction undoes only itself; nested calls commit
  // with the outermost one.
  EXPECT_OK(store_->InTransaction([&]() -> Status {
    Ok(store_->CreateOrganization(Hust()));
    ExpectError(store_->CreateProblem(ChipProblem(999, {})).status(), StatusCode::kInvalidArgument);
    Status inner = store_->InTransaction([&]() -> Status {
      Ok(store_->CreateOrganization(OsakaUniversity()));
      return base::Internal("inner failure");
    });
    ExpectError(inner, StatusCode::kInternal);
    return store_->InTransaction(
        [&]() -> Status { return store_->CreateTaxonomyVersion(Decision1131()).status(); });
  }));
  ListResult<Organization> orgs = Ok(store_->ListOrganizations({}, {}));
  ASSERT_EQ(orgs.total, 1);
  EXPECT_EQ(orgs.items[0].name, Hust().name);
  EXPECT_EQ(Ok(store_->ListTaxonomyVersions({})).total, 1);
  EXPECT_EQ(Ok(store_->ListProblems({}, {})).total, 0);
}

TEST_P(StoreTest, InBulkTransactionKeepsAllOrNothing) {
  Expert mai = Ok(store_->CreateExpert(Plain("Nguyễn Thị Mai", "Nguyen Thi Mai", "JP")));
  EXPECT_OK(store_->InBulkTransaction([&]() -> Status {
    RETURN_IF_ERROR(store_->CreateOrganization(Hust()).status());
    // Nested transactions inside one commit with it.
    return store_->InTransaction(
        [&]() -> Status { return store_->CreateWork(SarAdc(mai.id)).status(); });
  }));
  EXPECT_EQ(Ok(store_->ListOrganizations({}, {})).total, 1);
  ASSERT_EQ(Ok(store_->ListWorks({}, {})).total, 1);

  // A call that fails part way (the work's row written, one of its authors not) fails the
  // body, and nothing of the transaction is left, that call's part included.
  Work bad = SarAdc(mai.id);
  bad.authors[2].expert_id = 31337;
  Status failed = store_->InBulkTransaction([&]() -> Status {
    RETURN_IF_ERROR(store_->CreateOrganization(OsakaUniversity()).status());
    RETURN_IF_ERROR(store_->CreateWork(SarAdc(mai.id)).status());
    return store_->CreateWork(bad).status();
  });
  ExpectError(failed, StatusCode::kInvalidArgument, "authors[2].expert_id");
  EXPECT_EQ(Ok(store_->ListOrganizations({}, {})).total, 1);
  EXPECT_EQ(Ok(store_->ListWorks({}, {})).total, 1);

  // After it, each call is atomic on its own again.
  EXPECT_OK(store_->InTransaction([&]() -> Status {
    ExpectError(store_->CreateWork(bad).status(), StatusCode::kInvalidArgument,
                "authors[2].expert_id");
    return Status();
  }));
  EXPECT_EQ(Ok(store_->ListWorks({}, {})).total, 1);
}

TEST_P(StoreTest, DataSurvivesReopenAndMigrationsRunOnce) {
  const int version = Ok(store_->SchemaVersion());
  EXPECT_GE(version, 1);
  Organization osaka = Ok(store_->CreateOrganization(OsakaUniversity()));
  Expert mai = Ok(store_->CreateExpert(Mai(osaka.id, osaka.id, {})));

  Reopen();
  EXPECT_EQ(Ok(store_->SchemaVersion()), version);
  Reopen();
  EXPECT_EQ(Ok(store_->SchemaVersion()), version);
  EXPECT_TRUE(Ok(store_->GetExpert(mai.id)) == mai);
  EXPECT_TRUE(Ok(store_->GetOrganization(osaka.id)) == osaka);
  // Ids keep counting after a reopen.
  EXPECT_GT(Ok(store_->CreateOrganization(Hust())).id, osaka.id);
}

TEST_P(StoreTest, ConcurrentWritersDoNotCorruptTheStore) {
  constexpr int kThreads = 2;
  constexpr int kPerThread = 25;
  const Chapter chapter = Ok(store_->CreateChapter(JapanChapter(0)));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Organization org = Hust();
        org.name = "Org " + std::to_string(t) + "-" + std::to_string(i);
        Result<Organization> created = store_->CreateOrganization(org);
        if (!created.ok()) {
          ++failures;
          continue;
        }
        Expert e = Plain("Chuyên gia", "Chuyen gia", "VN");
        e.affiliations = {{created->id, "", true}};
        // A multi-statement transaction, so the other thread has to wait for all of it.
        Status in_transaction = store_->InTransaction([&]() -> Status {
          Result<Expert> expert = store_->CreateExpert(e);
          if (!expert.ok()) return expert.status();
          return store_->PutMembership({chapter.id, expert->id, model::MembershipRole::kMember, ""})
              .status();
        });
        if (!in_transaction.ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Ok(store_->ListOrganizations({}, {})).total, kThreads * kPerThread);
  ListResult<Expert> experts = Ok(store_->ListExperts({}, Make<Page>(&Page::limit, 1000)));
  EXPECT_EQ(experts.total, kThreads * kPerThread);
  EXPECT_EQ(Ok(store_->ListMembershipsOfChapter(chapter.id)).size(),
            static_cast<size_t>(kThreads * kPerThread));
  for (const Expert& e : experts.items) {
    ASSERT_EQ(e.affiliations.size(), 1u);
    EXPECT_TRUE(store_->GetOrganization(e.affiliations[0].organization_id).ok());
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(Backends()),
                         [](const ::testing::TestParamInfo<Backend>& param_info) {
                           return param_info.param.name;
                         });

// SQLite only: what happens to files that are not (current) KetNoi databases.

TEST(SqliteStoreTest, NonSqliteFileIsDataLoss) {
  TempDir dir;
  const std::filesystem::path path = dir.path() / "notes.txt";
  std::ofstream(path) << "This is a text file, long enough to fill a SQLite header page. "
                      << std::string(200, 'x') << "\n";
  base::FakeClock clock(kStartTime);
  Result<std::unique_ptr<Store>> opened = OpenSqliteStore(path.string(), &clock);
  ExpectError(opened.status(), StatusCode::kDataLoss);
  EXPECT_NE(opened.status().message().find("not a KetNoi database"), std::string::npos)
      << opened.status().message();
}

// SQLite's default VFS, counting the syncs of the files opened through it while it is
// installed (Install .. Uninstall). Every file call goes to the default VFS's file.
class SyncCountingVfs {
 public:
  static void Install() {
    base_ = sqlite3_vfs_find(nullptr);
    vfs_ = *base_;
    vfs_.zName = "ketnoi_sync_counting";
    vfs_.szOsFile = static_cast<int>(sizeof(File)) + base_->szOsFile;
    vfs_.pNext = nullptr;
    vfs_.xOpen = Open;
    sqlite3_vfs_register(&vfs_, /*makeDflt=*/1);
  }
  static void Uninstall() {
    sqlite3_vfs_unregister(&vfs_);
    sqlite3_vfs_register(base_, /*makeDflt=*/1);
  }
  static std::atomic<int> syncs;

 private:
  struct File {
    sqlite3_file file;
    sqlite3_file* real;  // Right after this struct, base_->szOsFile bytes.
  };
  static sqlite3_file* Real(sqlite3_file* file) { return reinterpret_cast<File*>(file)->real; }

  static int Open(sqlite3_vfs* /*vfs*/, const char* name, sqlite3_file* file, int flags,
                  int* out_flags) {
    auto* counted = reinterpret_cast<File*>(file);
    counted->real = reinterpret_cast<sqlite3_file*>(counted + 1);
    const int rc = base_->xOpen(base_, name, counted->real, flags, out_flags);
    file->pMethods = counted->real->pMethods != nullptr ? &kMethods : nullptr;
    return rc;
  }

  static int Close(sqlite3_file* f) { return Real(f)->pMethods->xClose(Real(f)); }
  static int Read(sqlite3_file* f, void* out, int n, sqlite3_int64 at) {
    return Real(f)->pMethods->xRead(Real(f), out, n, at);
  }
  static int Write(sqlite3_file* f, const void* in, int n, sqlite3_int64 at) {
    return Real(f)->pMethods->xWrite(Real(f), in, n, at);
  }
  static int Truncate(sqlite3_file* f, sqlite3_int64 size) {
    return Real(f)->pMethods->xTruncate(Real(f), size);
  }
  static int Sync(sqlite3_file* f, int flags) {
    ++syncs;
    return Real(f)->pMethods->xSync(Real(f), flags);
  }
  static int FileSize(sqlite3_file* f, sqlite3_int64* size) {
    return Real(f)->pMethods->xFileSize(Real(f), size);
  }
  static int Lock(sqlite3_file* f, int level) { return Real(f)->pMethods->xLock(Real(f), level); }
  static int Unlock(sqlite3_file* f, int level) {
    return Real(f)->pMethods->xUnlock(Real(f), level);
  }
  static int CheckReservedLock(sqlite3_file* f, int* out) {
    return Real(f)->pMethods->xCheckReservedLock(Real(f), out);
  }
  static int FileControl(sqlite3_file* f, int op, void* arg) {
    return Real(f)->pMethods->xFileControl(Real(f), op, arg);
  }
  static int SectorSize(sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); }
  static int DeviceCharacteristics(sqlite3_file* f) {
    return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
  }
  static int ShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    return Real(f)->pMethods->xShmMap(Real(f), region, size, extend, out);
  }
  static int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
    return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
  }
  static void ShmBarrier(sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); }
  static int ShmUnmap(sqlite3_file* f, int remove) {
    return Real(f)->pMethods->xShmUnmap(Real(f), remove);
  }
  static int Fetch(sqlite3_file* f, sqlite3_int64 at, int n, void** out) {
    return Real(f)->pMethods->xFetch(Real(f), at, n, out);
  }
  static int Unfetch(sqlite3_file* f, sqlite3_int64 at, void* page) {
    return Real(f)->pMethods->xUnfetch(Real(f), at, page);
  }

  static constexpr sqlite3_io_methods kMethods = {
      .iVersion = 3,
      .xClose = Close,
      .xRead = Read,
      .xWrite = Write,
      .xTruncate = Truncate,
      .xSync = Sync,
      .xFileSize = FileSize,
      .xLock = Lock,
      .xUnlock = Unlock,
      .xCheckReservedLock = CheckReservedLock,
      .xFileControl = FileControl,
      .xSectorSize = SectorSize,
      .xDeviceCharacteristics = DeviceCharacteristics,
      .xShmMap = ShmMap,
      .xShmLock = ShmLock,
      .xShmBarrier = ShmBarrier,
      .xShmUnmap = ShmUnmap,
      .xFetch = Fetch,
      .xUnfetch = Unfetch,
  };
  static sqlite3_vfs* base_;
  static sqlite3_vfs vfs_;
};

std::atomic<int> SyncCountingVfs::syncs{0};
sqlite3_vfs* SyncCountingVfs::base_ = nullptr;
sqlite3_vfs SyncCountingVfs::vfs_{};

// A bulk transaction commits without waiting for the disk; Sync then flushes them all at
// once (the WAL, through which SQLite commits), and every other write still waits for the
// disk as it commits.
TEST(SqliteStoreTest, BulkTransactionsReachTheDiskAtSync) {
  TempDir dir;
  const std::filesystem::path path = dir.path() / "ketnoi.db";
  base::FakeClock clock(kStartTime);
  SyncCountingVfs::Install();
  {
    std::unique_ptr<Store> store = Ok(OpenSqliteStore(path.string(), &clock));
    SyncCountingVfs::syncs = 0;
    Ok(store->CreateExpert(Plain("Lê Văn An", "Le Van An", "VN")));
    EXPECT_GT(SyncCountingVfs::syncs, 0) << "a plain write is durable when it returns";

    SyncCountingVfs::syncs = 0;
    for (const char* name : {"Trần Thị Bình", "Phạm Quốc Cường", "Đỗ Minh Dũng"}) {
      EXPECT_OK(store->InBulkTransaction(
          [&] { return store->CreateExpert(Plain(name, name, "JP")).status(); }));
    }
    EXPECT_EQ(SyncCountingVfs::syncs, 0);
    EXPECT_OK(store->Sync());
    EXPECT_GT(SyncCountingVfs::syncs, 0);

    SyncCountingVfs::syncs = 0;
    EXPECT_OK(store->Sync());
    EXPECT_EQ(SyncCountingVfs::syncs, 0) << "nothing committed since the last Sync";

    Ok(store->CreateExpert(Plain("Vũ Thanh Hà", "Vu Thanh Ha", "VN")));
    EXPECT_GT(SyncCountingVfs::syncs, 0) << "after a bulk transaction, writes are durable again";
  }
  SyncCountingVfs::Uninstall();
  std::unique_ptr<Store> reopened = Ok(OpenSqliteStore(path.string(), &clock));
  EXPECT_EQ(Ok(reopened->ListExperts({}, {})).total, 5);
}

// Runs `sql` on the SQLite file at `path` directly.
void ExecRaw(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.string().c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST(SqliteStoreTest, OtherProgramsDatabaseIsDataLoss) {
  TempDir dir;
  const std::filesystem::path path = dir.path() / "other.db";
  ExecRaw(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
  base::FakeClock clock(kStartTime);
  ExpectError(OpenSqliteStore(path.string(), &clock).status(), StatusCode::kDataLoss);
}

TEST(SqliteStoreTest, NewerSchemaIsFailedPrecondition) {
  TempDir dir;
  const std::filesystem::path path = dir.path() / "ketnoi.db";
  base::FakeClock clock(kStartTime);
  ASSERT_TRUE(OpenSqliteStore(path.string(), &clock).ok());
  const int future = sqlite::LatestSchemaVersion() + 1;
  ExecRaw(path, "INSERT INTO schema_migrations (version, applied_at) VALUES (" +
                    std::to_string(future) + ", '2030-01-01T00:00:00Z')");
  ExpectError(OpenSqliteStore(path.string(), &clock).status(), StatusCode::kFailedPrecondition);
}

TEST(SqliteStoreTest, SchemaThreeIndexesTheNamesOfExpertsStoredBefore) {
  TempDir dir;
  const std::filesystem::path path = dir.path() / "ketnoi.db";
  base::FakeClock clock(kStartTime);
  {
    Result<sqlite::internal::Connection> db = sqlite::internal::Connection::Open(path.string());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_EQ(Ok(sqlite::Migrate(*db, clock, sqlite::Migrations().first(2))), 2);
  }
  ExecRaw(path,
          "INSERT INTO experts (id, full_name, name_ascii, email, country, city, background, "
          "career_stage, languages, engagement_modes, availability, consent_contact, "
          "consent_public_profile, bio_vi, bio_en, skills, created_at, updated_at) VALUES "
          "(7, 'Trần Thị Bích', 'Tran  Thi Bich ', '', 'VN', '', 'domestic', 'mid_career', "
          "'[]', '[]', '[]', 0, 0, '', '', '[]', '', ''); "
          "INSERT INTO expert_names (expert_id, name, name_ascii) "
          "VALUES (7, 'Bich Tran-Le', 'Bich Tran-Le')");
  std::unique_ptr<Store> store = Ok(OpenSqliteStore(path.string(), &clock));
  ASSERT_NE(store, nullptr);
  for (const std::string word : {"tran", "bich", "tran-le"}) {
    const std::vector<Store::NamedExpert> found = Ok(store->FindExpertsByNameWords({word}, 10));
    ASSERT_EQ(found.size(), 1u) << word;
    EXPECT_EQ(found[0].id, 7);
    EXPECT_EQ(found[0].full_name, "Trần Thị Bích");
    EXPECT_EQ(found[0].other_names, std::vector<std::string>{"Bich Tran-Le"});
  }
  EXPECT_TRUE(Ok(store->FindExpertsByNameWords({"le"}, 10)).empty());
  EXPECT_TRUE(Ok(store->FindExpertsByNameWords({""}, 10)).empty());
}

// The connection's statement cache: what comes back from it is as good as new.
TEST(SqliteConnectionTest, CachedStatementsComeBackResetAndUnbound) {
  Result<sqlite::internal::Connection> opened = sqlite::internal::Connection::Open(":memory:");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  sqlite::internal::Connection& db = *opened;
  EXPECT_OK(db.Exec("CREATE TABLE t (x INTEGER)"));
  constexpr std::string_view kInsert = "INSERT INTO t (x) VALUES (?1)";
  {
    Result<sqlite::internal::Statement> insert = db.Prepare(kInsert);
    ASSERT_TRUE(insert.ok());
    insert->BindInt(1, 7);
    EXPECT_OK(insert->Run());
  }
  {
    // The same statement again, its parameter no longer bound: NULL.
    Result<sqlite::internal::Statement> insert = db.Prepare(kInsert);
    ASSERT_TRUE(insert.ok());
    EXPECT_OK(insert->Run());
  }
  EXPECT_EQ(Ok(db.QueryInt("SELECT COUNT(*) FROM t WHERE x IS NULL")), 1);

  {
    // Two statements of one text in use at once step independently.
    constexpr std::string_view kSelect = "SELECT x FROM t ORDER BY x";
    Result<sqlite::internal::Statement> a = db.Prepare(kSelect);
    Result<sqlite::internal::Statement> b = db.Prepare(kSelect);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_TRUE(Ok(a->Step()));
    EXPECT_TRUE(Ok(b->Step()));
    EXPECT_TRUE(Ok(b->Step()));
    EXPECT_EQ(b->Int(0), 7);
    EXPECT_TRUE(Ok(a->Step()));
    EXPECT_EQ(a->Int(0), 7);
  }
  // Given back in the middle of their rows, they no longer read the table, so it can go.
  EXPECT_OK(db.Exec("DROP TABLE t"));
  EXPECT_OK(db.Run("CREATE TABLE t (x INTEGER)"));
  EXPECT_EQ(Ok(db.QueryInt("SELECT COUNT(*) FROM t")), 0);
}

// Text bound borrowed is read where it is while the statement runs, and is gone from the
// statement once it is back in the cache.
TEST(SqliteConnectionTest, BorrowedTextIsReadInPlaceAndNotKept) {
  Result<sqlite::internal::Connection> opened = sqlite::internal::Connection::Open(":memory:");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  sqlite::internal::Connection& db = *opened;
  EXPECT_OK(db.Exec("CREATE TABLE t (x TEXT, y TEXT)"));
  constexpr std::string_view kInsert = "INSERT INTO t (x, y) VALUES (?1, ?2)";
  {
    auto text = std::make_unique<std::string>(std::string(5000, 'a') + "Nguyễn Thị Đào");
    Result<sqlite::internal::Statement> insert = db.Prepare(kInsert);
    ASSERT_TRUE(insert.ok());
    sqlite::internal::FieldBinder(&*insert).BorrowedText(*text).BorrowedTextOrNull("");
    EXPECT_OK(insert->Run());
    text.reset();  // Before the statement goes back to the cache.
  }
  {
    Result<sqlite::internal::Statement> insert = db.Prepare(kInsert);  // The same, reused.
    ASSERT_TRUE(insert.ok());
    EXPECT_OK(insert->Run());
  }
  EXPECT_EQ(Ok(db.QueryInt("SELECT COUNT(*) FROM t WHERE x = '" + std::string(5000, 'a') +
                           "Nguyễn Thị Đào' AND y IS NULL")),
            1);
  EXPECT_EQ(Ok(db.QueryInt("SELECT COUNT(*) FROM t WHERE x IS NULL AND y IS NULL")), 1);
}

// A statement goes back to the list it was taken from, unless the cache was emptied (past
// its limit of texts) while it was in use: then it is filed again by its text.
TEST(SqliteConnectionTest, StatementsInUseOutliveTheCacheBeingEmptied) {
  Result<sqlite::internal::Connection> opened = sqlite::internal::Connection::Open(":memory:");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  sqlite::internal::Connection& db = *opened;
  EXPECT_OK(db.Exec("CREATE TABLE t (x INTEGER)"));
  constexpr std::string_view kInsert = "INSERT INTO t (x) VALUES (?1)";
  EXPECT_OK(db.Run("INSERT INTO t (x) VALUES (NULL)"));  // kInsert's text differs: ?1.
  { ASSERT_TRUE(db.Prepare(kInsert).ok()); }             // Now cached, idle.
  {
    Result<sqlite::internal::Statement> insert = db.Prepare(kInsert);  // Taken from its list.
    ASSERT_TRUE(insert.ok());
    // Enough other texts to empty the cache, which destroys the lists.
    for (int i = 0; i < 600; ++i) {
      EXPECT_EQ(Ok(db.QueryInt("SELECT " + std::to_string(i))), i);
    }
    insert->BindInt(1, 7);
    EXPECT_OK(insert->Run());
  }
  for (int x : {8, 9}) {
    Result<sqlite::internal::Statement> insert = db.Prepare(kInsert);
    ASSERT_TRUE(insert.ok());
    insert->BindInt(1, x);
    EXPECT_OK(insert->Run());
  }
  EXPECT_EQ(Ok(db.QueryInt("SELECT COUNT(*) FROM t WHERE x IN (7, 8, 9)")), 3);
}

// List columns are written without nlohmann::json, byte for byte as it would write them.
TEST(SqliteJsonColumnTest, StringArraysAreWrittenAsNlohmannWritesThem) {
  auto nlohmann_text = [](const std::vector<std::string>& values) {
    return nlohmann::json(values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  std::vector<std::vector<std::string>> cases = {
      {},
      {""},
      {"analog IC design", "SAR ADC"},
      {"Trí tuệ nhân tạo", "人工知能", "\xF0\x9F\x94\xAC lab"},
      {"quote \" backslash \\ slash / end"},
      {"\b\f\n\r\t", std::string("\0\x01\x1f\x7f", 4)},
      {"Nguy\xC3\x28n", "valid"},  // Invalid UTF-8: replaced as nlohmann replaces it.
      {"\xED\xA0\x80"},            // A surrogate.
      {"abc\xE6\x9D"},             // Truncated.
  };
  for (int byte = 0; byte < 256; ++byte) {
    cases.push_back(
        {std::string(1, static_cast<char>(byte)), "x" + std::string(1, static_cast<char>(byte))});
  }
  for (const std::vector<std::string>& values : cases) {
    EXPECT_EQ(sqlite::internal::JsonStringArray(values), nlohmann_text(values))
        << nlohmann_text(values);
  }
}

TEST(SqliteStoreTest, MigrationsAreOrderedAndRecorded) {
  std::span<const sqlite::Migration> migrations = sqlite::Migrations();
  ASSERT_FALSE(migrations.empty());
  for (size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i + 1));
  }
  base::FakeClock clock(kStartTime);
  std::unique_ptr<Store> store = Ok(OpenSqliteStore(":memory:", &clock));
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Ok(store->SchemaVersion()), sqlite::LatestSchemaVersion());
}

}  // namespace
}  // namespace ketnoi::storage

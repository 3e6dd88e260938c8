#include "service/catalog.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/clock.h"
#include "storage/sqlite/sqlite_store.h"

namespace ketnoi::service {
namespace {

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::OpenSqliteStore(":memory:", &clock_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    catalog_ = std::make_unique<Catalog>(store_.get());
  }

  model::Expert NewExpert(std::string name, std::string country) {
    model::Expert expert;
    expert.full_name = std::move(name);
    expert.country = std::move(country);
    return expert;
  }

  base::FakeClock clock_{1795000000};
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(CatalogTest, DerivesAsciiNameWhenMissing) {
  auto created = catalog_->Create(NewExpert("Huỳnh Ngọc Đức", "VN"));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->name_ascii, "Huynh Ngoc Duc");
  EXPECT_EQ(catalog_->Get<model::Expert>(created->id)->name_ascii, "Huynh Ngoc Duc");

  model::Expert given = NewExpert("佐藤 健一", "JP");
  given.name_ascii = "Sato Kenichi";
  EXPECT_EQ(catalog_->Create(given)->name_ascii, "Sato Kenichi");
}

TEST_F(CatalogTest, RejectsInvalidEntitiesBeforeStoring) {
  model::Expert expert = NewExpert("An", "Vietnam");
  auto result = catalog_->Create(expert);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().field(), "country");
  EXPECT_EQ(catalog_->List<model::Expert>({}, {})->total, 0);
}

TEST_F(CatalogTest, UpdateValidatesToo) {
  auto created = catalog_->Create(NewExpert("Phạm Thu Hà", "GB"));
  ASSERT_TRUE(created.ok());
  model::Expert changed = *created;
  changed.orcid = "0000-0002-1825-0098";
  EXPECT_EQ(catalog_->Update(changed).status().field(), "orcid");
  EXPECT_TRUE(catalog_->Get<model::Expert>(created->id)->orcid.empty());
}

TEST_F(CatalogTest, NameSearchIgnoresDiacritics) {
  ASSERT_TRUE(catalog_->Create(NewExpert("Đỗ Hoàng Long", "CZ")).ok());
  ASSERT_TRUE(catalog_->Create(NewExpert("Do Van Minh", "US")).ok());
  storage::ExpertFilter filter;
  filter.name_prefix = "Đỗ";
  EXPECT_EQ(catalog_->List<model::Expert>(filter, {})->total, 2);
  filter.name_prefix = "do hoang";
  auto found = catalog_->List<model::Expert>(filter, {});
  ASSERT_EQ(found->total, 1);
  EXPECT_EQ(found->items[0].full_name, "Đỗ Hoàng Long");
}

// ListAll reads past the largest page (1,000), each expert once, in id order, with or
// without a filter.
TEST_F(CatalogTest, ListAllReadsEveryPage) {
  std::vector<Id> ids;
  std::vector<Id> japanese;
  ASSERT_TRUE(catalog_
                  ->InBulkTransaction([&]() -> Status {
                    for (int i = 0; i < 2345; ++i) {
                      const std::string country = i % 4 == 0 ? "JP" : "VN";
                      ASSIGN_OR_RETURN(
                          model::Expert created,
                          catalog_->Create(NewExpert("Expert " + std::to_string(i), country)));
                      ids.push_back(created.id);
                      if (country == "JP") japanese.push_back(created.id);
                    }
                    return Status();
                  })
                  .ok());
  auto all = ListAll<model::Expert>(*catalog_, {});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  std::vector<Id> listed;
  for (const model::Expert& e : *all) listed.push_back(e.id);
  EXPECT_EQ(listed, ids);
  storage::ExpertFilter filter;
  filter.country = "JP";
  auto in_japan = ListAll<model::Expert>(*catalog_, filter);
  ASSERT_TRUE(in_japan.ok());
  listed.clear();
  for (const model::Expert& e : *in_japan) listed.push_back(e.id);
  EXPECT_EQ(listed, japanese);
}

TEST_F(CatalogTest, FindsChaptersByCodeInAnyCase) {
  model::Chapter chapter;
  chapter.code = "UK-IE";
  chapter.name.en = "UK & Ireland";
  chapter.countries = {"GB", "IE"};
  ASSERT_TRUE(catalog_->Create(chapter).ok());
  EXPECT_EQ(catalog_->FindChapterByCode("uk-ie")->code, "UK-IE");
  EXPECT_EQ(catalog_->FindChapterByCode("FR").status().code(), base::StatusCode::kNotFound);
}

// Records what the listener hears: one line per call.
class RecordingListener : public CatalogListener {
 public:
  void OnExpertChanged(Id id) override { heard.push_back("changed " + std::to_string(id)); }
  void OnExpertRemoved(Id id) override { heard.push_back("removed " + std::to_string(id)); }
  void OnExpertsChanged(const std::vector<Id>& changed, const std::vector<Id>& removed) override {
    std::string line = "together:";
    for (Id id : changed) line += " changed " + std::to_string(id);
    for (Id id : removed) line += " removed " + std::to_string(id);
    heard.push_back(line);
  }
  std::vector<std::string> heard;
};

// The index must hear of a change once it is committed, and never of one that was undone:
// an expert created by a record that then failed would otherwise stay in the index, found
// by searches, though the database does not have them.
TEST_F(CatalogTest, ListenerHearsOfCommittedChangesOnly) {
  RecordingListener listener;
  catalog_->SetListener(&listener);
  auto outside = catalog_->Create(NewExpert("Lê Văn Tâm", "VN"));
  ASSERT_TRUE(outside.ok());
  const std::string first = std::to_string(outside->id);
  EXPECT_EQ(listener.heard, std::vector<std::string>{"changed " + first});  // At once.
  listener.heard.clear();

  Id kept = 0;
  Id undone = 0;
  ASSERT_TRUE(catalog_
                  ->InTransaction([&]() -> Status {
                    auto a = catalog_->Create(NewExpert("Ngô Thị Lan", "VN"));
                    if (!a.ok()) return a.status();
                    kept = a->id;
                    EXPECT_TRUE(listener.heard.empty()) << "told before the commit";
                    // A nested transaction that fails takes its changes with it.
                    const Status failed = catalog_->InTransaction([&]() -> Status {
                      auto b = catalog_->Create(NewExpert("Đỗ Minh Khoa", "VN"));
                      if (!b.ok()) return b.status();
                      undone = b->id;
                      RETURN_IF_ERROR(catalog_->Delete<model::Expert>(outside->id));
                      return base::InvalidArgument("this record is rejected");
                    });
                    EXPECT_FALSE(failed.ok());
                    model::Expert renamed = *a;
                    renamed.full_name = "Ngô Thị Lan Anh";
                    return catalog_->Update(renamed).status();
                  })
                  .ok());
  ASSERT_NE(undone, 0);
  EXPECT_FALSE(catalog_->Get<model::Expert>(undone).ok());
  EXPECT_TRUE(catalog_->Get<model::Expert>(outside->id).ok());
  // One call, the created-then-renamed expert once, nothing of the undone record.
  EXPECT_EQ(listener.heard, std::vector<std::string>{"together: changed " + std::to_string(kept)});
  listener.heard.clear();

  // A failed transaction tells nothing.
  EXPECT_FALSE(catalog_
                   ->InTransaction([&]() -> Status {
                     RETURN_IF_ERROR(catalog_->Create(NewExpert("Vũ Hải", "VN")).status());
                     return base::InvalidArgument("undone");
                   })
                   .ok());
  EXPECT_TRUE(listener.heard.empty());

  // A batch tells of everything its transactions committed, together, at its end; what
  // happened last to an expert is what is told.
  Id batched = 0;
  ASSERT_TRUE(catalog_
                  ->Batched([&]() -> Status {
                    RETURN_IF_ERROR(catalog_->InBulkTransaction([&]() -> Status {
                      auto c = catalog_->Create(NewExpert("Bùi Quang Huy", "JP"));
                      if (!c.ok()) return c.status();
                      batched = c->id;
                      return Status::Ok();
                    }));
                    RETURN_IF_ERROR(catalog_->InTransaction(
                        [&] { return catalog_->Delete<model::Expert>(outside->id); }));
                    EXPECT_TRUE(listener.heard.empty()) << "told before the batch ended";
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(listener.heard,
            std::vector<std::string>{"together: changed " + std::to_string(batched) + " removed " +
                                     first});
  catalog_->SetListener(nullptr);
}

}  // namespace
}  // namespace ketnoi::service

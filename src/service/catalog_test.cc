#include "service/catalog.h"

#include <gtest/gtest.h>

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

TEST_F(CatalogTest, FindsChaptersByCodeInAnyCase) {
  model::Chapter chapter;
  chapter.code = "UK-IE";
  chapter.name.en = "UK & Ireland";
  chapter.countries = {"GB", "IE"};
  ASSERT_TRUE(catalog_->Create(chapter).ok());
  EXPECT_EQ(catalog_->FindChapterByCode("uk-ie")->code, "UK-IE");
  EXPECT_EQ(catalog_->FindChapterByCode("FR").status().code(), base::StatusCode::kNotFound);
}

}  // namespace
}  // namespace ketnoi::service

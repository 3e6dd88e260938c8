#include "service/export.h"

#include <gtest/gtest.h>

#include "base/clock.h"
#include "import/csv/csv.h"
#include "import/csv/csv_reader.h"
#include "model/json.h"
#include "storage/sqlite/sqlite_store.h"

namespace ketnoi::service {
namespace {

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::OpenSqliteStore(":memory:", &clock_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    catalog_ = std::make_unique<Catalog>(store_.get());
    model::Organization hust;
    hust.name = "Đại học Bách khoa Hà Nội";
    hust.kind = model::OrganizationKind::kUniversity;
    hust.country = "VN";
    hust = *catalog_->Create(hust);
    model::Expert mai;
    mai.full_name = "Nguyễn Thị Mai";
    mai.country = "VN";
    mai.email = "mai@example.edu.vn";
    mai.skills = {"=SUM(A1)", "xử lý ảnh"};  // A formula must not run in a spreadsheet.
    mai.bio.vi = "Nghiên cứu xử lý ảnh y tế,\n\"có dấu ngoặc\".";
    mai.affiliations = {{hust.id, "Phó giáo sư", true}};
    mai_ = *catalog_->Create(mai);
    model::Work work;
    work.title = "Phát hiện khối u trên ảnh CT, bằng học sâu";
    work.year = 2024;
    work.doi = "10.5555/ketnoi.0099";
    work.keywords = {"học sâu", "CT"};
    work.authors = {{.name = "Nguyễn Thị Mai", .expert_id = mai_.id},
                    {.name = "Sato Hiroshi", .expert_id = 0}};
    ASSERT_TRUE(catalog_->Create(work).ok());
  }

  base::FakeClock clock_{1795000000};
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Catalog> catalog_;
  model::Expert mai_;
};

TEST_F(ExportTest, ExpertsCsvOpensInASpreadsheetWithEveryFieldInItsColumn) {
  auto csv = ExportExperts(*catalog_, ExportFormat::kCsv);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_EQ(csv->rfind("\xEF\xBB\xBF", 0), 0u) << "UTF-8 BOM for Excel";
  auto table = import::ReadCsv(*csv);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ(table->rows.size(), 1u);
  const std::vector<std::string>& row = table->rows[0].cells;
  ASSERT_EQ(row.size(), table->header.size());
  auto cell = [&](const std::string& column) {
    for (size_t i = 0; i < table->header.size(); ++i) {
      if (table->header[i] == column) return row[i];
    }
    return std::string("<no column " + column + ">");
  };
  EXPECT_EQ(cell("full_name"), "Nguyễn Thị Mai");
  EXPECT_EQ(cell("organization"), "Đại học Bách khoa Hà Nội");
  EXPECT_EQ(cell("role"), "Phó giáo sư");
  EXPECT_EQ(cell("biography"), "Nghiên cứu xử lý ảnh y tế,\n\"có dấu ngoặc\".");
  EXPECT_EQ(cell("keywords"), "'=SUM(A1); xử lý ảnh");
}

TEST_F(ExportTest, WorksCsvImportsBackAsItWas) {
  auto csv = ExportWorks(*catalog_, ExportFormat::kCsv);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  auto batch = import::ParseWorksCsv(*csv, import::DefaultMapping());
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  ASSERT_EQ(batch->works.size(), 1u);
  const import::ImportedWork& work = batch->works[0];
  EXPECT_EQ(work.title, "Phát hiện khối u trên ảnh CT, bằng học sâu");
  EXPECT_EQ(work.year, 2024);
  EXPECT_EQ(work.doi, "10.5555/ketnoi.0099");
  EXPECT_EQ(work.keywords, (std::vector<std::string>{"học sâu", "CT"}));
  ASSERT_EQ(work.authors.size(), 2u);
  EXPECT_EQ(work.authors[1].name, "Sato Hiroshi");
}

TEST_F(ExportTest, JsonIsAnArrayOfTheApiObjects) {
  auto json = ExportExperts(*catalog_, ExportFormat::kJson);
  ASSERT_TRUE(json.ok());
  const model::Json parsed = model::Json::parse(*json);
  ASSERT_TRUE(parsed.is_array());
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0]["full_name"], "Nguyễn Thị Mai");
  EXPECT_EQ(parsed[0]["id"], mai_.id);
}

}  // namespace
}  // namespace ketnoi::service

#include "import/csv/csv_writer.h"

#include <gtest/gtest.h>

#include "import/csv/csv_reader.h"

namespace ketnoi::import {
namespace {

TEST(WriteCsvTest, QuotesOnlyWhatNeedsItAndEndsLinesInCrlf) {
  const std::string csv = WriteCsv({"name", "bio"},
                                   {{"Nguyễn Thị Mai", "Xử lý ảnh, y tế"},
                                    {"Lê Văn Hùng", "Vật liệu \"nano\"\nPin mặt trời"},
                                    {" Sato Hiroshi", "Robotics"}},
                                   {.bom = CsvBom::kWithout});
  EXPECT_EQ(csv,
            "name,bio\r\n"
            "Nguyễn Thị Mai,\"Xử lý ảnh, y tế\"\r\n"
            "Lê Văn Hùng,\"Vật liệu \"\"nano\"\"\nPin mặt trời\"\r\n"
            "\" Sato Hiroshi\",Robotics\r\n");
}

TEST(WriteCsvTest, StartsWithABomForExcelWhenAsked) {
  EXPECT_EQ(WriteCsv({"a"}, {}),
            "\xEF\xBB\xBF"
            "a\r\n");
  EXPECT_EQ(WriteCsv({"a"}, {}, {.bom = CsvBom::kWithout}), "a\r\n");
}

TEST(WriteCsvTest, QuotesTheChosenSeparator) {
  EXPECT_EQ(WriteCsv({"a", "b"}, {{"x,y", "p;q"}}, {.separator = ';', .bom = CsvBom::kWithout}),
            "a;b\r\nx,y;\"p;q\"\r\n");
}

TEST(WriteCsvTest, EscapesCellsThatSpreadsheetsWouldRunAsFormulas) {
  EXPECT_EQ(WriteCsv({"x"}, {{"=HYPERLINK(\"http://evil\")"}, {"@SUM(A1)"}, {"+84 24 3869"}},
                     {.bom = CsvBom::kWithout}),
            "x\r\n\"'=HYPERLINK(\"\"http://evil\"\")\"\r\n'@SUM(A1)\r\n'+84 24 3869\r\n");
  EXPECT_EQ(WriteCsv({"x"}, {{"=1+1"}}, {.bom = CsvBom::kWithout, .formulas = CsvFormulas::kKeep}),
            "x\r\n=1+1\r\n");
}

TEST(WriteCsvTest, KeepsARowOfEmptyCellsAsARow) {
  EXPECT_EQ(WriteCsv({"a", "b"}, {{"", ""}}, {.bom = CsvBom::kWithout}), "a,b\r\n\"\",\r\n");
}

TEST(WriteCsvTest, RoundTripsThroughTheReader) {
  const std::vector<std::string> header{"Họ và tên", "Tiểu sử", "Lĩnh vực", "Ghi chú"};
  const std::vector<std::vector<std::string>> rows{
      {"Nguyễn Thị Mai", "Nghiên cứu xử lý ảnh y tế.\nHướng dẫn 5 NCS.", "xử lý ảnh; học máy", ""},
      {"Lê Văn Hùng", "Vật liệu \"nano\", pin mặt trời", "", " khoảng trắng "},
      {"Sato Hiroshi", "", "robotics", "=1+1"},
      {"", "", "", ""},
  };
  for (char separator : {',', ';', '\t'}) {
    for (CsvBom bom : {CsvBom::kWith, CsvBom::kWithout}) {
      const std::string csv = WriteCsv(
          header, rows, {.separator = separator, .bom = bom, .formulas = CsvFormulas::kKeep});
      auto table = ReadCsv(csv);
      ASSERT_TRUE(table.ok()) << table.status().ToString();
      EXPECT_EQ(table->separator, separator);
      EXPECT_EQ(table->header, header);
      ASSERT_EQ(table->rows.size(), rows.size());
      for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(table->rows[i].cells, rows[i]) << i;
      EXPECT_TRUE(table->rejected.empty());
      EXPECT_TRUE(table->warnings.empty());
    }
  }
}

}  // namespace
}  // namespace ketnoi::import

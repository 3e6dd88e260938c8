#include "import/csv/csv_reader.h"

#include <gtest/gtest.h>

#include <string>

namespace ketnoi::import {
namespace {

CsvTable Read(std::string_view bytes, CsvOptions options = {}) {
  auto table = ReadCsv(bytes, options);
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return table.ok() ? std::move(*table) : CsvTable{};
}

Location At(int64_t line, std::string_view bytes, std::string_view text) {
  return {"", line, static_cast<int64_t>(bytes.find(text))};
}

TEST(ReadCsvTest, ReadsQuotedCellsWithDoubledQuotesSeparatorsAndNewlines) {
  const std::string bytes =
      "name,bio,city\r\n"
      "\"Nguyễn Thị Mai\",\"Line one\r\nLine \"\"two\"\", with comma\",Hà Nội\r\n"
      "Sato Hiroshi,,Tokyo\r\n";
  CsvTable table = Read(bytes);
  EXPECT_EQ(table.separator, ',');
  EXPECT_EQ(table.header, (std::vector<std::string>{"name", "bio", "city"}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(
      table.rows[0].cells,
      (std::vector<std::string>{"Nguyễn Thị Mai", "Line one\nLine \"two\", with comma", "Hà Nội"}));
  EXPECT_EQ(table.rows[0].location, At(2, bytes, "\"Nguy"));
  // The quoted line break counts: the next record starts on line 4.
  EXPECT_EQ(table.rows[1].location, At(4, bytes, "Sato"));
  EXPECT_EQ(table.records_read, 2);
  EXPECT_TRUE(table.rejected.empty());
  EXPECT_TRUE(table.warnings.empty());
}

TEST(ReadCsvTest, DetectsSemicolonAndTabFromTheHeaderAndSkipsTheBom) {
  const std::string semicolons =
      "\xEF\xBB\xBFHọ và tên;Đơn vị, phòng\nLê Văn Hùng;Viện Hàn lâm, P.2\n";
  CsvTable table = Read(semicolons);
  EXPECT_EQ(table.separator, ';');
  EXPECT_EQ(table.header[0], "Họ và tên");  // No BOM left in the first header cell.
  EXPECT_EQ(table.header_location, (Location{"", 1, 3}));
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0].cells[1], "Viện Hàn lâm, P.2");

  CsvTable tabs = Read("name\tyear\nSato Hiroshi\t2020\n");
  EXPECT_EQ(tabs.separator, '\t');
  EXPECT_EQ(tabs.rows[0].cells, (std::vector<std::string>{"Sato Hiroshi", "2020"}));

  // A separator inside quotes does not count; one column falls back to ','; a tie is ';'.
  EXPECT_EQ(Read("\"a;b;c\",d\n1,2\n").separator, ',');
  EXPECT_EQ(Read("name\nMai\n").separator, ',');
  EXPECT_EQ(Read("Họ tên;Đơn vị, phòng\n").separator, ';');
  EXPECT_EQ(Read("a,b,c;d\n").separator, ',');
  // A separator given explicitly wins.
  EXPECT_EQ(Read("a,b;c\n1,2;3\n", {.separator = ';'}).header,
            (std::vector<std::string>{"a,b", "c"}));
}

TEST(ReadCsvTest, AcceptsCrAndLfLineEndsAndSkipsEmptyLinesAndBlankRows) {
  const std::string bytes = "a;b\r\r\n1;2\r;;\n\n3;4";
  CsvTable table = Read(bytes);
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].cells, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(table.rows[0].location, (Location{"", 3, 6}));
  EXPECT_EQ(table.rows[1].cells, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(table.rows[1].location, (Location{"", 6, 14}));
  EXPECT_EQ(table.records_read, 2);  // Empty lines and ";;" are not records.
}

TEST(ReadCsvTest, RejectsAFileInUtf16WithAMessageThatSaysWhatToDo) {
  const std::string utf16le("\xFF\xFEn\0a\0m\0e\0\r\0\n\0", 14);
  auto table = ReadCsv(utf16le);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(), "the file is UTF-16; save it as CSV UTF-8");
  EXPECT_FALSE(ReadCsv(std::string("\xFE\xFF\0n\0a", 6)).ok());

  // Without a byte order mark, the NUL bytes give it away.
  auto no_bom = ReadCsv(std::string("n\0a\0m\0e\0\n\0", 10));
  ASSERT_FALSE(no_bom.ok());
  EXPECT_EQ(no_bom.status().message(),
            "the header line holds a NUL byte at byte 1: the file may be UTF-16 without a byte "
            "order mark; save it as CSV UTF-8");
}

TEST(ReadCsvTest, RejectsARowInLatin1OrWindows1258WithItsLineAndByte) {
  // "Lê Văn Hùng" saved as Windows-1258: ê = EA, ă = E3, ù = F9.
  const std::string bytes =
      "name;city\n"
      "Nguyễn Thị Mai;Hà Nội\n"
      "\"Lê\nVăn\";Huế\n"
      "L\xEA V\xE3n H\xF9ng;Hu\xEA\n"
      "Sato Hiroshi;Tokyo\n";
  CsvTable table = Read(bytes);
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_EQ(table.rows[2].cells[0], "Sato Hiroshi");  // The rows after it are still read.
  ASSERT_EQ(table.rejected.size(), 1u);
  const size_t bad = bytes.find('\xEA');
  EXPECT_EQ(table.rejected[0].location, (Location{"", 5, static_cast<int64_t>(bad - 1)}));
  EXPECT_EQ(table.rejected[0].reason,
            "invalid UTF-8 on line 5 at byte " + std::to_string(bad) +
                " (the file may be in Windows-1258 or Latin-1); save it as CSV UTF-8");
  EXPECT_EQ(table.records_read, 4);

  // A header in Latin-1 means the whole file is.
  auto latin1_header = ReadCsv("H\xE9 t\xEAn;x\n1;2\n");
  ASSERT_FALSE(latin1_header.ok());
  EXPECT_EQ(latin1_header.status().message(),
            "the header line cannot be read: invalid UTF-8 on line 1 at byte 1 (the file may be "
            "in Windows-1258 or Latin-1); save it as CSV UTF-8");
}

TEST(ReadCsvTest, RejectsTheLastRecordWhenTheFileEndsInsideAQuote) {
  const std::string bytes =
      "name;bio\n"
      "Nguyễn Thị Mai;\"Xử lý ảnh\n"
      "y tế\"\n"
      "Lê Văn Hùng;Vật liệu\n"
      "Sato Hiroshi;\"Robotics and\n"
      "control (file cut here";
  CsvTable table = Read(bytes);
  ASSERT_EQ(table.rows.size(), 2u);
  ASSERT_EQ(table.rejected.size(), 1u);
  EXPECT_EQ(table.rejected[0].location, At(5, bytes, "Sato"));
  EXPECT_EQ(table.rejected[0].reason,
            "unterminated quoted cell: the quote opened on line 5 is never closed before the end "
            "of the file (the file may be truncated)");

  // The quote may open on a later line of the record than its first.
  const std::string later = "a,b\n\"x\ny\",\"z\n";
  CsvTable cut = Read(later);
  ASSERT_EQ(cut.rejected.size(), 1u);
  EXPECT_EQ(cut.rejected[0].location, (Location{"", 2, 4}));
  EXPECT_NE(cut.rejected[0].reason.find("the quote opened on line 3 "), std::string::npos);
}

TEST(ReadCsvTest, RejectsRowsWithMoreCellsAndPadsRowsWithFewer) {
  const std::string bytes =
      "name;orcid;keywords\n"
      "Nguyễn Thị Mai;;xử lý ảnh;học máy\n"
      "Lê Văn Hùng\n"
      "Sato Hiroshi;;robotics;\n";
  CsvTable table = Read(bytes);
  ASSERT_EQ(table.rejected.size(), 1u);
  EXPECT_EQ(table.rejected[0].location, At(2, bytes, "Nguy"));
  EXPECT_EQ(table.rejected[0].reason,
            "the row has 4 cells but the header has 3 (a cell may hold an unquoted ';')");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].cells, (std::vector<std::string>{"Lê Văn Hùng", "", ""}));
  ASSERT_EQ(table.warnings.size(), 1u);
  EXPECT_EQ(table.warnings[0].location, At(3, bytes, "Lê"));
  EXPECT_EQ(table.warnings[0].reason,
            "the row has 1 cells but the header has 3; the missing cells are read as empty");
  // An empty cell past the header's end loses nothing: the row is kept.
  EXPECT_EQ(table.rows[1].cells, (std::vector<std::string>{"Sato Hiroshi", "", "robotics"}));
}

TEST(ReadCsvTest, RejectsARowWithACellOverTheLimitAndReadsTheNext) {
  const std::string huge(size_t{1} << 20 | 1, 'x');
  const std::string bytes = "name,bio\nMai,\"" + huge + "\"\nHùng,short\n";
  CsvTable table = Read(bytes);
  ASSERT_EQ(table.rejected.size(), 1u);
  EXPECT_EQ(table.rejected[0].location, (Location{"", 2, 9}));
  EXPECT_EQ(table.rejected[0].reason, "cell 2 is 1048577 bytes long; the limit is 1048576 bytes");
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0].cells[0], "Hùng");
  EXPECT_EQ(table.rows[0].location.line, 3);
}

TEST(ReadCsvTest, ReadsTextAfterAClosingQuoteAsExcelDoes) {
  CsvTable table = Read("a,b\n\"x\"y,\"\"\n");
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0].cells, (std::vector<std::string>{"xy", ""}));
  // A quote inside an unquoted cell is a character.
  EXPECT_EQ(Read("a\nsay \"hi\"\n").rows[0].cells[0], "say \"hi\"");
}

TEST(ReadCsvTest, RefusesFilesWithoutAHeaderAndUnknownSeparators) {
  EXPECT_EQ(ReadCsv("").status().message(), "the file is empty: it has no header line");
  EXPECT_EQ(ReadCsv("\xEF\xBB\xBF\r\n\r\n;;\n").status().message(),
            "the file is empty: it has no header line");
  auto pipe = ReadCsv("a|b\n", {.separator = '|'});
  ASSERT_FALSE(pipe.ok());
  EXPECT_EQ(pipe.status().field(), "separator");
  // A header alone is a file with no rows.
  CsvTable header_only = Read("name,email");
  EXPECT_EQ(header_only.header.size(), 2u);
  EXPECT_TRUE(header_only.rows.empty());
}

}  // namespace
}  // namespace ketnoi::import

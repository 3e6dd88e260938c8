#include "import/csv/csv.h"

#include <gtest/gtest.h>

#include <string>

namespace ketnoi::import {
namespace {

// A coordinator's sheet as Excel (Vietnamese locale) saves "CSV UTF-8": BOM, ';', CRLF.
const std::string kExpertsSheet =
    "\xEF\xBB\xBFSTT;Mã;Họ và tên;ORCID;Thư điện tử;Quốc gia;Đơn vị công tác;Chức danh;"
    "Tiểu sử;Lĩnh vực;Ghi chú\r\n"
    "1;E01;Nguyễn Thị Mai;0000-0002-1825-0097;mai.nguyen@hust.edu.vn;Việt Nam;"
    "Đại học Bách khoa Hà Nội;Phó giáo sư;\"Nghiên cứu xử lý ảnh y tế.\r\n"
    "Hướng dẫn 5 nghiên cứu sinh.\";xử lý ảnh, học máy;\r\n"
    "2;E02;Lê Văn Hùng;https://orcid.org/0000-0003-1234-5674;hung.le@vast.vn, hung.lv@gmail.com;"
    "Nhật Bản;Viện Hàn lâm KH&CN Việt Nam;Nghiên cứu viên;\"Vật liệu nano; \"\"pin mặt trời\"\" "
    "thế hệ mới\";vật liệu nano, năng lượng;\r\n"
    "3;E03;Sato Hiroshi;0000-0002-1694-233x;sato(at)u-tokyo.ac.jp;Japan;The University of Tokyo;"
    "Professor;;robotics, control;đã liên hệ\r\n"
    "4;E04;Trần Quốc Bảo;0000-0002-1825-0098;bao@fpt.com.vn;VN;FPT Software;Kỹ sư;;AI;\r\n"
    "5;E05;;;;;;;;;\r\n"
    "6;E06;Phạm Minh Anh;;anh.pham@vinuni.edu.vn;Atlantis;VinUni;;;;\r\n";

// An English works sheet: ',' and LF.
const std::string kWorksSheet =
    "key,expert_key,title,abstract,year,journal,doi,url,type,language,keywords,authors\n"
    "W1,E01,Deep learning for chest X-ray triage,\"We train a classifier on 20,000 images.\","
    "2021,IEEE Access,https://doi.org/10.1109/ACCESS.2021.1234567,,article,English,"
    "\"deep learning; medical imaging\",\"Nguyen Thi Mai; Tran, Van Binh\"\n"
    "W2,E02,Perovskite solar cells with nano-structured layers,,2019,Solar Energy,"
    "10.1016/j.solener.2019.01.001,,paper,en,perovskite,Le Van Hung\n"
    "W3,0000-0002-1694-233X,Compliant gripper for fruit picking,,2018,,not-a-doi,,patent,ja,,"
    "Sato Hiroshi\n"
    "W4,E09,Bộ điều khiển tưới thông minh,,khoảng 2020,,,https://example.org/tuoi,sản phẩm,"
    "Tiếng Việt,,\n"
    "W5,E01,,A row without its title,2020,,,,,,,\n";

Location At(int64_t line, const std::string& bytes, std::string_view text) {
  return {"", line, static_cast<int64_t>(bytes.find(text))};
}

TEST(ParseExpertsCsvTest, ReadsAVietnameseCoordinatorsSheetByItsHeaders) {
  auto batch = ParseExpertsCsv(kExpertsSheet, DefaultMapping());
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->records_read, 6);
  ASSERT_EQ(batch->people.size(), 4u);
  EXPECT_TRUE(batch->works.empty());

  const ImportedPerson& mai = batch->people[0];
  EXPECT_EQ(mai.location, At(2, kExpertsSheet, "1;E01"));
  EXPECT_EQ(mai.source_id, "E01");
  EXPECT_EQ(mai.full_name, "Nguyễn Thị Mai");
  EXPECT_EQ(mai.orcid, "0000-0002-1825-0097");
  EXPECT_EQ(mai.emails, (std::vector<std::string>{"mai.nguyen@hust.edu.vn"}));
  EXPECT_EQ(mai.country, "VN");
  ASSERT_EQ(mai.affiliations.size(), 1u);
  EXPECT_EQ(mai.affiliations[0].organization, "Đại học Bách khoa Hà Nội");
  EXPECT_EQ(mai.affiliations[0].role, "Phó giáo sư");
  EXPECT_EQ(mai.biography, "Nghiên cứu xử lý ảnh y tế.\nHướng dẫn 5 nghiên cứu sinh.");
  EXPECT_EQ(mai.keywords, (std::vector<std::string>{"xử lý ảnh", "học máy"}));

  const ImportedPerson& hung = batch->people[1];
  EXPECT_EQ(hung.location, At(4, kExpertsSheet, "2;E02"));  // Mai's biography took 2 lines.
  EXPECT_EQ(hung.orcid, "0000-0003-1234-5674");
  EXPECT_EQ(hung.emails, (std::vector<std::string>{"hung.le@vast.vn", "hung.lv@gmail.com"}));
  EXPECT_EQ(hung.country, "JP");
  EXPECT_EQ(hung.biography, "Vật liệu nano; \"pin mặt trời\" thế hệ mới");

  const ImportedPerson& sato = batch->people[2];
  EXPECT_EQ(sato.full_name, "Sato Hiroshi");
  EXPECT_EQ(sato.orcid, "0000-0002-1694-233X");
  EXPECT_EQ(sato.country, "JP");
  EXPECT_TRUE(sato.emails.empty());
  EXPECT_EQ(sato.keywords, (std::vector<std::string>{"robotics", "control"}));

  EXPECT_EQ(batch->people[3].full_name, "Phạm Minh Anh");
  EXPECT_EQ(batch->people[3].country, "");

  ASSERT_EQ(batch->rejected.size(), 2u);
  EXPECT_EQ(batch->rejected[0].location, At(6, kExpertsSheet, "4;E04"));
  EXPECT_EQ(batch->rejected[0].reason,
            "orcid: '0000-0002-1825-0098' is not a valid ORCID iD (16 digits with a correct check "
            "digit); the row is rejected because a mistyped iD could merge this expert with "
            "someone else: correct the iD or clear the cell");
  EXPECT_EQ(batch->rejected[1].location, At(7, kExpertsSheet, "5;E05"));
  EXPECT_EQ(batch->rejected[1].reason,
            "the row has no name (full_name, given_names and family_name are empty)");

  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].location, (Location{"", 1, 3}));
  EXPECT_EQ(batch->warnings[0].reason, "columns not imported: 'STT', 'Ghi chú'");
  EXPECT_EQ(batch->warnings[1].location, At(5, kExpertsSheet, "3;E03"));
  EXPECT_EQ(batch->warnings[1].reason,
            "email: 'sato(at)u-tokyo.ac.jp' is not an e-mail address (dropped)");
  EXPECT_EQ(batch->warnings[2].location, At(8, kExpertsSheet, "6;E06"));
  EXPECT_EQ(batch->warnings[2].reason,
            "country: 'Atlantis' is not a country name or ISO code KetNoi knows (left empty; "
            "write a code such as JP)");
}

TEST(ParseExpertsCsvTest, ComposesTheFullNameFromSeparateColumns) {
  const std::string sheet =
      "Họ,Tên,Quốc gia,Email\n"
      "Nguyễn,Thị Mai,VN,mai@hust.edu.vn\n"
      "Smith,Jane,Australia,jane@unsw.edu.au\n";
  auto batch = ParseExpertsCsv(sheet, DefaultMapping());
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  ASSERT_EQ(batch->people.size(), 2u);
  EXPECT_EQ(batch->people[0].full_name, "Nguyễn Thị Mai");
  EXPECT_EQ(batch->people[0].family_name, "Nguyễn");
  EXPECT_EQ(batch->people[0].given_names, "Thị Mai");
  EXPECT_EQ(batch->people[1].full_name, "Jane Smith");
  EXPECT_EQ(batch->people[1].country, "AU");
  ASSERT_EQ(batch->warnings.size(), 2u);
  EXPECT_EQ(batch->warnings[0].reason,
            "full_name is empty: composed from family_name and given_names as 'Nguyễn Thị Mai'");
}

TEST(ParseExpertsCsvTest, CleansTextToNfcAndCollapsesSpaces) {
  // "Nguyễn" typed with combining marks, as some keyboards do, and stray spaces.
  const std::string sheet = "name,affiliation\n\"  Nguye\xCC\x82\xCC\x83n   Thị Mai \",  VinUni\n";
  auto batch = ParseExpertsCsv(sheet, DefaultMapping());
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->people.size(), 1u);
  EXPECT_EQ(batch->people[0].full_name, "Nguyễn Thị Mai");
  EXPECT_EQ(batch->people[0].affiliations[0].organization, "VinUni");
}

TEST(ParseExpertsCsvTest, RefusesAFileWithoutANameColumn) {
  auto batch = ParseExpertsCsv("STT;Email\n1;mai@hust.edu.vn\n", DefaultMapping());
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message(),
            "experts file: no column gives the experts' names: name one 'full_name', 'Họ và tên' "
            "or 'Name', or map one (full_name=Your Header)");
}

TEST(ParseExpertsCsvTest, PassesOnTheReadersWholeFileErrors) {
  auto batch = ParseExpertsCsv(std::string("\xFF\xFEH\0o\0", 6), DefaultMapping());
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message(), "experts file: the file is UTF-16; save it as CSV UTF-8");
}

TEST(ParseWorksCsvTest, ReadsAnEnglishWorksSheet) {
  auto batch = ParseWorksCsv(kWorksSheet, DefaultMapping());
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->records_read, 5);
  EXPECT_TRUE(batch->people.empty());
  ASSERT_EQ(batch->works.size(), 4u);

  const ImportedWork& w1 = batch->works[0];
  EXPECT_EQ(w1.location, At(2, kWorksSheet, "W1"));
  EXPECT_EQ(w1.source_id, "W1");
  EXPECT_EQ(w1.title, "Deep learning for chest X-ray triage");
  EXPECT_EQ(w1.abstract, "We train a classifier on 20,000 images.");
  EXPECT_EQ(w1.year, 2021);
  EXPECT_EQ(w1.venue, "IEEE Access");
  EXPECT_EQ(w1.doi, "10.1109/access.2021.1234567");
  EXPECT_EQ(w1.kind, model::WorkKind::kPublication);
  EXPECT_EQ(w1.type, "article");
  EXPECT_EQ(w1.language, "en");
  EXPECT_EQ(w1.keywords, (std::vector<std::string>{"deep learning", "medical imaging"}));
  ASSERT_EQ(w1.authors.size(), 2u);
  EXPECT_EQ(w1.authors[0].name, "Nguyen Thi Mai");
  EXPECT_EQ(w1.authors[1].name, "Tran, Van Binh");  // Commas stay inside an author's name.

  const ImportedWork& w3 = batch->works[2];
  EXPECT_EQ(w3.kind, model::WorkKind::kPatent);
  EXPECT_EQ(w3.doi, "");
  EXPECT_EQ(w3.language, "ja");

  const ImportedWork& w4 = batch->works[3];
  EXPECT_EQ(w4.kind, model::WorkKind::kProduct);
  EXPECT_EQ(w4.type, "sản phẩm");
  EXPECT_EQ(w4.year, 0);
  EXPECT_EQ(w4.language, "vi");
  EXPECT_EQ(w4.url, "https://example.org/tuoi");

  ASSERT_EQ(batch->rejected.size(), 1u);
  EXPECT_EQ(batch->rejected[0].location, At(6, kWorksSheet, "W5"));
  EXPECT_EQ(batch->rejected[0].reason, "the row has no title");

  std::vector<std::string> warnings;
  for (const Rejected& warning : batch->warnings) {
    warnings.push_back("line " + std::to_string(warning.location.line) + ": " + warning.reason);
  }
  EXPECT_EQ(warnings,
            (std::vector<std::string>{
                "line 1: the column 'expert_key' (expert_key) links works to experts only when "
                "the experts file is imported with this one; these works are not linked",
                "line 4: doi: 'not-a-doi' is not a DOI such as 10.1109/5.771073 (dropped)",
                "line 5: year: 'khoảng 2020' is not a year from 1900 to 2100 (read as unknown)",
            }));
}

TEST(ParseWorksCsvTest, WarnsAboutAnUnknownKindAndReadsItAsAPublication) {
  auto batch =
      ParseWorksCsv("title;loại;năm\nHệ thống đo mưa;báo cáo tổng kết;1899\n", DefaultMapping());
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  ASSERT_EQ(batch->works.size(), 1u);
  EXPECT_EQ(batch->works[0].kind, model::WorkKind::kPublication);
  EXPECT_EQ(batch->works[0].year, 0);
  ASSERT_EQ(batch->warnings.size(), 2u);
  EXPECT_EQ(batch->warnings[0].reason,
            "year: '1899' is not a year from 1900 to 2100 (read as unknown)");
  EXPECT_EQ(batch->warnings[1].reason,
            "kind: 'báo cáo tổng kết' is not a kind KetNoi knows: publication, patent, project or "
            "product (bài báo, sáng chế, dự án, sản phẩm); read as publication");
}

TEST(ParseCsvPairTest, LinksWorksToExpertsByKeyOrOrcid) {
  auto batch = ParseCsvPair({"chuyen_gia.csv", kExpertsSheet, DefaultMapping()},
                            {"cong_trinh.csv", kWorksSheet, DefaultMapping()});
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->records_read, 11);
  ASSERT_EQ(batch->people.size(), 4u);
  ASSERT_EQ(batch->works.size(), 4u);
  EXPECT_EQ(batch->people[0].works, (std::vector<size_t>{0}));  // Mai: W1 by key E01.
  EXPECT_EQ(batch->people[1].works, (std::vector<size_t>{1}));  // Hùng: W2 by key E02.
  EXPECT_EQ(batch->people[2].works, (std::vector<size_t>{2}));  // Sato: W3 by ORCID iD.
  EXPECT_TRUE(batch->people[3].works.empty());
  EXPECT_EQ(batch->people[0].location.file, "chuyen_gia.csv");
  EXPECT_EQ(batch->works[0].location.file, "cong_trinh.csv");
  EXPECT_EQ(batch->rejected.size(), 3u);  // Two expert rows and W5.
  EXPECT_EQ(batch->rejected[2].location.file, "cong_trinh.csv");

  const Rejected& unlinked = batch->warnings.back();
  EXPECT_EQ(unlinked.location,
            (Location{"cong_trinh.csv", 5, static_cast<int64_t>(kWorksSheet.find("W4"))}));
  EXPECT_EQ(unlinked.reason,
            "expert_key 'E09' is neither the key nor the ORCID iD of an expert row read from the "
            "experts file; the work is not linked");
  for (const Rejected& warning : batch->warnings) {
    EXPECT_EQ(warning.reason.find("not linked; "), std::string::npos);
    EXPECT_EQ(warning.reason.find("only when the experts file"), std::string::npos);
  }
}

TEST(ParseCsvPairTest, NamesTheFileAtFault) {
  auto batch = ParseCsvPair({"chuyen_gia.csv", kExpertsSheet, DefaultMapping()},
                            {"cong_trinh.csv", "STT,Năm\n1,2020\n", DefaultMapping()});
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message().rfind("cong_trinh.csv: no column gives the works' titles", 0),
            0u);
}

// A mapping file as a coordinator writes it for a sheet whose headers we do not guess.
const std::string kMappingFile =
    "# Sở KH&CN Đà Nẵng, danh sách chuyên gia 2025\r\n"
    "full_name = Họ tên chuyên gia\r\n"
    "\r\n"
    "email=Hộp thư\r\n"
    "Organization = Nơi làm việc\r\n"
    "orcid=\r\n";

TEST(ParseMappingTest, ReadsAMappingFile) {
  auto mapping = ParseMapping(CsvKind::kExperts, kMappingFile);
  ASSERT_TRUE(mapping.ok()) << mapping.status().ToString();
  EXPECT_EQ(mapping->columns, (std::map<std::string, std::string>{
                                  {"full_name", "Họ tên chuyên gia"},
                                  {"email", "Hộp thư"},
                                  {"organization", "Nơi làm việc"},
                                  {"orcid", ""},
                              }));
}

TEST(ParseMappingTest, ReadsAFlagString) {
  auto mapping = ParseMapping(CsvKind::kExperts, "full_name=Họ tên,email=Thư điện tử");
  ASSERT_TRUE(mapping.ok()) << mapping.status().ToString();
  EXPECT_EQ(mapping->columns, (std::map<std::string, std::string>{{"full_name", "Họ tên"},
                                                                  {"email", "Thư điện tử"}}));
}

TEST(ParseMappingTest, ReportsErrorsByLineOrItem) {
  auto unknown = ParseMapping(CsvKind::kExperts, "# x\nfull_name=Họ tên\nfullname=Tên\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(),
            "line 3: 'fullname' is not a field of experts; the fields are key, full_name, "
            "given_names, family_name, other_names, orcid, email, country, organization, "
            "department, role, biography, biography_language, keywords");
  EXPECT_EQ(ParseMapping(CsvKind::kWorks, "title=Tên\nemail\n").status().message(),
            "line 2: expected field=Column Header, got 'email'");
  EXPECT_EQ(ParseMapping(CsvKind::kWorks, "title=A,year=B,title=C").status().message(),
            "item 3: title is mapped twice (first on item 1)");
  EXPECT_EQ(ParseMapping(CsvKind::kWorks, "title=T\xEAn\n").status().message(),
            "line 1: not valid UTF-8 at byte 7 of the line");
  // A works field is not an experts field.
  EXPECT_FALSE(ParseMapping(CsvKind::kExperts, "title=Tên").ok());
}

TEST(ParseExpertsCsvTest, UsesAnExplicitMappingAndTheAliasesForTheRest) {
  const std::string sheet =
      "Họ tên chuyên gia;Hộp thư;Nơi làm việc;ORCID;Quốc gia\n"
      "Nguyễn Thị Mai;mai@hust.edu.vn;HUST;0000-0002-1825-0098;Việt Nam\n";
  auto mapping = ParseMapping(CsvKind::kExperts, kMappingFile);
  ASSERT_TRUE(mapping.ok());
  auto batch = ParseExpertsCsv(sheet, *mapping);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  ASSERT_EQ(batch->people.size(), 1u);  // "orcid=" leaves the bad iD unread.
  const ImportedPerson& mai = batch->people[0];
  EXPECT_EQ(mai.full_name, "Nguyễn Thị Mai");
  EXPECT_EQ(mai.emails, (std::vector<std::string>{"mai@hust.edu.vn"}));
  EXPECT_EQ(mai.affiliations[0].organization, "HUST");
  EXPECT_EQ(mai.orcid, "");
  EXPECT_EQ(mai.country, "VN");  // Not in the mapping: found by its alias.
  ASSERT_EQ(batch->warnings.size(), 1u);
  EXPECT_EQ(batch->warnings[0].reason, "columns not imported: 'ORCID'");
}

TEST(ParseExpertsCsvTest, NamesAMappedColumnTheHeaderDoesNotHave) {
  CsvMapping mapping;
  mapping.columns["email"] = "Thư điện tử";
  auto batch = ParseExpertsCsv("Họ và tên;Hộp thư\nLê Văn Hùng;hung@vast.vn\n", mapping);
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message(),
            "experts file: the mapping reads email from the column 'Thư điện tử', which the "
            "header does not have; its columns are 'Họ và tên', 'Hộp thư'");
  EXPECT_EQ(batch.status().field(), "email");
}

TEST(ParseExpertsCsvTest, ABadRowNeverStopsTheOthers) {
  const std::string huge(size_t{1} << 20 | 1, 'x');
  const std::string sheet =
      "name;orcid;bio\n"
      "Nguyễn Thị Mai;;" +
      huge +
      "\n"
      "L\xEA V\xE3n H\xF9ng;;\n"
      "Sato Hiroshi;0000-0002-1694-233X;robotics;extra\n"
      "Trần Quốc Bảo;not-an-orcid;\n"
      "Phạm Minh Anh;;\"Học máy\n";
  auto batch = ParseExpertsCsv(sheet, DefaultMapping());
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->records_read, 5);
  EXPECT_TRUE(batch->people.empty());
  ASSERT_EQ(batch->rejected.size(), 5u);
  std::vector<int64_t> lines;
  for (const Rejected& rejected : batch->rejected) lines.push_back(rejected.location.line);
  EXPECT_EQ(lines, (std::vector<int64_t>{2, 3, 4, 5, 6}));
  EXPECT_EQ(batch->rejected[0].reason, "cell 3 is 1048577 bytes long; the limit is 1048576 bytes");
  EXPECT_EQ(batch->rejected[1].reason.rfind("invalid UTF-8 on line 3 at byte ", 0), 0u);
  EXPECT_EQ(batch->rejected[2].reason,
            "the row has 4 cells but the header has 3 (a cell may hold an unquoted ';')");
  EXPECT_EQ(batch->rejected[3].reason.rfind("orcid: 'not-an-orcid' is not a valid ORCID iD", 0),
            0u);
  EXPECT_EQ(batch->rejected[4].reason,
            "unterminated quoted cell: the quote opened on line 6 is never closed before the end "
            "of the file (the file may be truncated)");
}

TEST(DefaultAliasesTest, ListsEveryFieldWithItsOwnNameFirst) {
  for (CsvKind kind : {CsvKind::kExperts, CsvKind::kWorks}) {
    for (const CsvFieldAliases& field : DefaultAliases(kind)) {
      ASSERT_FALSE(field.aliases.empty());
      EXPECT_EQ(field.aliases[0], field.field);
    }
  }
  EXPECT_EQ(DefaultAliases(CsvKind::kExperts).size(), 14u);
  EXPECT_EQ(DefaultAliases(CsvKind::kWorks).size(), 12u);
}

}  // namespace
}  // namespace ketnoi::import

namespace ketnoi::import {
namespace {

TEST(ParseExpertsCsvTest, WarnsAboutARepeatedKeyAndPointsAtTheFirstKeptRow) {
  const std::string sheet =
      "key,name,orcid\n"
      "E01,Nguyễn Thị Mai,0000-0002-1825-0097\n"
      "E01,Nguyễn T. Mai,0000-0002-1825-0097\n";
  auto batch = ParseExpertsCsv(sheet, DefaultMapping());
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->people.size(), 2u);
  ASSERT_EQ(batch->warnings.size(), 2u);
  EXPECT_EQ(batch->warnings[0].location.line, 3);
  EXPECT_EQ(batch->warnings[0].reason,
            "key 'E01' is also the key of the row on line 2; works with this key are linked to "
            "that first row");
  EXPECT_EQ(batch->warnings[1].reason,
            "orcid 0000-0002-1825-0097 is also on the row on line 2 (the same expert twice?)");
}

TEST(ParseExpertsCsvTest, RefusesAMappingForAFieldExpertsDoNotHave) {
  CsvMapping mapping;
  mapping.columns["title"] = "Họ và tên";
  auto batch = ParseExpertsCsv("Họ và tên\nMai\n", mapping);
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message().rfind(
                "experts file: the mapping names 'title', which is not a field of experts", 0),
            0u);
}

}  // namespace
}  // namespace ketnoi::import

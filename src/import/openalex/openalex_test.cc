#include "import/openalex/openalex.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "import/ids.h"

namespace ketnoi::import {
namespace {

// Fictional people with well-formed ORCID iDs (check digits computed with ISO 7064 11,2).
constexpr std::string_view kMaiOrcid = "0009-0001-2345-6786";
constexpr std::string_view kBaoOrcid = "0009-0002-3456-7892";

// A work as an OpenAlex snapshot line gives it (fields abridged, values invented).
const std::string kWorkLine =
    R"({"id":"https://openalex.org/W4300000001","doi":"https://doi.org/10.5555/KETNOI.2021.007",)"
    R"("title":"Nhận dạng tiếng nói tiếng Việt với mô hình ngôn ngữ lớn",)"
    R"("display_name":"Nhận dạng tiếng nói tiếng Việt với mô hình ngôn ngữ lớn",)"
    R"("publication_year":2021,"publication_date":"2021-03-04","language":"vi","type":"article",)"
    R"("ids":{"openalex":"https://openalex.org/W4300000001","doi":"https://doi.org/10.5555/ketnoi.2021.007",)"
    R"("mag":3100000001,"pmid":"https://pubmed.ncbi.nlm.nih.gov/30000001"},)"
    R"("primary_location":{"is_oa":true,"landing_page_url":"https://journal.example.vn/a/7",)"
    R"("source":{"id":"https://openalex.org/S100","display_name":"Tạp chí Tin học và Điều khiển học",)"
    R"("issn_l":"1813-9663","type":"journal"}},)"
    R"("authorships":[)"
    R"({"author_position":"first","author":{"id":"https://openalex.org/A5000000001",)"
    R"("display_name":"Mai Thi Nguyen","orcid":"https://orcid.org/0009-0001-2345-6786"},)"
    R"("institutions":[{"id":"https://openalex.org/I1","display_name":"Đại học Bách khoa Hà Nội",)"
    R"("country_code":"VN","type":"education"}],"countries":["VN"],"is_corresponding":true,)"
    R"("raw_author_name":"Nguyễn Thị Mai","raw_affiliation_strings":["HUST, Hà Nội"]},)"
    R"({"author_position":"middle","author":{"id":"https://openalex.org/A5000000002",)"
    R"("display_name":"Hiroshi Sato","orcid":null},"institutions":[],"is_corresponding":false,)"
    R"("raw_author_name":null,"raw_affiliation_strings":["University of Tsukuba, Japan"]},)"
    R"({"author_position":"last","author":{"id":"https://openalex.org/A5000000003",)"
    R"("display_name":"Bao Quoc Tran","orcid":"https://orcid.org/0009-0002-3456-7892"},)"
    R"("institutions":[{"display_name":"Viện Hàn lâm Khoa học và Công nghệ Việt Nam","country_code":"VN"}],)"
    R"("is_corresponding":null,"raw_author_name":"Trần Quốc Bảo"}],)"
    R"("cited_by_count":12,"abstract_inverted_index":{"Chúng":[0],"tôi":[1],"đề":[2],"xuất":[3],)"
    R"("một":[4],"mô":[5,9],"hình":[6,10],"mới.":[7],"Các":[8],"đạt":[11],"kết":[12],"quả":[13],"tốt.":[14]},)"
    R"("keywords":[{"id":"https://openalex.org/keywords/speech","display_name":"Speech recognition","score":0.6}],)"
    R"("topics":[{"id":"https://openalex.org/T1","display_name":"Speech Recognition and Synthesis"}],)"
    R"("concepts":[{"display_name":"Computer science","level":0}],"referenced_works":["https://openalex.org/W1"]})";

const std::string kAuthorLine =
    R"({"id":"https://openalex.org/A5000000001","orcid":"https://orcid.org/0009-0001-2345-6786",)"
    R"("display_name":"Nguyễn Thị Mai","display_name_alternatives":["Mai Thi Nguyen","Nguyễn Thị Mai","N. T. Mai"],)"
    R"("works_count":42,"cited_by_count":310,"summary_stats":{"h_index":9},)"
    R"("ids":{"openalex":"https://openalex.org/A5000000001","orcid":"https://orcid.org/0009-0001-2345-6786",)"
    R"("scopus":"http://www.scopus.com/inward/authorDetails.url?authorID=57000000001&partnerID=MN8TOARS"},)"
    R"("affiliations":[{"institution":{"display_name":"Đại học Bách khoa Hà Nội"},"years":[2020,2021]}],)"
    R"("last_known_institutions":[{"id":"https://openalex.org/I1","display_name":"Đại học Bách khoa Hà Nội",)"
    R"("country_code":"VN","type":"education"},{"display_name":"RIKEN","country_code":"jp"}],)"
    R"("topics":[{"id":"https://openalex.org/T1","display_name":"Speech Recognition and Synthesis","count":20},)"
    R"({"display_name":"Natural Language Processing Techniques","count":11}],)"
    R"("x_concepts":[{"display_name":"Computer science","level":0,"score":88.1}]})";

std::vector<std::string> Reasons(const std::vector<Rejected>& entries) {
  std::vector<std::string> reasons;
  for (const Rejected& entry : entries) reasons.push_back(entry.reason);
  return reasons;
}

TEST(OpenAlexTest, ReadsAWorkLine) {
  const ImportBatch batch = ParseOpenAlex(kWorkLine + "\n");
  ASSERT_TRUE(batch.rejected.empty()) << batch.rejected[0].reason;
  EXPECT_TRUE(batch.warnings.empty()) << batch.warnings[0].reason;
  EXPECT_EQ(batch.records_read, 1);
  EXPECT_TRUE(batch.people.empty());
  ASSERT_EQ(batch.works.size(), 1u);
  const ImportedWork& work = batch.works[0];
  EXPECT_EQ(work.location, (Location{"", 1, 0}));
  EXPECT_EQ(work.source_id, "W4300000001");
  EXPECT_EQ(work.kind, model::WorkKind::kPublication);
  EXPECT_EQ(work.type, "article");
  EXPECT_EQ(work.title, "Nhận dạng tiếng nói tiếng Việt với mô hình ngôn ngữ lớn");
  EXPECT_EQ(work.year, 2021);
  EXPECT_EQ(work.language, "vi");
  EXPECT_EQ(work.doi, "10.5555/ketnoi.2021.007");
  EXPECT_EQ(work.venue, "Tạp chí Tin học và Điều khiển học");
  EXPECT_EQ(work.url, "https://journal.example.vn/a/7");
  EXPECT_EQ(work.abstract, "Chúng tôi đề xuất một mô hình mới. Các mô hình đạt kết quả tốt.");
  // "keywords" wins over topics and concepts.
  EXPECT_EQ(work.keywords, std::vector<std::string>{"Speech recognition"});
  EXPECT_EQ(work.external_ids,
            (std::vector<ExternalId>{{"openalex", "W4300000001"},
                                     {"mag", "3100000001"},
                                     {"pmid", "https://pubmed.ncbi.nlm.nih.gov/30000001"}}));
  ASSERT_EQ(work.authors.size(), 3u);
  EXPECT_EQ(work.authors[0], (ImportedAuthor{"Nguyễn Thị Mai",
                                             std::string(kMaiOrcid),
                                             "A5000000001",
                                             {"Đại học Bách khoa Hà Nội"},
                                             true}));
  // No raw name: the display name; no institutions: the raw affiliation strings.
  EXPECT_EQ(
      work.authors[1],
      (ImportedAuthor{"Hiroshi Sato", "", "A5000000002", {"University of Tsukuba, Japan"}, false}));
  EXPECT_EQ(work.authors[2], (ImportedAuthor{"Trần Quốc Bảo",
                                             std::string(kBaoOrcid),
                                             "A5000000003",
                                             {"Viện Hàn lâm Khoa học và Công nghệ Việt Nam"},
                                             false}));
}

TEST(OpenAlexTest, ReadsAnAuthorLine) {
  const ImportBatch batch = ParseOpenAlex(kAuthorLine);
  ASSERT_TRUE(batch.rejected.empty()) << batch.rejected[0].reason;
  EXPECT_TRUE(batch.warnings.empty()) << batch.warnings[0].reason;
  EXPECT_TRUE(batch.works.empty());
  ASSERT_EQ(batch.people.size(), 1u);
  const ImportedPerson& person = batch.people[0];
  EXPECT_EQ(person.source_id, "A5000000001");
  EXPECT_EQ(person.orcid, kMaiOrcid);
  EXPECT_EQ(person.full_name, "Nguyễn Thị Mai");
  EXPECT_EQ(person.other_names, (std::vector<std::string>{"Mai Thi Nguyen", "N. T. Mai"}));
  ASSERT_EQ(person.affiliations.size(), 2u);
  EXPECT_EQ(person.affiliations[0].organization, "Đại học Bách khoa Hà Nội");
  EXPECT_EQ(person.affiliations[0].country, "VN");
  EXPECT_EQ(person.affiliations[1].organization, "RIKEN");
  EXPECT_EQ(person.affiliations[1].country, "JP");
  EXPECT_FALSE(person.affiliations[1].education);
  EXPECT_EQ(person.keywords, (std::vector<std::string>{"Speech Recognition and Synthesis",
                                                       "Natural Language Processing Techniques"}));
  EXPECT_EQ(person.external_ids,
            (std::vector<ExternalId>{
                {"openalex", "A5000000001"},
                {"scopus",
                 "http://www.scopus.com/inward/authorDetails.url?authorID=57000000001&"
                 "partnerID=MN8TOARS"}}));
  EXPECT_TRUE(person.works.empty());
}

TEST(OpenAlexTest, ReadsTheOlderAuthorForm) {
  const ImportBatch batch = ParseOpenAlex(
      R"({"id":"A5000000002","display_name":"Sato Hiroshi","orcid":null,)"
      R"("last_known_institution":{"display_name":"University of Tsukuba","country_code":"JP"},)"
      R"("x_concepts":[{"display_name":"Robotics"},{"display_name":"Control theory"}]})");
  ASSERT_TRUE(batch.rejected.empty()) << batch.rejected[0].reason;
  ASSERT_EQ(batch.people.size(), 1u);
  EXPECT_EQ(batch.people[0].source_id, "A5000000002");
  EXPECT_EQ(batch.people[0].orcid, "");
  ASSERT_EQ(batch.people[0].affiliations.size(), 1u);
  EXPECT_EQ(batch.people[0].affiliations[0].organization, "University of Tsukuba");
  EXPECT_EQ(batch.people[0].keywords, (std::vector<std::string>{"Robotics", "Control theory"}));
}

TEST(OpenAlexTest, KeywordsFallBackToTopicsThenConcepts) {
  const ImportBatch batch = ParseOpenAlex(
      R"({"id":"W1","title":"A","keywords":[],"topics":[{"display_name":"Topic one"}],)"
      R"("concepts":[{"display_name":"Concept"}]})"
      "\n"
      R"({"id":"W2","title":"B","keywords":null,"concepts":[{"display_name":"Concept"}]})"
      "\n"
      R"({"id":"W3","title":"C","keywords":[{"keyword":"old form","score":0.5}]})");
  ASSERT_EQ(batch.works.size(), 3u);
  EXPECT_EQ(batch.works[0].keywords, std::vector<std::string>{"Topic one"});
  EXPECT_EQ(batch.works[1].keywords, std::vector<std::string>{"Concept"});
  EXPECT_EQ(batch.works[2].keywords, std::vector<std::string>{"old form"});
}

TEST(OpenAlexTest, MapsTypesToKinds) {
  const ImportBatch batch = ParseOpenAlex(R"({"id":"W1","title":"a","type":"dataset"})"
                                          "\n"
                                          R"({"id":"W2","title":"b","type":"patent"})"
                                          "\n"
                                          R"({"id":"W3","title":"c","type":"grant"})"
                                          "\n"
                                          R"({"id":"W4","title":"d","type":"book-chapter"})");
  ASSERT_EQ(batch.works.size(), 4u);
  EXPECT_EQ(batch.works[0].kind, model::WorkKind::kProduct);
  EXPECT_EQ(batch.works[1].kind, model::WorkKind::kPatent);
  EXPECT_EQ(batch.works[2].kind, model::WorkKind::kProject);
  EXPECT_EQ(batch.works[3].kind, model::WorkKind::kPublication);
}

std::string WorkWithIndex(std::string_view index) {
  return R"({"id":"W9","title":"t","abstract_inverted_index":)" + std::string(index) + "}";
}

TEST(OpenAlexTest, RebuildsAbstractsFromTheirInvertedIndex) {
  ImportBatch batch = ParseOpenAlex(WorkWithIndex(R"({"b":[1,3],"a":[0,2],"c":[4]})"));
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].abstract, "a b a b c");
  EXPECT_TRUE(batch.warnings.empty());

  // An empty index and a null index give no abstract and no warning.
  batch = ParseOpenAlex(WorkWithIndex("{}") + "\n" + WorkWithIndex("null"));
  ASSERT_EQ(batch.works.size(), 2u);
  EXPECT_EQ(batch.works[0].abstract, "");
  EXPECT_EQ(batch.works[1].abstract, "");
  EXPECT_TRUE(batch.warnings.empty());
}

TEST(OpenAlexTest, RebuildsInconsistentIndexesFromWhatIsUsable) {
  // Position 1 twice (the first listed word stays), 3 and 4 missing, one negative, one
  // beyond the limit, one not an integer, one word whose positions are not an array.
  const ImportBatch batch = ParseOpenAlex(
      WorkWithIndex(R"({"one":[0],"two":[1],"deux":[1],"five":[5],"neg":[-1],"far":[1000001],)"
                    R"("half":[2.5],"bad":"x","six":[6]})"));
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].abstract, "one two five six");
  EXPECT_EQ(Reasons(batch.warnings),
            std::vector<std::string>{
                "abstract_inverted_index: inconsistent index, rebuilt from its usable positions "
                "(4 unusable or beyond 1000000, 1 duplicate, 3 missing)"});
  EXPECT_EQ(batch.warnings[0].location, (Location{"", 1, 0}));
}

TEST(OpenAlexTest, AnIndexOfHugePositionsDoesNotAllocateForThem) {
  const ImportBatch batch =
      ParseOpenAlex(WorkWithIndex(R"({"a":[0],"b":[1000000],"c":[9223372036854775807]})"));
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].abstract, "a b");
  ASSERT_EQ(batch.warnings.size(), 1u);
  EXPECT_NE(batch.warnings[0].reason.find("999999 missing"), std::string::npos)
      << batch.warnings[0].reason;
}

TEST(OpenAlexTest, TellsWorksFromAuthorsByFieldsWhenTheIdIsNotOpenAlex) {
  const ImportBatch batch = ParseOpenAlex(
      R"({"id":"local-7","title":"Cảm biến sinh học","publication_year":2020})"
      "\n"
      R"({"id":"local-8","display_name":"Trần Quốc Bảo","orcid":"0009-0002-3456-7892"})"
      "\n"
      R"({"id":"local-9","display_name":"?"})");
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].source_id, "local-7");
  ASSERT_EQ(batch.people.size(), 1u);
  EXPECT_EQ(batch.people[0].source_id, "local-8");
  EXPECT_EQ(batch.people[0].orcid, kBaoOrcid);
  EXPECT_EQ(Reasons(batch.rejected),
            std::vector<std::string>{"cannot tell whether \"local-9\" is a work or an author"});
  EXPECT_EQ(batch.rejected[0].location.line, 3);
}

TEST(OpenAlexTest, RejectsBadLinesWithTheirLocationAndReadsTheOthers) {
  const std::vector<std::string> lines = {
      kWorkLine,                                              // 1: fine
      R"({"id":"https://openalex.org/W2", "title" "x"})",     // 2: missing colon
      R"({"id":"https://openalex.org/W3","title":"cut off)",  // 3: truncated
      "{\"id\":\"W4\",\"title\":\"Nguy\xE1n\"}",              // 4: Latin-1 byte
      R"({"title":"no id"})",                                 // 5
      R"({"id":12345,"title":"numeric id"})",                 // 6
      R"(["W7"])",                                            // 7: not an object
      R"({"id":"https://openalex.org/I27837315","display_name":"An institution"})",  // 8
      R"({"id":"W9","title":"x"} {"id":"W10"})",  // 9: two objects
      "",                                         // 10: skipped
      kAuthorLine,                                // 11: fine
  };
  std::string input;
  std::vector<int64_t> offsets;
  for (const std::string& line : lines) {
    offsets.push_back(static_cast<int64_t>(input.size()));
    input += line + "\n";
  }
  const ImportBatch batch = ParseOpenAlex(input);
  EXPECT_EQ(batch.records_read, 10);
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].source_id, "W4300000001");
  ASSERT_EQ(batch.people.size(), 1u);
  EXPECT_EQ(batch.people[0].location, (Location{"", 11, offsets[10]}));

  const auto at = [&](int line, size_t in_line) {
    return std::to_string(offsets[line - 1] + static_cast<int64_t>(in_line));
  };
  ASSERT_EQ(batch.rejected.size(), 8u);
  const std::vector<std::pair<int, std::string>> expected = {
      {2, "malformed JSON at byte " + at(2, lines[1].find("\"x\"")) +
              ": improper structure (a missing or extra comma, colon, brace or bracket)"},
      {3, "malformed JSON at byte " + at(3, lines[2].find("\"cut")) + ": a string is not closed"},
      {4, "invalid UTF-8 at byte " + at(4, lines[3].find('\xE1'))},
      {5, "missing id"},
      {6, "id: expected a string, found number"},
      {7, "expected a JSON object (a work or an author), found array"},
      {8, "id \"https://openalex.org/I27837315\" is neither a work (W...) nor an author (A...)"},
      {9,
       "malformed JSON at byte " + at(9, lines[8].find(" {") + 1) + ": content after the object"},
  };
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto& [line, reason] = expected[i];
    EXPECT_EQ(batch.rejected[i].location, (Location{"", line, offsets[line - 1]})) << i;
    EXPECT_EQ(batch.rejected[i].reason, reason) << i;
  }
}

TEST(OpenAlexTest, RejectsATruncatedLastLine) {
  const std::string input = kWorkLine + "\n" + kAuthorLine.substr(0, 150);
  const ImportBatch batch = ParseOpenAlex(input);
  EXPECT_EQ(batch.works.size(), 1u);
  ASSERT_EQ(batch.rejected.size(), 1u);
  EXPECT_EQ(batch.rejected[0].location.line, 2);
  EXPECT_EQ(batch.rejected[0].location.offset, static_cast<int64_t>(kWorkLine.size() + 1));
  EXPECT_EQ(batch.rejected[0].reason.substr(0, 23), "malformed JSON at byte ")
      << batch.rejected[0].reason;
}

TEST(OpenAlexTest, WarnsAboutKnownFieldsOfTheWrongTypeAndKeepsTheRecord) {
  const ImportBatch batch = ParseOpenAlex(
      R"({"id":"W5","title":{"text":"x"},"display_name":"Fallback title",)"
      R"("publication_year":"2020","doi":"not a doi","language":"Vietnamese",)"
      R"("authorships":[{"author":{"id":"https://openalex.org/A1","display_name":"Lê Văn Tám",)"
      R"("orcid":42}},"not an object",{"author":{"orcid":"0009-0001-2345-6787"},)"
      R"("is_corresponding":"yes"}],"primary_location":{"source":[]},"keywords":{},)"
      R"("abstract_inverted_index":[]})");
  ASSERT_TRUE(batch.rejected.empty()) << batch.rejected[0].reason;
  ASSERT_EQ(batch.works.size(), 1u);
  const ImportedWork& work = batch.works[0];
  EXPECT_EQ(work.title, "Fallback title");
  EXPECT_EQ(work.year, 0);
  EXPECT_EQ(work.doi, "");
  EXPECT_EQ(work.language, "");
  ASSERT_EQ(work.authors.size(), 1u);
  EXPECT_EQ(work.authors[0].name, "Lê Văn Tám");
  EXPECT_EQ(work.authors[0].orcid, "");
  EXPECT_EQ(Reasons(batch.warnings),
            (std::vector<std::string>{
                "title: expected a string, found object",
                "publication_year: expected an integer, found string",
                "doi: \"not a doi\" is not a DOI",
                "language: \"Vietnamese\" is not an ISO 639-1 code",
                "authorships[0].author.orcid: expected a string, found number",
                "authorships[1]: expected an object, found string",
                "authorships[2].author.orcid: \"0009-0001-2345-6787\" is not a valid ORCID iD",
                "authorships[2].is_corresponding: expected a boolean, found string",
                "authorships[2]: an author without name or id; skipped",
                "primary_location.source: expected an object, found array",
                "keywords: expected an array, found object",
                "abstract_inverted_index: expected an object, found array",
            }));
}

TEST(OpenAlexTest, IgnoresUnknownFieldsSilently) {
  const ImportBatch batch = ParseOpenAlex(
      R"({"future_field":{"nested":[1,{"deep":[true,null]}]},"id":"W6","title":"Known",)"
      R"("authorships":[{"author":{"id":"A2","new_key":"v"},"affiliations":[{"x":1}]}],)"
      R"("fwci":1.5,"apc_list":null})");
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].title, "Known");
  ASSERT_EQ(batch.works[0].authors.size(), 1u);
  EXPECT_EQ(batch.works[0].authors[0].source_id, "A2");
  EXPECT_TRUE(batch.warnings.empty()) << batch.warnings[0].reason;
}

TEST(OpenAlexTest, SkipsEmptyLinesAndHandlesCrLfAndByteOrderMark) {
  const std::string input = "\xEF\xBB\xBF" + std::string(R"({"id":"W1","title":"a"})") +
                            "\r\n\r\n   \n" + R"({"id":"W2","title":"b"})" + "\r\n";
  const ImportBatch batch = ParseOpenAlex(input);
  EXPECT_TRUE(batch.rejected.empty());
  EXPECT_EQ(batch.records_read, 2);
  ASSERT_EQ(batch.works.size(), 2u);
  EXPECT_EQ(batch.works[0].location, (Location{"", 1, 3}));
  EXPECT_EQ(batch.works[1].location,
            (Location{"", 4, static_cast<int64_t>(input.find("{\"id\":\"W2"))}));
}

TEST(OpenAlexTest, IgnoresHugeFieldsAndRejectsHugeLines) {
  const std::string huge_title(kOpenAlexMaxFieldBytes + 1, 'x');
  ImportBatch batch =
      ParseOpenAlex(R"({"id":"W1","title":")" + huge_title + R"(","display_name":"Short"})");
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].title, "Short");
  EXPECT_EQ(Reasons(batch.warnings),
            std::vector<std::string>{"title: 65537 bytes, longer than the limit of 65536; "
                                     "ignored"});

  const std::string huge_line =
      R"({"id":"W2","title":")" + std::string(kOpenAlexMaxLineBytes, 'y') + R"("})";
  batch = ParseOpenAlex(huge_line + "\n" + R"({"id":"W3","title":"after"})");
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].source_id, "W3");
  EXPECT_EQ(Reasons(batch.rejected),
            std::vector<std::string>{"line of " + std::to_string(huge_line.size()) +
                                     " bytes, longer than the limit of 16777216"});
}

TEST(OpenAlexTest, NormalisesTextToNfc) {
  // "Nguyễn" typed with combining marks, and doubled spaces.
  const ImportBatch batch =
      ParseOpenAlex("{\"id\":\"A9\",\"display_name\":\"Nguye\xCC\x82\xCC\x83n  Va\xCC\x86n An\"}");
  ASSERT_EQ(batch.people.size(), 1u);
  EXPECT_EQ(batch.people[0].full_name, "Nguyễn Văn An");
}

// Text already in its stored form is kept as it is, other text cleaned (CleanText): the
// check reads eight bytes at a time, so each flaw is tried at every offset of a word.
TEST(OpenAlexTest, TextIsCleanedWhereverItsFlawIs) {
  const std::string base = "Rice yield under salinity in the Mekong delta";
  // As JSON writes them, and as they are.
  const std::vector<std::pair<std::string, std::string>> flaws = {{" ", " "},
                                                                  {"\\t", "\t"},
                                                                  {"\\u0001", "\x01"},
                                                                  {"\x7f", "\x7f"},
                                                                  {"e\xCC\x81", "e\xCC\x81"},
                                                                  {"\xC3\xA9", "\xC3\xA9"},
                                                                  {"\\n", "\n"}};
  for (const auto& [json, raw] : flaws) {
    for (size_t at = 1; at < 24; ++at) {
      std::string title = base;
      std::string line_title = base;
      title.insert(at, raw);
      line_title.insert(at, json);
      SCOPED_TRACE(testing::Message() << "flaw at " << at << ": " << title);
      const ImportBatch batch =
          ParseOpenAlex(R"({"id":"https://openalex.org/W1","title":")" + line_title + R"("})");
      ASSERT_EQ(batch.works.size(), 1u);
      auto expected = CleanText(title);
      ASSERT_TRUE(expected.ok());
      EXPECT_EQ(batch.works[0].title, *expected);
    }
  }
}

TEST(OpenAlexTest, ReaderStreamsLineByLineLikeParseOpenAlex) {
  const std::string input = kWorkLine + "\n" + kAuthorLine + "\n";
  ImportBatch streamed;
  OpenAlexReader reader;
  reader.ReadLine(kWorkLine, 1, 0, &streamed);
  reader.ReadLine(kAuthorLine, 2, static_cast<int64_t>(kWorkLine.size() + 1), &streamed);
  const ImportBatch whole = ParseOpenAlex(input);
  EXPECT_EQ(streamed.works, whole.works);
  EXPECT_EQ(streamed.people, whole.people);
  EXPECT_EQ(streamed.records_read, 2);
}

}  // namespace
}  // namespace ketnoi::import

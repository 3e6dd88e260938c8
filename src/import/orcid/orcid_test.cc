#include "import/orcid/orcid.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace ketnoi::import {
namespace {

// Fictional people with well-formed ORCID iDs (check digits computed with ISO 7064 11,2).
constexpr std::string_view kMaiOrcid = "0009-0001-2345-6786";
constexpr std::string_view kBaoOrcid = "0009-0002-3456-7892";
constexpr std::string_view kSatoOrcid = "0009-0003-4567-8907";
constexpr std::string_view kCheckXOrcid = "0009-0004-5678-901X";

// A full record shaped as the public API v3.0 returns it, with null wherever ORCID writes
// null for absent items. The people, works and identifiers are invented.
const std::string kMaiRecord = R"json({
  "orcid-identifier": {"uri": "https://orcid.org/0009-0001-2345-6786",
                       "path": "0009-0001-2345-6786", "host": "orcid.org"},
  "preferences": {"locale": "vi"},
  "history": {"creation-method": "MEMBER-REFERRED", "completion-date": null,
              "submission-date": {"value": 1500000000000}, "claimed": true, "source": null,
              "deactivation-date": null, "verified-email": true},
  "person": {
    "last-modified-date": null,
    "name": {"created-date": {"value": 1500000000000}, "last-modified-date": null,
             "given-names": {"value": "Thị Mai"}, "family-name": {"value": "Nguyễn"},
             "credit-name": null, "source": null, "visibility": "public",
             "path": "0009-0001-2345-6786"},
    "other-names": {"last-modified-date": null, "other-name": [
        {"content": "Mai Thi Nguyen", "visibility": "public", "put-code": 11,
         "display-index": 2, "source": null},
        {"content": "Nguyễn Thị Mai", "put-code": 12, "display-index": 1}],
      "path": "/0009-0001-2345-6786/other-names"},
    "biography": {"created-date": null, "last-modified-date": null,
                  "content": "Nghiên cứu xử lý tiếng nói.\r\n\r\nWorks on speech processing.",
                  "visibility": "public", "path": "/0009-0001-2345-6786/biography"},
    "researcher-urls": {"last-modified-date": null, "researcher-url": [
        {"url-name": "Lab", "url": {"value": "https://speech.example.edu.vn/mai"},
         "put-code": 5, "display-index": 1}], "path": null},
    "emails": {"last-modified-date": null, "email": [
        {"email": "mai.nguyen@example.edu.vn", "primary": null, "verified": true,
         "visibility": "public"}], "path": null},
    "addresses": {"last-modified-date": null, "address": [
        {"country": {"value": "VN"}, "visibility": "public", "put-code": 7}], "path": null},
    "keywords": {"last-modified-date": null, "keyword": [
        {"content": "xử lý tiếng nói, nhận dạng tiếng nói; machine learning", "put-code": 8},
        {"content": "machine learning", "put-code": 9}], "path": null},
    "external-identifiers": {"last-modified-date": null, "external-identifier": [
        {"external-id-type": "Scopus Author ID", "external-id-value": "57000000001",
         "external-id-url": {"value": "https://www.scopus.com/authid/detail.uri?authorId=57000000001"},
         "external-id-relationship": "self", "put-code": 3, "display-index": 0}], "path": null},
    "path": "/0009-0001-2345-6786/person"
  },
  "activities-summary": {
    "last-modified-date": null,
    "distinctions": {"last-modified-date": null, "affiliation-group": [], "path": null},
    "educations": {"last-modified-date": null, "affiliation-group": [
      {"last-modified-date": null, "external-ids": {"external-id": []}, "summaries": [
        {"education-summary": {"created-date": null, "source": null, "put-code": 21,
          "department-name": "Graduate School of Informatics", "role-title": "PhD",
          "start-date": {"year": {"value": "2012"}, "month": {"value": "10"}, "day": null},
          "end-date": {"year": {"value": "2015"}, "month": null, "day": null},
          "organization": {"name": "Kyoto University",
                           "address": {"city": "Kyoto", "region": null, "country": "JP"},
                           "disambiguated-organization": null},
          "url": null, "external-ids": null, "display-index": "0", "visibility": "public"}}]}],
      "path": null},
    "employments": {"last-modified-date": null, "affiliation-group": [
      {"last-modified-date": null, "external-ids": {"external-id": []}, "summaries": [
        {"employment-summary": {"put-code": 31, "department-name": "Khoa Công nghệ Thông tin",
          "role-title": "Phó Giáo sư",
          "start-date": {"year": {"value": "2016"}, "month": null, "day": null},
          "end-date": null,
          "organization": {"name": "Đại học Bách khoa Hà Nội",
                           "address": {"city": "Hà Nội", "region": null, "country": "VN"},
                           "disambiguated-organization": {"disambiguated-organization-identifier": "1",
                                                          "disambiguation-source": "ROR"}},
          "url": null, "external-ids": null, "display-index": "0"}}]}],
      "path": null},
    "fundings": {"last-modified-date": null, "group": [], "path": null},
    "peer-reviews": {"last-modified-date": null, "group": [], "path": null},
    "works": {"last-modified-date": null, "group": [
      {"last-modified-date": null,
       "external-ids": {"external-id": [{"external-id-type": "doi",
                                         "external-id-value": "10.5555/ketnoi.2019.001",
                                         "external-id-relationship": "self"}]},
       "work-summary": [
        {"put-code": 1001, "created-date": null, "source": null,
         "title": {"title": {"value": "Speech recognition (Crossref version)"},
                   "subtitle": null, "translated-title": null},
         "external-ids": {"external-id": [{"external-id-type": "doi",
                                           "external-id-value": "10.5555/ketnoi.2019.001",
                                           "external-id-normalized": null,
                                           "external-id-url": null,
                                           "external-id-relationship": "self"}]},
         "url": null, "type": "journal-article",
         "publication-date": {"year": {"value": "2019"}, "month": null, "day": null},
         "journal-title": null, "visibility": "public", "display-index": "0"},
        {"put-code": 1002, "created-date": null, "source": null,
         "title": {"title": {"value": "Nhận dạng tiếng nói tiếng Việt"}, "subtitle": null,
                   "translated-title": {"value": "Vietnamese speech recognition",
                                        "language-code": "en"}},
         "external-ids": {"external-id": [
           {"external-id-type": "issn", "external-id-value": "1813-9663",
            "external-id-relationship": "part-of"},
           {"external-id-type": "doi", "external-id-value": "https://doi.org/10.5555/KETNOI.2019.001",
            "external-id-normalized": {"value": "10.5555/ketnoi.2019.001", "transient": true},
            "external-id-relationship": "self"},
           {"external-id-type": "eid", "external-id-value": "2-s2.0-85000000001",
            "external-id-relationship": "self"}]},
         "url": {"value": "https://journal.example.vn/a/1"}, "type": "journal-article",
         "publication-date": {"year": {"value": "2019"}, "month": {"value": "06"}, "day": null},
         "journal-title": {"value": "Tạp chí Tin học và Điều khiển học"},
         "visibility": "public", "display-index": "1"}]},
      {"last-modified-date": null, "external-ids": {"external-id": []}, "work-summary": [
        {"put-code": 1003, "title": {"title": {"value": "Thiết bị lọc nước mặn"}},
         "external-ids": {"external-id": [{"external-id-type": "pat",
                                           "external-id-value": "VN1-0012345",
                                           "external-id-relationship": "self"}]},
         "url": null, "type": "patent",
         "publication-date": {"year": {"value": "2021"}, "month": null, "day": null},
         "journal-title": null, "display-index": "0"}]},
      {"last-modified-date": null, "external-ids": null, "work-summary": [
        {"put-code": 1004, "title": {"title": {"value": "VietASR toolkit"}},
         "external-ids": null, "url": {"value": "https://git.example.vn/vietasr"},
         "type": "software", "publication-date": null, "journal-title": null,
         "display-index": "0"}]},
      {"last-modified-date": null, "external-ids": null, "work-summary": [
        {"put-code": 1005, "title": {"title": null, "subtitle": null, "translated-title": null},
         "type": "conference-paper", "display-index": "0"}]}
    ], "path": "/0009-0001-2345-6786/works"}
  },
  "path": "/0009-0001-2345-6786"
})json";

// A small record: iD and name, optionally a work.
std::string Record(std::string_view orcid, std::string_view given, std::string_view family,
                   std::string_view credit = "") {
  std::string record = R"({"orcid-identifier":{"path":")" + std::string(orcid) +
                       R"("},"person":{"name":{"given-names":{"value":")" + std::string(given) +
                       R"("},"family-name":{"value":")" + std::string(family) + R"("},)";
  record += credit.empty() ? R"("credit-name":null)"
                           : R"("credit-name":{"value":")" + std::string(credit) + R"("})";
  record += "}}}";
  return record;
}

std::vector<std::string> Reasons(const std::vector<Rejected>& entries) {
  std::vector<std::string> reasons;
  for (const Rejected& entry : entries) reasons.push_back(entry.reason);
  return reasons;
}

TEST(OrcidTest, ReadsAFullRecordWithNullsWhereOrcidPutsThem) {
  const ImportBatch batch = ParseOrcid(kMaiRecord);
  ASSERT_TRUE(batch.rejected.empty()) << batch.rejected[0].reason;
  EXPECT_EQ(Reasons(batch.warnings),
            std::vector<std::string>{
                "activities-summary.works.group[3].work-summary[0]: no title; work skipped"});
  EXPECT_EQ(batch.records_read, 1);
  ASSERT_EQ(batch.people.size(), 1u);
  const ImportedPerson& person = batch.people[0];
  EXPECT_EQ(person.location, (Location{"", 1, 0}));
  EXPECT_EQ(person.orcid, kMaiOrcid);
  EXPECT_EQ(person.source_id, kMaiOrcid);
  EXPECT_EQ(person.given_names, "Thị Mai");
  EXPECT_EQ(person.family_name, "Nguyễn");
  EXPECT_EQ(person.full_name, "Nguyễn Thị Mai");  // Vietnamese order.
  // The other name equal to the full name is not repeated.
  EXPECT_EQ(person.other_names, std::vector<std::string>{"Mai Thi Nguyen"});
  EXPECT_EQ(person.biography, "Nghiên cứu xử lý tiếng nói.\nWorks on speech processing.");
  EXPECT_EQ(person.keywords, (std::vector<std::string>{"xử lý tiếng nói", "nhận dạng tiếng nói",
                                                       "machine learning"}));
  EXPECT_EQ(person.emails, std::vector<std::string>{"mai.nguyen@example.edu.vn"});
  EXPECT_EQ(person.country, "VN");
  EXPECT_EQ(person.external_ids,
            (std::vector<ExternalId>{{"url", "https://speech.example.edu.vn/mai"},
                                     {"scopus author id", "57000000001"}}));
  ASSERT_EQ(person.affiliations.size(), 2u);
  const ImportedAffiliation job{"Đại học Bách khoa Hà Nội",
                                "Khoa Công nghệ Thông tin",
                                "Phó Giáo sư",
                                "Hà Nội",
                                "VN",
                                2016,
                                0,
                                false};
  const ImportedAffiliation school{
      "Kyoto University", "Graduate School of Informatics", "PhD", "Kyoto", "JP", 2012, 2015, true};
  EXPECT_EQ(person.affiliations[0], job);
  EXPECT_EQ(person.affiliations[1], school);

  ASSERT_EQ(batch.works.size(), 3u);
  EXPECT_EQ(person.works, (std::vector<size_t>{0, 1, 2}));
  // The group's preferred version is the one with the highest display-index.
  const ImportedWork& article = batch.works[0];
  EXPECT_EQ(article.source_id, "1002");
  EXPECT_EQ(article.title, "Nhận dạng tiếng nói tiếng Việt");
  EXPECT_EQ(article.kind, model::WorkKind::kPublication);
  EXPECT_EQ(article.type, "journal-article");
  EXPECT_EQ(article.year, 2019);
  EXPECT_EQ(article.venue, "Tạp chí Tin học và Điều khiển học");
  EXPECT_EQ(article.doi, "10.5555/ketnoi.2019.001");
  EXPECT_EQ(article.url, "https://journal.example.vn/a/1");
  // The journal's ISSN (part-of) is not the work's id.
  EXPECT_EQ(article.external_ids, (std::vector<ExternalId>{{"eid", "2-s2.0-85000000001"}}));
  EXPECT_TRUE(article.authors.empty());
  EXPECT_EQ(article.location, person.location);

  const ImportedWork& patent = batch.works[1];
  EXPECT_EQ(patent.source_id, "1003");
  EXPECT_EQ(patent.kind, model::WorkKind::kPatent);
  EXPECT_EQ(patent.year, 2021);
  EXPECT_EQ(patent.doi, "");
  EXPECT_EQ(patent.external_ids, (std::vector<ExternalId>{{"pat", "VN1-0012345"}}));

  const ImportedWork& software = batch.works[2];
  EXPECT_EQ(software.kind, model::WorkKind::kProduct);
  EXPECT_EQ(software.year, 0);
  EXPECT_EQ(software.url, "https://git.example.vn/vietasr");
}

TEST(OrcidTest, WritesVietnameseNamesFamilyFirstAndOthersAsGiven) {
  const std::string input =
      Record(kMaiOrcid, "Văn An", "Nguyen") + "\n" + Record(kBaoOrcid, "Quốc Bảo", "TRẦN") + "\n" +
      Record(kSatoOrcid, "Hiroshi", "Sato") + "\n" +
      Record(kCheckXOrcid, "Thị Hoa", "Đỗ", "Hoa Do") + "\n" + Record(kBaoOrcid, "Bảo", "") + "\n";
  const ImportBatch batch = ParseOrcid(input);
  ASSERT_TRUE(batch.rejected.empty()) << batch.rejected[0].reason;
  ASSERT_EQ(batch.people.size(), 5u);
  EXPECT_EQ(batch.people[0].full_name, "Nguyen Văn An");
  EXPECT_EQ(batch.people[1].full_name, "TRẦN Quốc Bảo");
  EXPECT_EQ(batch.people[2].full_name, "Hiroshi Sato");
  EXPECT_EQ(batch.people[3].full_name, "Hoa Do");  // The credit name wins.
  EXPECT_EQ(batch.people[3].orcid, kCheckXOrcid);
  EXPECT_EQ(batch.people[4].full_name, "Bảo");
}

TEST(OrcidTest, AmbiguousFamilyNamesWithoutDiacriticsStayLast) {
  // "Hồ" and "Lý" are Vietnamese; "Ho" and "Ly" are as often Chinese or other names.
  const std::string input =
      Record(kMaiOrcid, "Minh Châu", "Hồ") + "\n" + Record(kBaoOrcid, "Wing Kam", "Ho") + "\n" +
      Record(kSatoOrcid, "Thanh", "Lý") + "\n" + Record(kCheckXOrcid, "Kevin", "Ly") + "\n";
  const ImportBatch batch = ParseOrcid(input);
  ASSERT_EQ(batch.people.size(), 4u);
  EXPECT_EQ(batch.people[0].full_name, "Hồ Minh Châu");
  EXPECT_EQ(batch.people[1].full_name, "Wing Kam Ho");
  EXPECT_EQ(batch.people[2].full_name, "Lý Thanh");
  EXPECT_EQ(batch.people[3].full_name, "Kevin Ly");
}

TEST(OrcidTest, ReadsAnArrayOfRecordsAndGoesOnAfterABadOne) {
  const std::string first = Record(kMaiOrcid, "Thị Mai", "Nguyễn");
  const std::string broken = R"({"orcid-identifier" {"path":"0009-0002-3456-7892"}})";
  const std::string third = Record(kSatoOrcid, "Hiroshi", "Sato");
  const std::string input = "[\n  " + first + ",\n  " + broken + ",\n  42,\n  " + third + "\n]\n";
  const ImportBatch batch = ParseOrcid(input);
  EXPECT_EQ(batch.records_read, 4);
  ASSERT_EQ(batch.people.size(), 2u);
  EXPECT_EQ(batch.people[0].location, (Location{"", 2, 4}));
  EXPECT_EQ(batch.people[1].full_name, "Hiroshi Sato");
  EXPECT_EQ(batch.people[1].location.line, 5);
  EXPECT_EQ(batch.people[1].location.offset, static_cast<int64_t>(input.find(third)));
  ASSERT_EQ(batch.rejected.size(), 2u);
  const size_t broken_at = input.find(broken);
  EXPECT_EQ(batch.rejected[0].location, (Location{"", 3, static_cast<int64_t>(broken_at)}));
  EXPECT_EQ(batch.rejected[0].reason,
            "malformed JSON at byte " + std::to_string(broken_at + broken.find(" {") + 1) +
                " (line 3): syntax error while parsing object separator - unexpected '{'; "
                "expected ':'");
  EXPECT_EQ(batch.rejected[1].location.line, 4);
  EXPECT_EQ(batch.rejected[1].reason, "expected a JSON object for an ORCID record, found number");
  EXPECT_TRUE(batch.warnings.empty());
}

TEST(OrcidTest, ReadsJsonLinesAndRejectsABadIdByLine) {
  const std::string bad_checksum = Record("0009-0001-2345-6787", "Thị Mai", "Nguyễn");
  const std::string no_id = R"({"person":{"name":{"given-names":{"value":"An"}}}})";
  const std::string input = Record(kMaiOrcid, "Thị Mai", "Nguyễn") + "\n\n" + bad_checksum +
                            "\r\n" + no_id + "\n" + Record(kBaoOrcid, "Quốc Bảo", "Trần");
  const ImportBatch batch = ParseOrcid(input);
  EXPECT_EQ(batch.records_read, 4);
  ASSERT_EQ(batch.people.size(), 2u);
  EXPECT_EQ(batch.people[1].orcid, kBaoOrcid);
  EXPECT_EQ(batch.people[1].location.line, 5);
  EXPECT_EQ(batch.people[1].location.offset,
            static_cast<int64_t>(input.rfind(Record(kBaoOrcid, "Quốc Bảo", "Trần"))));
  ASSERT_EQ(batch.rejected.size(), 2u);
  EXPECT_EQ(batch.rejected[0].location,
            (Location{"", 3, static_cast<int64_t>(input.find(bad_checksum))}));
  EXPECT_EQ(batch.rejected[0].reason,
            "orcid-identifier.path: \"0009-0001-2345-6787\" is not a valid ORCID iD (wrong form "
            "or check digit)");
  EXPECT_EQ(batch.rejected[1].location.line, 4);
  EXPECT_EQ(batch.rejected[1].reason, "missing orcid-identifier.path");
}

TEST(OrcidTest, ReadsPrettyPrintedRecordsOneAfterTheOther) {
  const std::string input = kMaiRecord + "\n" + kMaiRecord;
  const ImportBatch batch = ParseOrcid(input);
  ASSERT_TRUE(batch.rejected.empty()) << batch.rejected[0].reason;
  ASSERT_EQ(batch.people.size(), 2u);
  EXPECT_EQ(batch.people[1].location.offset, static_cast<int64_t>(kMaiRecord.size() + 1));
  EXPECT_EQ(batch.people[1].works, (std::vector<size_t>{3, 4, 5}));
  EXPECT_EQ(batch.works.size(), 6u);
}

TEST(OrcidTest, RejectsATruncatedFileAtItsEnd) {
  // Cut between two fields, and cut inside a string.
  const std::string between = kMaiRecord.substr(0, kMaiRecord.find("\"person\": {") + 11);
  ImportBatch batch = ParseOrcid(between);
  EXPECT_TRUE(batch.people.empty());
  ASSERT_EQ(batch.rejected.size(), 1u);
  EXPECT_EQ(batch.rejected[0].location, (Location{"", 1, 0}));
  EXPECT_EQ(batch.rejected[0].reason,
            "malformed JSON at byte " + std::to_string(between.size()) +
                " (line 8): syntax error while parsing object key - unexpected end of input; "
                "expected string literal");

  const std::string inside = kMaiRecord.substr(0, kMaiRecord.find("Thị Mai") + 2);
  const auto line = 1 + std::count(inside.begin(), inside.end(), '\n');
  batch = ParseOrcid(inside);
  ASSERT_EQ(batch.rejected.size(), 1u);
  EXPECT_EQ(batch.rejected[0].reason,
            "malformed JSON at byte " + std::to_string(inside.size()) + " (line " +
                std::to_string(line) +
                "): syntax error while parsing value - invalid string: missing closing "
                "quote; last read: '\"Th'");
}

TEST(OrcidTest, KeepsTheRecordsBeforeATruncatedArrayEnds) {
  const std::string first = Record(kMaiOrcid, "Thị Mai", "Nguyễn");
  const std::string input = "[" + first + "," + Record(kBaoOrcid, "Quốc Bảo", "Trần").substr(0, 30);
  const ImportBatch batch = ParseOrcid(input);
  ASSERT_EQ(batch.people.size(), 1u);
  ASSERT_EQ(batch.rejected.size(), 1u);
  EXPECT_EQ(batch.rejected[0].location.offset, static_cast<int64_t>(first.size() + 2));
  EXPECT_EQ(
      Reasons(batch.warnings),
      std::vector<std::string>{"the array of records is not closed with ']' (truncated file?)"});
}

TEST(OrcidTest, RejectsInvalidUtf8WithItsOffset) {
  // "Nguyễn" in a legacy single-byte encoding: 0xC3 followed by a byte that cannot continue it.
  const std::string latin =
      "{\"orcid-identifier\":{\"path\":\"0009-0002-3456-7892\"},"
      "\"person\":{\"name\":{\"family-name\":{\"value\":\"Tr\xC3\x41n\"}}}}";
  const std::string input = Record(kMaiOrcid, "Thị Mai", "Nguyễn") + "\n" + latin + "\n" +
                            Record(kSatoOrcid, "Hiroshi", "Sato") + "\n";
  const ImportBatch batch = ParseOrcid(input);
  EXPECT_EQ(batch.people.size(), 2u);
  ASSERT_EQ(batch.rejected.size(), 1u);
  EXPECT_EQ(batch.rejected[0].location.line, 2);
  EXPECT_EQ(batch.rejected[0].reason,
            "invalid UTF-8 at byte " + std::to_string(input.find('\xC3', input.find("Tr\xC3"))));
}

TEST(OrcidTest, IgnoresKnownFieldsOfTheWrongTypeWithAWarningNamingThePath) {
  const std::string input = R"({
    "orcid-identifier": {"path": "0009-0002-3456-7892"},
    "person": {
      "name": {"given-names": {"value": 7}, "family-name": {"value": "Trần"},
               "credit-name": "Bảo Trần"},
      "keywords": "robotics, control",
      "emails": {"email": [{"email": ["b@example.vn"]}, "x@example.vn"]},
      "addresses": {"address": [{"country": {"value": "Vietnam"}}]}
    },
    "activities-summary": {
      "employments": {"affiliation-group": [{"summaries": [{"employment-summary": {
          "organization": {"name": "Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
                           "address": {"country": "VN"}},
          "start-date": {"year": {"value": "two thousand"}}}}]}]},
      "educations": {"affiliation-group": {"summaries": []}},
      "works": {"group": [{"work-summary": [{"put-code": 9, "title": {"title": {"value": "Điều khiển robot"}},
                                             "publication-date": {"year": {"value": 2020.5}},
                                             "type": ["journal-article"],
                                             "external-ids": {"external-id": [
                                               {"external-id-type": "doi",
                                                "external-id-value": "doi is unknown",
                                                "external-id-relationship": "self"}]}}]}]}
    }
  })";
  const ImportBatch batch = ParseOrcid(input);
  ASSERT_TRUE(batch.rejected.empty()) << batch.rejected[0].reason;
  ASSERT_EQ(batch.people.size(), 1u);
  const ImportedPerson& person = batch.people[0];
  EXPECT_EQ(person.given_names, "");
  EXPECT_EQ(person.family_name, "Trần");
  EXPECT_EQ(person.full_name, "Trần");
  EXPECT_TRUE(person.keywords.empty());
  EXPECT_TRUE(person.emails.empty());
  EXPECT_EQ(person.country, "");
  ASSERT_EQ(person.affiliations.size(), 1u);
  EXPECT_EQ(person.affiliations[0].start_year, 0);
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].title, "Điều khiển robot");
  EXPECT_EQ(batch.works[0].year, 0);
  EXPECT_EQ(batch.works[0].type, "");
  EXPECT_EQ(batch.works[0].doi, "");
  const std::string prefix = "activities-summary.";
  EXPECT_EQ(Reasons(batch.warnings),
            (std::vector<std::string>{
                "person.name.given-names.value: expected a string, found number",
                "person.name.credit-name: expected an object, found string",
                "person.keywords: expected an object, found string",
                // Elements are checked before their fields are read.
                "person.emails.email[1]: expected an object, found string",
                "person.emails.email[0].email: expected a string, found array",
                "person.addresses.address[0].country.value: \"Vietnam\" is not a two-letter "
                "country code",
                prefix + "employments.affiliation-group[0].summaries[0].employment-summary."
                         "start-date.year.value: not a year: \"two thousand\"",
                prefix + "educations.affiliation-group: expected an array, found object",
                prefix + "works.group[0].work-summary[0].type: expected a string, found array",
                prefix + "works.group[0].work-summary[0].publication-date.year.value: "
                         "expected a string, found number",
                prefix + "works.group[0].work-summary[0].external-ids.external-id[0]."
                         "external-id-value: \"doi is unknown\" is not a DOI",
            }));
  for (const Rejected& warning : batch.warnings) EXPECT_EQ(warning.location.offset, 0);
}

TEST(OrcidTest, IgnoresUnknownFieldsSilently) {
  std::string input = Record(kSatoOrcid, "Hiroshi", "Sato");
  input.insert(1, R"("new-section":{"anything":[1,{"x":null}]},"history":{"future":true},)");
  const ImportBatch batch = ParseOrcid(input);
  ASSERT_EQ(batch.people.size(), 1u);
  EXPECT_TRUE(batch.warnings.empty()) << batch.warnings[0].reason;
}

TEST(OrcidTest, IgnoresHugeFieldsAndKeepsTheRecord) {
  std::string input = Record(kSatoOrcid, "Hiroshi", "Sato");
  const std::string biography(kOrcidMaxFieldBytes + 100, 'z');
  input.insert(input.find("\"name\""), R"("biography":{"content":")" + biography + R"("},)");
  const ImportBatch batch = ParseOrcid(input);
  ASSERT_EQ(batch.people.size(), 1u);
  EXPECT_EQ(batch.people[0].biography, "");
  EXPECT_EQ(batch.people[0].full_name, "Hiroshi Sato");
  EXPECT_EQ(Reasons(batch.warnings),
            std::vector<std::string>{
                "person.biography.content: 65636 bytes, longer than the limit of 65536; ignored"});
}

TEST(OrcidTest, RejectsWhatIsNotJsonAndAcceptsEmptyInput) {
  ImportBatch batch = ParseOrcid("  ORCID iD: 0009-0001-2345-6786");
  EXPECT_EQ(batch.records_read, 1);
  EXPECT_EQ(Reasons(batch.rejected),
            std::vector<std::string>{
                "expected a JSON object or an array of ORCID records at byte 2, found 'O'"});
  batch = ParseOrcid(" \n\t");
  EXPECT_EQ(batch.records_read, 0);
  EXPECT_TRUE(batch.rejected.empty());
  batch = ParseOrcid("[]");
  EXPECT_EQ(batch.records_read, 0);
  EXPECT_TRUE(batch.rejected.empty());
  EXPECT_TRUE(batch.warnings.empty());
}

TEST(OrcidTest, SurvivesStrayBracketsAndDeepNesting) {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  const ImportBatch batch = ParseOrcid("[" + Record(kMaiOrcid, "Thị Mai", "Nguyễn") + "}}," + deep +
                                       "," + Record(kBaoOrcid, "Quốc Bảo", "Trần") + "]");
  EXPECT_EQ(batch.people.size(), 2u);
  EXPECT_EQ(Reasons(batch.rejected),
            (std::vector<std::string>{
                "unexpected '}' at byte " +
                    std::to_string(1 + Record(kMaiOrcid, "Thị Mai", "Nguyễn").size()),
                "unexpected '}' at byte " +
                    std::to_string(2 + Record(kMaiOrcid, "Thị Mai", "Nguyễn").size()),
                "expected a JSON object for an ORCID record, found array"}));
}

}  // namespace
}  // namespace ketnoi::import

#include "import/bibtex/bibtex.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ketnoi::import {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> AuthorNames(const ImportedWork& work) {
  std::vector<std::string> names;
  for (const ImportedAuthor& author : work.authors) names.push_back(author.name);
  return names;
}

std::vector<std::string> Reasons(const std::vector<Rejected>& records) {
  std::vector<std::string> reasons;
  for (const Rejected& record : records) reasons.push_back(record.reason);
  return reasons;
}

// The offset of the n-th (0-based) occurrence of `needle`, for Location assertions.
int64_t OffsetOf(std::string_view text, std::string_view needle, int n = 0) {
  size_t at = text.find(needle);
  for (int i = 0; i < n; ++i) at = text.find(needle, at + 1);
  return static_cast<int64_t>(at);
}

constexpr std::string_view kSample =
    R"(% Publications of a fictional research group, exported by hand.
@string{vn = "Vi{\d{\^e}}t Nam"}
@string{jcs = {Journal of Computer Science}}

@Article{nguyen2021deep,
  author    = {Nguy{\~{\^e}}n, V{\u{a}}n An and Tr{\`{\^a}}n Th{\d{i}} B{\'{\i}}ch and Sato, Hiroshi},
  title     = {{D}eep {L}earning for {\textbf{Vietnamese}} Speech},
  journal   = jcs # " of " # vn,
  year      = 2021,
  volume    = {12},
  doi       = {10.1234/JCS.2021.001},
  keywords  = {speech recognition; deep learning, tiếng Việt},
  langid    = {vietnamese},
  abstract  = "A study of {``acoustic''} models -- with $\alpha$ tuning.",
  issn      = {1234-5678},
}

@inproceedings(tran2020,
  AUTHOR = "{\DJ}{\u{\d{a}}}ng, Minh and {Viettel Group} and others",
  Title = "Học sâu cho {Internet} vạn vật",
  BookTitle = {Proceedings of the Conference on Things},
  Year = {2020},
  month = jun,
  url = {https://doi.org/10.5555/Things.2020.7},
  language = {english}
)

Text between entries is ignored, even with an e-mail like an@example.vn in it.

@comment{This is not an entry {nested} either}
@preamble{"\newcommand{\noopsort}[1]{}"}

@patent{vo2019,
  author = {V{\~o}, Thanh H{\h{a}}i},
  title = {Thiết bị đo mực nước},
  year = {2019},
  holder = {Vi{\d{\^e}}n C{\^o}ng ngh{\d{\^e}}},
  number = {VN-1-0012345},
}
)";

TEST(ParseBibtexTest, ReadsARealisticFile) {
  const ImportBatch batch = ParseBibtex(kSample);
  EXPECT_THAT(Reasons(batch.rejected), IsEmpty());
  EXPECT_EQ(batch.records_read, 3);
  ASSERT_EQ(batch.works.size(), 3u);

  const ImportedWork& article = batch.works[0];
  EXPECT_EQ(article.location, (Location{"", 5, OffsetOf(kSample, "@Article")}));
  EXPECT_EQ(article.source_id, "nguyen2021deep");
  EXPECT_EQ(article.type, "article");
  EXPECT_EQ(article.kind, model::WorkKind::kPublication);
  EXPECT_EQ(article.title, "Deep Learning for Vietnamese Speech");
  EXPECT_EQ(article.abstract, "A study of “acoustic” models – with α tuning.");
  EXPECT_EQ(article.year, 2021);
  EXPECT_EQ(article.venue, "Journal of Computer Science of Việt Nam");
  EXPECT_EQ(article.doi, "10.1234/jcs.2021.001");
  EXPECT_EQ(article.language, "vi");
  EXPECT_THAT(article.keywords, ElementsAre("speech recognition", "deep learning", "tiếng Việt"));
  EXPECT_THAT(AuthorNames(article), ElementsAre("Nguyễn Văn An", "Trần Thị Bích", "Hiroshi Sato"));
  EXPECT_THAT(article.external_ids, ElementsAre(ExternalId{"issn", "1234-5678"}));

  const ImportedWork& paper = batch.works[1];
  EXPECT_EQ(paper.location.line, 18);
  EXPECT_EQ(paper.location.offset, OffsetOf(kSample, "@inproceedings"));
  EXPECT_EQ(paper.type, "inproceedings");
  EXPECT_EQ(paper.title, "Học sâu cho Internet vạn vật");
  EXPECT_EQ(paper.venue, "Proceedings of the Conference on Things");
  EXPECT_EQ(paper.year, 2020);
  EXPECT_EQ(paper.url, "https://doi.org/10.5555/Things.2020.7");
  EXPECT_EQ(paper.doi, "10.5555/things.2020.7");
  EXPECT_EQ(paper.language, "en");
  EXPECT_THAT(AuthorNames(paper), ElementsAre("Đặng Minh", "Viettel Group"));

  const ImportedWork& patent = batch.works[2];
  EXPECT_EQ(patent.location.line, 33);
  EXPECT_EQ(patent.kind, model::WorkKind::kPatent);
  EXPECT_EQ(patent.type, "patent");
  EXPECT_EQ(patent.title, "Thiết bị đo mực nước");
  EXPECT_THAT(AuthorNames(patent), ElementsAre("Võ Thanh Hải"));

  // month, volume, holder and number are standard fields: no warning about them.
  EXPECT_THAT(Reasons(batch.warnings), IsEmpty());
}

TEST(ParseBibtexTest, EveryStandardTypeIsAWork) {
  std::string input;
  const std::vector<std::string> types = {
      "article",       "book",        "booklet",    "inbook",        "incollection",
      "inproceedings", "conference",  "manual",     "mastersthesis", "phdthesis",
      "misc",          "proceedings", "techreport", "unpublished",   "online",
      "software",      "dataset",     "report",     "thesis"};
  for (const std::string& type : types) {
    input += "@" + type + "{k" + type + ", title = {A " + type + "}}\n";
  }
  const ImportBatch batch = ParseBibtex(input);
  EXPECT_THAT(Reasons(batch.rejected), IsEmpty());
  EXPECT_THAT(Reasons(batch.warnings), IsEmpty());
  ASSERT_EQ(batch.works.size(), types.size());
  for (size_t i = 0; i < types.size(); ++i) {
    EXPECT_EQ(batch.works[i].type, types[i]);
    EXPECT_EQ(batch.works[i].kind, model::WorkKind::kPublication);
    EXPECT_EQ(batch.works[i].location.line, static_cast<int64_t>(i) + 1);
  }
}

TEST(ParseBibtexTest, UnknownTypeIsAWorkWithAWarning) {
  const ImportBatch batch = ParseBibtex("@Poster{p1, title = {A poster}}");
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].type, "poster");
  EXPECT_EQ(batch.works[0].kind, model::WorkKind::kPublication);
  EXPECT_THAT(Reasons(batch.warnings), ElementsAre("unknown entry type '@poster' read as a work"));
}

TEST(ParseBibtexTest, VenueDependsOnType) {
  const ImportBatch batch = ParseBibtex(R"(
@phdthesis{t, title = {T}, school = {Đại học Bách khoa Hà Nội}, publisher = {P}}
@techreport{r, title = {R}, institution = {Viện Toán học}}
@book{b, title = {B}, publisher = {Nhà xuất bản Khoa học}, booktitle = {X}}
@incollection{c, title = {C}, booktitle = {Handbook}, publisher = {P}}
@misc{m, title = {M}, howpublished = {Online}}
@article{a, title = {A}, journaltitle = {Tạp chí Tin học}}
)");
  ASSERT_EQ(batch.works.size(), 6u);
  EXPECT_EQ(batch.works[0].venue, "Đại học Bách khoa Hà Nội");
  EXPECT_EQ(batch.works[1].venue, "Viện Toán học");
  EXPECT_EQ(batch.works[2].venue, "Nhà xuất bản Khoa học");
  EXPECT_EQ(batch.works[3].venue, "Handbook");
  EXPECT_EQ(batch.works[4].venue, "Online");
  EXPECT_EQ(batch.works[5].venue, "Tạp chí Tin học");
}

TEST(ParseBibtexTest, ValueForms) {
  const ImportBatch batch = ParseBibtex(R"(
@STRING{ vnu = "VNU" }
@String(hn = {Hà Nội})
@misc{v,
  title = {Nested {braces {stay} grouped} "quotes" inside},
  note = "quoted {with "inner" quotes} ok",
  publisher = vnu # { } # "University" # ", " # HN,
  year = 2022,
  howpublished = undefinedmacro,
}
)");
  ASSERT_EQ(batch.works.size(), 1u);
  const ImportedWork& work = batch.works[0];
  EXPECT_EQ(work.title, "Nested braces stay grouped \"quotes\" inside");
  EXPECT_EQ(work.venue, "VNU University, Hà Nội");
  EXPECT_EQ(work.year, 2022);
  EXPECT_THAT(Reasons(batch.warnings),
              ElementsAre("line 9: undefined macro 'undefinedmacro' in field 'howpublished' "
                          "read as empty"));
  EXPECT_EQ(batch.records_read, 1);
}

TEST(ParseBibtexTest, MonthMacrosAndRedefinition) {
  const ImportBatch batch = ParseBibtex(R"(@string{jan = "Tháng Một"}
@misc{m, title = jan # " " # dec})");
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].title, "Tháng Một December");
}

TEST(ParseBibtexTest, CommentsAndPreamblesAreNotRecords) {
  const ImportBatch batch = ParseBibtex(R"(@comment{jabref-meta: databaseType:bibtex;}
@Comment this whole line is a comment in BibTeX 0.99
@preamble{ "\providecommand{\noopsort}[1]{}" }
@preamble( "x" )
@misc{only, title = {Only}, % a comment between fields
  % and a comment line
  year = {2001}}
)");
  EXPECT_EQ(batch.records_read, 1);
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].year, 2001);
  EXPECT_EQ(batch.works[0].location.line, 5);
  EXPECT_THAT(Reasons(batch.warnings), IsEmpty());
}

TEST(ParseBibtexTest, DuplicateKeysKeepBothWithAWarning) {
  const ImportBatch batch = ParseBibtex(R"(@article{same, title = {First}}
@article{Same, title = {Second}, title = {Ignored}})");
  ASSERT_EQ(batch.works.size(), 2u);
  EXPECT_EQ(batch.works[0].source_id, "same");
  EXPECT_EQ(batch.works[1].source_id, "Same");
  EXPECT_EQ(batch.works[1].title, "Second");
  EXPECT_THAT(Reasons(batch.warnings),
              ElementsAre("duplicate key 'Same' (first at line 1); both entries kept",
                          "field 'title' given twice; the first value is kept"));
  EXPECT_EQ(batch.warnings[0].location.line, 2);
}

TEST(ParseBibtexTest, YearForms) {
  const ImportBatch batch = ParseBibtex(R"(@misc{a, title = {A}, year = {2021a}}
@misc{b, title = {B}, year = {in press}}
@misc{c, title = {C}, date = {2019-05-03}}
@misc{d, title = {D}, year = "{1999}"})");
  ASSERT_EQ(batch.works.size(), 4u);
  EXPECT_EQ(batch.works[0].year, 0);
  EXPECT_EQ(batch.works[1].year, 0);
  EXPECT_EQ(batch.works[2].year, 2019);
  EXPECT_EQ(batch.works[3].year, 1999);
  EXPECT_THAT(Reasons(batch.warnings),
              ElementsAre("year '2021a' is not a year; the year is left unknown",
                          "year 'in press' is not a year; the year is left unknown"));
}

TEST(ParseBibtexTest, IdentifiersAndLanguages) {
  const ImportBatch batch = ParseBibtex(R"(@article{a, title = {A},
  doi = {https://dx.doi.org/10.1000/X\_Y}, isbn = {978-604-0-00000-0},
  eprint = {2101.00001}, archivePrefix = {arXiv}, pmid = {12345678}, langid = {Japanese}}
@misc{b, title = {B}, doi = {not a doi}, language = {vi-VN}, url = {https://example.org/~an/a--b}}
@misc{c, title = {C}, language = {Klingon}, eprint = {abc}})");
  ASSERT_EQ(batch.works.size(), 3u);
  EXPECT_EQ(batch.works[0].doi, "10.1000/x_y");
  EXPECT_EQ(batch.works[0].language, "ja");
  EXPECT_THAT(batch.works[0].external_ids,
              ElementsAre(ExternalId{"isbn", "978-604-0-00000-0"}, ExternalId{"pmid", "12345678"},
                          ExternalId{"arxiv", "2101.00001"}));
  EXPECT_EQ(batch.works[1].doi, "");
  EXPECT_EQ(batch.works[1].language, "vi");
  EXPECT_EQ(batch.works[1].url, "https://example.org/~an/a--b");
  EXPECT_EQ(batch.works[2].language, "");
  EXPECT_THAT(batch.works[2].external_ids, ElementsAre(ExternalId{"eprint", "abc"}));
  EXPECT_THAT(Reasons(batch.warnings),
              ElementsAre("doi 'not a doi' is not a DOI; ignored",
                          "language 'Klingon' is not a known language; ignored"));
}

TEST(ParseBibtexTest, UnknownFieldsAreNamedInOneWarning) {
  const ImportBatch batch =
      ParseBibtex("@misc{a, title = {A}, mood = {happy}, Color = {red}, note = {fine}}");
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_THAT(Reasons(batch.warnings), ElementsAre("unknown fields ignored: 'mood', 'color'"));
}

TEST(ParseBibtexTest, EditorsWhenThereAreNoAuthors) {
  const ImportBatch batch = ParseBibtex(
      "@proceedings{p, title = {Proc}, editor = {L{\\^e}, Th{\\d{i}} Hoa and Yamada, Taro}}");
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_THAT(AuthorNames(batch.works[0]), ElementsAre("Lê Thị Hoa", "Taro Yamada"));
}

TEST(ParseBibtexTest, EmptyAndOddInputs) {
  EXPECT_EQ(ParseBibtex("").records_read, 0);
  EXPECT_TRUE(ParseBibtex("just text, no entries @ all").works.empty());
  const ImportBatch only_at = ParseBibtex("@");
  EXPECT_EQ(only_at.records_read, 0);
  EXPECT_THAT(Reasons(only_at.rejected), IsEmpty());
  // A UTF-8 byte order mark before the first entry is text outside entries.
  const ImportBatch bom = ParseBibtex("\xEF\xBB\xBF@misc{a, title = {A}}");
  ASSERT_EQ(bom.works.size(), 1u);
  EXPECT_EQ(bom.works[0].location.offset, 3);
}

TEST(ParseBibtexTest, FileNameGoesIntoLocations) {
  BibtexOptions options;
  options.file = "nhom.bib";
  const ImportBatch batch = ParseBibtex("\n\n  @misc{a, title = {A}}", options);
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].location, (Location{"nhom.bib", 3, 4}));
}

// --- Broken input: each entry rejected with its location and a precise reason, and the
// entries after it still read. ---

TEST(ParseBibtexRejectTest, UnterminatedQuotedValueRecoversAtNextEntry) {
  const std::string input = R"(@article{ok1, title = {Fine}}
@article{bad,
  title = "Never closed,
  year = 2020

@article{ok2, title = {Also fine}})";
  const ImportBatch batch = ParseBibtex(input);
  EXPECT_EQ(batch.records_read, 3);
  ASSERT_EQ(batch.works.size(), 2u);
  EXPECT_EQ(batch.works[0].source_id, "ok1");
  EXPECT_EQ(batch.works[1].source_id, "ok2");
  ASSERT_EQ(batch.rejected.size(), 1u);
  EXPECT_EQ(batch.rejected[0].location, (Location{"", 2, OffsetOf(input, "@article{bad")}));
  EXPECT_EQ(batch.rejected[0].reason,
            "line 6: unterminated quoted value of field 'title' started at line 3, before the "
            "next entry");
}

TEST(ParseBibtexRejectTest, QuotedValueRunningIntoTheClosingBrace) {
  const std::string input = R"(@article{bad,
  title = "Never closed,
  journal = {J}
}
@article{ok, title = {Fine}})";
  const ImportBatch batch = ParseBibtex(input);
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].source_id, "ok");
  EXPECT_THAT(Reasons(batch.rejected),
              ElementsAre("line 4: unbalanced '}' in quoted value of field 'title' started at "
                          "line 2 (or a missing closing '\"')"));
}

TEST(ParseBibtexRejectTest, TruncatedFileMidEntry) {
  const std::string input = "@misc{a, title = {A}}\n@article{cut,\n  title = {Half a ti";
  const ImportBatch batch = ParseBibtex(input);
  EXPECT_EQ(batch.records_read, 2);
  ASSERT_EQ(batch.works.size(), 1u);
  ASSERT_EQ(batch.rejected.size(), 1u);
  EXPECT_EQ(batch.rejected[0].location, (Location{"", 2, 22}));
  EXPECT_EQ(batch.rejected[0].reason,
            "line 3: unterminated braced value of field 'title' started at line 3");

  const ImportBatch after_value = ParseBibtex("@article{cut, title = {T},\n  year = 2020");
  EXPECT_THAT(Reasons(after_value.rejected),
              ElementsAre("line 2: end of input inside entry 'cut' (missing '}')"));

  const ImportBatch quoted = ParseBibtex("\n@article{q, title = \"T");
  EXPECT_THAT(Reasons(quoted.rejected),
              ElementsAre("line 2: unterminated quoted value of field 'title' started at line 2"));
}

TEST(ParseBibtexRejectTest, UnbalancedBracesCostOneEntry) {
  const std::string input = R"(@article{open,
  title = {An {unbalanced title},
  year = {2020}
}
@article{next, title = {Next}}
@article{close, title = {Extra}}}
@article{last, title = "Quoted } brace"}
@article{after, title = {After}})";
  const ImportBatch batch = ParseBibtex(input);
  EXPECT_EQ(batch.records_read, 5);
  std::vector<std::string> kept;
  for (const ImportedWork& work : batch.works) kept.push_back(work.source_id);
  // An extra '}' after an entry is text outside entries, as in BibTeX.
  EXPECT_THAT(kept, ElementsAre("next", "close", "after"));
  ASSERT_EQ(batch.rejected.size(), 2u);
  EXPECT_EQ(batch.rejected[0].location, (Location{"", 1, 0}));
  // The brace opened in the title is closed by the entry's own '}', so the title runs to
  // line 4 and the entry is found unclosed when the next one starts.
  EXPECT_EQ(batch.rejected[0].reason,
            "line 5: entry 'open' is not closed (missing '}') before the next entry");
  EXPECT_EQ(batch.rejected[1].location, (Location{"", 7, OffsetOf(input, "@article{last")}));
  EXPECT_EQ(batch.rejected[1].reason,
            "line 7: unbalanced '}' in quoted value of field 'title' started at line 7 (or a "
            "missing closing '\"')");
}

TEST(ParseBibtexRejectTest, MissingKey) {
  const ImportBatch batch = ParseBibtex(R"(@article{title = {No key}, year = 2020}
@book{, title = {Empty key}}
@misc{good, title = {Good}})");
  EXPECT_EQ(batch.records_read, 3);
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].source_id, "good");
  EXPECT_THAT(Reasons(batch.rejected),
              ElementsAre("line 1: missing key: field 'title' comes right after the opening "
                          "delimiter",
                          "line 2: missing key before ','"));
  EXPECT_EQ(batch.rejected[1].location.line, 2);
}

TEST(ParseBibtexRejectTest, MissingEqualsAndMissingValue) {
  const ImportBatch batch = ParseBibtex(R"(@article{a,
  title {No equals}
}
@article{b,
  title = ,
}
@article{c, title = {T} year = 2020}
@article{d, title = {Kept}})");
  EXPECT_EQ(batch.records_read, 4);
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].source_id, "d");
  EXPECT_THAT(Reasons(batch.rejected),
              ElementsAre("line 2: missing '=' after field 'title', found '{'",
                          "line 5: missing value of field 'title', found ','",
                          "line 7: expected ',' or '}' after the value of field 'title', "
                          "found 'y'"));
  EXPECT_EQ(batch.rejected[0].location, (Location{"", 1, 0}));
  EXPECT_EQ(batch.rejected[1].location.line, 4);
  EXPECT_EQ(batch.rejected[2].location.line, 7);
}

TEST(ParseBibtexRejectTest, EntryNotClosedBeforeTheNextOne) {
  const ImportBatch batch = ParseBibtex(R"(@article{a, title = {A},
@article{b, title = {B}})");
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].source_id, "b");
  EXPECT_THAT(Reasons(batch.rejected),
              ElementsAre("line 2: entry 'a' is not closed (missing '}') before the next entry"));
}

TEST(ParseBibtexRejectTest, NoTitle) {
  const ImportBatch batch = ParseBibtex(R"(@article{notitle, author = {Sato, Hiroshi}}
@article{emptytitle, title = {{}}}
@misc{keyonly})");
  EXPECT_EQ(batch.records_read, 3);
  EXPECT_TRUE(batch.works.empty());
  EXPECT_THAT(Reasons(batch.rejected),
              ElementsAre("entry 'notitle' has no title", "entry 'emptytitle' has an empty title",
                          "entry 'keyonly' has no title"));
  EXPECT_EQ(batch.rejected[2].location.line, 3);
}

TEST(ParseBibtexRejectTest, InvalidUtf8RejectsTheEntryWithTheByteOffset) {
  // "Nguyễn" in Windows-1258 would be bytes that are not UTF-8; here a Latin-1 "é".
  const std::string input =
      "@misc{a, title = {Ok}}\n@misc{latin1, title = {Caf\xE9}}\n"
      "@misc{b, title = {Ok too}}";
  const ImportBatch batch = ParseBibtex(input);
  EXPECT_EQ(batch.records_read, 3);
  ASSERT_EQ(batch.works.size(), 2u);
  ASSERT_EQ(batch.rejected.size(), 1u);
  const size_t bad = input.find('\xE9');
  EXPECT_EQ(batch.rejected[0].location, (Location{"", 2, 23}));
  EXPECT_EQ(batch.rejected[0].reason,
            "line 2: invalid UTF-8 at byte " + std::to_string(bad) +
                " (the file is not UTF-8? save it as UTF-8 or use LaTeX accents)");
}

TEST(ParseBibtexRejectTest, HugeField) {
  std::string input = "@article{big, title = {Big}, abstract = {";
  input.append((size_t{1} << 20) + 1, 'x');
  input += "}}\n@article{small, title = {Small}}";
  const ImportBatch batch = ParseBibtex(input);
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].source_id, "small");
  EXPECT_THAT(Reasons(batch.rejected),
              ElementsAre("line 1: value of field 'abstract' is longer than 1048576 bytes"));

  // Concatenated macros count too.
  BibtexOptions options;
  options.max_field_bytes = 10;
  const ImportBatch concatenated =
      ParseBibtex("@string{s = {123456}}\n@misc{m, title = s # s}", options);
  EXPECT_THAT(Reasons(concatenated.rejected),
              ElementsAre("line 2: value of field 'title' is longer than 10 bytes"));
}

TEST(ParseBibtexRejectTest, BracesNestedTooDeep) {
  const std::string deep = std::string(100, '{') + "x" + std::string(100, '}');
  const ImportBatch batch = ParseBibtex("@misc{deep, title = " + deep + "}\n@misc{ok, title = {" +
                                        std::string(60, '{') + "ok" + std::string(60, '}') + "}}");
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].title, "ok");
  EXPECT_THAT(Reasons(batch.rejected),
              ElementsAre("line 1: braces nested deeper than 64 in field 'title'"));
}

TEST(ParseBibtexRejectTest, MalformedStringIsAWarning) {
  const ImportBatch batch = ParseBibtex(R"(@string{broken "x"}
@misc{m, title = {M}})");
  EXPECT_EQ(batch.records_read, 1);
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_THAT(Reasons(batch.warnings),
              ElementsAre("@string ignored: line 1: missing '=' after field 'broken', found '\"'"));
}

TEST(ParseBibtexRejectTest, MacroExpansionIsBounded) {
  // Each @string doubles the previous one: 2^40 bytes if nothing stopped it.
  std::string input = "@string{a0 = {xxxxxxxxxxxxxxxx}}\n";
  for (int i = 1; i <= 40; ++i) {
    input += "@string{a" + std::to_string(i) + " = a" + std::to_string(i - 1) + " # a" +
             std::to_string(i - 1) + "}\n";
  }
  input += "@misc{m, title = a40}\n@misc{ok, title = {Ok}}";
  const ImportBatch batch = ParseBibtex(input);
  EXPECT_EQ(batch.records_read, 2);
  ASSERT_EQ(batch.rejected.size(), 1u);
  // The field limit or the expansion budget stops it; either way the next entry is read.
  ASSERT_EQ(batch.works.size(), 1u);
  EXPECT_EQ(batch.works[0].source_id, "ok");
}

}  // namespace
}  // namespace ketnoi::import

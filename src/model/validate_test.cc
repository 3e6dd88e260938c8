#include "model/validate.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "model/enums.h"
#include "model/internal/test_samples.h"

namespace ketnoi::model {
namespace {

using base::Status;
using base::StatusCode;

// "field: message" for an InvalidArgument, so one EXPECT_EQ checks both and prints both.
std::string Describe(const Status& status) {
  if (status.code() != StatusCode::kInvalidArgument) return status.ToString();
  return status.field() + ": " + status.message();
}

// The field of the first problem Validate finds, or "ok".
template <typename T>
std::string FieldOf(const T& value) {
  Status status = Validate(value);
  return status.ok() ? "ok" : status.field();
}

const std::string kInvalidUtf8 = "Nguy\xC3\x28n";  // 0xC3 must be followed by 0x80..0xBF.

TEST(ValidateTest, SamplesAreValid) {
  EXPECT_TRUE(Validate(internal::SampleOrganization()).ok());
  EXPECT_TRUE(Validate(internal::SampleTaxonomyVersion()).ok());
  EXPECT_TRUE(Validate(internal::SampleTaxonomyGroup()).ok());
  EXPECT_TRUE(Validate(internal::SampleChapter()).ok());
  EXPECT_TRUE(Validate(internal::SampleMembership()).ok());
  EXPECT_TRUE(Validate(internal::SampleExpert()).ok());
  EXPECT_TRUE(Validate(internal::SampleWork()).ok());
  EXPECT_TRUE(Validate(internal::SampleProblem()).ok());
}

// ---------------------------------------------------------------------------------------------
// Formats.

TEST(IsValidOrcidTest, ChecksMod112CheckDigit) {
  EXPECT_TRUE(IsValidOrcid("0000-0002-1825-0097"));   // ORCID's documented example.
  EXPECT_FALSE(IsValidOrcid("0000-0002-1825-0098"));  // Same digits, wrong check digit.
  EXPECT_TRUE(IsValidOrcid("0000-0002-1694-233X"));   // ORCID's example of check value 10.
  EXPECT_FALSE(IsValidOrcid("0000-0002-1694-2330"));
  EXPECT_TRUE(IsValidOrcid("0000-0003-1419-2405"));
  // Digits whose check value is 0, not 10: X must not be accepted just for being there.
  EXPECT_TRUE(IsValidOrcid("0000-0001-5109-3700"));
  EXPECT_FALSE(IsValidOrcid("0000-0001-5109-370X"));
  // The placeholder in docs/DATA.md ("...-0019") fails the check; "...-001X" passes.
  EXPECT_FALSE(IsValidOrcid("0000-0000-0000-0019"));
  EXPECT_TRUE(IsValidOrcid("0000-0000-0000-001X"));
}

TEST(IsValidOrcidTest, ChecksForm) {
  EXPECT_FALSE(IsValidOrcid(""));
  EXPECT_FALSE(IsValidOrcid("0000000218250097"));
  EXPECT_FALSE(IsValidOrcid("0000-0002-1825-009"));
  EXPECT_FALSE(IsValidOrcid("0000-0002-1825-00970"));
  EXPECT_FALSE(IsValidOrcid("0000-0002-1694-233x"));  // Upper-case X only.
  EXPECT_FALSE(IsValidOrcid("000X-0002-1825-0097"));  // X only as the check digit.
  EXPECT_FALSE(IsValidOrcid("0000 0002 1825 0097"));
  EXPECT_FALSE(IsValidOrcid("https://orcid.org/0000-0002-1825-0097"));
}

TEST(IsValidDateTest, RealCalendar) {
  EXPECT_TRUE(IsValidDate("2024-02-29"));   // Leap year.
  EXPECT_FALSE(IsValidDate("2026-02-29"));  // Not a leap year.
  EXPECT_TRUE(IsValidDate("2000-02-29"));   // Divisible by 400.
  EXPECT_FALSE(IsValidDate("1900-02-29"));  // Century not divisible by 400.
  EXPECT_TRUE(IsValidDate("2026-12-31"));
  EXPECT_FALSE(IsValidDate("2026-04-31"));
  EXPECT_FALSE(IsValidDate("2026-13-01"));
  EXPECT_FALSE(IsValidDate("2026-00-10"));
  EXPECT_FALSE(IsValidDate("2026-01-00"));
  EXPECT_FALSE(IsValidDate("0000-01-01"));
}

TEST(IsValidDateTest, Form) {
  EXPECT_FALSE(IsValidDate(""));
  EXPECT_FALSE(IsValidDate("2026-1-05"));
  EXPECT_FALSE(IsValidDate("2026/01/05"));
  EXPECT_FALSE(IsValidDate("05-01-2026"));
  EXPECT_FALSE(IsValidDate("2026-01-05T00:00:00Z"));
  EXPECT_FALSE(IsValidDate("2026-01-0a"));
  EXPECT_FALSE(IsValidDate("+026-01-05"));
}

TEST(IsValidCountryCodeTest, AssignedCodesOnly) {
  for (const char* code : {"VN", "JP", "GB", "US", "DE", "KR", "AX", "ZW", "SS", "BQ"}) {
    EXPECT_TRUE(IsValidCountryCode(code)) << code;
  }
  // "UK" and "EU" are reserved, "XK" is user-assigned, "AN" was withdrawn.
  for (const char* code : {"UK", "EU", "XK", "AN", "vn", "Vn", "VNM", "V", "", "ZZ"}) {
    EXPECT_FALSE(IsValidCountryCode(code)) << code;
  }
}

TEST(IsValidLanguageCodeTest, Iso6391) {
  for (const char* code : {"vi", "en", "ja", "zh", "ko", "fr", "de", "aa", "zu"}) {
    EXPECT_TRUE(IsValidLanguageCode(code)) << code;
  }
  for (const char* code : {"VI", "jp", "vn", "eng", "", "e", "xx", "en-US"}) {
    EXPECT_FALSE(IsValidLanguageCode(code)) << code;
  }
}

TEST(IsValidDoiTest, Form) {
  EXPECT_TRUE(IsValidDoi("10.5555/ketnoi.0040"));
  EXPECT_TRUE(IsValidDoi("10.1109/JSSC.2023.1234567"));
  EXPECT_TRUE(IsValidDoi("10.1000.10/abc(def)<ghi>"));
  EXPECT_TRUE(IsValidDoi("10.1000/a/b"));
  EXPECT_FALSE(IsValidDoi(""));
  EXPECT_FALSE(IsValidDoi("10.5555/"));
  EXPECT_FALSE(IsValidDoi("10./abc"));
  EXPECT_FALSE(IsValidDoi("10.55a5/abc"));
  EXPECT_FALSE(IsValidDoi("10.5555./abc"));
  EXPECT_FALSE(IsValidDoi("10..5555/abc"));
  EXPECT_FALSE(IsValidDoi("11.5555/abc"));
  EXPECT_FALSE(IsValidDoi("doi:10.5555/abc"));
  EXPECT_FALSE(IsValidDoi("https://doi.org/10.5555/abc"));
  EXPECT_FALSE(IsValidDoi("10.5555/abc def"));
  EXPECT_FALSE(IsValidDoi("10.5555/abc\n"));
  EXPECT_FALSE(IsValidDoi("10.5555/abc\u3000"));
}

TEST(IsValidCurrencyCodeTest, ThreeUpperCaseLetters) {
  EXPECT_TRUE(IsValidCurrencyCode("VND"));
  EXPECT_TRUE(IsValidCurrencyCode("JPY"));
  EXPECT_FALSE(IsValidCurrencyCode("vnd"));
  EXPECT_FALSE(IsValidCurrencyCode("US"));
  EXPECT_FALSE(IsValidCurrencyCode("USDT"));
  EXPECT_FALSE(IsValidCurrencyCode("U5D"));
  EXPECT_FALSE(IsValidCurrencyCode(""));
}

// ---------------------------------------------------------------------------------------------
// Text: required, UTF-8, length.

TEST(ValidateTextTest, RequiredNameMustNotBeBlank) {
  Organization organization = internal::SampleOrganization();
  organization.name = "";
  EXPECT_EQ(Describe(Validate(organization)), "name: must not be empty");
  organization.name = "   ";
  EXPECT_EQ(Describe(Validate(organization)), "name: must not be empty");
  organization.name = "\u3000\t";  // Ideographic space.
  EXPECT_EQ(Describe(Validate(organization)), "name: must not be empty");

  Expert expert = internal::SampleExpert();
  expert.full_name = " ";
  EXPECT_EQ(Describe(Validate(expert)), "full_name: must not be empty");
}

TEST(ValidateTextTest, InvalidUtf8IsRejectedWithItsField) {
  Expert expert = internal::SampleExpert();
  expert.full_name = kInvalidUtf8;
  EXPECT_EQ(Describe(Validate(expert)), "full_name: must be valid UTF-8");

  expert = internal::SampleExpert();
  expert.skills[2] = kInvalidUtf8;
  EXPECT_EQ(Describe(Validate(expert)), "skills[2]: must be valid UTF-8");

  expert = internal::SampleExpert();
  expert.bio.en = kInvalidUtf8;
  EXPECT_EQ(Describe(Validate(expert)), "bio.en: must be valid UTF-8");

  expert = internal::SampleExpert();
  expert.availability[0].note = kInvalidUtf8;
  EXPECT_EQ(Describe(Validate(expert)), "availability[0].note: must be valid UTF-8");

  expert = internal::SampleExpert();
  expert.city = kInvalidUtf8;
  EXPECT_EQ(FieldOf(expert), "city");

  expert = internal::SampleExpert();
  expert.country = "\xFF\xFF";
  EXPECT_EQ(Describe(Validate(expert)), "country: must be valid UTF-8");

  TaxonomyGroup group = internal::SampleTaxonomyGroup();
  group.products[1].vi = kInvalidUtf8;
  EXPECT_EQ(FieldOf(group), "products[1].vi");

  Work work = internal::SampleWork();
  work.authors[1].name = kInvalidUtf8;
  EXPECT_EQ(FieldOf(work), "authors[1].name");
}

TEST(ValidateTextTest, Utf8EdgeCases) {
  Organization organization = internal::SampleOrganization();
  auto name_field = [&](std::string name) {
    organization.name = std::move(name);
    return FieldOf(organization);
  };
  EXPECT_EQ(name_field("Đại học Bách khoa Hà Nội"), "ok");
  EXPECT_EQ(name_field("東京大学"), "ok");
  EXPECT_EQ(name_field("\xF0\x9F\x94\xAC lab"), "ok");  // U+1F52C, four bytes.
  EXPECT_EQ(name_field("\xC0\xAF"), "name");            // Overlong '/'.
  EXPECT_EQ(name_field("\xE0\x80\xAF"), "name");        // Overlong '/', three bytes.
  EXPECT_EQ(name_field("\xED\xA0\x80"), "name");        // Surrogate U+D800.
  EXPECT_EQ(name_field("\xF4\x90\x80\x80"), "name");    // Above U+10FFFF.
  EXPECT_EQ(name_field("abc\xE6\x9D"), "name");         // Truncated sequence.
  EXPECT_EQ(name_field("\x80"), "name");                // Stray continuation byte.
  // After runs of ASCII of every length around the eight bytes that are checked at once.
  for (size_t ascii = 0; ascii <= 17; ++ascii) {
    const std::string run(ascii, 'a');
    EXPECT_EQ(name_field(run + "\x80" + "bcdefghij"), "name") << ascii;
    EXPECT_EQ(name_field(run + "\xC3\xA0" + "bcdefghij"), "ok") << ascii;
    EXPECT_EQ(name_field(run + "\xE6\x9D"), "name") << ascii;
    EXPECT_EQ(name_field(run + "bcdefghi" + "\xFF"), "name") << ascii;
  }
}

TEST(ValidateTextTest, MaximumLengths) {
  Organization organization = internal::SampleOrganization();
  organization.name = std::string(300, 'a');
  EXPECT_TRUE(Validate(organization).ok());
  organization.name = std::string(301, 'a');
  EXPECT_EQ(Describe(Validate(organization)), "name: must be at most 300 bytes long");

  Work work = internal::SampleWork();
  work.title = std::string(1001, 'a');
  EXPECT_EQ(Describe(Validate(work)), "title: must be at most 1000 bytes long");
  work = internal::SampleWork();
  work.abstract = std::string(20001, 'a');
  EXPECT_EQ(Describe(Validate(work)), "abstract: must be at most 20000 bytes long");

  Problem problem = internal::SampleProblem();
  problem.description.vi = std::string(20001, 'a');
  EXPECT_EQ(FieldOf(problem), "description.vi");
}

TEST(ValidateTextTest, ListSizes) {
  Expert expert = internal::SampleExpert();
  expert.skills.assign(100, "skill");
  EXPECT_TRUE(Validate(expert).ok());
  expert.skills.assign(101, "skill");
  EXPECT_EQ(Describe(Validate(expert)), "skills: must have at most 100 items");

  Problem problem = internal::SampleProblem();
  problem.skills.assign(101, RequiredSkill{.name = "x"});
  EXPECT_EQ(FieldOf(problem), "skills");

  expert = internal::SampleExpert();
  expert.skills[1] = "";
  EXPECT_EQ(Describe(Validate(expert)), "skills[1]: must not be empty");
}

// ---------------------------------------------------------------------------------------------
// Organization.

TEST(ValidateOrganizationTest, Country) {
  Organization organization = internal::SampleOrganization();
  organization.country = "";
  EXPECT_EQ(Describe(Validate(organization)), "country: must not be empty");
  organization.country = "vn";
  EXPECT_EQ(Describe(Validate(organization)),
            "country: must be an ISO 3166-1 alpha-2 country code in upper case, e.g. \"VN\"");
  organization.country = "UK";
  EXPECT_EQ(FieldOf(organization), "country");
}

TEST(ValidateOrganizationTest, EnumOutOfRange) {
  Organization organization = internal::SampleOrganization();
  organization.kind = static_cast<OrganizationKind>(99);
  EXPECT_EQ(Describe(Validate(organization)),
            "kind: must be one of " + AcceptedNames<OrganizationKind>());
}

// ---------------------------------------------------------------------------------------------
// Taxonomy and chapters.

TEST(ValidateTaxonomyTest, Version) {
  TaxonomyVersion version = internal::SampleTaxonomyVersion();
  version.code = "";
  EXPECT_EQ(Describe(Validate(version)), "code: must not be empty");
  version = internal::SampleTaxonomyVersion();
  version.issued_on = "2025-06-31";
  EXPECT_EQ(Describe(Validate(version)), "issued_on: must be a date YYYY-MM-DD that exists");
  version = internal::SampleTaxonomyVersion();
  version.effective_from = "";
  EXPECT_TRUE(Validate(version).ok());
}

TEST(ValidateTaxonomyTest, Group) {
  TaxonomyGroup group = internal::SampleTaxonomyGroup();
  group.number = 0;
  EXPECT_EQ(Describe(Validate(group)), "number: must be 1 or more");
  group = internal::SampleTaxonomyGroup();
  group.version_id = 0;
  EXPECT_EQ(Describe(Validate(group)), "version_id: must be a positive id");
}

TEST(ValidateChapterTest, Code) {
  Chapter chapter = internal::SampleChapter();
  for (const char* code : {"JP", "UK-IE", "ASEAN-2", "ABCDEFGHIJKLMNOP"}) {
    chapter.code = code;
    EXPECT_EQ(FieldOf(chapter), "ok") << code;
  }
  for (const char* code : {"", "J", "jp", "UK IE", "UK_IE", "ABCDEFGHIJKLMNOPQ", "Nhật"}) {
    chapter.code = code;
    EXPECT_EQ(FieldOf(chapter), "code") << code;
  }
  chapter.code = "J";
  EXPECT_EQ(Describe(Validate(chapter)),
            "code: must be 2 to 16 characters of A-Z, 0-9 and '-', e.g. \"UK-IE\"");
}

TEST(ValidateChapterTest, CountriesAndReferences) {
  Chapter chapter = internal::SampleChapter();
  chapter.countries = {"GB", "IE", "XX"};
  EXPECT_EQ(FieldOf(chapter), "countries[2]");
  chapter = internal::SampleChapter();
  chapter.host_organization_id = 0;
  EXPECT_TRUE(Validate(chapter).ok());
  chapter.host_organization_id = -7;
  EXPECT_EQ(Describe(Validate(chapter)), "host_organization_id: must be a positive id or null");
  chapter = internal::SampleChapter();
  chapter.founded_on = "2025-8-27";
  EXPECT_EQ(FieldOf(chapter), "founded_on");
}

TEST(ValidateChapterTest, Membership) {
  Membership membership = internal::SampleMembership();
  membership.expert_id = 0;
  EXPECT_EQ(Describe(Validate(membership)), "expert_id: must be a positive id");
  membership = internal::SampleMembership();
  membership.chapter_id = -1;
  EXPECT_EQ(FieldOf(membership), "chapter_id");
  membership = internal::SampleMembership();
  membership.joined_on = "2025-02-30";
  EXPECT_EQ(FieldOf(membership), "joined_on");
}

// ---------------------------------------------------------------------------------------------
// Expert.

TEST(ValidateExpertTest, Orcid) {
  Expert expert = internal::SampleExpert();
  expert.orcid = "";
  EXPECT_TRUE(Validate(expert).ok());
  expert.orcid = "0000-0002-1694-233X";
  EXPECT_TRUE(Validate(expert).ok());
  expert.orcid = "0000-0002-1825-0098";
  EXPECT_EQ(Describe(Validate(expert)), "orcid: ORCID check digit does not match");
  expert.orcid = "0000-0002-1825";
  EXPECT_EQ(Describe(Validate(expert)),
            "orcid: must be an ORCID iD of the form 0000-0002-1825-0097");
}

TEST(ValidateExpertTest, Email) {
  Expert expert = internal::SampleExpert();
  for (const char* email : {"", "a@b", "mai.nguyen+ketnoi@example.ac.jp", "mai@đại-học.vn"}) {
    expert.email = email;
    EXPECT_EQ(FieldOf(expert), "ok") << email;
  }
  for (const char* email : {"mai", "@example.jp", "mai@", "mai@@example.jp", "a@b@c",
                            "mai @example.jp", "mai@example.jp ", "mai@exa\tmple.jp"}) {
    expert.email = email;
    EXPECT_EQ(FieldOf(expert), "email") << email;
  }
  expert.email = "mai";
  EXPECT_EQ(Describe(Validate(expert)),
            "email: must be an email address: one '@' between non-empty parts, no spaces");
}

TEST(ValidateExpertTest, CountryAndLanguages) {
  Expert expert = internal::SampleExpert();
  expert.country = "";  // Unknown.
  EXPECT_TRUE(Validate(expert).ok());
  expert.country = "jp";
  EXPECT_EQ(Describe(Validate(expert)),
            "country: must be an ISO 3166-1 alpha-2 country code in upper case, e.g. \"VN\"");
  expert = internal::SampleExpert();
  expert.languages = {"vi", "jp"};
  EXPECT_EQ(Describe(Validate(expert)),
            "languages[1]: must be an ISO 639-1 language code in lower case, e.g. \"vi\"");
  expert.languages = {""};
  EXPECT_EQ(Describe(Validate(expert)), "languages[0]: must not be empty");
}

TEST(ValidateExpertTest, Affiliations) {
  Expert expert = internal::SampleExpert();
  expert.affiliations[1].organization_id = 0;
  EXPECT_EQ(Describe(Validate(expert)), "affiliations[1].organization_id: must be a positive id");
  expert.affiliations[1].organization_id = -4;
  EXPECT_EQ(FieldOf(expert), "affiliations[1].organization_id");
}

TEST(ValidateExpertTest, Availability) {
  Expert expert = internal::SampleExpert();
  expert.availability[0].to = "2025-12-31";
  EXPECT_EQ(Describe(Validate(expert)), "availability[0].to: must not be before \"from\"");
  expert.availability[0].to = expert.availability[0].from;  // One day is fine.
  EXPECT_TRUE(Validate(expert).ok());

  expert = internal::SampleExpert();
  expert.availability.push_back(expert.availability[0]);
  expert.availability[1].from = "2026-02-29";
  EXPECT_EQ(Describe(Validate(expert)),
            "availability[1].from: must be a date YYYY-MM-DD that exists");
  expert.availability[1].from = "2026-01-01";
  expert.availability[1].to = "";
  EXPECT_EQ(Describe(Validate(expert)), "availability[1].to: must not be empty");

  expert = internal::SampleExpert();
  expert.availability[0].hours_per_month = 744;
  EXPECT_TRUE(Validate(expert).ok());
  expert.availability[0].hours_per_month = 0;
  EXPECT_TRUE(Validate(expert).ok());
  expert.availability[0].hours_per_month = 745;
  EXPECT_EQ(Describe(Validate(expert)), "availability[0].hours_per_month: must be from 0 to 744");
  expert.availability[0].hours_per_month = -1;
  EXPECT_EQ(FieldOf(expert), "availability[0].hours_per_month");
}

TEST(ValidateExpertTest, GroupIds) {
  Expert expert = internal::SampleExpert();
  expert.group_ids = {1, 6, 1};
  EXPECT_EQ(Describe(Validate(expert)), "group_ids[2]: must not repeat a group id");
  expert.group_ids = {0};
  EXPECT_EQ(Describe(Validate(expert)), "group_ids[0]: must be a positive id");
  expert.group_ids = {};
  EXPECT_TRUE(Validate(expert).ok());
}

TEST(ValidateExpertTest, EngagementModeOutOfRange) {
  Expert expert = internal::SampleExpert();
  expert.engagement_modes.push_back(static_cast<EngagementMode>(42));
  EXPECT_EQ(FieldOf(expert), "engagement_modes[2]");
}

// ---------------------------------------------------------------------------------------------
// Work.

TEST(ValidateWorkTest, Authors) {
  Work work = internal::SampleWork();
  work.authors.clear();
  EXPECT_EQ(Describe(Validate(work)), "authors: must list at least one author");
  work = internal::SampleWork();
  work.authors[1].name = "  ";
  EXPECT_EQ(Describe(Validate(work)), "authors[1].name: must not be empty");
  work = internal::SampleWork();
  work.authors[1].expert_id = -1;
  EXPECT_EQ(Describe(Validate(work)), "authors[1].expert_id: must be a positive id or null");
}

TEST(ValidateWorkTest, Year) {
  Work work = internal::SampleWork();
  for (int year : {0, 1800, 2026, 2100}) {
    work.year = year;
    EXPECT_EQ(FieldOf(work), "ok") << year;
  }
  for (int year : {1, 1799, 2101, -2023}) {
    work.year = year;
    EXPECT_EQ(FieldOf(work), "year") << year;
  }
  EXPECT_EQ(Describe(Validate(work)), "year: must be 0 (unknown) or a year from 1800 to 2100");
}

TEST(ValidateWorkTest, DoiLanguageAndTitle) {
  Work work = internal::SampleWork();
  work.doi = "";
  EXPECT_TRUE(Validate(work).ok());
  work.doi = "doi:10.5555/x";
  EXPECT_EQ(FieldOf(work), "doi");
  work = internal::SampleWork();
  work.language = "jp";
  EXPECT_EQ(FieldOf(work), "language");
  work = internal::SampleWork();
  work.title = "";
  EXPECT_EQ(Describe(Validate(work)), "title: must not be empty");
}

// ---------------------------------------------------------------------------------------------
// Problem.

TEST(ValidateProblemTest, TitleInEitherLanguage) {
  Problem problem = internal::SampleProblem();
  problem.title.en = "";
  EXPECT_TRUE(Validate(problem).ok());
  problem.title = {"", "Only English"};
  EXPECT_TRUE(Validate(problem).ok());
  problem.title = {" ", ""};
  EXPECT_EQ(Describe(Validate(problem)), "title: must have a Vietnamese or English title");
}

TEST(ValidateProblemTest, References) {
  Problem problem = internal::SampleProblem();
  problem.organization_id = 0;
  EXPECT_EQ(Describe(Validate(problem)), "organization_id: must be a positive id");
  problem = internal::SampleProblem();
  problem.group_ids = {6, 6};
  EXPECT_EQ(FieldOf(problem), "group_ids[1]");
}

TEST(ValidateProblemTest, Budget) {
  Problem problem = internal::SampleProblem();
  problem.budget = {.amount = 0, .currency = ""};
  EXPECT_TRUE(Validate(problem).ok());
  problem.budget = {.amount = 1000, .currency = ""};
  EXPECT_EQ(Describe(Validate(problem)),
            "budget.currency: is required when an amount is given: an ISO 4217 code, e.g. "
            "\"VND\"");
  problem.budget = {.amount = 1000, .currency = "vnd"};
  EXPECT_EQ(FieldOf(problem), "budget.currency");
  problem.budget = {.amount = -1, .currency = "VND"};
  EXPECT_EQ(Describe(Validate(problem)), "budget.amount: must not be negative");
}

TEST(ValidateProblemTest, Trl) {
  Problem problem = internal::SampleProblem();
  problem.trl.reset();
  EXPECT_TRUE(Validate(problem).ok());
  problem.trl = Trl{.current = 9, .target = 9};
  EXPECT_TRUE(Validate(problem).ok());
  problem.trl = Trl{.current = 0, .target = 6};
  EXPECT_EQ(Describe(Validate(problem)),
            "trl.current: must be a technology readiness level from 1 to 9");
  problem.trl = Trl{.current = 3, .target = 10};
  EXPECT_EQ(FieldOf(problem), "trl.target");
  problem.trl = Trl{.current = 6, .target = 3};
  EXPECT_EQ(Describe(Validate(problem)), "trl.target: must not be below current");
}

TEST(ValidateProblemTest, SkillsDeliverablesDeadline) {
  Problem problem = internal::SampleProblem();
  problem.skills[1].name = "";
  EXPECT_EQ(FieldOf(problem), "skills[1].name");
  problem = internal::SampleProblem();
  problem.skills[0].level = static_cast<SkillLevel>(7);
  EXPECT_EQ(Describe(Validate(problem)), "skills[0].level: must be one of must or nice");
  problem = internal::SampleProblem();
  problem.deliverables[0] = "";
  EXPECT_EQ(FieldOf(problem), "deliverables[0]");
  problem = internal::SampleProblem();
  problem.deadline = "2027-02-29";
  EXPECT_EQ(FieldOf(problem), "deadline");
}

}  // namespace
}  // namespace ketnoi::model

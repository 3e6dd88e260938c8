#include "import/identity.h"

#include <gtest/gtest.h>

namespace ketnoi::import {
namespace {

PersonEvidence Person(std::string name, std::vector<std::string> organizations = {},
                      std::vector<std::string> coauthors = {},
                      std::vector<std::string> work_keys = {}) {
  PersonEvidence person;
  person.name = std::move(name);
  person.organizations = std::move(organizations);
  person.coauthors = std::move(coauthors);
  person.work_keys = std::move(work_keys);
  return person;
}

TEST(ComparePeopleTest, OrcidDecidesWhenBothHaveOne) {
  PersonEvidence a = Person("Nguyễn Văn An");
  PersonEvidence b = Person("A. Nguyen");
  a.orcid = b.orcid = "0000-0002-1825-0097";
  EXPECT_EQ(ComparePeople(a, b).decision, Decision::kSame);
  b.orcid = "0000-0001-5109-3700";
  b.name = "Nguyễn Văn An";
  EXPECT_EQ(ComparePeople(a, b).decision, Decision::kDifferent);
}

TEST(ComparePeopleTest, ACommonNameAloneIsNeverMerged) {
  const Comparison same_name = ComparePeople(Person("Nguyễn Văn An"), Person("Nguyễn Văn An"));
  EXPECT_EQ(same_name.decision, Decision::kReview);
  EXPECT_EQ(same_name.name, NameMatch::kExact);
  // Namesakes at the same national university: still only a review.
  EXPECT_EQ(ComparePeople(Person("Nguyễn Văn An", {"Đại học Quốc gia Hà Nội"}),
                          Person("Nguyen Van An", {"Dai hoc Quoc gia Ha Noi"}))
                .decision,
            Decision::kReview);
  // Initials and nothing in common: a different person as far as we can tell.
  EXPECT_EQ(ComparePeople(Person("Nguyễn Văn An"), Person("A. V. Nguyen")).decision,
            Decision::kDifferent);
}

TEST(ComparePeopleTest, AWorkInCommonMergesANameThatAgreesInFull) {
  const std::string doi = "doi:10.5555/rice.2021.7";
  const Comparison c = ComparePeople(Person("Nguyễn Văn An", {}, {}, {doi}),
                                     Person("An Nguyen", {"University of Tokyo"}, {}, {doi}));
  EXPECT_EQ(c.decision, Decision::kSame);
  ASSERT_GE(c.reasons.size(), 2u);
  EXPECT_NE(c.reasons[1].find(doi), std::string::npos) << c.reasons[1];
  // With initials only, one shared paper is not enough (two Nguyens may sign it) ...
  EXPECT_EQ(
      ComparePeople(Person("Nguyễn Văn An", {}, {}, {doi}), Person("A. Nguyen", {}, {}, {doi}))
          .decision,
      Decision::kReview);
  // ... but it is with the same affiliation as well.
  EXPECT_EQ(ComparePeople(Person("Nguyễn Văn An", {"The University of Tokyo"}, {}, {doi}),
                          Person("A. Nguyen", {"Univ. of Tokyo"}, {}, {doi}))
                .decision,
            Decision::kSame);
}

TEST(ComparePeopleTest, CoauthorsCountButNotThePersonThemselves) {
  // Both author lists include the person; that is not a co-author in common.
  EXPECT_EQ(ComparePeople(Person("Nguyễn Văn An", {}, {"Nguyễn Văn An", "Sato Hiroshi"}),
                          Person("Nguyen Van An", {}, {"Nguyen Van An", "Lê Thị Hoa"}))
                .decision,
            Decision::kReview);
  EXPECT_EQ(ComparePeople(Person("Nguyễn Văn An", {}, {"Sato Hiroshi", "Lê Thị Hoa"}),
                          Person("Van An Nguyen", {}, {"Hiroshi Sato", "Le Thi Hoa"}))
                .decision,
            Decision::kSame);
  const Comparison c =
      ComparePeople(Person("Nguyễn Văn An", {"Viettel"}, {"Sato Hiroshi"}),
                    Person("A. V. Nguyen", {"Viettel Group"}, {"H. Sato", "Hiroshi Sato"}));
  EXPECT_EQ(c.decision, Decision::kSame);
}

TEST(ComparePeopleTest, SameEmailMergesAndConflictingNamesNever) {
  PersonEvidence a = Person("Trần Thị Bích");
  PersonEvidence b = Person("Bich Tran");
  a.emails = {"bich.tran@example.edu.vn"};
  b.emails = {"Bich.Tran@example.edu.vn"};
  EXPECT_EQ(ComparePeople(a, b).decision, Decision::kSame);
  b.name = "Trần Thị Bình";
  EXPECT_EQ(ComparePeople(a, b).decision, Decision::kDifferent);
}

TEST(WorkKeyTest, FoldsTheTitleAndKeepsTheYear) {
  EXPECT_EQ(WorkKey("Học sâu cho phát hiện bệnh lúa!", 2021),
            "hoc sau cho phat hien benh lua|2021");
  EXPECT_EQ(WorkKey("HOC SAU cho phat-hien benh lua", 2021), "hoc sau cho phat hien benh lua|2021");
  EXPECT_EQ(WorkKey("  ...  ", 2021), "");
  EXPECT_EQ(WorkKeys("10.5555/X", "A title", 0),
            (std::vector<std::string>{"doi:10.5555/x", "a title|0"}));
}

TEST(SameOrganizationTest, IgnoresGenericWordsAndDiacritics) {
  EXPECT_TRUE(SameOrganization("The University of Tokyo", "Univ. of Tokyo"));
  EXPECT_TRUE(SameOrganization("Đại học Bách khoa Hà Nội", "Dai hoc Bach Khoa Ha Noi"));
  EXPECT_FALSE(SameOrganization("University of Tokyo", "Tokyo Institute of Technology"));
  EXPECT_FALSE(SameOrganization("Đại học Quốc gia Hà Nội", "Đại học Quốc gia TP. Hồ Chí Minh"));
  EXPECT_FALSE(SameOrganization("", ""));
}

}  // namespace
}  // namespace ketnoi::import

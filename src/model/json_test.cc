#include "model/json.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "model/enums.h"
#include "model/internal/test_samples.h"

namespace ketnoi::model {
namespace {

using base::Status;
using base::StatusCode;

template <typename T>
T Sample();
template <>
Organization Sample() {
  return internal::SampleOrganization();
}
template <>
TaxonomyVersion Sample() {
  return internal::SampleTaxonomyVersion();
}
template <>
TaxonomyGroup Sample() {
  return internal::SampleTaxonomyGroup();
}
template <>
Chapter Sample() {
  return internal::SampleChapter();
}
template <>
Membership Sample() {
  return internal::SampleMembership();
}
template <>
Expert Sample() {
  return internal::SampleExpert();
}
template <>
Work Sample() {
  return internal::SampleWork();
}
template <>
Problem Sample() {
  return internal::SampleProblem();
}

// What FromJson gives back for ToJson(value): everything but the keys it ignores.
template <typename T>
T WithoutReadOnlyFields(T value) {
  if constexpr (requires { value.id; }) value.id = 0;
  if constexpr (requires { value.timestamps; }) value.timestamps = {};
  return value;
}

template <typename T>
Status Decode(std::string_view text, T* out) {
  return FromJson(Json::parse(text), out);
}

template <typename T>
Status Decode(std::string_view text) {
  T value;
  return Decode(text, &value);
}

// "field: message" for an InvalidArgument, so one EXPECT_EQ checks both and prints both.
std::string Describe(const Status& status) {
  if (status.code() != StatusCode::kInvalidArgument) return status.ToString();
  return status.field() + ": " + status.message();
}

template <typename T>
class EveryEntityTest : public testing::Test {};
using Entities = testing::Types<Organization, TaxonomyVersion, TaxonomyGroup, Chapter, Membership,
                                Expert, Work, Problem>;
TYPED_TEST_SUITE(EveryEntityTest, Entities);

TYPED_TEST(EveryEntityTest, RoundTripsThroughText) {
  const TypeParam original = Sample<TypeParam>();
  const std::string text = ToJson(original).dump();
  TypeParam decoded;
  Status status = Decode(text, &decoded);
  ASSERT_TRUE(status.ok()) << status.ToString() << "\n" << text;
  const TypeParam expected = WithoutReadOnlyFields(original);
  EXPECT_EQ(ToJson(decoded), ToJson(expected));
  EXPECT_TRUE(decoded == expected);
}

TYPED_TEST(EveryEntityTest, RoundTripsDefaultValue) {
  const TypeParam original{};
  // Every key is written, so every field FromJson reads is overwritten.
  TypeParam decoded = WithoutReadOnlyFields(Sample<TypeParam>());
  ASSERT_TRUE(FromJson(ToJson(original), &decoded).ok());
  EXPECT_TRUE(decoded == original) << ToJson(decoded);
}

TYPED_TEST(EveryEntityTest, RejectsNonObject) {
  TypeParam value;
  EXPECT_EQ(Describe(FromJson(Json::array(), &value)), ": must be a JSON object");
  EXPECT_EQ(Describe(FromJson(Json("text"), &value)), ": must be a JSON object");
  EXPECT_EQ(Describe(FromJson(Json(nullptr), &value)), ": must be a JSON object");
}

TYPED_TEST(EveryEntityTest, RejectsUnknownKey) {
  Json json = ToJson(Sample<TypeParam>());
  json["colour"] = "blue";
  TypeParam value;
  EXPECT_EQ(Describe(FromJson(json, &value)), "colour: unknown field");
}

TYPED_TEST(EveryEntityTest, IgnoresReadOnlyKeys) {
  Json json = Json::object();
  json["id"] = 99;
  json["created_at"] = "2025-01-01T00:00:00Z";
  json["updated_at"] = nullptr;
  TypeParam value;
  ASSERT_TRUE(FromJson(json, &value).ok());
  EXPECT_TRUE(value == TypeParam{});
}

TYPED_TEST(EveryEntityTest, AbsentKeysKeepDefaults) {
  TypeParam value;
  ASSERT_TRUE(FromJson(Json::object(), &value).ok());
  EXPECT_TRUE(value == TypeParam{});
}

// The exact JSON forms of docs/DATA.md.

TEST(ToJsonTest, WorkMatchesDataFormat) {
  Work work = internal::SampleWork();
  work.timestamps = {"2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"};
  EXPECT_EQ(ToJson(work), Json::parse(R"({
    "id": 40, "kind": "publication", "title": "低消費電力SAR ADCの設計",
    "abstract": "Bộ chuyển đổi tương tự–số 12 bit, 1 µW.", "year": 2023,
    "venue": "IEEE Journal of Solid-State Circuits", "language": "ja",
    "doi": "10.5555/ketnoi.0040", "url": "https://example.org/ketnoi/0040",
    "keywords": ["SAR ADC", "low power"],
    "authors": [{"name": "Mai Nguyen", "expert_id": 12, "corresponding": true,
                 "hidden": false, "key": true},
                {"name": "田中 健", "expert_id": null, "corresponding": false,
                 "hidden": false, "key": false}],
    "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-02T00:00:00Z"})"));
}

TEST(ToJsonTest, ExpertMatchesDataFormat) {
  Expert expert = internal::SampleExpert();
  expert.id = 0;
  expert.affiliations.resize(1);
  expert.timestamps = {};
  EXPECT_EQ(ToJson(expert), Json::parse(R"json({
    "id": null, "full_name": "Nguyễn Thị Mai", "name_ascii": "Nguyen Thi Mai",
    "orcid": "0000-0002-1825-0097", "email": "mai.nguyen@example.jp", "country": "JP",
    "city": "大阪市", "background": "overseas_vietnamese",
    "affiliations": [{"organization_id": 3, "title": "准教授", "current": true}],
    "career_stage": "senior", "languages": ["vi", "ja", "en"],
    "engagement_modes": ["joint_research", "consulting"],
    "availability": [{"from": "2026-01-01", "to": "2026-06-30", "hours_per_month": 20,
                      "note": "Trừ tháng 4 (ゴールデンウィーク)"}],
    "consent": {"contact": true, "public_profile": false},
    "bio": {"vi": "Thiết kế vi mạch tương tự công suất thấp.",
            "en": "Low-power analog IC design."},
    "group_ids": [1, 6], "skills": ["analog IC design", "SAR ADC", "thiết kế vi mạch"],
    "created_at": "", "updated_at": ""})json"));
}

TEST(ToJsonTest, ProblemMatchesDataFormat) {
  Json json = ToJson(internal::SampleProblem());
  EXPECT_EQ(json["budget"], Json::parse(R"({"amount": 2500000000, "currency": "VND"})"));
  EXPECT_EQ(json["trl"], Json::parse(R"({"current": 3, "target": 6})"));
  EXPECT_EQ(json["skills"][1], Json::parse(R"({"name": "layout", "level": "nice"})"));
  EXPECT_EQ(json["confidentiality"], "summary_only");
  EXPECT_EQ(json["ip_terms"], "non_exclusive");
  EXPECT_EQ(json["organization_id"], 20);
  EXPECT_EQ(json["title"], Json::parse(R"({"vi": "Thiết kế ADC cho cảm biến",
                                           "en": "ADC design for sensors"})"));
}

TEST(ToJsonTest, ZeroIdsAndMissingTrlAreNull) {
  Problem problem = internal::SampleProblem();
  problem.id = 0;
  problem.organization_id = 0;
  problem.trl.reset();
  Json json = ToJson(problem);
  EXPECT_TRUE(json["id"].is_null());
  EXPECT_TRUE(json["organization_id"].is_null());
  EXPECT_TRUE(json["trl"].is_null());

  Chapter chapter = internal::SampleChapter();
  chapter.host_organization_id = 0;
  EXPECT_TRUE(ToJson(chapter)["host_organization_id"].is_null());
  EXPECT_EQ(ToJson(chapter)["countries"], Json::parse(R"(["JP"])"));

  Membership membership;
  EXPECT_EQ(ToJson(membership), Json::parse(R"({"chapter_id": null, "expert_id": null,
                                                "role": "member", "joined_on": ""})"));
}

TEST(ToJsonTest, EmptyListsAreArrays) {
  Json json = ToJson(Expert{});
  EXPECT_EQ(json["skills"], Json::array());
  EXPECT_EQ(json["affiliations"], Json::array());
  EXPECT_EQ(json["group_ids"], Json::array());
}

TEST(ToJsonTest, TimestampsAreWritten) {
  Json json = ToJson(internal::SampleOrganization());
  EXPECT_EQ(json["created_at"], "2025-01-02T03:04:05Z");
  EXPECT_EQ(json["updated_at"], "2025-02-03T04:05:06Z");
}

TEST(ToJsonTest, IdentityReview) {
  IdentityReview review;
  review.id = 4;
  review.expert_id = 7;
  review.name_match = "full";
  review.reasons = {"same organization"};
  review.created_at = "2026-01-02T03:04:05Z";
  EXPECT_EQ(ToJson(review), Json::parse(R"({"id": 4, "expert_id": 7, "candidate_id": null,
      "name_match": "full", "reasons": ["same organization"], "status": "open",
      "created_at": "2026-01-02T03:04:05Z", "decided_at": null})"));
  review.status = ReviewStatus::kKeptApart;
  review.decided_at = "2026-01-03T00:00:00Z";
  Json decided = ToJson(review);
  EXPECT_EQ(decided["status"], "kept_apart");
  EXPECT_EQ(decided["decided_at"], "2026-01-03T00:00:00Z");
  EXPECT_EQ(ToJson(IdentityReview{})["reasons"], Json::array());
}
// Strict reading: every error names the path of the offending value.

TEST(FromJsonTest, UnknownNestedKey) {
  EXPECT_EQ(Describe(Decode<Expert>(R"({"affiliations": [{"organisation_id": 3}]})")),
            "affiliations[0].organisation_id: unknown field");
  EXPECT_EQ(Describe(Decode<Problem>(R"({"trl": {"current": 3, "goal": 6}})")),
            "trl.goal: unknown field");
  EXPECT_EQ(Describe(Decode<Organization>(R"({"description": {"vi": "", "ja": ""}})")),
            "description.ja: unknown field");
}

TEST(FromJsonTest, ReadOnlyKeysOnlyAtTopLevel) {
  EXPECT_EQ(Describe(Decode<Expert>(R"({"affiliations": [{"id": 3}]})")),
            "affiliations[0].id: unknown field");
}

TEST(FromJsonTest, WrongTypes) {
  EXPECT_EQ(Describe(Decode<Expert>(
                R"({"affiliations": [{"organization_id": 3}, {"organization_id": "4"}]})")),
            "affiliations[1].organization_id: must be an integer");
  EXPECT_EQ(Describe(Decode<Problem>(R"({"title": {"vi": 5}})")), "title.vi: must be a string");
  EXPECT_EQ(Describe(Decode<Expert>(R"({"full_name": ["Mai"]})")), "full_name: must be a string");
  EXPECT_EQ(Describe(Decode<Expert>(R"({"consent": {"contact": "yes"}})")),
            "consent.contact: must be a boolean");
  EXPECT_EQ(Describe(Decode<TaxonomyGroup>(R"({"provisional": 1})")),
            "provisional: must be a boolean");
  EXPECT_EQ(Describe(Decode<Expert>(R"({"languages": "vi"})")), "languages: must be an array");
  EXPECT_EQ(Describe(Decode<Expert>(R"({"languages": ["vi", 7]})")),
            "languages[1]: must be a string");
  EXPECT_EQ(Describe(Decode<Expert>(R"({"affiliations": [5]})")),
            "affiliations[0]: must be a JSON object");
  EXPECT_EQ(Describe(Decode<Expert>(R"({"consent": true})")), "consent: must be a JSON object");
  EXPECT_EQ(Describe(Decode<Work>(R"({"year": "2023"})")), "year: must be an integer");
  EXPECT_EQ(Describe(Decode<Work>(R"({"authors": [{"name": "A", "corresponding": null}]})")),
            "authors[0].corresponding: must be a boolean");
  EXPECT_EQ(Describe(Decode<Expert>(R"({"group_ids": null})")), "group_ids: must be an array");
}

TEST(FromJsonTest, UnknownEnumNameListsAcceptedNames) {
  EXPECT_EQ(Describe(Decode<Problem>(R"({"skills": [{"name": "x", "level": "should"}]})")),
            "skills[0].level: must be one of must or nice");
  EXPECT_EQ(Describe(Decode<Organization>(R"({"kind": "startup"})")),
            "kind: must be one of " + AcceptedNames<OrganizationKind>());
  EXPECT_EQ(Describe(Decode<Expert>(R"({"engagement_modes": ["consulting", "Training"]})")),
            "engagement_modes[1]: must be one of " + AcceptedNames<EngagementMode>());
  // An enum is a name, never its number.
  EXPECT_EQ(Describe(Decode<Problem>(R"({"status": 1})")),
            "status: must be one of " + AcceptedNames<ProblemStatus>());
  EXPECT_EQ(AcceptedNames<SkillLevel>(), "must or nice");
}

TEST(FromJsonTest, Integers) {
  Work work;
  ASSERT_TRUE(Decode(R"({"year": 2023.0})", &work).ok());
  EXPECT_EQ(work.year, 2023);
  EXPECT_EQ(Describe(Decode<Work>(R"({"year": 2023.5})")), "year: must be an integer");
  EXPECT_EQ(Describe(Decode<Work>(R"({"year": true})")), "year: must be an integer");
  EXPECT_EQ(Describe(Decode<Work>(R"({"year": 3000000000})")),
            "year: must be an integer from -2147483648 to 2147483647");
  EXPECT_EQ(Describe(Decode<Expert>(R"({"group_ids": [1, 2.5]})")),
            "group_ids[1]: must be an integer");

  Problem problem;
  ASSERT_TRUE(Decode(R"({"organization_id": 9223372036854775807})", &problem).ok());
  EXPECT_EQ(problem.organization_id, 9223372036854775807);
  EXPECT_EQ(Describe(Decode<Problem>(R"({"organization_id": 9223372036854775808})")),
            "organization_id: must be an integer from -9223372036854775808 to "
            "9223372036854775807");
  EXPECT_EQ(Describe(Decode<Problem>(R"({"organization_id": 1e19})")),
            "organization_id: must be an integer from -9223372036854775808 to "
            "9223372036854775807");
  EXPECT_EQ(Describe(Decode<Problem>(R"({"budget": {"amount": -1e300}})")),
            "budget.amount: must be an integer from -9223372036854775808 to "
            "9223372036854775807");
  ASSERT_TRUE(Decode(R"({"budget": {"amount": 2500000000}})", &problem).ok());
  EXPECT_EQ(problem.budget.amount, 2500000000);
}

TEST(FromJsonTest, NullMeansDefault) {
  Problem problem = internal::SampleProblem();
  ASSERT_TRUE(Decode(R"({"organization_id": null, "trl": null, "deadline": null,
                         "summary": null})",
                     &problem)
                  .ok());
  EXPECT_EQ(problem.organization_id, 0);
  EXPECT_FALSE(problem.trl.has_value());
  EXPECT_EQ(problem.deadline, "");
  EXPECT_TRUE(problem.summary.empty());

  Work work;
  ASSERT_TRUE(Decode(R"({"year": null, "doi": null,
                         "authors": [{"name": "K. Tanaka", "expert_id": null}]})",
                     &work)
                  .ok());
  EXPECT_EQ(work.year, 0);
  EXPECT_EQ(work.authors[0].expert_id, 0);
}

TEST(FromJsonTest, AbsentKeysKeepCurrentValues) {
  Expert expert = internal::SampleExpert();
  ASSERT_TRUE(Decode(R"({"city": "東京"})", &expert).ok());
  EXPECT_EQ(expert.city, "東京");
  EXPECT_EQ(expert.full_name, "Nguyễn Thị Mai");
  EXPECT_EQ(expert.group_ids, (std::vector<Id>{1, 6}));
}

TEST(FromJsonTest, ListsAreReplacedNotAppended) {
  Expert expert = internal::SampleExpert();
  ASSERT_TRUE(Decode(R"({"skills": ["MEMS"], "availability": []})", &expert).ok());
  EXPECT_EQ(expert.skills, (std::vector<std::string>{"MEMS"}));
  EXPECT_TRUE(expert.availability.empty());
}

TEST(FromJsonTest, ReadsDataFormatExample) {
  Problem problem;
  Status status = Decode(R"({"id": 3, "title": {"vi": "Tiêu đề", "en": "Title"},
      "summary": {"vi": "", "en": ""}, "description": {"vi": "", "en": ""},
      "organization_id": 20, "group_ids": [6],
      "skills": [{"name": "thiết kế vi mạch tương tự", "level": "must"},
                 {"name": "layout", "level": "nice"}],
      "deliverables": ["a", "b"], "budget": {"amount": 2500000000, "currency": "VND"},
      "deadline": "2027-03-31", "engagement_mode": "joint_research",
      "confidentiality": "public", "ip_terms": "non_exclusive",
      "trl": {"current": 3, "target": 6}, "status": "open"})",
                         &problem);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(problem.id, 0);
  EXPECT_EQ(problem.skills[0].name, "thiết kế vi mạch tương tự");
  EXPECT_EQ(problem.skills[1].level, SkillLevel::kNice);
  EXPECT_EQ(problem.ip_terms, IpTerms::kNonExclusive);
  EXPECT_EQ(problem.trl, (Trl{.current = 3, .target = 6}));
  EXPECT_EQ(problem.status, ProblemStatus::kOpen);
}

}  // namespace
}  // namespace ketnoi::model

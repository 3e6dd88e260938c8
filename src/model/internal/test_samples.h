// Sample entities for the model tests: one valid, fully populated value of each type, with
// Vietnamese and Japanese text, so that round-trip and validation tests start from the same
// data and each test changes only the field it is about.
//
// Test-only; not part of the model library. Thread safety: pure functions.
#pragma once

#include "model/chapter.h"
#include "model/expert.h"
#include "model/organization.h"
#include "model/problem.h"
#include "model/taxonomy.h"
#include "model/work.h"

namespace ketnoi::model::internal {

inline Organization SampleOrganization() {
  Organization value;
  value.id = 1;
  value.name = "Trung tâm Đổi mới sáng tạo Quốc gia";
  value.name_en = "National Innovation Center";
  value.short_name = "NIC";
  value.kind = OrganizationKind::kAgency;
  value.country = "VN";
  value.city = "Hà Nội";
  value.website = "https://nic.gov.vn";
  value.description = {"Thúc đẩy đổi mới sáng tạo.", "Promotes innovation."};
  value.timestamps = {"2025-01-02T03:04:05Z", "2025-02-03T04:05:06Z"};
  return value;
}

inline TaxonomyVersion SampleTaxonomyVersion() {
  TaxonomyVersion value;
  value.id = 1;
  value.code = "1131/QD-TTg";
  value.name = {"Danh mục công nghệ chiến lược", "Strategic technologies"};
  value.issued_on = "2025-06-12";
  value.effective_from = "2025-06-12";
  value.status = TaxonomyStatus::kCurrent;
  value.note = {"", "Replaces the 2020 list."};
  return value;
}

inline TaxonomyGroup SampleTaxonomyGroup() {
  TaxonomyGroup value;
  value.id = 6;
  value.version_id = 1;
  value.number = 6;
  value.name = {"Công nghệ chip bán dẫn", "Semiconductor chips"};
  value.description = {"Thiết kế, chế tạo và đóng gói chip.", ""};
  value.provisional = true;
  value.products = {{"Chip AI chuyên dụng", "Dedicated AI chips"},
                    {"Cảm biến MEMS", "MEMS sensors"}};
  return value;
}

inline Chapter SampleChapter() {
  Chapter value;
  value.id = 1;
  value.code = "JP";
  value.name = {"Chi hội Nhật Bản", "Japan chapter"};
  value.countries = {"JP"};
  value.status = ChapterStatus::kPilot;
  value.founded_on = "2025-08-27";
  value.host_organization_id = 7;
  value.description = {"Kết nối chuyên gia tại 日本.", "Experts in Japan."};
  return value;
}

inline Membership SampleMembership() {
  return Membership{.chapter_id = 1,
                    .expert_id = 12,
                    .role = MembershipRole::kCoordinator,
                    .joined_on = "2025-09-01"};
}

inline Expert SampleExpert() {
  Expert value;
  value.id = 12;
  value.full_name = "Nguyễn Thị Mai";
  value.name_ascii = "Nguyen Thi Mai";
  value.orcid = "0000-0002-1825-0097";
  value.email = "mai.nguyen@example.jp";
  value.country = "JP";
  value.city = "大阪市";
  value.background = Background::kOverseasVietnamese;
  value.affiliations = {{.organization_id = 3, .title = "准教授", .current = true},
                        {.organization_id = 4, .title = "Visiting Researcher", .current = false}};
  value.career_stage = CareerStage::kSenior;
  value.languages = {"vi", "ja", "en"};
  value.engagement_modes = {EngagementMode::kJointResearch, EngagementMode::kConsulting};
  value.availability = {{.from = "2026-01-01",
                         .to = "2026-06-30",
                         .hours_per_month = 20,
                         .note = "Trừ tháng 4 (ゴールデンウィーク)"}};
  value.consent = {.contact = true, .public_profile = false};
  value.bio = {"Thiết kế vi mạch tương tự công suất thấp.", "Low-power analog IC design."};
  value.group_ids = {1, 6};
  value.skills = {"analog IC design", "SAR ADC", "thiết kế vi mạch"};
  value.timestamps = {"2025-09-01T00:00:00Z", ""};
  return value;
}

inline Work SampleWork() {
  Work value;
  value.id = 40;
  value.kind = WorkKind::kPublication;
  value.title = "低消費電力SAR ADCの設計";
  value.abstract = "Bộ chuyển đổi tương tự–số 12 bit, 1 µW.";
  value.year = 2023;
  value.venue = "IEEE Journal of Solid-State Circuits";
  value.language = "ja";
  value.doi = "10.5555/ketnoi.0040";
  value.url = "https://example.org/ketnoi/0040";
  value.keywords = {"SAR ADC", "low power"};
  value.authors = {{.name = "Mai Nguyen", .expert_id = 12, .corresponding = true, .key = true},
                   {.name = "田中 健", .expert_id = 0, .corresponding = false}};
  return value;
}

inline Problem SampleProblem() {
  Problem value;
  value.id = 3;
  value.title = {"Thiết kế ADC cho cảm biến", "ADC design for sensors"};
  value.summary = {"Tóm tắt.", "Summary."};
  value.description = {"Mô tả đầy đủ.", "Full statement."};
  value.organization_id = 20;
  value.group_ids = {6};
  value.skills = {{.name = "thiết kế vi mạch tương tự", .level = SkillLevel::kMust},
                  {.name = "layout", .level = SkillLevel::kNice}};
  value.deliverables = {"Bản thiết kế", "Báo cáo đo kiểm"};
  value.budget = {.amount = 2500000000, .currency = "VND"};
  value.deadline = "2027-03-31";
  value.engagement_mode = EngagementMode::kJointResearch;
  value.confidentiality = Confidentiality::kSummaryOnly;
  value.ip_terms = IpTerms::kNonExclusive;
  value.trl = Trl{.current = 3, .target = 6};
  value.status = ProblemStatus::kOpen;
  return value;
}

}  // namespace ketnoi::model::internal

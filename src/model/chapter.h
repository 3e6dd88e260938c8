// Chapter: a country (or regional) chapter of the global expert network, and the
// memberships that tie experts to it.
#pragma once

#include <string>
#include <vector>

#include "model/common.h"

namespace ketnoi::model {

enum class ChapterStatus { kPlanned, kPilot, kActive };

struct Chapter {
  Id id = 0;
  std::string code;  // Unique short code, e.g. "JP", "UK-IE".
  LocalizedText name;
  std::vector<std::string> countries;  // ISO 3166-1 alpha-2 codes the chapter covers.
  ChapterStatus status = ChapterStatus::kPlanned;
  std::string founded_on;       // YYYY-MM-DD or empty.
  Id host_organization_id = 0;  // 0 when none.
  LocalizedText description;
  Timestamps timestamps;

  bool operator==(const Chapter&) const = default;
};

enum class MembershipRole { kMember, kCoordinator, kLead };

struct Membership {
  Id chapter_id = 0;
  Id expert_id = 0;
  MembershipRole role = MembershipRole::kMember;
  std::string joined_on;  // YYYY-MM-DD or empty.

  bool operator==(const Membership&) const = default;
};

}  // namespace ketnoi::model

// Problem: a technology problem commissioned ("đặt hàng") by an organization, with what a
// solver needs to know: groups, skills, deliverables, budget, deadline, terms.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/common.h"
#include "model/expert.h"

namespace ketnoi::model {

enum class SkillLevel { kMust, kNice };

struct RequiredSkill {
  std::string name;
  SkillLevel level = SkillLevel::kMust;

  bool operator==(const RequiredSkill&) const = default;
};

enum class Confidentiality { kPublic, kSummaryOnly, kInviteOnly };

enum class IpTerms { kNone, kNonExclusive, kExclusive, kNegotiable };

// The lifecycle of a commission; transitions are enforced by the commissioning service.
enum class ProblemStatus {
  kDraft,
  kOpen,
  kMatching,
  kProposals,
  kAwarded,
  kInProgress,
  kCompleted,
  kCancelled,
};

struct Budget {
  int64_t amount = 0;    // In whole units of `currency`; 0 when not stated.
  std::string currency;  // ISO 4217, e.g. "VND", "USD", "JPY".

  bool operator==(const Budget&) const = default;
};

// Technology readiness levels (1..9): where the solution is and where it must get to.
struct Trl {
  int current = 0;
  int target = 0;

  bool operator==(const Trl&) const = default;
};

struct Problem {
  Id id = 0;
  LocalizedText title;
  LocalizedText summary;      // What is shown when the problem is summary-only.
  LocalizedText description;  // The full statement.
  Id organization_id = 0;     // The commissioning organization.
  std::vector<Id> group_ids;
  std::vector<RequiredSkill> skills;
  std::vector<std::string> deliverables;
  Budget budget;
  std::string deadline;  // YYYY-MM-DD or empty.
  EngagementMode engagement_mode = EngagementMode::kJointResearch;
  Confidentiality confidentiality = Confidentiality::kPublic;
  IpTerms ip_terms = IpTerms::kNegotiable;
  std::optional<Trl> trl;
  ProblemStatus status = ProblemStatus::kDraft;
  Timestamps timestamps;

  bool operator==(const Problem&) const = default;
};

}  // namespace ketnoi::model

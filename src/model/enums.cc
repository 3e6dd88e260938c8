#include "model/enums.h"

#include <array>

namespace ketnoi::model {
namespace {

template <typename E, size_t N>
using Table = std::array<std::pair<E, std::string_view>, N>;

constexpr Table<OrganizationKind, 8> kOrganizationKinds{{
    {OrganizationKind::kEnterprise, "enterprise"},
    {OrganizationKind::kUniversity, "university"},
    {OrganizationKind::kInstitute, "institute"},
    {OrganizationKind::kAgency, "agency"},
    {OrganizationKind::kAssociation, "association"},
    {OrganizationKind::kIncubator, "incubator"},
    {OrganizationKind::kFund, "fund"},
    {OrganizationKind::kEmbassyStOffice, "embassy_st_office"},
}};
constexpr Table<TaxonomyStatus, 3> kTaxonomyStatuses{{
    {TaxonomyStatus::kDraft, "draft"},
    {TaxonomyStatus::kCurrent, "current"},
    {TaxonomyStatus::kSuperseded, "superseded"},
}};
constexpr Table<ChapterStatus, 3> kChapterStatuses{{
    {ChapterStatus::kPlanned, "planned"},
    {ChapterStatus::kPilot, "pilot"},
    {ChapterStatus::kActive, "active"},
}};
constexpr Table<MembershipRole, 3> kMembershipRoles{{
    {MembershipRole::kMember, "member"},
    {MembershipRole::kCoordinator, "coordinator"},
    {MembershipRole::kLead, "lead"},
}};
constexpr Table<CareerStage, 5> kCareerStages{{
    {CareerStage::kStudent, "student"},
    {CareerStage::kEarlyCareer, "early_career"},
    {CareerStage::kMidCareer, "mid_career"},
    {CareerStage::kSenior, "senior"},
    {CareerStage::kEmeritus, "emeritus"},
}};
constexpr Table<EngagementMode, 5> kEngagementModes{{
    {EngagementMode::kConsulting, "consulting"},
    {EngagementMode::kJointResearch, "joint_research"},
    {EngagementMode::kTraining, "training"},
    {EngagementMode::kAdvisory, "advisory"},
    {EngagementMode::kInvestment, "investment"},
}};
constexpr Table<Background, 3> kBackgrounds{{
    {Background::kOverseasVietnamese, "overseas_vietnamese"},
    {Background::kForeign, "foreign"},
    {Background::kDomestic, "domestic"},
}};
constexpr Table<WorkKind, 4> kWorkKinds{{
    {WorkKind::kPublication, "publication"},
    {WorkKind::kPatent, "patent"},
    {WorkKind::kProject, "project"},
    {WorkKind::kProduct, "product"},
}};
constexpr Table<SkillLevel, 2> kSkillLevels{{
    {SkillLevel::kMust, "must"},
    {SkillLevel::kNice, "nice"},
}};
constexpr Table<Confidentiality, 3> kConfidentialities{{
    {Confidentiality::kPublic, "public"},
    {Confidentiality::kSummaryOnly, "summary_only"},
    {Confidentiality::kInviteOnly, "invite_only"},
}};
constexpr Table<IpTerms, 4> kIpTerms{{
    {IpTerms::kNone, "none"},
    {IpTerms::kNonExclusive, "non_exclusive"},
    {IpTerms::kExclusive, "exclusive"},
    {IpTerms::kNegotiable, "negotiable"},
}};
constexpr Table<ProblemStatus, 8> kProblemStatuses{{
    {ProblemStatus::kDraft, "draft"},
    {ProblemStatus::kOpen, "open"},
    {ProblemStatus::kMatching, "matching"},
    {ProblemStatus::kProposals, "proposals"},
    {ProblemStatus::kAwarded, "awarded"},
    {ProblemStatus::kInProgress, "in_progress"},
    {ProblemStatus::kCompleted, "completed"},
    {ProblemStatus::kCancelled, "cancelled"},
}};

constexpr Table<ReviewStatus, 3> kReviewStatuses{{
    {ReviewStatus::kOpen, "open"},
    {ReviewStatus::kMerged, "merged"},
    {ReviewStatus::kKeptApart, "kept_apart"},
}};

}  // namespace

EnumTable<OrganizationKind> Names(OrganizationKind) { return kOrganizationKinds; }
EnumTable<TaxonomyStatus> Names(TaxonomyStatus) { return kTaxonomyStatuses; }
EnumTable<ChapterStatus> Names(ChapterStatus) { return kChapterStatuses; }
EnumTable<MembershipRole> Names(MembershipRole) { return kMembershipRoles; }
EnumTable<ReviewStatus> Names(ReviewStatus) { return kReviewStatuses; }
EnumTable<CareerStage> Names(CareerStage) { return kCareerStages; }
EnumTable<EngagementMode> Names(EngagementMode) { return kEngagementModes; }
EnumTable<Background> Names(Background) { return kBackgrounds; }
EnumTable<WorkKind> Names(WorkKind) { return kWorkKinds; }
EnumTable<SkillLevel> Names(SkillLevel) { return kSkillLevels; }
EnumTable<Confidentiality> Names(Confidentiality) { return kConfidentialities; }
EnumTable<IpTerms> Names(IpTerms) { return kIpTerms; }
EnumTable<ProblemStatus> Names(ProblemStatus) { return kProblemStatuses; }

}  // namespace ketnoi::model

// The wire names of every domain enum ("embassy_st_office", "summary_only", ...), used by the
// JSON mapping, the store and the query filters, so each name is spelled in one place.
//
// Thread safety: pure functions over constant tables.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "model/chapter.h"
#include "model/expert.h"
#include "model/organization.h"
#include "model/problem.h"
#include "model/review.h"
#include "model/taxonomy.h"
#include "model/work.h"

namespace ketnoi::model {

template <typename E>
using EnumTable = std::span<const std::pair<E, std::string_view>>;

// One table per enum; defined in enums.cc.
EnumTable<OrganizationKind> Names(OrganizationKind);
EnumTable<TaxonomyStatus> Names(TaxonomyStatus);
EnumTable<ChapterStatus> Names(ChapterStatus);
EnumTable<MembershipRole> Names(MembershipRole);
EnumTable<CareerStage> Names(CareerStage);
EnumTable<EngagementMode> Names(EngagementMode);
EnumTable<Background> Names(Background);
EnumTable<WorkKind> Names(WorkKind);
EnumTable<SkillLevel> Names(SkillLevel);
EnumTable<Confidentiality> Names(Confidentiality);
EnumTable<IpTerms> Names(IpTerms);
EnumTable<ProblemStatus> Names(ProblemStatus);
EnumTable<ReviewStatus> Names(ReviewStatus);

// Returns the wire name of `value`.
template <typename E>
std::string_view ToName(E value) {
  for (const auto& [v, name] : Names(E{})) {
    if (v == value) return name;
  }
  return "unknown";
}

// Returns the enum value named `name`, or nullopt when no value has that name.
template <typename E>
std::optional<E> FromName(std::string_view name) {
  for (const auto& [v, n] : Names(E{})) {
    if (n == name) return v;
  }
  return std::nullopt;
}

// "a, b or c": the accepted names, for error messages.
template <typename E>
std::string AcceptedNames() {
  std::string out;
  auto table = Names(E{});
  for (size_t i = 0; i < table.size(); ++i) {
    if (i > 0) out += (i + 1 == table.size()) ? " or " : ", ";
    out += table[i].second;
  }
  return out;
}

}  // namespace ketnoi::model

// IdentityReview: a doubtful identity match that a person decides. An import found that the
// person it created (`candidate_id`) may be an expert the registry already had
// (`expert_id`); a coordinator merges them or keeps them apart.
#pragma once

#include <string>
#include <vector>

#include "model/common.h"

namespace ketnoi::model {

enum class ReviewStatus { kOpen, kMerged, kKeptApart };

struct IdentityReview {
  Id id = 0;
  Id expert_id = 0;                  // The expert the registry already had.
  Id candidate_id = 0;               // The expert the import created.
  std::string name_match;            // import::NameMatchName: "exact", "partial", ...
  std::vector<std::string> reasons;  // What the two have in common.
  ReviewStatus status = ReviewStatus::kOpen;
  std::string created_at;
  std::string decided_at;  // Empty while open.

  bool operator==(const IdentityReview&) const = default;
};

}  // namespace ketnoi::model

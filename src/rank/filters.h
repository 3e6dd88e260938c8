// Filters: which experts a query may return.
//
// A FilterIndex keeps, per attribute value (country, chapter, language, group, engagement
// mode), the sorted ordinals of a segment's experts that have it. A query's filters become
// one Bitmap over ordinals: values of one field are OR-ed, fields are AND-ed; availability
// windows are then checked per remaining candidate (dates do not index well as values), and
// excluded experts are cleared. Top-k retrieval tests the bitmap a 64-bit word at a time.
// Experts outside an indexed segment (the delta) are tested one by one with Matches.
//
// Thread safety: a FilterIndex is immutable after construction; CompiledFilters is a value.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/result.h"
#include "index/bitmap.h"
#include "rank/engine.h"
#include "rank/internal/records.h"

namespace ketnoi::rank {

// MatchFilters checked and prepared for fast tests.
struct CompiledFilters {
  std::unordered_set<std::string> countries;
  std::unordered_set<Id> chapter_ids;
  std::unordered_set<std::string> languages;
  std::unordered_set<Id> group_ids;
  std::vector<model::EngagementMode> engagement_modes;
  bool availability = false;  // Whether [from, to] is set.
  int32_t from = 0, to = 99999999;
  std::unordered_set<Id> excluded;

  // Whether any attribute filter (not counting exclusions) is set.
  bool HasAttributeFilters() const {
    return !countries.empty() || !chapter_ids.empty() || !languages.empty() || !group_ids.empty() ||
           !engagement_modes.empty() || availability;
  }
};

// Errors: InvalidArgument for malformed dates or from > to (field names the filter).
base::Result<CompiledFilters> CompileFilters(const MatchFilters& filters);

// Whether one expert passes (attributes, availability and exclusion).
bool Matches(const CompiledFilters& filters, Id expert_id,
             const internal::ExpertAttributes& attributes);

class FilterIndex {
 public:
  FilterIndex() = default;
  // Indexes experts[i] as ordinal i.
  explicit FilterIndex(std::span<const std::shared_ptr<const internal::ExpertRecord>> experts);

  // Ordinals passing the attribute filters, availability included and exclusions not (the
  // caller maps excluded ids to ordinals). REQUIRES: filters.HasAttributeFilters().
  index::Bitmap Select(
      const CompiledFilters& filters,
      std::span<const std::shared_ptr<const internal::ExpertRecord>> experts) const;

 private:
  size_t size_ = 0;
  std::unordered_map<std::string, std::vector<uint32_t>> countries_;
  std::unordered_map<Id, std::vector<uint32_t>> chapters_;
  std::unordered_map<std::string, std::vector<uint32_t>> languages_;
  std::unordered_map<Id, std::vector<uint32_t>> groups_;
  std::unordered_map<int, std::vector<uint32_t>> modes_;
};

}  // namespace ketnoi::rank

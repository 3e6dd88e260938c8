#include "rank/filters.h"

#include <algorithm>

namespace ketnoi::rank {

base::Result<CompiledFilters> CompileFilters(const MatchFilters& filters) {
  CompiledFilters out;
  out.countries.insert(filters.countries.begin(), filters.countries.end());
  out.chapter_ids.insert(filters.chapter_ids.begin(), filters.chapter_ids.end());
  out.languages.insert(filters.languages.begin(), filters.languages.end());
  out.group_ids.insert(filters.group_ids.begin(), filters.group_ids.end());
  out.engagement_modes = filters.engagement_modes;
  out.excluded.insert(filters.exclude_expert_ids.begin(), filters.exclude_expert_ids.end());
  if (!filters.available_from.empty() || !filters.available_to.empty()) {
    auto from = internal::ParseDate(filters.available_from, 0);
    if (!from.ok()) return base::InvalidArgument(from.status().message(), "available_from");
    auto to = internal::ParseDate(filters.available_to, 99999999);
    if (!to.ok()) return base::InvalidArgument(to.status().message(), "available_to");
    if (*from > *to) {
      return base::InvalidArgument("available_from is after available_to", "available_from");
    }
    out.availability = true;
    out.from = *from;
    out.to = *to;
  }
  return out;
}

namespace {

bool Available(const CompiledFilters& filters, const internal::ExpertAttributes& attributes) {
  for (const internal::DateRange& window : attributes.availability) {
    if (window.from <= filters.to && filters.from <= window.to) return true;
  }
  return false;
}

template <typename Set, typename Values>
bool AnyIn(const Set& set, const Values& values) {
  for (const auto& value : values) {
    if (set.count(value) != 0) return true;
  }
  return false;
}

}  // namespace

bool Matches(const CompiledFilters& filters, Id expert_id,
             const internal::ExpertAttributes& attributes) {
  if (filters.excluded.count(expert_id) != 0) return false;
  if (!filters.countries.empty() && filters.countries.count(attributes.country) == 0) {
    return false;
  }
  if (!filters.chapter_ids.empty() && !AnyIn(filters.chapter_ids, attributes.chapter_ids)) {
    return false;
  }
  if (!filters.languages.empty() && !AnyIn(filters.languages, attributes.languages)) {
    return false;
  }
  if (!filters.group_ids.empty() && !AnyIn(filters.group_ids, attributes.group_ids)) {
    return false;
  }
  if (!filters.engagement_modes.empty()) {
    bool any = false;
    for (model::EngagementMode mode : attributes.engagement_modes) {
      any = any || std::find(filters.engagement_modes.begin(), filters.engagement_modes.end(),
                             mode) != filters.engagement_modes.end();
    }
    if (!any) return false;
  }
  return !filters.availability || Available(filters, attributes);
}

FilterIndex::FilterIndex(std::span<const std::shared_ptr<const internal::ExpertRecord>> experts)
    : size_(experts.size()) {
  for (uint32_t ordinal = 0; ordinal < experts.size(); ++ordinal) {
    const internal::ExpertAttributes& a = experts[ordinal]->attributes;
    // Values are deduplicated per expert so lists stay strictly increasing.
    auto add = [ordinal](auto& map, const auto& key) {
      auto& list = map[key];
      if (list.empty() || list.back() != ordinal) list.push_back(ordinal);
    };
    if (!a.country.empty()) add(countries_, a.country);
    for (Id id : a.chapter_ids) add(chapters_, id);
    for (const std::string& language : a.languages) add(languages_, language);
    for (Id id : a.group_ids) add(groups_, id);
    for (model::EngagementMode mode : a.engagement_modes) add(modes_, static_cast<int>(mode));
  }
}

index::Bitmap FilterIndex::Select(
    const CompiledFilters& filters,
    std::span<const std::shared_ptr<const internal::ExpertRecord>> experts) const {
  index::Bitmap result(size_, /*full=*/true);
  // One field: OR of its values' lists, then AND into the result.
  auto apply = [&](const auto& map, const auto& values) {
    if (values.empty()) return;
    index::Bitmap field(size_);
    for (const auto& value : values) {
      auto it = map.find(value);
      if (it == map.end()) continue;
      for (uint32_t ordinal : it->second) field.Set(ordinal);
    }
    result.And(field);
  };
  apply(countries_, filters.countries);
  apply(chapters_, filters.chapter_ids);
  apply(languages_, filters.languages);
  apply(groups_, filters.group_ids);
  std::vector<int> modes;
  for (model::EngagementMode mode : filters.engagement_modes)
    modes.push_back(static_cast<int>(mode));
  apply(modes_, modes);
  if (filters.availability) {
    // Per candidate: only experts that passed the indexed filters are tested.
    std::vector<uint32_t> unavailable;
    result.ForEach([&](uint32_t ordinal) {
      if (!Available(filters, experts[ordinal]->attributes)) unavailable.push_back(ordinal);
    });
    for (uint32_t ordinal : unavailable) result.Clear(ordinal);
  }
  return result;
}

}  // namespace ketnoi::rank

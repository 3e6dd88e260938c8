#include "rank/aggregation.h"

#include <algorithm>
#include <cmath>

namespace ketnoi::rank {

float WorkMassNorm(const internal::ExpertRecord& record, const ScoringParams& params) {
  if (record.total_weight <= 0) return 1.0f;
  return static_cast<float>(std::pow(record.total_weight, params.alpha));
}

void ExpertEvidence(const internal::ExpertRecord& record, const ScoringParams& params,
                    std::vector<std::pair<uint32_t, float>>* out) {
  out->clear();
  out->reserve(record.terms.size());
  const float norm = WorkMassNorm(record, params);
  for (const internal::ExpertRecord::Work& work : record.works) {
    const float scale = work.meta.weight / norm;
    for (uint32_t i = work.terms_begin; i < work.terms_end; ++i) {
      out->emplace_back(record.terms[i], scale * DequantizeImpact(record.impacts[i]));
    }
  }
  for (uint32_t i = record.profile_begin; i < record.terms.size(); ++i) {
    out->emplace_back(record.terms[i], params.beta * DequantizeImpact(record.impacts[i]));
  }
  // Sort and merge: an expert has a few thousand (term, work) pairs. Stable, so that each
  // term's values are summed in work order, as BuildBase sums them (the same floats).
  std::stable_sort(out->begin(), out->end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  size_t kept = 0;
  for (size_t i = 0; i < out->size(); ++i) {
    if (kept > 0 && (*out)[kept - 1].first == (*out)[i].first) {
      (*out)[kept - 1].second += (*out)[i].second;
    } else {
      (*out)[kept++] = (*out)[i];
    }
  }
  out->resize(kept);
}

}  // namespace ketnoi::rank

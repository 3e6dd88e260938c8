#include "rank/scoring.h"

#include <algorithm>

namespace ketnoi::rank {

float WorkWeight(const ScoringParams& params, int current_year, int year, int author_position,
                 int author_count, bool corresponding, bool key) {
  const float age =
      year > 0 ? static_cast<float>(std::max(0, current_year - year)) : params.unknown_year_age;
  float weight =
      params.recency_half_life_years > 0 ? std::exp2(-age / params.recency_half_life_years) : 1.0f;
  // First and last authors lead the work in most fields (the last usually supervises);
  // corresponding authors answer for it.
  const bool leading = author_position == 0 || author_position + 1 >= author_count || corresponding;
  if (!leading) weight *= params.other_author_weight;
  if (key) weight *= params.key_work_weight;
  return weight;
}

}  // namespace ketnoi::rank

// Aggregation: how the evidence of an expert's works adds up to the expert.
//
// Weighted voting over the expert's works (a weighted CombSUM, Macdonald & Ounis, "Voting for
// candidates: adapting data fusion techniques for an expert search task", CIKM 2006; with
// Balog et al.'s document-candidate association weights, "Formal models for expert finding
// in enterprise corpora", SIGIR 2006), normalised by the expert's total work mass:
//   score(q, e) = sum_d weight(d) * score(q, d) / (sum_d weight(d))^alpha + beta * profile(q, e)
// Since score(q, d) is linear in the per-work impacts, so is score(q, e):
//   score(q, e) = sum_t qw_t * idf_t * E(t, e),
//   E(t, e)     = sum_d weight(d) * impact(t, d) / W_e^alpha + beta * impact(t, profile_e),
// which is what the expert-level index stores (quantised) and what lets top-k retrieval
// prune exactly at the expert level.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "rank/internal/records.h"
#include "rank/scoring.h"

namespace ketnoi::rank {

// W_e^alpha, the divisor of the work evidence (1 for experts without works).
float WorkMassNorm(const internal::ExpertRecord& record, const ScoringParams& params);

// E(t, e) for every term of the expert, sorted by term id. `out` is cleared first.
void ExpertEvidence(const internal::ExpertRecord& record, const ScoringParams& params,
                    std::vector<std::pair<uint32_t, float>>* out);

}  // namespace ketnoi::rank

// Exact top-k retrieval over document-ordered impact postings.
//
// BlockMaxMaxScore implements MaxScore (Turtle & Flood, "Query evaluation: strategies and
// optimizations", IP&M 1995) with block-max bounds (Ding & Suel, SIGIR 2011), evaluated over
// windows of documents as Lucene's MaxScoreBulkScorer does:
//   - per window, each term's bound is the largest block maximum of its blocks overlapping
//     the window; terms are ordered by bound;
//   - the longest prefix of terms whose bounds sum to at most the current k-th score is
//     "non-essential": a document appearing only in those lists cannot enter the top k;
//   - essential lists are traversed term-at-a-time into a window of score accumulators;
//     each touched document that passes the filter is completed by probing the non-essential
//     lists (NextGEQ), largest bound first, stopping as soon as its bound drops below the
//     threshold.
// Windows whose total bound cannot beat the threshold are skipped without decoding.
//
// The score of a document is sum over terms of weight_t * value_t(impact_t(doc)). The result equals
// exhaustive scoring (up to float rounding in the last bit; pruning keeps a small safety
// margin so rounding never drops a document that belongs in the result).
//
// Thread safety: functions over caller-owned cursors; distinct calls may run concurrently on
// distinct cursors.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "index/bitmap.h"
#include "index/postings.h"
#include "index/topk.h"

namespace ketnoi::index {

// The impact values of lists whose impacts are linear: value i for impact i.
inline constexpr std::array<float, 256> kLinearImpactValues = [] {
  std::array<float, 256> values{};
  for (int i = 0; i < 256; ++i) values[i] = static_cast<float>(i);
  return values;
}();

struct WeightedCursor {
  PostingCursor* cursor = nullptr;
  float weight = 0;  // Score contribution per unit of impact value; > 0.
  // The value of each impact: a posting with impact i contributes weight * values[i].
  // REQUIRES: 256 entries, non-decreasing, so that a block's largest impact bounds it.
  const float* impact_values = kLinearImpactValues.data();
};

struct MaxScoreOptions {
  // Documents are ordinals < num_docs.
  uint32_t num_docs = 0;
  // If set, only its members are scored. REQUIRES: size() >= num_docs.
  const Bitmap* allowed = nullptr;
  // Documents per window; a multiple of 64.
  uint32_t window = 1024;
};

// Adds the best documents to `top` (which may already hold candidates from elsewhere, whose
// threshold then prunes from the start). Cursors must be fresh (at their first posting).
void BlockMaxMaxScore(std::span<const WeightedCursor> terms, const MaxScoreOptions& options,
                      TopK* top);

// Scores exactly the given documents (strictly increasing) and offers them to `top`; the
// plan for very selective filters, where probing each list per document beats traversal.
void ScoreListedDocs(std::span<const WeightedCursor> terms, std::span<const uint32_t> docs,
                     TopK* top);

}  // namespace ketnoi::index

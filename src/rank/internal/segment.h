// Internal: the two segments queries merge.
//
// BaseSegment: immutable, compressed. Experts get dense ordinals; per term, an expert-level
// posting list of quantised E(t, e) (see rank/aggregation.h) — 8 bits per posting with a
// per-term scale (E = q * scale[t]), so the largest E of the term maps to 255. Queries run
// block-max MaxScore over these lists.
//
// DeltaSegment: small and mutable, for experts upserted since the base was built:
// uncompressed per-term lists of exact float E(t, e) over delta slots. Replaced or removed
// experts leave dead slots (null record) until the next merge.
//
// Thread safety: BaseSegment is immutable and shared; DeltaSegment is guarded by the
// engine's lock (mutated only under its unique lock).
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "index/postings.h"
#include "rank/filters.h"
#include "rank/internal/records.h"
#include "rank/scoring.h"

namespace ketnoi::rank::internal {

using RecordPtr = std::shared_ptr<const ExpertRecord>;

struct BaseSegment {
  std::vector<RecordPtr> experts;  // By ordinal.
  index::PostingIndex postings;
  std::vector<float> scale;  // Per term id; E = quantised * scale.
  FilterIndex filters;
};

// Builds a base segment over `experts` (ordinal = position) on `threads` threads.
std::shared_ptr<const BaseSegment> BuildBase(std::vector<RecordPtr> experts, size_t num_terms,
                                             const ScoringParams& params, int threads);

struct DeltaPosting {
  uint32_t slot = 0;
  float evidence = 0;  // E(t, e).
};

struct DeltaSegment {
  std::vector<RecordPtr> experts;  // By slot; null when replaced or removed.
  std::unordered_map<uint32_t, std::vector<DeltaPosting>> postings;
  size_t live = 0;

  size_t num_postings = 0;

  // Appends `record`, whose E(t, e) are `evidence` (ExpertEvidence), in a new slot; returns
  // the slot.
  uint32_t Add(RecordPtr record, const std::vector<std::pair<uint32_t, float>>& evidence);
  void Kill(uint32_t slot) {
    if (experts[slot] != nullptr) --live;
    experts[slot] = nullptr;
  }
};

}  // namespace ketnoi::rank::internal

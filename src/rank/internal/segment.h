// Internal: the two segments queries merge.
//
// BaseSegment: immutable, compressed. Experts get dense ordinals; per term, an expert-level
// posting list of quantised E(t, e) (see rank/aggregation.h): a code c in 1..kTopImpactCode
// on a log scale relative to the term's largest E, E ~ scale[t] * impact_values[c], with
// codes kImpactOctaves octaves apart at the ends (smaller E take code 1). Equal relative
// steps (a factor 1.2: every E within 10% of its code's value) rather than 8-bit linear
// steps, whose error on small E reached 50%, in 5 bits instead of 8 (impacts quantised to
// few levels rank about as well as exact ones: Anh, de Kretser & Moffat, "Vector-space
// ranking with effective early termination", SIGIR 2001; MAP moved by at most 0.006 on
// our sets, docs/BENCHMARKS.md). Queries run block-max MaxScore over these lists, and every
// score of a base expert (Match, ScorePairs) is computed from these codes alone.
//
// DeltaSegment: small and mutable, for experts upserted since the base was built:
// uncompressed per-term lists of exact float E(t, e) over delta slots. Replaced or removed
// experts leave dead slots (null record) until the next merge.
//
// Thread safety: BaseSegment is immutable and shared; DeltaSegment is guarded by the
// engine's lock (mutated only under its unique lock).
#pragma once

#include <array>
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

inline constexpr int kTopImpactCode = 31;
inline constexpr int kImpactOctaves = 8;

// The code of E(t, e) = `value` for a term whose largest E is `max`: never 0, so that every
// posting keeps a positive score. REQUIRES: 0 <= value <= max, max > 0.
uint8_t ImpactCode(float value, float max);
// impact_values[c] for each code c (0 for 0).
std::array<float, 256> ImpactCodeValues();

struct BaseSegment {
  std::vector<RecordPtr> experts;  // By ordinal.
  index::PostingIndex postings;
  std::vector<float> scale;  // Per term id, its largest E; E ~ scale * impact_values[code].
  std::array<float, 256> impact_values = ImpactCodeValues();
  FilterIndex filters;
  // Optional forward lists: the postings again, by expert. Ordinal o's (term, code) pairs,
  // sorted by term, are [forward_begin[o], forward_begin[o + 1]) of forward_terms and
  // forward_codes. Exact scores of a scattered set of experts cost a binary search per query
  // term and expert this way, against a block decode per query term and expert (most of
  // every list) through the postings; the fused ranking needs such scores for the hundreds
  // of experts whose latent score alone could lift them into the top k.
  std::vector<uint64_t> forward_begin;  // Empty when there are no forward lists.
  std::vector<uint32_t> forward_terms;
  std::vector<uint8_t> forward_codes;

  bool HasForward() const { return !forward_begin.empty(); }
  uint64_t ForwardBytes() const {
    return forward_begin.size() * sizeof(uint64_t) + forward_terms.size() * sizeof(uint32_t) +
           forward_codes.size();
  }
};

// How many postings BuildBase writes to its buffer at a time (see BuildBase).
inline constexpr uint64_t kBuildRangePostings = uint64_t{1} << 22;

// Builds a base segment over `experts` (ordinal = position) on `threads` threads, with
// forward lists if `forward`. The posting lists are transposed from the experts' forward
// lists a range of terms at a time, each range's lists in a buffer of about
// `range_postings` postings (a term with more has a range of its own).
std::shared_ptr<const BaseSegment> BuildBase(std::vector<RecordPtr> experts, size_t num_terms,
                                             const ScoringParams& params, int threads, bool forward,
                                             uint64_t range_postings = kBuildRangePostings);

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

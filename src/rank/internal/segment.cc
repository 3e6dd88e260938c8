#include "rank/internal/segment.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <memory>
#include <span>
#include <thread>
#include <vector>

#include "rank/aggregation.h"
#include "rank/internal/term_table.h"

namespace ketnoi::rank::internal {
namespace {

// E(t, e) of one expert (the values of ExpertEvidence, summed in work order) in a TermTable
// reused from expert to expert. BuildBase needs the evidence in
// no particular order, so this spares ExpertEvidence's sort of every (term, work) pair.
class EvidenceTable {
 public:
  struct Entry {
    uint32_t term;
    float value;
  };

  // Replaces the table's contents with the evidence of `record`.
  void Compute(const ExpertRecord& record, const ScoringParams& params) {
    table_.Clear();
    const std::vector<uint32_t>& terms = record.terms;
    table_.Reserve(terms.size());  // Its distinct terms are at most this many.
    // The slots of the terms some terms ahead are loaded while this one is added.
    auto add = [&](size_t at, float value) {
      if (at + kSlotsAhead < terms.size()) table_.Prefetch(terms[at + kSlotsAhead]);
      table_[table_.Find(terms[at], {terms[at], 0.0f})].value += value;
    };
    const float norm = WorkMassNorm(record, params);
    for (const ExpertRecord::Work& work : record.works) {
      const float scale = work.meta.weight / norm;
      for (uint32_t i = work.terms_begin; i < work.terms_end; ++i) {
        add(i, scale * DequantizeImpact(record.impacts[i]));
      }
    }
    for (size_t i = record.profile_begin; i < terms.size(); ++i) {
      add(i, params.beta * DequantizeImpact(record.impacts[i]));
    }
  }
  std::span<const Entry> entries() const { return table_.entries(); }

 private:
  static constexpr size_t kSlotsAhead = 8;

  TermTable<Entry> table_;
};

}  // namespace

namespace {

// What ImpactCode looks up. The bounds are the ratios halfway (in log scale) between
// adjacent codes' values: the code is one more than the number of them at or below
// value / max. A ratio's cell is its binary exponent and the top 8 bits of its mantissa,
// 1/256 of an octave at most, less than a bound's distance from the next (8/30 of an
// octave): so each cell holds at most one bound, and the number of bounds at or below a
// ratio is its cell's count (the bounds at or below the cell's start) plus one if the
// ratio reaches the next bound.
struct ImpactCodeTables {
  static constexpr int kCellShift = 52 - 8;     // Keeps the exponent and 8 mantissa bits.
  std::array<double, kTopImpactCode> bounds{};  // The 30 bounds, then +infinity.
  double lowest = 0;           // The start of the first cell: a power of 2 below every bound.
  uint64_t first_cell = 0;     // bit_cast<uint64_t>(lowest) >> kCellShift.
  std::vector<uint8_t> below;  // Per cell from `lowest` to 1.0.

  ImpactCodeTables() {
    for (int code = 1; code < kTopImpactCode; ++code) {
      bounds[code - 1] =
          std::exp2((code + 0.5 - kTopImpactCode) * kImpactOctaves / (kTopImpactCode - 1));
    }
    bounds[kTopImpactCode - 1] = std::numeric_limits<double>::infinity();
    lowest = std::exp2(std::floor(std::log2(bounds[0])));
    first_cell = std::bit_cast<uint64_t>(lowest) >> kCellShift;
    const uint64_t last_cell = std::bit_cast<uint64_t>(1.0) >> kCellShift;
    for (uint64_t cell = first_cell; cell <= last_cell; ++cell) {
      const double start = std::bit_cast<double>(cell << kCellShift);
      below.push_back(static_cast<uint8_t>(
          std::upper_bound(bounds.begin(), bounds.end() - 1, start) - bounds.begin()));
    }
  }
};

}  // namespace

uint8_t ImpactCode(float value, float max) {
  static const ImpactCodeTables tables;
  const double ratio = static_cast<double>(value) / max;
  if (ratio < tables.lowest) return 1;  // Below every bound.
  if (ratio <= 1.0) {
    const uint8_t below =
        tables.below[(std::bit_cast<uint64_t>(ratio) >> ImpactCodeTables::kCellShift) -
                     tables.first_cell];
    return static_cast<uint8_t>(1 + below + (ratio < tables.bounds[below] ? 0 : 1));
  }
  // Not a ratio in (0, 1] (NaN, or a value above `max`): std::upper_bound's answer.
  const auto* bounds_end = tables.bounds.end() - 1;
  return static_cast<uint8_t>(
      1 + (std::upper_bound(tables.bounds.begin(), bounds_end, ratio) - tables.bounds.begin()));
}

std::array<float, 256> ImpactCodeValues() {
  std::array<float, 256> values{};
  for (int code = 1; code <= kTopImpactCode; ++code) {
    values[code] = static_cast<float>(std::exp2(static_cast<double>(code - kTopImpactCode) *
                                                kImpactOctaves / (kTopImpactCode - 1)));
  }
  return values;
}

std::shared_ptr<const BaseSegment> BuildBase(std::vector<RecordPtr> experts, size_t num_terms,
                                             const ScoringParams& params, int threads, bool forward,
                                             uint64_t range_postings) {
  auto segment = std::make_shared<BaseSegment>();
  const size_t n = experts.size();
  // Evidence vectors are computed twice rather than kept for every expert at once (they
  // are ~8 bytes per expert-term, gigabytes for millions of works). Workers take
  // contiguous ranges of ordinals.
  const int workers = std::max(1, std::min<int>(threads, static_cast<int>(n / 64) + 1));
  auto range_begin = [&](int w) { return n * static_cast<size_t>(w) / workers; };
  auto run = [&](auto&& work) {
    std::vector<std::thread> pool;
    for (int w = 0; w < workers; ++w) pool.emplace_back(work, w);
    for (std::thread& thread : pool) thread.join();
  };
  // Pass 1: per-term counts (per worker) and maxima; per-expert counts for forward lists.
  std::vector<std::vector<uint32_t>> counts(workers, std::vector<uint32_t>(num_terms, 0));
  std::vector<std::vector<float>> maxima(workers, std::vector<float>(num_terms, 0));
  std::vector<uint64_t> forward_begin(n + 1, 0);
  run([&](int w) {
    EvidenceTable evidence;
    for (size_t i = range_begin(w); i < range_begin(w + 1); ++i) {
      evidence.Compute(*experts[i], params);
      forward_begin[i + 1] = evidence.entries().size();
      for (const auto& [term, value] : evidence.entries()) {
        ++counts[w][term];
        maxima[w][term] = std::max(maxima[w][term], value);
      }
    }
  });
  // offsets[t]: where term t's list starts among all postings, in term order.
  std::vector<uint64_t> offsets(num_terms + 1, 0);
  segment->scale.assign(num_terms, 0);
  for (size_t t = 0; t < num_terms; ++t) {
    uint64_t list = 0;
    float max = 0;
    for (int w = 0; w < workers; ++w) {
      list += counts[w][t];
      max = std::max(max, maxima[w][t]);
    }
    offsets[t + 1] = offsets[t] + list;
    segment->scale[t] = max;
  }
  counts = {};
  maxima = {};
  for (size_t i = 0; i < n; ++i) forward_begin[i + 1] += forward_begin[i];
  // Pass 2: every expert's postings, (term, code) sorted by term: the forward lists, which
  // are also what the posting lists are transposed from below.
  const int term_bits = std::bit_width(num_terms);
  std::vector<uint32_t> forward_terms(forward_begin[n]);
  std::vector<uint8_t> forward_codes(forward_begin[n]);
  run([&](int w) {
    EvidenceTable evidence;
    std::vector<uint64_t> by_term;  // (term << 8 | code) of the expert's postings.
    std::vector<uint64_t> buffer;
    for (size_t i = range_begin(w); i < range_begin(w + 1); ++i) {
      evidence.Compute(*experts[i], params);
      by_term.clear();
      for (const auto& [term, value] : evidence.entries()) {
        by_term.push_back(uint64_t{term} << 8 | ImpactCode(value, segment->scale[term]));
      }
      SortByTerm(by_term, buffer, term_bits);
      uint64_t at = forward_begin[i];
      for (uint64_t key : by_term) {
        forward_terms[at] = static_cast<uint32_t>(key >> 8);
        forward_codes[at++] = static_cast<uint8_t>(key);
      }
    }
  });
  // The posting lists, a range of terms at a time: each expert's forward list is sorted by
  // term, so a cursor per expert walks it range by range, and ordinals come in increasing
  // order. Each range's lists are written into a buffer of about range_postings postings
  // and encoded from there; writing every posting straight to its place among all of them
  // would touch a new page of gigabytes at almost every posting.
  std::vector<uint64_t> cursor(forward_begin.begin(), forward_begin.end() - 1);
  std::vector<uint32_t> docs;
  std::vector<uint8_t> impacts;
  std::vector<uint64_t> next;  // Per term of the range: where its next posting goes.
  index::PostingIndexBuilder builder;
  builder.Reserve(offsets[num_terms], num_terms);
  for (size_t first = 0; first < num_terms;) {
    size_t last = first + 1;  // The range is [first, last).
    while (last < num_terms && offsets[last + 1] - offsets[first] <= range_postings) ++last;
    const uint64_t base = offsets[first];
    docs.resize(offsets[last] - base);
    impacts.resize(offsets[last] - base);
    next.assign(offsets.begin() + static_cast<ptrdiff_t>(first),
                offsets.begin() + static_cast<ptrdiff_t>(last));
    for (size_t i = 0; i < n; ++i) {
      uint64_t at = cursor[i];
      const uint64_t end = forward_begin[i + 1];
      for (; at < end && forward_terms[at] < last; ++at) {
        const uint64_t to = next[forward_terms[at] - first]++ - base;
        docs[to] = static_cast<uint32_t>(i);
        impacts[to] = forward_codes[at];
      }
      cursor[i] = at;
    }
    for (size_t t = first; t < last; ++t) {
      const size_t begin = offsets[t] - base;
      const size_t size = offsets[t + 1] - offsets[t];
      builder.Add(static_cast<uint32_t>(t), std::span<const uint32_t>(docs.data() + begin, size),
                  std::span<const uint8_t>(impacts.data() + begin, size));
    }
    first = last;
  }
  segment->postings = builder.Build();
  if (forward) {
    segment->forward_begin = std::move(forward_begin);
    segment->forward_terms = std::move(forward_terms);
    segment->forward_codes = std::move(forward_codes);
  }
  segment->filters = FilterIndex(experts);
  segment->experts = std::move(experts);
  return segment;
}

uint32_t DeltaSegment::Add(RecordPtr record,
                           const std::vector<std::pair<uint32_t, float>>& evidence) {
  const uint32_t slot = static_cast<uint32_t>(experts.size());
  for (const auto& [term, value] : evidence) postings[term].push_back({slot, value});
  num_postings += evidence.size();
  experts.push_back(std::move(record));
  ++live;
  return slot;
}

}  // namespace ketnoi::rank::internal

#include "rank/internal/segment.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "rank/aggregation.h"

namespace ketnoi::rank::internal {

std::shared_ptr<const BaseSegment> BuildBase(std::vector<RecordPtr> experts, size_t num_terms,
                                             const ScoringParams& params, int threads) {
  auto segment = std::make_shared<BaseSegment>();
  const size_t n = experts.size();
  // Evidence vectors are computed twice rather than kept for every expert at once (they
  // are ~8 bytes per expert-term, gigabytes for millions of works). Workers take
  // contiguous ranges of ordinals, so in pass 2 each writes its own slice of every list.
  const int workers = std::max(1, std::min<int>(threads, static_cast<int>(n / 64) + 1));
  auto range_begin = [&](int w) { return n * static_cast<size_t>(w) / workers; };
  auto run = [&](auto&& work) {
    std::vector<std::thread> pool;
    for (int w = 0; w < workers; ++w) pool.emplace_back(work, w);
    for (std::thread& thread : pool) thread.join();
  };
  // Pass 1: per-term counts (per worker) and maxima.
  std::vector<std::vector<uint32_t>> counts(workers, std::vector<uint32_t>(num_terms, 0));
  std::vector<std::vector<float>> maxima(workers, std::vector<float>(num_terms, 0));
  run([&](int w) {
    std::vector<std::pair<uint32_t, float>> evidence;
    for (size_t i = range_begin(w); i < range_begin(w + 1); ++i) {
      ExpertEvidence(*experts[i], params, &evidence);
      for (const auto& [term, value] : evidence) {
        ++counts[w][term];
        maxima[w][term] = std::max(maxima[w][term], value);
      }
    }
  });
  // fill[w][t]: where worker w writes its next posting of term t.
  std::vector<uint64_t> offsets(num_terms + 1, 0);
  std::vector<std::vector<uint64_t>> fill(workers, std::vector<uint64_t>(num_terms));
  segment->scale.assign(num_terms, 0);
  for (size_t t = 0; t < num_terms; ++t) {
    uint64_t at = offsets[t];
    float max = 0;
    for (int w = 0; w < workers; ++w) {
      fill[w][t] = at;
      at += counts[w][t];
      max = std::max(max, maxima[w][t]);
    }
    offsets[t + 1] = at;
    segment->scale[t] = max / 255.0f;
  }
  counts = {};
  maxima = {};
  // Pass 2: counting sort into per-term lists; ordinals arrive in increasing order.
  std::vector<uint32_t> docs(offsets[num_terms]);
  std::vector<uint8_t> impacts(offsets[num_terms]);
  run([&](int w) {
    std::vector<std::pair<uint32_t, float>> evidence;
    std::vector<uint64_t>& next = fill[w];
    for (size_t i = range_begin(w); i < range_begin(w + 1); ++i) {
      ExpertEvidence(*experts[i], params, &evidence);
      for (const auto& [term, value] : evidence) {
        const uint64_t at = next[term]++;
        docs[at] = static_cast<uint32_t>(i);
        // Rounded, but never to 0: every posting keeps a positive score.
        const long q = std::lround(value / segment->scale[term]);
        impacts[at] = static_cast<uint8_t>(std::clamp<long>(q, 1, 255));
      }
    }
  });
  fill = {};
  index::PostingIndexBuilder builder;
  for (size_t t = 0; t < num_terms; ++t) {
    builder.Add(static_cast<uint32_t>(t),
                std::span<const uint32_t>(docs.data() + offsets[t], offsets[t + 1] - offsets[t]),
                std::span<const uint8_t>(impacts.data() + offsets[t], offsets[t + 1] - offsets[t]));
  }
  segment->postings = builder.Build();
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

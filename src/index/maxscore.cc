#include "index/maxscore.h"

#include <algorithm>
#include <bit>
#include <numeric>
#include <vector>

namespace ketnoi::index {
namespace {

// Bounds are compared with a relative margin so float rounding (the bound and the score sum
// the same terms in different orders) can only make pruning more cautious, never lossy.
inline bool CannotEnter(float bound, float threshold) {
  return bound * (1.0f + 1e-5f) <= threshold;
}

}  // namespace

void BlockMaxMaxScore(std::span<const WeightedCursor> terms, const MaxScoreOptions& options,
                      TopK* top) {
  const size_t n = terms.size();
  if (n == 0 || options.num_docs == 0) return;
  const uint32_t window = std::max<uint32_t>(64, options.window / 64 * 64);
  std::vector<float> accumulators(window, 0.0f);
  std::vector<uint64_t> touched(window / 64, 0);
  std::vector<float> bound(n);          // Per term, for the current window.
  std::vector<uint32_t> order(n);       // Terms by bound, ascending.
  std::vector<float> prefix(n + 1, 0);  // prefix[i] = sum of bound[order[0..i-1]].
  const Bitmap* allowed = options.allowed;

  uint32_t start = kEndDoc;
  for (const WeightedCursor& term : terms) start = std::min(start, term.cursor->doc());
  while (start < options.num_docs) {
    start = start / 64 * 64;
    const uint32_t end = std::min<uint64_t>(uint64_t{start} + window, options.num_docs);
    // Window bounds from block metadata, without decoding.
    for (size_t t = 0; t < n; ++t) {
      PostingCursor& cursor = *terms[t].cursor;
      uint8_t max_impact = 0;
      if (cursor.doc() < end) {
        for (uint32_t b = cursor.current_block(); b < cursor.num_blocks(); ++b) {
          max_impact = std::max(max_impact, cursor.block_max_impact(b));
          if (cursor.block_last_doc(b) >= end - 1) break;
        }
      }
      bound[t] = terms[t].weight * terms[t].impact_values[max_impact];
    }
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return bound[a] < bound[b]; });
    for (size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + bound[order[i]];
    float threshold = top->threshold();
    size_t essential = 0;  // order[essential..n-1] are essential.
    while (essential < n && CannotEnter(prefix[essential + 1], threshold)) ++essential;

    if (essential < n) {
      // Term-at-a-time over the essential lists within the window.
      for (size_t i = essential; i < n; ++i) {
        const WeightedCursor& term = terms[order[i]];
        PostingCursor& cursor = *term.cursor;
        cursor.NextGEQ(start);
        while (cursor.doc() < end) {
          const uint32_t slot = cursor.doc() - start;
          accumulators[slot] += term.weight * term.impact_values[cursor.impact()];
          touched[slot >> 6] |= uint64_t{1} << (slot & 63);
          cursor.Next();
        }
      }
      for (uint32_t w = 0; w < touched.size(); ++w) {
        uint64_t bits = touched[w];
        touched[w] = 0;
        // Documents outside the filter are dropped a word at a time.
        if (allowed != nullptr) bits &= allowed->word((start >> 6) + w);
        for (; bits != 0; bits &= bits - 1) {
          const uint32_t slot = w * 64 + std::countr_zero(bits);
          const uint32_t doc = start + slot;
          float score = accumulators[slot];
          if (CannotEnter(score + prefix[essential], threshold)) continue;
          for (size_t i = essential; i-- > 0;) {
            const WeightedCursor& term = terms[order[i]];
            term.cursor->NextGEQ(doc);
            if (term.cursor->doc() == doc) {
              score += term.weight * term.impact_values[term.cursor->impact()];
            }
            if (CannotEnter(score + prefix[i], threshold)) break;
          }
          if (top->Push(doc, score)) threshold = top->threshold();
        }
      }
      // Clear every accumulator the window used, filtered or not.
      std::fill(accumulators.begin(), accumulators.begin() + (end - start), 0.0f);
    }
    // Next window: the first document any list still holds at or after `end`.
    uint32_t next = kEndDoc;
    for (const WeightedCursor& term : terms) {
      PostingCursor& cursor = *term.cursor;
      if (cursor.doc() < end) cursor.NextGEQ(end);
      next = std::min(next, cursor.doc());
    }
    start = next;
  }
}

void ScoreListedDocs(std::span<const WeightedCursor> terms, std::span<const uint32_t> docs,
                     TopK* top) {
  for (uint32_t doc : docs) {
    float score = 0;
    for (const WeightedCursor& term : terms) {
      term.cursor->NextGEQ(doc);
      if (term.cursor->doc() == doc) {
        score += term.weight * term.impact_values[term.cursor->impact()];
      }
    }
    top->Push(doc, score);
  }
}

}  // namespace ketnoi::index

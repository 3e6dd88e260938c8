// TopK: keeps the k best (document, score) pairs seen so far, with the threshold a new
// document must beat. Better means a higher score, then a lower document ordinal, so the
// result is a deterministic function of the scores.
//
// Thread safety: single-thread value.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ketnoi::index {

struct ScoredDoc {
  uint32_t doc = 0;
  float score = 0;
};

class TopK {
 public:
  // REQUIRES: k >= 1.
  explicit TopK(size_t k) : k_(k) { heap_.reserve(k + 1); }

  size_t k() const { return k_; }
  bool full() const { return heap_.size() >= k_; }
  // The score to beat: the k-th best score once full, else 0 (scores are positive).
  float threshold() const { return full() ? heap_.front().score : 0.0f; }

  // Offers a document; keeps it if it is among the k best. Returns whether it was kept.
  bool Push(uint32_t doc, float score) {
    if (!(score > 0)) return false;
    if (full()) {
      if (!Better({doc, score}, heap_.front())) return false;
      std::pop_heap(heap_.begin(), heap_.end(), Better);
      heap_.back() = {doc, score};
    } else {
      heap_.push_back({doc, score});
    }
    std::push_heap(heap_.begin(), heap_.end(), Better);
    return true;
  }

  // The kept documents, in no particular order.
  const std::vector<ScoredDoc>& docs() const { return heap_; }

  // The kept documents, best first. Leaves the TopK empty.
  std::vector<ScoredDoc> TakeSorted() {
    std::sort(heap_.begin(), heap_.end(), Better);
    return std::move(heap_);
  }

  // Heap order: the worst kept document at the front.
  static bool Better(const ScoredDoc& a, const ScoredDoc& b) {
    return a.score != b.score ? a.score > b.score : a.doc < b.doc;
  }

 private:
  size_t k_;
  std::vector<ScoredDoc> heap_;
};

}  // namespace ketnoi::index

// Bitmap: a dense set of ordinals 0..size-1, used to restrict a search to the documents
// (experts) that pass the query's filters. Dense words rather than compressed containers
// (Roaring) because the sets are per query, over at most a few million ordinals, and are
// read word by word next to the score accumulators.
//
// Thread safety: a value type; const methods may be called concurrently.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ketnoi::index {

class Bitmap {
 public:
  Bitmap() = default;
  // An empty (all zero) or full (all one) set of `size` ordinals.
  explicit Bitmap(size_t size, bool full = false)
      : size_(size), words_((size + 63) / 64, full ? ~uint64_t{0} : 0) {
    if (full) ClearTail();
  }

  size_t size() const { return size_; }
  bool Test(size_t i) const { return i < size_ && (words_[i >> 6] >> (i & 63)) & 1; }
  void Set(size_t i) { words_[i >> 6] |= uint64_t{1} << (i & 63); }
  void Clear(size_t i) { words_[i >> 6] &= ~(uint64_t{1} << (i & 63)); }

  // Word `w` holds ordinals 64w..64w+63; 0 beyond the end.
  uint64_t word(size_t w) const { return w < words_.size() ? words_[w] : 0; }
  size_t num_words() const { return words_.size(); }

  // this &= other; this &= ~other; this |= other. REQUIRES: same size.
  void And(const Bitmap& other) {
    for (size_t w = 0; w < words_.size(); ++w) words_[w] &= other.word(w);
  }
  void AndNot(const Bitmap& other) {
    for (size_t w = 0; w < words_.size(); ++w) words_[w] &= ~other.word(w);
  }
  void Or(const Bitmap& other) {
    for (size_t w = 0; w < words_.size(); ++w) words_[w] |= other.word(w);
  }

  size_t Count() const {
    size_t count = 0;
    for (uint64_t word : words_) count += std::popcount(word);
    return count;
  }

  // Calls fn(ordinal) for each member in increasing order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (size_t w = 0; w < words_.size(); ++w) {
      for (uint64_t bits = words_[w]; bits != 0; bits &= bits - 1) {
        fn(static_cast<uint32_t>(w * 64 + std::countr_zero(bits)));
      }
    }
  }

 private:
  void ClearTail() {
    if (size_ % 64 != 0) words_.back() &= (uint64_t{1} << (size_ % 64)) - 1;
  }

  size_t size_ = 0;
  std::vector<uint64_t> words_;
};

}  // namespace ketnoi::index

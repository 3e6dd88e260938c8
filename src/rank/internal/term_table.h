// Internal: TermTable, the entries of one document's or one expert's distinct terms, found
// by term id in a flat hash table reused from one to the next (emptied through the slots it
// filled, not swept). DocCollector (records.cc) counts a document's terms in it; BuildBase's
// EvidenceTable (segment.cc) sums an expert's evidence in it.
//
// Whether a term is already there is a coin toss for the branch predictor, so Find decides
// no branch on it: every call writes a new entry and its slot, which only a new term counts,
// and the entry returned is picked arithmetically. A slot holds its entry's term beside the
// entry's index + 1, so a probe reads one word.
//
// Thread safety: a single-thread value.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace ketnoi::rank::internal {

// Entry: a trivially copyable aggregate whose member `term` is its term id.
template <typename Entry>
class TermTable {
 public:
  // Makes room for `more` new terms.
  void Reserve(size_t more) {
    const size_t most = count_ + more;
    if (most * 2 > slots_.size()) {
      size_t size = 1024;
      while (size < most * 2) size *= 2;
      slots_.assign(size, 0);
      mask_ = size - 1;
      for (size_t e = 0; e < count_; ++e) {
        uint64_t i = SlotOf(entries_[e].term);
        while (slots_[i] != 0) i = (i + 1) & mask_;
        slots_[i] = SlotValue(entries_[e].term, e);
        used_[e] = static_cast<uint32_t>(i);
      }
    }
    if (most > capacity_) {
      // Not initialised: entries are written before they are read.
      const size_t capacity = std::max(most, capacity_ * 2);
      auto entries = std::make_unique_for_overwrite<Entry[]>(capacity);
      auto used = std::make_unique_for_overwrite<uint32_t[]>(capacity);
      std::copy_n(entries_.get(), count_, entries.get());
      std::copy_n(used_.get(), count_, used.get());
      entries_ = std::move(entries);
      used_ = std::move(used);
      capacity_ = capacity;
    }
  }

  // Starts loading the slot where a Find of `term` begins. REQUIRES: Reserve called.
  void Prefetch(uint32_t term) const { __builtin_prefetch(&slots_[SlotOf(term)]); }

  // The index of `term`'s entry, added as `blank` (whose term is `term`) if new.
  // REQUIRES: Reserve made room for it.
  size_t Find(uint32_t term, const Entry& blank) {
    uint64_t i = SlotOf(term);
    uint64_t slot;
    while ((slot = slots_[i]) != 0 && static_cast<uint32_t>(slot >> 32) != term) {
      i = (i + 1) & mask_;
    }
    const uint64_t fresh = slot == 0 ? 1 : 0;  // Then slot is 0.
    entries_[count_] = blank;
    used_[count_] = static_cast<uint32_t>(i);
    slots_[i] = slot | (-fresh & SlotValue(term, count_));
    // (Modulo 2^64: a fresh term's slot is 0, so this is count_.)
    const size_t entry = size_t{static_cast<uint32_t>(slot)} - 1 + fresh * (count_ + 1);
    count_ += fresh;
    return entry;
  }

  Entry& operator[](size_t entry) { return entries_[entry]; }
  // In the order their terms were first found.
  std::span<const Entry> entries() const { return {entries_.get(), count_}; }

  // Forgets every entry.
  void Clear() {
    for (size_t e = 0; e < count_; ++e) slots_[used_[e]] = 0;
    count_ = 0;
  }

 private:
  uint64_t SlotOf(uint32_t term) const { return (uint64_t{term} * 0x9E3779B1u) & mask_; }
  static uint64_t SlotValue(uint32_t term, size_t entry) {
    return uint64_t{term} << 32 | static_cast<uint32_t>(entry + 1);
  }

  // The entries, [0, count_), and for each the slot it fills; room for capacity_.
  std::unique_ptr<Entry[]> entries_;
  std::unique_ptr<uint32_t[]> used_;
  size_t count_ = 0;
  size_t capacity_ = 0;
  std::vector<uint64_t> slots_;  // SlotValue of an entry; 0 is empty.
  uint64_t mask_ = 0;
};

}  // namespace ketnoi::rank::internal

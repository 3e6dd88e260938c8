// TermDictionary: numbers index terms densely (0, 1, 2, ... in order of first sight), so the
// layers above the analyzer handle 4-byte ids instead of strings.
//
// An open-addressing hash table (linear probing) over one arena holding every term's bytes:
// no allocation per term. A slot keeps the term's first 11 bytes and its length beside the
// id (16 bytes), so a lookup of a term of up to 11 bytes (most Vietnamese syllables and
// compounds, most English stems) reads one slot and nothing else; longer terms also compare
// their bytes in the arena. Dictionaries grow to millions of terms (compounds of adjacent
// syllables), far beyond the caches, so a lookup costs about one memory access: InternAll
// overlaps those accesses by prefetching slots ahead, as callers can with Prefetch, and the
// slots are on huge pages where the system allows (internal::HugePageAllocator), so that the
// accesses do not also wait for page walks. Term views stay valid as long as the dictionary
// lives (the arena only grows; its views are rebuilt from offsets).
//
// Thread safety: not thread-safe for Intern; const methods may run concurrently with each
// other.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "text/internal/huge_page_allocator.h"

namespace ketnoi::text {

namespace internal {

// Unaligned little-endian loads of 8 and 4 bytes (memcpy compiles to one instruction).
inline uint64_t Load64(const unsigned char* at) {
  uint64_t word;
  std::memcpy(&word, at, sizeof(word));
  return word;
}
inline uint64_t Load32(const unsigned char* at) {
  uint32_t word;
  std::memcpy(&word, at, sizeof(word));
  return word;
}

}  // namespace internal

// A fast 64-bit hash for short strings (terms are mostly under 16 bytes): 8-byte words
// mixed by multiplication, in the manner of wyhash; not for adversarial input.
inline uint64_t HashTerm(std::string_view text) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  using internal::Load32;
  using internal::Load64;
  auto mix = [](uint64_t a, uint64_t b) {
    const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
    return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
  };
  uint64_t a = 0;
  uint64_t b = 0;
  if (n >= 8) {
    size_t i = 0;
    uint64_t h = n * kMul;
    for (; i + 16 < n; i += 8) h = mix(h ^ Load64(p + i), kMul);
    a = Load64(p + i);
    b = Load64(p + n - 8);
    return mix(mix(a ^ h, kMul) ^ b, 0xD6E8FEB86659FD93ull);
  }
  if (n >= 4) {
    a = Load32(p);
    b = Load32(p + n - 4);
  } else if (n > 0) {
    a = (static_cast<uint64_t>(p[0]) << 16) | (static_cast<uint64_t>(p[n >> 1]) << 8) | p[n - 1];
  }
  return mix((a << 32 | b) ^ (n * kMul), 0xD6E8FEB86659FD93ull);
}

class TermDictionary {
 public:
  static constexpr uint32_t kNotFound = 0xffffffffu;

  TermDictionary();
  // A copy or a moved-to dictionary is a new instance (serial()); a moved-from one is empty
  // and a new instance too.
  TermDictionary(const TermDictionary& other);
  TermDictionary(TermDictionary&& other) noexcept;
  TermDictionary& operator=(const TermDictionary& other);
  TermDictionary& operator=(TermDictionary&& other) noexcept;
  ~TermDictionary() = default;

  // Tells dictionaries apart for callers that remember ids of one: no two instances in this
  // process, live or gone, share a serial, so remembered ids are never read against another
  // dictionary, even one at the same address.
  uint64_t serial() const { return serial_; }

  // The id of `term`, added with the next id if new.
  uint32_t Intern(std::string_view term) { return Intern(term, HashTerm(term)); }
  // As above, with `hash` == HashTerm(term) computed by the caller.
  uint32_t Intern(std::string_view term, uint64_t hash);
  // Interns terms[i] into ids[i] for every i, in order (so ids are those of Intern one by
  // one), with the slots of later terms prefetched while earlier ones are looked up.
  // REQUIRES: ids.size() == terms.size(); the views do not point into this dictionary.
  void InternAll(std::span<const std::string_view> terms, std::span<uint32_t> ids);
  // The id of `term`, or kNotFound.
  uint32_t Find(std::string_view term) const;
  // Starts loading the slot where a lookup of a term whose HashTerm is `hash` begins, so
  // that an Intern or Find of it shortly after does not wait for memory. Only a hint: the
  // dictionary may grow in between, which makes the prefetch useless but not wrong.
  void Prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[hash & mask_]); }

  size_t size() const { return ends_.size(); }
  // The text of term `id`. REQUIRES: id < size().
  std::string_view term(uint32_t id) const {
    const uint32_t begin = id == 0 ? 0 : ends_[id - 1];
    return std::string_view(bytes_).substr(begin, ends_[id] - begin);
  }
  // Heap bytes held.
  size_t memory_bytes() const {
    return bytes_.capacity() + ends_.capacity() * sizeof(uint32_t) + slots_.size() * sizeof(Slot);
  }

 private:
  // A slot's key: the term's first kInlineBytes bytes, zero-padded, and then its length
  // (255 for 255 and more), so terms of up to kInlineBytes bytes are identified by their
  // slot alone; longer ones are compared in the arena too.
  static constexpr size_t kInlineBytes = 11;
  struct Key {
    uint64_t low = 0;
    uint32_t high = 0;
  };
  struct Slot {
    uint64_t low = 0;  // The Key, unpacked so that a slot takes 16 bytes.
    uint32_t high = 0;
    uint32_t id = kNotFound;
  };
  // Built from overlapping loads rather than a variable-length copy (a library call).
  static Key KeyOf(std::string_view term) {
    static_assert(std::endian::native == std::endian::little, "keys assume little-endian loads");
    const auto* p = reinterpret_cast<const unsigned char*>(term.data());
    const size_t n = term.size();
    using internal::Load32;
    using internal::Load64;
    Key key;
    if (n >= 8) {
      key.low = Load64(p);
      if (n >= kInlineBytes) {
        key.high = static_cast<uint32_t>(Load32(p + 7) >> 8);
      } else if (n > 8) {
        key.high = p[8] | static_cast<uint32_t>(p[n - 1]) << (8 * (n - 9));
      }
    } else if (n >= 4) {
      key.low = Load32(p) | Load32(p + n - 4) << (8 * (n - 4));
    } else if (n > 0) {
      key.low = p[0] | uint64_t{p[n / 2]} << (8 * (n / 2)) | uint64_t{p[n - 1]} << (8 * (n - 1));
    }
    key.high |= static_cast<uint32_t>(n < 255 ? n : 255) << 24;
    return key;
  }
  bool Holds(const Slot& slot, std::string_view term, const Key& key) const {
    return slot.low == key.low && slot.high == key.high &&
           (term.size() <= kInlineBytes || this->term(slot.id) == term);
  }
  void Grow();
  // Empty, as a new instance.
  void Clear();

  using Slots = std::vector<Slot, internal::HugePageAllocator<Slot>>;

  std::string bytes_;           // All terms, concatenated.
  std::vector<uint32_t> ends_;  // Per id, the end of its bytes in bytes_.
  Slots slots_;                 // Power-of-two size, at most half full.
  uint64_t mask_ = 0;
  uint64_t serial_;
};

}  // namespace ketnoi::text

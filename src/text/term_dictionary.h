// TermDictionary: numbers index terms densely (0, 1, 2, ... in order of first sight), so the
// layers above the analyzer handle 4-byte ids instead of strings.
//
// An open-addressing hash table (linear probing) of (hash, id) slots over one arena holding
// every term's bytes: no allocation per term, about 20 bytes per term in all, and a lookup
// of a present term usually touches one slot and the term's bytes. Term views stay valid as
// long as the dictionary lives (the arena only grows; its views are rebuilt from offsets).
//
// Thread safety: not thread-safe for Intern; const methods may run concurrently with each
// other.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace ketnoi::text {

// A fast 64-bit hash for short strings (terms are mostly under 16 bytes): 8-byte words
// mixed by multiplication, in the manner of wyhash; not for adversarial input.
inline uint64_t HashTerm(std::string_view text) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  auto load64 = [](const unsigned char* at) {
    uint64_t word;
    std::memcpy(&word, at, sizeof(word));
    return word;
  };
  auto load32 = [](const unsigned char* at) {
    uint32_t word;
    std::memcpy(&word, at, sizeof(word));
    return static_cast<uint64_t>(word);
  };
  auto mix = [](uint64_t a, uint64_t b) {
    const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
    return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
  };
  uint64_t a = 0;
  uint64_t b = 0;
  if (n >= 8) {
    size_t i = 0;
    uint64_t h = n * kMul;
    for (; i + 16 < n; i += 8) h = mix(h ^ load64(p + i), kMul);
    a = load64(p + i);
    b = load64(p + n - 8);
    return mix(mix(a ^ h, kMul) ^ b, 0xD6E8FEB86659FD93ull);
  }
  if (n >= 4) {
    a = load32(p);
    b = load32(p + n - 4);
  } else if (n > 0) {
    a = (static_cast<uint64_t>(p[0]) << 16) | (static_cast<uint64_t>(p[n >> 1]) << 8) | p[n - 1];
  }
  return mix((a << 32 | b) ^ (n * kMul), 0xD6E8FEB86659FD93ull);
}

class TermDictionary {
 public:
  static constexpr uint32_t kNotFound = 0xffffffffu;

  TermDictionary();

  // The id of `term`, added with the next id if new.
  uint32_t Intern(std::string_view term) { return Intern(term, HashTerm(term)); }
  // As above, with `hash` == HashTerm(term) computed by the caller.
  uint32_t Intern(std::string_view term, uint64_t hash);
  // The id of `term`, or kNotFound.
  uint32_t Find(std::string_view term) const;

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
  struct Slot {
    uint32_t tag = 0;  // High 32 bits of the hash.
    uint32_t id = kNotFound;
  };
  void Grow();

  std::string bytes_;           // All terms, concatenated.
  std::vector<uint32_t> ends_;  // Per id, the end of its bytes in bytes_.
  std::vector<Slot> slots_;     // Power-of-two size, at most half full.
  uint64_t mask_ = 0;
};

}  // namespace ketnoi::text

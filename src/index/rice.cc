#include "index/rice.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <utility>

namespace ketnoi::index {
namespace {

uint64_t Load64(const uint8_t* at) {
  uint64_t word;
  std::memcpy(&word, at, sizeof(word));  // Unaligned load; padded buffer.
  return word;
}

}  // namespace

uint64_t RiceBits(const uint32_t* values, size_t count, int k) {
  uint64_t bits = count * static_cast<uint64_t>(k + 1);
  for (size_t i = 0; i < count; ++i) bits += values[i] >> k;
  return bits;
}

int BestRiceParameter(const uint32_t* values, size_t count, int max_k) {
  uint32_t max = 0;
  uint64_t sum = 0;
  for (size_t i = 0; i < count; ++i) {
    max |= values[i];
    sum += values[i];
  }
  // A k past the largest value's width only adds bits.
  const int widest = std::min({31, max_k, BitsNeeded(max)});
  // bits(k) = count (k + 1) + sum(v >> k) is convex in k: bits(k + 1) - bits(k) = count -
  // sum(ceil((v >> k) / 2)), and v >> k shrinks as k grows. So the fewest bits are found by
  // walking downhill from a guess, 2^k near the mean (Witten, Moffat & Bell, §3.3), in two or
  // three passes over the values rather than one per k; on a tie the smallest k is kept,
  // as a scan from k = 0 would keep it.
  const uint64_t mean = count == 0 ? 0 : sum / count;
  int best = std::clamp(BitsNeeded(static_cast<uint32_t>(std::min<uint64_t>(mean, UINT32_MAX))) - 1,
                        0, widest);
  uint64_t best_bits = RiceBits(values, count, best);
  while (best > 0) {
    const uint64_t bits = RiceBits(values, count, best - 1);
    if (bits > best_bits) break;
    --best;
    best_bits = bits;
  }
  while (best < widest) {
    const uint64_t bits = RiceBits(values, count, best + 1);
    if (bits >= best_bits) break;
    ++best;
    best_bits = bits;
  }
  return best;
}

size_t RiceEncode(const uint32_t* values, size_t count, int k, size_t bit,
                  std::vector<uint8_t>* out) {
  const uint64_t end = bit + RiceBits(values, count, k);
  out->resize(std::max<size_t>(out->size(), (end + 7) / 8 + sizeof(uint64_t)), 0);
  uint8_t* data = out->data();
  // The codes are gathered in a 64-bit word, stored each time it fills: bits [0, filled)
  // of `word` are those from byte `at` on. It starts with what the byte at `bit` holds.
  size_t at = bit / 8;
  int64_t filled = static_cast<int64_t>(bit % 8);
  uint64_t word = data[at];
  auto flush = [&] {
    std::memcpy(data + at, &word, sizeof(word));
    at += sizeof(word);
    word = 0;
    filled -= 64;
  };
  // The low parts, k bits each.
  const uint64_t mask = (uint64_t{1} << k) - 1;
  for (size_t i = 0; i < count; ++i) {
    const uint64_t low = values[i] & mask;
    word |= low << filled;  // filled < 64.
    filled += k;
    if (filled >= 64) {
      flush();
      if (filled > 0) word = low >> (k - filled);  // The bits that did not fit.
    }
  }
  // The unary parts: (value >> k) zeros, then a stop bit.
  for (size_t i = 0; i < count; ++i) {
    filled += values[i] >> k;
    while (filled >= 64) flush();
    word |= uint64_t{1} << filled;
    if (++filled == 64) flush();
  }
  std::memcpy(data + at, &word, sizeof(word));  // The bytes past `end` stay zero.
  out->resize((end + 7) / 8);
  return end;
}

namespace {

// Reads `count` values of kBits bits from bit `bit` of `in`. The width is a template
// parameter so that shifts and masks are constants and the loop unrolls.
template <int kBits>
void UnpackLow(const uint8_t* in, size_t bit, size_t count, uint32_t* values) {
  constexpr uint64_t kMask = (uint64_t{1} << kBits) - 1;
  for (size_t i = 0; i < count; ++i, bit += kBits) {
    values[i] = static_cast<uint32_t>((Load64(in + bit / 8) >> (bit % 8)) & kMask);
  }
}

template <int... kBits>
void DispatchUnpackLow(int bits, const uint8_t* in, size_t bit, size_t count, uint32_t* values,
                       std::integer_sequence<int, kBits...>) {
  using Fn = void (*)(const uint8_t*, size_t, size_t, uint32_t*);
  static constexpr Fn kTable[] = {&UnpackLow<kBits>...};
  kTable[bits](in, bit, count, values);
}

}  // namespace

size_t RiceDecode(const uint8_t* in, size_t bit, size_t count, int k, uint32_t* values) {
  // The hot loop of every query, hence the layout: the low parts unpack at a fixed width,
  // and the unary parts are read a 57-bit window at a time (a load at any bit gives at
  // least 57 valid bits), each stop bit found by counting trailing zeros.
  if (count == 0) return bit;
  DispatchUnpackLow(k, in, bit, count, values, std::make_integer_sequence<int, 32>());
  bit += count * static_cast<size_t>(k);
  constexpr int kWindow = 57;
  constexpr uint64_t kWindowMask = (uint64_t{1} << kWindow) - 1;
  size_t i = 0;
  uint64_t zeros = 0;  // Zeros of the current unary part seen in earlier windows.
  while (true) {
    uint64_t window = (Load64(in + bit / 8) >> (bit % 8)) & kWindowMask;
    int next = 0;  // The window's first bit not yet read.
    while (window != 0) {
      const int stop = std::countr_zero(window);
      values[i] += static_cast<uint32_t>((zeros + static_cast<uint64_t>(stop - next)) << k);
      zeros = 0;
      next = stop + 1;
      window &= window - 1;
      if (++i == count) return bit + static_cast<size_t>(next);
    }
    zeros += static_cast<uint64_t>(kWindow - next);
    bit += kWindow;
  }
}

}  // namespace ketnoi::index

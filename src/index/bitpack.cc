#include "index/bitpack.h"

#include <cstring>
#include <utility>

namespace ketnoi::index {

size_t PackBits(const uint32_t* values, size_t count, int bits, uint8_t* out) {
  if (bits == 0) return 0;
  // Accumulate in a 64-bit buffer and flush whole bytes: simple and portable; packing is
  // done once per block at build time, so it need not be vectorised.
  uint64_t buffer = 0;
  int filled = 0;
  size_t written = 0;
  for (size_t i = 0; i < count; ++i) {
    buffer |= static_cast<uint64_t>(values[i]) << filled;
    filled += bits;
    while (filled >= 8) {
      out[written++] = static_cast<uint8_t>(buffer);
      buffer >>= 8;
      filled -= 8;
    }
  }
  if (filled > 0) out[written++] = static_cast<uint8_t>(buffer);
  return written;
}

namespace {

// The width is a template parameter so the compiler turns shifts and masks into constants
// and unrolls; this is the hot loop of every query.
template <int kBits>
void UnpackFixed(const uint8_t* in, size_t count, uint32_t* values) {
  constexpr uint64_t kMask = kBits == 32 ? 0xffffffffull : ((1ull << kBits) - 1);
  size_t bit = 0;
  for (size_t i = 0; i < count; ++i, bit += kBits) {
    uint64_t word;
    std::memcpy(&word, in + (bit >> 3), sizeof(word));  // Unaligned load; padded buffer.
    values[i] = static_cast<uint32_t>((word >> (bit & 7)) & kMask);
  }
}

template <int... kBits>
void Dispatch(int bits, const uint8_t* in, size_t count, uint32_t* values,
              std::integer_sequence<int, kBits...>) {
  using Fn = void (*)(const uint8_t*, size_t, uint32_t*);
  static constexpr Fn kTable[] = {&UnpackFixed<kBits + 1>...};
  kTable[bits - 1](in, count, values);
}

}  // namespace

void UnpackBits(const uint8_t* in, size_t count, int bits, uint32_t* values) {
  if (count == 0) return;  // `values` may then be null (an empty vector's data()).
  if (bits == 0) {
    std::memset(values, 0, count * sizeof(uint32_t));
    return;
  }
  Dispatch(bits, in, count, values, std::make_integer_sequence<int, 32>());
}

}  // namespace ketnoi::index

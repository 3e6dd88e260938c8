// Bit packing: stores up to 128 small unsigned integers in `bits` bits each, the building
// block of the postings codec (frame-of-reference coding as in Lemire & Boytsov, "Decoding
// billions of integers per second through vectorization", 2015; scalar variant).
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ketnoi::index {

// Bytes UnpackBits may read past the end of the packed data; buffers handed to UnpackBits
// must have this much readable padding after their last packed byte.
inline constexpr size_t kUnpackPadding = 8;

// Number of bits needed to represent `value` (0 for 0).
inline int BitsNeeded(uint32_t value) { return value == 0 ? 0 : 32 - __builtin_clz(value); }

// Bytes taken by `count` values of `bits` bits.
inline size_t PackedBytes(size_t count, int bits) { return (count * bits + 7) / 8; }

// Appends `count` values, each < 2^bits (REQUIRES: 0 <= bits <= 32), to `out`, which must
// have PackedBytes(count, bits) zeroed bytes. Returns the number of bytes written.
size_t PackBits(const uint32_t* values, size_t count, int bits, uint8_t* out);

// Reads `count` values packed by PackBits. REQUIRES: kUnpackPadding readable bytes after the
// packed data.
void UnpackBits(const uint8_t* in, size_t count, int bits, uint32_t* values);

}  // namespace ketnoi::index

// Rice codes, the bit codes of the postings codec: a value v with parameter k is v >> k in
// unary (that many 0 bits, then a 1) and its k low bits (Rice 1979; Witten, Moffat & Bell,
// "Managing Gigabytes", 2nd ed. 1999, §3.3). With 2^k about the values' mean this is near
// the entropy of geometrically distributed values such as document gaps, where
// frame-of-reference bit packing pays for the largest value of each block. A sequence keeps
// all its low parts first, then all its unary parts, so that decoding unpacks the low parts
// at a fixed width and finds the unary parts' ends a word at a time: several times faster
// than reading code after code, for the same number of bits.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ketnoi::index {

// Bytes RiceDecode may read past the end of the codes; buffers handed to it must have this
// much readable padding after their last code byte.
inline constexpr size_t kUnpackPadding = 8;

// Number of bits needed to represent `value` (0 for 0).
inline int BitsNeeded(uint32_t value) { return value == 0 ? 0 : 32 - __builtin_clz(value); }

// Bits the Rice codes of `count` values with parameter k take.
uint64_t RiceBits(const uint32_t* values, size_t count, int k);

// The Rice parameter k in 0..max_k (at most 31) for which `count` values take the fewest
// bits.
int BestRiceParameter(const uint32_t* values, size_t count, int max_k = 31);

// Writes the Rice codes of `values` with parameter `k` (0..31) into `out` from bit `bit`
// (bit i is bit i % 8 of byte i / 8): the low parts, then the unary parts. Grows `out` with
// zero bytes as needed; bits from `bit` on must be zero. Returns the bit after the last
// code.
size_t RiceEncode(const uint32_t* values, size_t count, int k, size_t bit,
                  std::vector<uint8_t>* out);

// Reads `count` values written by RiceEncode with parameter `k` from bit `bit` of `in`;
// returns the bit after the last code. REQUIRES: kUnpackPadding readable bytes after the
// codes.
size_t RiceDecode(const uint8_t* in, size_t bit, size_t count, int k, uint32_t* values);

}  // namespace ketnoi::index

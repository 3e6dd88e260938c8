// Internal: the weighted vector sum at the heart of LatentSpace::Embed, declared here so
// that tests can hold it to the plain loop it replaces.
//
// Thread safety: a pure function.
#pragma once

#include <cstddef>
#include <utility>

namespace ketnoi::rank::internal {

// out[j] += the sum of weight * vector[j] over vectors[0..count) (each of `n` floats), the
// same products added in the same order as the loop
//   for (v in vectors) for (j < n) out[j] += v.weight * v.vector[j];
// would add them, so with the same bits.
void AddScaled(const std::pair<const float*, float>* vectors, size_t count, int n, float* out);

}  // namespace ketnoi::rank::internal

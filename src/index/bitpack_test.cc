#include "index/bitpack.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace ketnoi::index {
namespace {

TEST(BitpackTest, RoundTripsEveryWidthAndCount) {
  std::mt19937 rng(7);
  for (int bits = 0; bits <= 32; ++bits) {
    for (size_t count : {0, 1, 2, 7, 63, 64, 127, 128}) {
      std::vector<uint32_t> values(count);
      for (uint32_t& v : values) {
        v = bits == 0 ? 0 : static_cast<uint32_t>(rng()) >> (32 - bits);
      }
      std::vector<uint8_t> packed(PackedBytes(count, bits) + kUnpackPadding, 0);
      EXPECT_EQ(PackBits(values.data(), count, bits, packed.data()), PackedBytes(count, bits));
      std::vector<uint32_t> unpacked(count, 99);
      UnpackBits(packed.data(), count, bits, unpacked.data());
      EXPECT_EQ(unpacked, values) << "bits " << bits << " count " << count;
    }
  }
}

TEST(BitpackTest, BitsNeeded) {
  EXPECT_EQ(BitsNeeded(0), 0);
  EXPECT_EQ(BitsNeeded(1), 1);
  EXPECT_EQ(BitsNeeded(255), 8);
  EXPECT_EQ(BitsNeeded(256), 9);
  EXPECT_EQ(BitsNeeded(0xffffffffu), 32);
}

}  // namespace
}  // namespace ketnoi::index
